#include "bench/peer_query.h"

#include <cstdlib>
#include <limits>

#include "gtest/gtest.h"

namespace rxlocator {
namespace {

TEST(PeerQueryTest, EachKindIsFoundByItsName) {
  for (const QueryKind kind : kQueryKinds) {
    EXPECT_EQ(QueryKindNamed(QueryKindName(kind)), kind) << QueryKindName(kind);
  }
  EXPECT_EQ(QueryKindNamed("health"), std::nullopt);
  EXPECT_EQ(QueryKindNamed(""), std::nullopt);
  EXPECT_EQ(QueryKindNamed("Plan"), std::nullopt);
}

TEST(PeerQueryTest, ExactDecimalReadsBackToTheSameDouble) {
  for (const double v : {-122.41941550000001, 37.774929, 1e-300, -0.0,
                         std::numeric_limits<double>::max()}) {
    EXPECT_EQ(std::strtod(ExactDecimal(v).c_str(), nullptr), v)
        << ExactDecimal(v);
  }
  // Anchorage: 6 digits would be -149.900, 15 m away.
  EXPECT_EQ(ExactDecimal(-149.9002778), "-149.9002778");
  EXPECT_EQ(ExactDecimal(0.1), "0.10000000000000001");
}

}  // namespace
}  // namespace rxlocator
