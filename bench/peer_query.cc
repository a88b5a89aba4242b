#include "bench/peer_query.h"

namespace rxlocator {

absl::string_view QueryKindName(QueryKind kind) {
  switch (kind) {
    case QueryKind::kNull:
      return "null";
    case QueryKind::kPlain:
      return "plain";
    case QueryKind::kPlan:
      return "plan";
    case QueryKind::kPlanOpen:
      return "plan_open";
    case QueryKind::kPlanOpenStock:
      return "plan_open_stock";
  }
  return "?";
}

}  // namespace rxlocator
