#include "server/admin_service.h"

#include <google/protobuf/util/time_util.h>

#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/grpc_status.h"
#include "server/proto_mapping.h"
#include "server/unary_call.h"

namespace rxlocator {
namespace {

void DurationToProto(absl::Duration d, google::protobuf::Duration* out) {
  *out = google::protobuf::util::TimeUtil::NanosecondsToDuration(
      absl::ToInt64Nanoseconds(d));
}

void CountsToProto(const DataCounts& counts, v1::DataCounts* out) {
  out->set_pharmacies(counts.pharmacies);
  out->set_walk_in_pharmacies(counts.walk_in);
  out->set_networks(counts.networks);
  out->set_plans(counts.plans);
  out->set_drugs(counts.drugs);
  out->set_zip_codes(counts.zip_codes);
}

// The stats as the API shows them, as of `now`, with the stock store's.
void StatsToProto(const ReloadStats& stats, const StockStore& stock,
                  bool redis_configured, absl::Time now,
                  v1::GetStatsResponse* out) {
  if (!stats.data_version.empty()) {
    out->set_data_version(stats.data_version);
    TimeToProto(stats.loaded_at, out->mutable_loaded_at());
    DurationToProto(now - stats.loaded_at, out->mutable_age());
    CountsToProto(stats.counts, out->mutable_counts());
    DurationToProto(stats.load_duration, out->mutable_load_duration());
  }
  out->set_reloads_ok(stats.reloads_ok);
  out->set_reloads_failed(stats.reloads_failed);
  if (!stats.last_failure.ok()) {
    out->set_last_reload_error(std::string(stats.last_failure.message()));
    TimeToProto(stats.last_failure_at, out->mutable_last_reload_failed_at());
  }
  out->set_stock_levels(stock.size());
  out->set_stock_stale(stock.stale());
  out->set_redis_configured(redis_configured);
}

void ReloadResultToProto(const ReloadResult& result, v1::ReloadResponse* out) {
  out->set_old_data_version(result.old_version);
  out->set_new_data_version(result.new_version);
  CountsToProto(result.counts, out->mutable_counts());
  DurationToProto(result.took, out->mutable_load_duration());
}

}  // namespace

void AdminService::Serve(ServingQueue queue) {
  using Service = v1::Admin::AsyncService;
  ServeUnary(queue, &service_, &Service::RequestReload, [this](auto& call) {
    if (absl::Status allowed =
            write_access_->Check(CallerOf(call.context()), "Admin.Reload");
        !allowed.ok()) {
      return call.Finish(ToGrpcStatus(allowed));
    }
    reloader_->Reload([&call](absl::StatusOr<ReloadResult> result) {
      if (result.ok()) ReloadResultToProto(*result, call.response());
      call.Finish(ToGrpcStatus(result.status()));
    });
  });
  ServeUnary(queue, &service_, &Service::RequestGetStats, [this](auto& call) {
    if (absl::Status allowed =
            write_access_->Check(CallerOf(call.context()), "Admin.GetStats");
        !allowed.ok()) {
      return call.Finish(ToGrpcStatus(allowed));
    }
    *call.response() = Stats(absl::Now());
    call.Finish(grpc::Status::OK);
  });
}

v1::GetStatsResponse AdminService::Stats(absl::Time now) const {
  v1::GetStatsResponse stats;
  StatsToProto(reloader_->Stats(), *stock_, redis_configured_, now, &stats);
  return stats;
}

}  // namespace rxlocator
