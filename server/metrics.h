// Metrics for Prometheus: the Histogram that code on a request path updates
// with two atomic adds, and the MetricWriter that writes metric families in
// the Prometheus text exposition format, version 0.0.4. Counters and gauges
// need no class: a counter is a std::atomic, a gauge is read when written.
//
//   Histogram latency({0.001, 0.01, 0.1});
//   latency.Observe(0.004);
//   MetricWriter out;
//   out.Family("rx_latency_seconds", MetricType::kHistogram, "How long.");
//   out.HistogramSamples("rx_latency_seconds", {{"method", "/a.B/C"}},
//   latency.Read()); out.Family("rx_up", MetricType::kGauge, "Whether it is
//   up."); out.Sample("rx_up", {}, 1); std::string body =
//   std::move(out).text();
//
// Thread safety: a Histogram may be observed and read by any threads at
// once; a MetricWriter belongs to one thread.
#ifndef RXLOCATOR_SERVER_METRICS_H_
#define RXLOCATOR_SERVER_METRICS_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace rxlocator {

// What a Histogram held when it was read.
struct HistogramData {
  // The buckets' upper bounds, ascending (the histogram's; valid while it
  // lives).
  absl::Span<const double> bounds;
  // How many observations fell in each bucket: counts[i] those above
  // bounds[i - 1] and at most bounds[i]; the last, one more than the
  // bounds, those above every bound.
  std::vector<uint64_t> counts;
  double sum = 0;  // Of every observation.
};

class Histogram {
 public:
  // `bounds` are the buckets' upper bounds, ascending; a last bucket holds
  // whatever is above them all.
  explicit Histogram(std::vector<double> bounds);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  void Observe(double value);
  // The counts may be a moment apart from one another under concurrent
  // observations; each is exact.
  HistogramData Read() const;

 private:
  const std::vector<double> bounds_;
  const std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<double> sum_{0};
};

enum class MetricType { kCounter, kGauge, kHistogram };

struct MetricLabel {
  absl::string_view name;
  absl::string_view value;
};

class MetricWriter {
 public:
  // Starts a metric family: its HELP and TYPE lines. Its samples follow,
  // before the next family.
  void Family(absl::string_view name, MetricType type, absl::string_view help);
  // One sample line: name{labels} value. Values print in the shortest form
  // that reads back the same (integers without a fraction), or NaN, +Inf,
  // -Inf.
  void Sample(absl::string_view name, absl::Span<const MetricLabel> labels,
              double value);
  // A histogram's samples: name_bucket for each bound (le="bound",
  // cumulative) and +Inf, then name_sum and name_count (which equals the
  // +Inf bucket).
  void HistogramSamples(absl::string_view name,
                        absl::Span<const MetricLabel> labels,
                        const HistogramData& data);

  std::string text() && { return std::move(text_); }

 private:
  // name{labels,le="le"}, with le left out if empty.
  void AppendName(absl::string_view name, absl::Span<const MetricLabel> labels,
                  absl::string_view le);

  std::string text_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_METRICS_H_
