#include "server/stock_update_metrics.h"

#include <algorithm>
#include <iterator>
#include <vector>

namespace rxlocator {

StockUpdateMetrics::StockUpdateMetrics()
    : lag_(std::vector<double>(std::begin(kLagBounds), std::end(kLagBounds))) {}

void StockUpdateMetrics::OnApplied(const StockObservation& observation,
                                   absl::Time now) {
  lag_.Observe(std::max(
      0.0, absl::ToDoubleSeconds(now - observation.level.observed_at)));
}

void StockUpdateMetrics::Write(MetricWriter& out) const {
  const HistogramData lag = lag_.Read();
  uint64_t applied = 0;
  for (uint64_t n : lag.counts) applied += n;
  out.Family("rxlocator_stock_updates_applied_total", MetricType::kCounter,
             "Stock counts applied to this replica's store: newer than the "
             "count it held.");
  out.Sample("rxlocator_stock_updates_applied_total", {}, applied);
  out.Family("rxlocator_stock_update_lag_seconds", MetricType::kHistogram,
             "How long after the pharmacy counted the stock each applied "
             "count reached this replica's store.");
  out.HistogramSamples("rxlocator_stock_update_lag_seconds", {}, lag);
}

}  // namespace rxlocator
