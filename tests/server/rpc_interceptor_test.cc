// The request ids the interceptor gives calls. The interceptor itself is
// tested through the real server: tests/integration/metrics_and_logs_test.cc.
#include "server/rpc_interceptor.h"

#include <optional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rxlocator {
namespace {

using ::testing::MatchesRegex;

TEST(RequestIdTest, KeepsTheCallersIdWhenItIsOne) {
  EXPECT_EQ(RequestId("req-1"), "req-1");
  EXPECT_EQ(RequestId("a b/c:d=e~!"), "a b/c:d=e~!");
  const std::string longest(64, 'x');
  EXPECT_EQ(RequestId(longest), longest);
}

TEST(RequestIdTest, MakesOneOtherwise) {
  const std::string too_long(65, 'x');
  for (const std::optional<absl::string_view> sent :
       {std::optional<absl::string_view>(),
        std::optional<absl::string_view>(""),
        std::optional<absl::string_view>(too_long),
        std::optional<absl::string_view>("tab\there"),
        std::optional<absl::string_view>("caf\xc3\xa9")}) {
    EXPECT_THAT(RequestId(sent), MatchesRegex("[0-9a-f]{32}"))
        << sent.value_or("(none)");
  }
  EXPECT_NE(RequestId(std::nullopt), RequestId(std::nullopt));
}

}  // namespace
}  // namespace rxlocator
