#include "server/pharmacy_locator_service.h"

#include "server/answer.h"
#include "server/ivr_handler.h"
#include "server/locator_handlers.h"
#include "server/urgent_fill_handler.h"

namespace rxlocator {

grpc::ServerUnaryReactor* PharmacyLocatorService::FindPharmacies(
    grpc::CallbackServerContext* context,
    const v1::FindPharmaciesRequest* request,
    v1::FindPharmaciesResponse* response) {
  return Answer(context, *snapshots_, [&](const Snapshot& snapshot) {
    return rxlocator::FindPharmacies(snapshot, *stock_, *request, clock_(),
                                     options_, response);
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
    return rxlocator::CheckNetwork(snapshot, *request, clock_(), response);
  });
}

grpc::ServerUnaryReactor* PharmacyLocatorService::LocateForIvr(
    grpc::CallbackServerContext* context,
    const v1::LocateForIvrRequest* request,
    v1::LocateForIvrResponse* response) {
  return Answer(context, *snapshots_, [&](const Snapshot& snapshot) {
    return rxlocator::LocateForIvr(snapshot, *stock_, *request, clock_(),
                                   options_, response);
  });
}

grpc::ServerUnaryReactor* PharmacyLocatorService::UrgentFill(
    grpc::CallbackServerContext* context, const v1::UrgentFillRequest* request,
    v1::UrgentFillResponse* response) {
  return Answer(context, *snapshots_, [&](const Snapshot& snapshot) {
    return rxlocator::UrgentFill(snapshot, *stock_, *request, clock_(),
                                 options_, response);
  });
}

}  // namespace rxlocator
