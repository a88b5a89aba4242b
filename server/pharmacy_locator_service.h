// PharmacyLocatorService: the gRPC face of locator_handlers.h,
// ivr_handler.h and urgent_fill_handler.h on the async API
// (server/serving_queues.h). Each call reads the published snapshot once and
// answers from it.
//
//   PharmacyLocatorService locator(&snapshots, &stock, options);
//   builder.RegisterService(locator.grpc_service());
//   ... BuildAndStart ...
//   queues.Start([&](ServingQueue queue) { locator.Serve(queue); });
//
// Thread-safe: calls run on every serving queue's thread at once.
#ifndef RXLOCATOR_SERVER_PHARMACY_LOCATOR_SERVICE_H_
#define RXLOCATOR_SERVER_PHARMACY_LOCATOR_SERVICE_H_

#include <functional>
#include <utility>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "server/locator_handlers.h"
#include "server/serving_queues.h"
#include "server/snapshot_holder.h"

namespace rxlocator {

class PharmacyLocatorService {
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

  // To register with the server's builder.
  grpc::Service* grpc_service() { return &service_; }

  // Keeps a request for each method's next call waiting on `queue`.
  void Serve(ServingQueue queue);

 private:
  v1::PharmacyLocator::AsyncService service_;
  const SnapshotHolder* snapshots_;
  const StockStore* stock_;
  const LocatorOptions options_;
  const Clock clock_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_PHARMACY_LOCATOR_SERVICE_H_
