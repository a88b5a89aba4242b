#include "server/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"

namespace rxlocator {
namespace {

void AppendValue(double value, std::string* out) {
  if (std::isnan(value)) {
    out->append("NaN");
  } else if (std::isinf(value)) {
    out->append(value > 0 ? "+Inf" : "-Inf");
  } else {
    char buffer[32];
    const std::to_chars_result end =
        std::to_chars(buffer, buffer + sizeof buffer, value);
    out->append(buffer, end.ptr);
  }
}

// Appends `text` with backslash and newline escaped, and the double quote
// too in a label value.
void AppendEscaped(absl::string_view text, bool quote, std::string* out) {
  for (char c : text) {
    if (c == '\\') {
      out->append("\\\\");
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '"' && quote) {
      out->append("\\\"");
    } else {
      out->push_back(c);
    }
  }
}

absl::string_view TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      counts_(new std::atomic<uint64_t>[bounds_.size() + 1]()) {}

void Histogram::Observe(double value) {
  // A bucket holds the values at most its bound ("le").
  const size_t bucket =
      std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

HistogramData Histogram::Read() const {
  HistogramData data{.bounds = bounds_};
  data.counts.reserve(bounds_.size() + 1);
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    data.counts.push_back(counts_[i].load(std::memory_order_relaxed));
  }
  data.sum = sum_.load(std::memory_order_relaxed);
  return data;
}

void MetricWriter::Family(absl::string_view name, MetricType type,
                          absl::string_view help) {
  absl::StrAppend(&text_, "# HELP ", name, " ");
  AppendEscaped(help, /*quote=*/false, &text_);
  absl::StrAppend(&text_, "\n# TYPE ", name, " ", TypeName(type), "\n");
}

void MetricWriter::AppendName(absl::string_view name,
                              absl::Span<const MetricLabel> labels,
                              absl::string_view le) {
  absl::StrAppend(&text_, name);
  if (labels.empty() && le.empty()) return;
  char separator = '{';
  for (const MetricLabel& label : labels) {
    absl::StrAppend(&text_, absl::string_view(&separator, 1), label.name,
                    "=\"");
    AppendEscaped(label.value, /*quote=*/true, &text_);
    text_.push_back('"');
    separator = ',';
  }
  if (!le.empty()) {
    absl::StrAppend(&text_, absl::string_view(&separator, 1), "le=\"", le,
                    "\"");
  }
  text_.push_back('}');
}

void MetricWriter::Sample(absl::string_view name,
                          absl::Span<const MetricLabel> labels, double value) {
  AppendName(name, labels, "");
  text_.push_back(' ');
  AppendValue(value, &text_);
  text_.push_back('\n');
}

void MetricWriter::HistogramSamples(absl::string_view name,
                                    absl::Span<const MetricLabel> labels,
                                    const HistogramData& data) {
  const std::string bucket = absl::StrCat(name, "_bucket");
  uint64_t cumulative = 0;
  for (size_t i = 0; i < data.counts.size(); ++i) {
    cumulative += data.counts[i];
    std::string le;
    AppendValue(i < data.bounds.size() ? data.bounds[i] : INFINITY, &le);
    AppendName(bucket, labels, le);
    absl::StrAppend(&text_, " ", cumulative, "\n");
  }
  Sample(absl::StrCat(name, "_sum"), labels, data.sum);
  Sample(absl::StrCat(name, "_count"), labels, cumulative);
}

}  // namespace rxlocator
