// How a fuzz target reports a broken promise: it aborts, which libFuzzer
// records as a crash with its input, and the replay test fails.
//
//   Require(again.ok() && *again == *value,
//           "a canonical identifier that does not normalise to itself");
#ifndef RXLOCATOR_TESTS_FUZZ_REQUIRE_H_
#define RXLOCATOR_TESTS_FUZZ_REQUIRE_H_

#include <cstdio>
#include <cstdlib>

namespace rxlocator::fuzzing {

// Aborts unless `condition`, printing `what` to stderr.
inline void Require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz check failed: %s\n", what);
  std::abort();
}

}  // namespace rxlocator::fuzzing

#endif  // RXLOCATOR_TESTS_FUZZ_REQUIRE_H_
