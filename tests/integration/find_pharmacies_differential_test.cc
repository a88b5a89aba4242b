// FindPharmacies against a brute-force haversine scan of the same data, on
// thousands of random origins, radii, limits, filters and page walks, over
// the bundled real data and over a synthetic set with random services and
// chains where many pharmacies share a location (exact distance ties).
#include <random>

#include "gtest/gtest.h"
#include "server/data_loading.h"
#include "server/locator_handlers.h"
#include "tests/integration/brute_force.h"
#include "tests/integration/oracle_check.h"
#include "tests/integration/random_queries.h"

namespace rxlocator {
namespace {

std::shared_ptr<const Snapshot> BundledSnapshot() {
  static auto* snapshot = [] {
    absl::StatusOr<LoadedData> loaded =
        LoadSnapshot(BundledData(std::string(RXLOCATOR_SOURCE_DIR) + "/data"));
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new std::shared_ptr<const Snapshot>(loaded->snapshot);
  }();
  return *snapshot;
}

// 20,000 pharmacies around the real data's locations; a third of them share
// the location of the one before.
std::shared_ptr<const Snapshot> SyntheticSnapshot() {
  const std::shared_ptr<const Snapshot> real = BundledSnapshot();
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> jitter(-0.1, 0.1);
  const char* const kChains[] = {"", "alpha", "beta", "gamma", "delta"};
  Dataset d;
  for (int i = 0; i < 20000; ++i) {
    Pharmacy p;
    p.id = "s" + std::to_string(rng() % 1000000000);  // Random id order.
    p.id += "-" + std::to_string(i);
    const Pharmacy& near = real->pharmacy(rng() % real->pharmacies().size());
    p.latitude = std::clamp(near.latitude + jitter(rng), -90.0, 90.0);
    p.longitude = std::clamp(near.longitude + jitter(rng), -180.0, 180.0);
    if (i > 0 && rng() % 3 == 0) {
      p.latitude = d.pharmacies.back().latitude;
      p.longitude = d.pharmacies.back().longitude;
    }
    p.services = rng() % 32;
    p.chain = kChains[rng() % 5];
    p.source = "synthetic";
    d.pharmacies.push_back(std::move(p));
  }
  ZipTable zips = real->zips();
  auto built = Snapshot::Build(std::move(d), std::move(zips));
  EXPECT_TRUE(built.ok()) << built.status();
  return *built;
}

void RunDifferential(const Snapshot& snapshot, int cases, uint64_t seed) {
  std::mt19937_64 rng(seed);
  int walks = 0, nonempty = 0;
  for (int c = 0; c < cases; ++c) {
    v1::FindPharmaciesRequest request = RandomRequest(rng, snapshot);
    const std::vector<BruteForceHit> want =
        BruteForce(snapshot.pharmacies(), OracleQuery(request, snapshot));
    const bool walk = rng() % 3 == 0;
    std::vector<v1::PharmacyResult> got;
    bool walked_to_end = true;
    for (int page = 0;; ++page) {
      v1::FindPharmaciesResponse response;
      const absl::Status s = FindPharmacies(snapshot, request, &response);
      ASSERT_TRUE(s.ok()) << s << "\n" << request.DebugString();
      got.insert(got.end(), response.results().begin(),
                 response.results().end());
      walked_to_end = response.next_page_token().empty();
      if (!walk || walked_to_end || page > 50) {
        ASSERT_EQ(response.next_page_token().empty(), got.size() >= want.size())
            << request.DebugString();
        break;
      }
      request.set_page_token(response.next_page_token());
      request.set_max_results(1 + rng() % 30);
    }
    walks += walk;
    nonempty += !got.empty();
    const size_t limit = !walk           ? Limit(request)
                         : walked_to_end ? want.size()
                                         : got.size();
    ASSERT_TRUE(MatchesOracle(got, want, limit)) << "case " << c << "\n"
                                                 << request.DebugString();
  }
  // The generator must exercise what it claims to.
  EXPECT_GT(walks, cases / 5);
  EXPECT_GT(nonempty, cases / 3);
}

TEST(FindPharmaciesDifferentialTest, BundledRealData) {
  RunDifferential(*BundledSnapshot(), 3000, 1);
}

TEST(FindPharmaciesDifferentialTest, SyntheticWithTiesAndFilters) {
  RunDifferential(*SyntheticSnapshot(), 3000, 2);
}

}  // namespace
}  // namespace rxlocator
