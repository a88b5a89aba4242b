// gMock matchers for absl::StatusOr and absl::Status values in the index
// tests:
//
//   EXPECT_THAT(NormalizeNpi("1740219781.0"), IsValue("1740219781"));
//   EXPECT_THAT(NormalizeNpi("").status(),
//               FailsWith("NPI \"\" is not 10 digits"));
#ifndef RXLOCATOR_TESTS_INDEX_STATUS_MATCHERS_H_
#define RXLOCATOR_TESTS_INDEX_STATUS_MATCHERS_H_

#include "absl/status/status.h"
#include "gmock/gmock.h"

namespace rxlocator::testing {

// An OK StatusOr holding `expected`.
MATCHER_P(IsValue, expected, "") {
  if (!arg.ok()) {
    *result_listener << "error: " << arg.status();
    return false;
  }
  return *arg == expected;
}

// An InvalidArgument status with exactly `message`.
MATCHER_P(FailsWith, message, "") {
  if (arg.ok()) return false;
  *result_listener << "message: " << arg.message();
  return arg.code() == absl::StatusCode::kInvalidArgument &&
         arg.message() == message;
}

}  // namespace rxlocator::testing

#endif  // RXLOCATOR_TESTS_INDEX_STATUS_MATCHERS_H_
