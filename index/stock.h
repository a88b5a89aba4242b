// Live stock: how many units of a drug a pharmacy had on the shelf, and
// when that was counted.
//
// A StockObservation is what a feed reports; a StockLevel is what the store
// holds for one (pharmacy, NDC). Updates arrive late and out of order: the
// newest observation wins, an older one is ignored, a repeat is harmless.
// Freshness follows the public vaccine locators: a count older than a
// threshold (72 hours by default) is "call to confirm", and one older than
// a horizon (29 days) is not shown as stock at all.
//
//   std::optional<Freshness> f = FreshnessAt(level, absl::Now(), {});
//   if (f == Freshness::kInStock) ...
//
// Plain values and pure functions; thread-safe.
#ifndef RXLOCATOR_INDEX_STOCK_H_
#define RXLOCATOR_INDEX_STOCK_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/time.h"

namespace rxlocator {

// The most units a count may give: more is a feed's mistake, and the bound
// lets the store keep a count in 32 bits.
inline constexpr int64_t kMaxStockQuantity = 1'000'000'000;

struct StockLevel {
  // Dispensing units on hand, 0 to kMaxStockQuantity.
  int64_t quantity = 0;
  // When the pharmacy counted them, to the microsecond.
  absl::Time observed_at = absl::InfinitePast();
  std::string source;  // The feed that reported it, e.g. "hhs".
};

struct StockObservation {
  std::string pharmacy_id;  // Pharmacy::id.
  std::string ndc;          // 11 digits, as NormalizeNdc returns.
  StockLevel level;
};

// Whether `a` replaces `b`: it was observed later. Equal instants keep `b`,
// so a repeat changes nothing and every replica keeps the same one.
inline bool Newer(const StockLevel& a, const StockLevel& b) {
  return a.observed_at > b.observed_at;
}

enum class Freshness {
  kInStock,        // Counted recently, more than low_at_most units.
  kLow,            // Counted recently, 1 to low_at_most units.
  kCallToConfirm,  // Counted too long ago to trust either way.
  kOut,            // Counted recently, none.
};

struct FreshnessPolicy {
  // A recent count of at most this many units (and more than none) is low.
  // Default 5.
  int64_t low_at_most = 5;
  // A count older than this is "call to confirm". Default 72 hours.
  absl::Duration confirm_after = absl::Hours(72);
  // A count older than this is not shown as stock at all. Default 29 days.
  absl::Duration hide_after = absl::Hours(29 * 24);
};

// The freshness at `now` of `quantity` units counted at `observed_at`;
// nullopt when the count is past the horizon.
std::optional<Freshness> FreshnessAt(int64_t quantity, absl::Time observed_at,
                                     absl::Time now,
                                     const FreshnessPolicy& policy);
inline std::optional<Freshness> FreshnessAt(const StockLevel& level,
                                            absl::Time now,
                                            const FreshnessPolicy& policy) {
  return FreshnessAt(level.quantity, level.observed_at, now, policy);
}

// Whether a member can count on `min_quantity` units: counted recently
// (in stock or low) with at least that many.
bool Available(int64_t quantity, absl::Time observed_at, int64_t min_quantity,
               absl::Time now, const FreshnessPolicy& policy);
inline bool Available(const StockLevel& level, int64_t min_quantity,
                      absl::Time now, const FreshnessPolicy& policy) {
  return Available(level.quantity, level.observed_at, min_quantity, now,
                   policy);
}

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_STOCK_H_
