#include "bench/peer_query.h"

#include "absl/strings/str_format.h"

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

std::optional<QueryKind> QueryKindNamed(absl::string_view name) {
  for (const QueryKind kind : kQueryKinds) {
    if (QueryKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string ExactDecimal(double v) { return absl::StrFormat("%.17g", v); }

}  // namespace rxlocator
