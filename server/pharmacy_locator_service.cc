#include "server/pharmacy_locator_service.h"

#include "server/answer.h"
#include "server/ivr_handler.h"
#include "server/locator_handlers.h"
#include "server/urgent_fill_handler.h"

namespace rxlocator {

void PharmacyLocatorService::Serve(ServingQueue queue) {
  using Service = v1::PharmacyLocator::AsyncService;
  ServeFromSnapshot(
      queue, &service_, &Service::RequestFindPharmacies, snapshots_,
      [this](const Snapshot& snapshot, const v1::FindPharmaciesRequest& request,
             v1::FindPharmaciesResponse* response) {
        return FindPharmacies(snapshot, *stock_, request, clock_(), options_,
                              response);
      });
  ServeFromSnapshot(
      queue, &service_, &Service::RequestGetPharmacy, snapshots_,
      [](const Snapshot& snapshot, const v1::GetPharmacyRequest& request,
         v1::Pharmacy* response) {
        return GetPharmacy(snapshot, request, response);
      });
  ServeFromSnapshot(
      queue, &service_, &Service::RequestCheckNetwork, snapshots_,
      [this](const Snapshot& snapshot, const v1::CheckNetworkRequest& request,
             v1::CheckNetworkResponse* response) {
        return CheckNetwork(snapshot, request, clock_(), response);
      });
  ServeFromSnapshot(
      queue, &service_, &Service::RequestLocateForIvr, snapshots_,
      [this](const Snapshot& snapshot, const v1::LocateForIvrRequest& request,
             v1::LocateForIvrResponse* response) {
        return LocateForIvr(snapshot, *stock_, request, clock_(), options_,
                            response);
      });
  ServeFromSnapshot(
      queue, &service_, &Service::RequestUrgentFill, snapshots_,
      [this](const Snapshot& snapshot, const v1::UrgentFillRequest& request,
             v1::UrgentFillResponse* response) {
        return UrgentFill(snapshot, *stock_, request, clock_(), options_,
                          response);
      });
}

}  // namespace rxlocator
