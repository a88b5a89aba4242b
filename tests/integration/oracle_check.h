// Compares FindPharmacies results with the brute-force oracle: the same ids
// in the same order, except that pharmacies at the same distance (to within
// a micrometre: two formulas round differently) may swap, and distances
// within 1 m.
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
  absl::flat_hash_map<std::string, double> oracle_meters;
  for (const BruteForceHit& hit : want) {
    oracle_meters[hit.pharmacy->id] = hit.meters;
  }
  absl::flat_hash_set<std::string> seen;
  for (size_t i = 0; i < got.size(); ++i) {
    const std::string& id = got[i].pharmacy().id();
    const double meters = got[i].distance_meters();
    if (!seen.insert(id).second) {
      return ::testing::AssertionFailure() << id << " returned twice";
    }
    if (std::abs(meters - want[i].meters) > 1.0) {
      return ::testing::AssertionFailure()
             << "rank " << i << ": " << id << " at " << meters
             << " m, oracle says " << want[i].meters << " m";
    }
    if (id != want[i].pharmacy->id) {
      auto it = oracle_meters.find(id);
      if (it == oracle_meters.end() ||
          std::abs(it->second - want[i].meters) > 1e-6) {
        return ::testing::AssertionFailure()
               << "rank " << i << ": got " << id << ", oracle has "
               << want[i].pharmacy->id << " at " << want[i].meters << " m";
      }
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTS_INTEGRATION_ORACLE_CHECK_H_
