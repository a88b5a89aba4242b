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
// Ranking is nearest first, unless a plan asks for preferred pharmacies
// first: then a preferred pharmacy ranks as if it were the allowance
// nearer, so it comes before a standard one up to that much nearer.
//
// FindNearest is thread-safe: it only reads the snapshot.
#ifndef RXLOCATOR_INDEX_NEAREST_QUERY_H_
#define RXLOCATOR_INDEX_NEAREST_QUERY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "index/network_index.h"
#include "index/pharmacy.h"
#include "index/snapshot.h"
#include "index/spatial_index.h"
#include "index/stock.h"
#include "index/stock_store.h"
#include "s2/s2point.h"

namespace rxlocator {

// A result's place in the page order: `value`, then the smaller
// tie_break (the pharmacy's rank in id order). `value` is the squared chord
// of the distance (as SpatialIndex::Key) in nearest-first ranking, and the
// distance in meters less the preferred allowance in preferred-first.
struct RankKey {
  double value;
  uint32_t tie_break;
  friend bool operator<(const RankKey& a, const RankKey& b) {
    return a.value < b.value ||
           (a.value == b.value && a.tie_break < b.tie_break);
  }
};

// Only pharmacies in a plan's network for walk-in retail fills.
struct PlanFilter {
  uint32_t network;  // A NetworkIndex code.
  // Memberships are those in effect on each pharmacy's local date at this
  // instant.
  absl::Time as_of;
  bool preferred_only = false;
  bool ninety_day_retail = false;
  // If set, preferred pharmacies rank as if this many meters nearer.
  std::optional<double> preferred_allowance_meters;
};

// Only pharmacies where every one of some drugs is available (see
// Available() in stock.h).
struct StockFilter {
  const StockStore* store;        // Not owned.
  std::vector<std::string> ndcs;  // 11 digits each.
  int64_t min_quantity = 1;
  absl::Time now;
  FreshnessPolicy policy;
};

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
  std::optional<PlanFilter> plan;
  std::optional<StockFilter> stock;
  // Set for a next page: the key the previous page ended at.
  std::optional<RankKey> after;
};

struct NearestResult {
  uint32_t pharmacy;  // Index into Snapshot::pharmacies().
  double distance_meters;
  // The membership the plan filter matched; nullptr without a plan.
  const MembershipPeriod* membership;
};

struct NearestPage {
  std::vector<NearestResult> results;
  // Where the next page starts; empty when no match follows this page.
  std::optional<RankKey> next;
};

NearestPage FindNearest(const Snapshot& snapshot, const NearestQuery& query);

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_NEAREST_QUERY_H_
