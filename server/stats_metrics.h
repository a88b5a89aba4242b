// WriteStatsMetrics: the server's state as Admin.GetStats reports it
// (AdminService::Stats), as Prometheus metrics, with Redis's connection:
//
//   rxlocator_snapshot_info{data_version}      1 for the version served
//   rxlocator_snapshot_age_seconds             since it was published
//   rxlocator_snapshot_load_duration_seconds   reading and building it
//   rxlocator_snapshot_pharmacies, _walk_in_pharmacies, _networks, _plans,
//     _drugs, _zip_codes                       what it holds
//   rxlocator_reloads_total{result="ok"|"failed"}
//   rxlocator_stock_levels                     (pharmacy, NDC) counts held
//   rxlocator_stock_stale                      1 while Redis is unreachable
//   rxlocator_redis_connected                  with --redis only
//
// The snapshot's samples are left out until the first load is published.
//
//   MetricWriter out;
//   WriteStatsMetrics(admin.Stats(absl::Now()), redis->connected(), out);
//
// Thread safety: a function of its arguments.
#ifndef RXLOCATOR_SERVER_STATS_METRICS_H_
#define RXLOCATOR_SERVER_STATS_METRICS_H_

#include <optional>

#include "rxlocator/v1/admin.pb.h"
#include "server/metrics.h"

namespace rxlocator {

// `redis_connected` is nullopt without Redis.
void WriteStatsMetrics(const v1::GetStatsResponse& stats,
                       std::optional<bool> redis_connected, MetricWriter& out);

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_STATS_METRICS_H_
