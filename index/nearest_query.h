// FindNearest: the nearest-pharmacy query over a Snapshot.
//
// The query arrives validated (the server maps and checks requests); filters
// run inside the spatial search, so the limit counts matching pharmacies
// only. Pages follow the total order (distance, then id): a page ends at a
// key, and the next page starts strictly after it.
//
//   NearestQuery q{.origin = PointFromDegrees(61.19, -149.87),
//                  .radius_meters = 16093.44, .max_results = 10};
//   NearestPage page = FindNearest(*snapshot, q);
//
// FindNearest is thread-safe: it only reads the snapshot.
#ifndef RXLOCATOR_INDEX_NEAREST_QUERY_H_
#define RXLOCATOR_INDEX_NEAREST_QUERY_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/time/time.h"
#include "index/pharmacy.h"
#include "index/snapshot.h"
#include "index/spatial_index.h"
#include "s2/s2point.h"

namespace rxlocator {

struct NearestQuery {
  S2Point origin;  // Unit vector.
  double radius_meters = 16093.44;
  int max_results = 10;
  // Every one of these services must be offered.
  ServiceMask required_services = 0;
  // Chain codes (Snapshot::FindChain); an empty include list allows all.
  std::vector<uint32_t> include_chains;
  std::vector<uint32_t> exclude_chains;
  // If set, only pharmacies whose counter is open at this instant on their
  // own wall clock (unknown hours or zone: left out)...
  std::optional<absl::Time> open_at;
  // ...and stays open for this long after it.
  absl::Duration open_for = absl::ZeroDuration();
  // Set for a next page: the key the previous page ended at.
  std::optional<SpatialIndex::Key> after;
};

struct NearestResult {
  uint32_t pharmacy;  // Index into Snapshot::pharmacies().
  double distance_meters;
};

struct NearestPage {
  std::vector<NearestResult> results;
  // Where the next page starts; empty when no match follows this page.
  std::optional<SpatialIndex::Key> next;
};

NearestPage FindNearest(const Snapshot& snapshot, const NearestQuery& query);

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_NEAREST_QUERY_H_
