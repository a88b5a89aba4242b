#include "server/pharmacy_locator_service.h"

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "server/grpc_status.h"
#include "server/locator_handlers.h"

namespace rxlocator {
namespace {

// Runs `handler` on the current snapshot and finishes the call with its
// status, converted once here.
template <typename Handler>
grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* context,
                                 const SnapshotHolder& snapshots,
                                 Handler handler) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const std::shared_ptr<const Snapshot> snapshot = snapshots.Get();
  reactor->Finish(ToGrpcStatus(
      snapshot ? handler(*snapshot)
               : absl::UnavailableError("pharmacy data is not loaded yet")));
  return reactor;
}

}  // namespace

grpc::ServerUnaryReactor* PharmacyLocatorService::FindPharmacies(
    grpc::CallbackServerContext* context,
    const v1::FindPharmaciesRequest* request,
    v1::FindPharmaciesResponse* response) {
  return Answer(context, *snapshots_, [&](const Snapshot& snapshot) {
    return rxlocator::FindPharmacies(snapshot, *request, absl::Now(), options_,
                                     response);
  });
}

grpc::ServerUnaryReactor* PharmacyLocatorService::GetPharmacy(
    grpc::CallbackServerContext* context, const v1::GetPharmacyRequest* request,
    v1::Pharmacy* response) {
  return Answer(context, *snapshots_, [&](const Snapshot& snapshot) {
    return rxlocator::GetPharmacy(snapshot, *request, response);
  });
}

grpc::ServerUnaryReactor* PharmacyLocatorService::CheckNetwork(
    grpc::CallbackServerContext* context,
    const v1::CheckNetworkRequest* request,
    v1::CheckNetworkResponse* response) {
  return Answer(context, *snapshots_, [&](const Snapshot& snapshot) {
    return rxlocator::CheckNetwork(snapshot, *request, absl::Now(), response);
  });
}

}  // namespace rxlocator
