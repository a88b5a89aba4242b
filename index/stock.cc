#include "index/stock.h"

namespace rxlocator {

std::optional<Freshness> FreshnessAt(int64_t quantity, absl::Time observed_at,
                                     absl::Time now,
                                     const FreshnessPolicy& policy) {
  const absl::Duration age = now - observed_at;
  if (age > policy.hide_after) return std::nullopt;
  if (age > policy.confirm_after) return Freshness::kCallToConfirm;
  if (quantity <= 0) return Freshness::kOut;
  if (quantity <= policy.low_at_most) return Freshness::kLow;
  return Freshness::kInStock;
}

bool Available(int64_t quantity, absl::Time observed_at, int64_t min_quantity,
               absl::Time now, const FreshnessPolicy& policy) {
  const std::optional<Freshness> f =
      FreshnessAt(quantity, observed_at, now, policy);
  return (f == Freshness::kInStock || f == Freshness::kLow) &&
         quantity >= min_quantity;
}

}  // namespace rxlocator
