#include "index/stock.h"

namespace rxlocator {

std::optional<Freshness> FreshnessAt(const StockLevel& level, absl::Time now,
                                     const FreshnessPolicy& policy) {
  const absl::Duration age = now - level.observed_at;
  if (age > policy.hide_after) return std::nullopt;
  if (age > policy.confirm_after) return Freshness::kCallToConfirm;
  if (level.quantity <= 0) return Freshness::kOut;
  if (level.quantity <= policy.low_at_most) return Freshness::kLow;
  return Freshness::kInStock;
}

bool Available(const StockLevel& level, int64_t min_quantity, absl::Time now,
               const FreshnessPolicy& policy) {
  const std::optional<Freshness> f = FreshnessAt(level, now, policy);
  return (f == Freshness::kInStock || f == Freshness::kLow) &&
         level.quantity >= min_quantity;
}

}  // namespace rxlocator
