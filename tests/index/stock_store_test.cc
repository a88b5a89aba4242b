#include "index/stock_store.h"

#include <map>
#include <random>
#include <string>
#include <thread>
#include <tuple>
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

// Random counts of many pharmacies (keys across many 64-key blocks) and a
// few NDCs, in random order, against a plain map of the newest count: Get,
// ForEachPharmacy, size, and a snapshot's view through KeysFor and
// ReadLevels all agree with it.
TEST(StockStoreTest, AgreesWithAPlainMapOfTheNewest) {
  std::vector<Pharmacy> pharmacies(500);
  for (int i = 0; i < 500; ++i) {
    pharmacies[i].id = "p" + std::to_string(i);
    pharmacies[i].latitude = 0.001 * i;
    pharmacies[i].source = "test";
  }
  const std::vector<std::string> ndcs = {"00069108530", "00069110120",
                                         "00006505506"};
  std::mt19937_64 rng(5);
  StockStore store;
  // (pharmacy, ndc) -> (observed micros, quantity, source).
  std::map<std::pair<std::string, std::string>,
           std::tuple<int64_t, int64_t, std::string>>
      newest;
  for (int n = 0; n < 20000; ++n) {
    const std::string pharmacy = "p" + std::to_string(rng() % 500);
    const std::string& ndc = ndcs[rng() % ndcs.size()];
    const int64_t micros = absl::ToUnixMicros(kNoon) + rng() % 1000;
    const int64_t quantity = rng() % 100;
    const std::string source = rng() % 2 ? "a" : "b";
    const auto key = std::make_pair(pharmacy, ndc);
    auto it = newest.find(key);
    const bool newer = it == newest.end() || micros > std::get<0>(it->second);
    EXPECT_EQ(
        store.Apply(
            {pharmacy, ndc, {quantity, absl::FromUnixMicros(micros), source}}),
        newer ? StockStore::Outcome::kApplied : StockStore::Outcome::kStale);
    if (newer) newest[key] = {micros, quantity, source};
  }
  EXPECT_EQ(store.size(), newest.size());
  for (const auto& [key, level] : newest) {
    const std::optional<StockLevel> got = store.Get(key.first, key.second);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(absl::ToUnixMicros(got->observed_at), std::get<0>(level));
    EXPECT_EQ(got->quantity, std::get<1>(level));
    EXPECT_EQ(got->source, std::get<2>(level));
  }
  int listed = 0;
  store.ForEachPharmacy(
      ndcs[1], [&](const std::string& id, const StockLevel& level) {
        ++listed;
        EXPECT_EQ(level.quantity, std::get<1>(newest.at({id, ndcs[1]})));
      });
  EXPECT_EQ(listed,
            std::count_if(newest.begin(), newest.end(), [&](const auto& e) {
              return e.first.second == ndcs[1];
            }));

  // A snapshot's view: every pharmacy through its key.
  Dataset d;
  d.pharmacies = pharmacies;
  const std::shared_ptr<const Snapshot> snapshot =
      *Snapshot::Build(std::move(d), ZipTable());
  const std::shared_ptr<const StockStore::Keys> keys = store.KeysFor(*snapshot);
  EXPECT_EQ(store.KeysFor(*snapshot), keys);  // Made once per version.
  store.ReadLevels(ndcs, [&](absl::Span<const StockStore::DrugLevels> drugs) {
    for (size_t d = 0; d < ndcs.size(); ++d) {
      size_t seen = 0;
      drugs[d].ForEach([&](uint32_t key, const StockStore::Held& held) {
        ++seen;
        const std::optional<uint32_t> i = keys->pharmacy(key);
        ASSERT_TRUE(i.has_value());
        EXPECT_EQ(keys->key(*i), key);
        EXPECT_EQ(held.quantity,
                  std::get<1>(newest.at({snapshot->pharmacy(*i).id, ndcs[d]})));
      });
      EXPECT_EQ(seen, drugs[d].size());
      for (uint32_t i = 0; i < snapshot->pharmacies().size(); ++i) {
        const bool held = drugs[d].Find(keys->key(i)) != nullptr;
        EXPECT_EQ(held, newest.count({snapshot->pharmacy(i).id, ndcs[d]}) > 0);
      }
    }
  });
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
