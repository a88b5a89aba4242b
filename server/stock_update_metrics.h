// StockUpdateMetrics: the stock updates applied to a StockStore, and their
// lag: how long after the pharmacy counted the stock the count reached this
// replica's store (the time it was applied minus its observed_at).
//
//   StockUpdateMetrics updates;
//   store.set_listener([&](const StockObservation& o,
//                          const std::optional<StockLevel>& was) {
//     updates.OnApplied(o, absl::Now());
//   });
//   updates.Write(writer);  // For a scrape.
//
// Every applied update counts: a feed's report, a stock file read at start
// and, with Redis, each level loaded on a catch-up, whose lag is its age.
// An observation from a clock ahead of ours counts a lag of 0.
//
// Thread-safe: lock-free; OnApplied may run under the store's lock.
#ifndef RXLOCATOR_SERVER_STOCK_UPDATE_METRICS_H_
#define RXLOCATOR_SERVER_STOCK_UPDATE_METRICS_H_

#include "absl/time/time.h"
#include "index/stock.h"
#include "server/metrics.h"

namespace rxlocator {

class StockUpdateMetrics {
 public:
  // Lag buckets, in seconds: 100 ms up to 72 hours (when a count needs a
  // call to confirm) and 29 days (when it is no longer shown).
  static constexpr double kLagBounds[] = {
      0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 14400, 86400, 259200, 2505600};

  StockUpdateMetrics();

  void OnApplied(const StockObservation& observation, absl::Time now);

  // The families rxlocator_stock_updates_applied_total and
  // rxlocator_stock_update_lag_seconds.
  void Write(MetricWriter& out) const;

 private:
  Histogram lag_;  // Its count is the updates applied.
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_STOCK_UPDATE_METRICS_H_
