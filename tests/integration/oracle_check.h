// Compares FindPharmacies results with the brute-force oracle: the same ids
// in the same order, except that pharmacies at the same rank (to within a
// micrometre: two formulas round differently) may swap; distances within
// 1 m; with a plan, the same tier.
#ifndef RXLOCATOR_TESTS_INTEGRATION_ORACLE_CHECK_H_
#define RXLOCATOR_TESTS_INTEGRATION_ORACLE_CHECK_H_

#include <cmath>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "gtest/gtest.h"
#include "rxlocator/v1/pharmacy_locator.pb.h"
#include "tests/integration/brute_force.h"

namespace rxlocator {

// `got`: every result of a query, pages concatenated; `limit`: how many the
// query should return at most.
inline ::testing::AssertionResult MatchesOracle(
    const std::vector<v1::PharmacyResult>& got,
    const std::vector<BruteForceHit>& want, size_t limit) {
  const size_t expected = std::min(limit, want.size());
  if (got.size() != expected) {
    return ::testing::AssertionFailure()
           << got.size() << " results, oracle has " << expected;
  }
  absl::flat_hash_map<std::string, const BruteForceHit*> oracle;
  for (const BruteForceHit& hit : want) oracle[hit.pharmacy->id] = &hit;
  absl::flat_hash_set<std::string> seen;
  for (size_t i = 0; i < got.size(); ++i) {
    const std::string& id = got[i].pharmacy().id();
    if (!seen.insert(id).second) {
      return ::testing::AssertionFailure() << id << " returned twice";
    }
    auto it = oracle.find(id);
    if (it == oracle.end() ||
        (id != want[i].pharmacy->id &&
         std::abs(it->second->rank - want[i].rank) > 1e-6)) {
      return ::testing::AssertionFailure()
             << "rank " << i << ": got " << id << ", oracle has "
             << want[i].pharmacy->id << " at " << want[i].meters << " m";
    }
    const BruteForceHit& hit = *it->second;
    if (std::abs(got[i].distance_meters() - hit.meters) > 1.0) {
      return ::testing::AssertionFailure()
             << "rank " << i << ": " << id << " at " << got[i].distance_meters()
             << " m, oracle says " << hit.meters << " m";
    }
    if (hit.membership != nullptr &&
        (got[i].network().tier() == v1::NETWORK_TIER_PREFERRED) !=
            (hit.membership->tier == Tier::kPreferred)) {
      return ::testing::AssertionFailure()
             << "rank " << i << ": " << id << " has the wrong tier";
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTS_INTEGRATION_ORACLE_CHECK_H_
