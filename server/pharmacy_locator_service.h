// PharmacyLocatorService: the gRPC face of locator_handlers.h,
// ivr_handler.h and urgent_fill_handler.h on the callback API. Each call reads
// the published snapshot once and answers from it.
//
// Thread-safe: gRPC calls it from many threads at once.
#ifndef RXLOCATOR_SERVER_PHARMACY_LOCATOR_SERVICE_H_
#define RXLOCATOR_SERVER_PHARMACY_LOCATOR_SERVICE_H_

#include <functional>
#include <utility>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "server/locator_handlers.h"
#include "server/snapshot_holder.h"

namespace rxlocator {

class PharmacyLocatorService final
    : public v1::PharmacyLocator::CallbackService {
 public:
  // What "now" is for every call; the wall clock but in benchmarks that
  // replay a dataset counted at another time.
  using Clock = std::function<absl::Time()>;

  // `snapshots` and `stock` must outlive the service.
  PharmacyLocatorService(const SnapshotHolder* snapshots,
                         const StockStore* stock, LocatorOptions options,
                         Clock clock = absl::Now)
      : snapshots_(snapshots),
        stock_(stock),
        options_(options),
        clock_(std::move(clock)) {}

  grpc::ServerUnaryReactor* FindPharmacies(
      grpc::CallbackServerContext* context,
      const v1::FindPharmaciesRequest* request,
      v1::FindPharmaciesResponse* response) override;
  grpc::ServerUnaryReactor* GetPharmacy(grpc::CallbackServerContext* context,
                                        const v1::GetPharmacyRequest* request,
                                        v1::Pharmacy* response) override;
  grpc::ServerUnaryReactor* CheckNetwork(
      grpc::CallbackServerContext* context,
      const v1::CheckNetworkRequest* request,
      v1::CheckNetworkResponse* response) override;
  grpc::ServerUnaryReactor* LocateForIvr(
      grpc::CallbackServerContext* context,
      const v1::LocateForIvrRequest* request,
      v1::LocateForIvrResponse* response) override;
  grpc::ServerUnaryReactor* UrgentFill(
      grpc::CallbackServerContext* context,
      const v1::UrgentFillRequest* request,
      v1::UrgentFillResponse* response) override;

 private:
  const SnapshotHolder* snapshots_;
  const StockStore* stock_;
  const LocatorOptions options_;
  const Clock clock_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_PHARMACY_LOCATOR_SERVICE_H_
