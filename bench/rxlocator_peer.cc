#include "bench/rxlocator_peer.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "index/plan_key.h"
#include "server/proto_mapping.h"

namespace rxlocator {

v1::FindPharmaciesRequest FindRequestFor(const PeerQuery& q) {
  v1::FindPharmaciesRequest r;
  r.mutable_origin()->mutable_lat_lng()->set_latitude(q.latitude);
  r.mutable_origin()->mutable_lat_lng()->set_longitude(q.longitude);
  r.set_radius_meters(q.radius_meters);
  r.set_max_results(q.max_results);
  if (HasPlanFilter(q.kind)) {
    if (absl::StatusOr<PlanKey> plan = ParsePlanKey(q.plan); plan.ok()) {
      *r.mutable_plan() = PlanToProto(*plan);
    }
  }
  if (HasOpenFilter(q.kind) && q.open_at) {
    r.mutable_filter()->mutable_open_at()->set_seconds(
        absl::ToUnixSeconds(*q.open_at));
  } else if (HasOpenFilter(q.kind)) {
    r.mutable_filter()->set_open_now(true);
  }
  if (HasStockFilter(q.kind)) {
    r.mutable_filter()->add_in_stock_ndcs(q.ndc);
    r.mutable_filter()->set_min_quantity(q.min_quantity);
  }
  return r;
}

RxlocatorPeer::RxlocatorPeer(const std::string& target, int channels) {
  for (int c = 0; c < channels; ++c) {
    const std::shared_ptr<grpc::Channel> channel = OwnConnection(target);
    locators_.push_back(v1::PharmacyLocator::NewStub(channel));
    healths_.push_back(grpc::health::v1::Health::NewStub(channel));
  }
}

absl::StatusOr<PeerResults> RxlocatorPeer::Find(const PeerQuery& q) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       absl::ToChronoMilliseconds(kPeerDeadline));
  grpc::Status status;
  PeerResults results;
  if (q.kind == QueryKind::kNull) {
    grpc::health::v1::HealthCheckResponse response;
    status = healths_[0]->Check(&context, {}, &response);
  } else {
    v1::FindPharmaciesResponse response;
    status =
        locators_[0]->FindPharmacies(&context, FindRequestFor(q), &response);
    for (const v1::PharmacyResult& r : response.results()) {
      results.push_back({r.pharmacy().id(), r.distance_meters()});
    }
  }
  if (!status.ok()) {
    return absl::UnknownError(
        absl::StrCat("rxlocator: ", status.error_message()));
  }
  return results;
}

void RxlocatorPeer::Start(int channel, const v1::FindPharmaciesRequest* request,
                          LoadGenerator::Done done) {
  if (request == nullptr) {
    calls_.Start<grpc::health::v1::HealthCheckResponse>(
        [&](auto... a) { return healths_[channel]->PrepareAsyncCheck(a...); },
        grpc::health::v1::HealthCheckRequest(), kPeerDeadline, std::move(done));
    return;
  }
  calls_.Start<v1::FindPharmaciesResponse>(
      [&](auto... a) {
        return locators_[channel]->PrepareAsyncFindPharmacies(a...);
      },
      *request, kPeerDeadline, std::move(done));
}

}  // namespace rxlocator
