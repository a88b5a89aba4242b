#include "server/stats_metrics.h"

#include <google/protobuf/duration.pb.h>

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace rxlocator {
namespace {

double Seconds(const google::protobuf::Duration& d) {
  return d.seconds() + d.nanos() / 1e9;
}

// A family of one gauge, with its sample if `value` is set.
void Gauge(absl::string_view name, absl::string_view help,
           std::optional<double> value, MetricWriter& out) {
  out.Family(name, MetricType::kGauge, help);
  if (value.has_value()) out.Sample(name, {}, *value);
}

}  // namespace

void WriteStatsMetrics(const v1::GetStatsResponse& stats,
                       std::optional<bool> redis_connected, MetricWriter& out) {
  const bool loaded = !stats.data_version().empty();
  // Set only once data is served.
  auto served = [loaded](double value) {
    return loaded ? std::optional<double>(value) : std::nullopt;
  };
  out.Family("rxlocator_snapshot_info", MetricType::kGauge,
             "1, labelled with the data version served.");
  if (loaded) {
    out.Sample("rxlocator_snapshot_info",
               {{"data_version", stats.data_version()}}, 1);
  }
  Gauge("rxlocator_snapshot_age_seconds",
        "Seconds since the served data was published.",
        served(Seconds(stats.age())), out);
  Gauge("rxlocator_snapshot_load_duration_seconds",
        "How long reading the files and building the served data took.",
        served(Seconds(stats.load_duration())), out);
  const v1::DataCounts& counts = stats.counts();
  struct Count {
    absl::string_view suffix;
    absl::string_view what;
    int64_t n;
  };
  for (const Count& c :
       {Count{"pharmacies", "pharmacies", counts.pharmacies()},
        Count{"walk_in_pharmacies", "walk-in pharmacies",
              counts.walk_in_pharmacies()},
        Count{"networks", "pharmacy networks", counts.networks()},
        Count{"plans", "plans", counts.plans()},
        Count{"drugs", "drugs", counts.drugs()},
        Count{"zip_codes", "ZIP codes", counts.zip_codes()}}) {
    Gauge(absl::StrCat("rxlocator_snapshot_", c.suffix),
          absl::StrCat("How many ", c.what, " the served data holds."),
          served(c.n), out);
  }
  out.Family("rxlocator_reloads_total", MetricType::kCounter,
             "Reloads since start, by result: ok (published) or failed "
             "(changed nothing).");
  out.Sample("rxlocator_reloads_total", {{"result", "ok"}}, stats.reloads_ok());
  out.Sample("rxlocator_reloads_total", {{"result", "failed"}},
             stats.reloads_failed());
  Gauge("rxlocator_stock_levels",
        "Stock counts held, one per pharmacy and NDC.", stats.stock_levels(),
        out);
  Gauge("rxlocator_stock_stale",
        "1 while the shared inventory (Redis) is unreachable and stock may "
        "miss updates, else 0.",
        stats.stock_stale() ? 1 : 0, out);
  if (redis_connected.has_value()) {
    Gauge("rxlocator_redis_connected",
          "1 while both Redis connections are up, else 0.",
          *redis_connected ? 1 : 0, out);
  }
}

}  // namespace rxlocator
