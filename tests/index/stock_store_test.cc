#include "index/stock_store.h"

#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/stock.h"

namespace rxlocator {
namespace {

const absl::Time kNoon = absl::FromUnixSeconds(1795089600);  // 2026-11-19.

StockObservation Count(std::string pharmacy, int64_t quantity,
                       absl::Time observed, std::string source = "feed") {
  return {std::move(pharmacy),
          "00069108530",
          {quantity, observed, std::move(source)}};
}

TEST(StockStoreTest, NewestObservationWinsWhateverTheOrder) {
  StockStore store;
  EXPECT_EQ(store.Apply(Count("a", 5, kNoon)), StockStore::Outcome::kApplied);
  EXPECT_EQ(store.Apply(Count("a", 9, kNoon - absl::Hours(1))),
            StockStore::Outcome::kStale);
  EXPECT_EQ(store.Get("a", "00069108530")->quantity, 5);
  EXPECT_EQ(store.Apply(Count("a", 2, kNoon + absl::Microseconds(1))),
            StockStore::Outcome::kApplied);
  EXPECT_EQ(store.Get("a", "00069108530")->quantity, 2);
  // A repeat, or another count at the same instant, changes nothing.
  EXPECT_EQ(store.Apply(Count("a", 2, kNoon + absl::Microseconds(1))),
            StockStore::Outcome::kStale);
  EXPECT_EQ(store.Apply(Count("a", 7, kNoon + absl::Microseconds(1), "x")),
            StockStore::Outcome::kStale);
  EXPECT_EQ(store.Get("a", "00069108530")->source, "feed");
  EXPECT_FALSE(store.Get("b", "00069108530"));
  EXPECT_FALSE(store.Get("a", "00069110120"));
  EXPECT_EQ(store.size(), 1);
}

TEST(StockStoreTest, ListenerHearsWhatEachAppliedCountReplaced) {
  StockStore store;
  std::vector<std::pair<int64_t, int64_t>> heard;  // (was, now); was -1: none
  store.set_listener(
      [&](const StockObservation& o, const std::optional<StockLevel>& was) {
        heard.emplace_back(was ? was->quantity : -1, o.level.quantity);
      });
  store.Apply(Count("a", 5, kNoon));
  store.Apply(Count("a", 9, kNoon - absl::Hours(1)));  // Stale: not heard.
  store.Apply(Count("a", 0, kNoon + absl::Hours(1)));
  EXPECT_THAT(heard, ::testing::ElementsAre(std::pair<int64_t, int64_t>{-1, 5},
                                            std::pair<int64_t, int64_t>{5, 0}));
}

// Many threads applying shuffled counts of the same pharmacies end with the
// newest of each, as one thread would.
TEST(StockStoreTest, ConcurrentAppliesKeepTheNewest) {
  StockStore store;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const int minute = (i * 7 + t * 13) % 2000;
        store.Apply(Count("p" + std::to_string(i % 50), minute,
                          kNoon + absl::Minutes(minute)));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int p = 0; p < 50; ++p) {
    int64_t newest = -1;
    for (int i = p; i < 2000; i += 50) {
      for (int t = 0; t < 4; ++t) {
        newest = std::max<int64_t>(newest, (i * 7 + t * 13) % 2000);
      }
    }
    EXPECT_EQ(store.Get("p" + std::to_string(p), "00069108530")->quantity,
              newest);
  }
}

TEST(FreshnessTest, ThresholdsAtTheirEdges) {
  const FreshnessPolicy policy;  // Low at 5, confirm after 72 h, hide after
                                 // 29 days.
  const auto at = [&](int64_t quantity, absl::Duration age) {
    return FreshnessAt({quantity, kNoon - age, "feed"}, kNoon, policy);
  };
  EXPECT_EQ(at(6, absl::ZeroDuration()), Freshness::kInStock);
  EXPECT_EQ(at(5, absl::ZeroDuration()), Freshness::kLow);
  EXPECT_EQ(at(1, absl::Hours(72)), Freshness::kLow);
  EXPECT_EQ(at(0, absl::Hours(1)), Freshness::kOut);
  EXPECT_EQ(at(50, absl::Hours(72) + absl::Seconds(1)),
            Freshness::kCallToConfirm);
  EXPECT_EQ(at(0, absl::Hours(100)), Freshness::kCallToConfirm);
  EXPECT_EQ(at(50, absl::Hours(29 * 24)), Freshness::kCallToConfirm);
  EXPECT_EQ(at(50, absl::Hours(29 * 24) + absl::Seconds(1)), std::nullopt);
  EXPECT_TRUE(Available({5, kNoon, ""}, 5, kNoon, policy));
  EXPECT_FALSE(Available({4, kNoon, ""}, 5, kNoon, policy));
  EXPECT_FALSE(Available({9, kNoon - absl::Hours(73), ""}, 1, kNoon, policy));
}

}  // namespace
}  // namespace rxlocator
