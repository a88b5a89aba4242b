// The questions the peer comparison (peers_main.cc) asks rxlocator, Redis
// and PostGIS alike: the nearest pharmacies to a point within a radius,
// with the filters a member's search adds one by one.
#ifndef RXLOCATOR_BENCH_PEER_QUERY_H_
#define RXLOCATOR_BENCH_PEER_QUERY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace rxlocator {

enum class QueryKind {
  kNull,           // A call that does nothing: the cost of a round trip.
  kPlain,          // Nearest pharmacies.
  kPlan,           // ... in the plan's network (walk-in retail).
  kPlanOpen,       // ... and open now.
  kPlanOpenStock,  // ... and with the drug available (Available()).
};
inline constexpr QueryKind kQueryKinds[] = {
    QueryKind::kNull, QueryKind::kPlain, QueryKind::kPlan, QueryKind::kPlanOpen,
    QueryKind::kPlanOpenStock};

// "null", "plain", "plan", "plan_open", "plan_open_stock".
absl::string_view QueryKindName(QueryKind kind);
// The kind so named; nullopt for any other name.
std::optional<QueryKind> QueryKindNamed(absl::string_view name);

// The filters a kind adds, each kind one more than the one before.
inline bool HasPlanFilter(QueryKind k) { return k >= QueryKind::kPlan; }
inline bool HasOpenFilter(QueryKind k) { return k >= QueryKind::kPlanOpen; }
inline bool HasStockFilter(QueryKind k) {
  return k >= QueryKind::kPlanOpenStock;
}

// How long a system may take to answer one search before it counts as
// failed.
inline constexpr absl::Duration kPeerDeadline = absl::Seconds(10);

struct PeerQuery {
  QueryKind kind = QueryKind::kPlain;
  double latitude = 0, longitude = 0;
  double radius_meters = 16093.44;  // 10 miles, the API's default.
  int max_results = 10;
  std::string plan;  // PlanKey::ToString().
  std::string ndc;   // 11 digits.
  int64_t min_quantity = 1;
  // Open at this instant; nullopt: when asked. Stock is judged fresh or
  // not when asked, as rxlocator judges it.
  std::optional<absl::Time> open_at;
};

// One result: a pharmacy id and its distance as the system computed it.
struct PeerResult {
  std::string id;
  double distance_meters = 0;
};
using PeerResults = std::vector<PeerResult>;

// `v` in decimal with every digit it needs to read back exactly, for the
// text protocols (StrCat keeps only 6 digits: 30 m of longitude).
std::string ExactDecimal(double v);

}  // namespace rxlocator

#endif  // RXLOCATOR_BENCH_PEER_QUERY_H_
