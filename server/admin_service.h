// AdminService: the gRPC face of the Reloader (reloader.h) and of the
// server's state, on the async API (server/serving_queues.h). Reload hands
// the load to the reloader's thread and answers when it ends, so no serving
// thread waits on file I/O; GetStats answers at once.
//
//   Reloader reloader(config, &snapshots, &stock, Log);
//   AdminService admin(&reloader, &stock, /*redis_configured=*/false,
//                      &write_access);
//   builder.RegisterService(admin.grpc_service());
//   ... BuildAndStart ...
//   queues.Start([&](ServingQueue queue) { admin.Serve(queue); });
//
// Every call is only for callers WriteAccess lets in: Reload changes what
// every client is served, and GetStats is for operators.
//
// Thread-safe: calls run on every serving queue's thread at once.
#ifndef RXLOCATOR_SERVER_ADMIN_SERVICE_H_
#define RXLOCATOR_SERVER_ADMIN_SERVICE_H_

#include "absl/time/time.h"
#include "index/stock_store.h"
#include "rxlocator/v1/admin.grpc.pb.h"
#include "server/reloader.h"
#include "server/serving_queues.h"
#include "server/write_access.h"

namespace rxlocator {

class AdminService {
 public:
  // `reloader`, `stock` and `write_access` must outlive the service.
  AdminService(Reloader* reloader, const StockStore* stock,
               bool redis_configured, const WriteAccess* write_access)
      : reloader_(reloader),
        stock_(stock),
        redis_configured_(redis_configured),
        write_access_(write_access) {}

  // To register with the server's builder.
  grpc::Service* grpc_service() { return &service_; }

  // Keeps a request for each method's next call waiting on `queue`.
  void Serve(ServingQueue queue);

  // What GetStats answers, as of `now`, for any caller in the process (the
  // metrics endpoint, server/stats_metrics.h).
  v1::GetStatsResponse Stats(absl::Time now) const;

 private:
  v1::Admin::AsyncService service_;
  Reloader* const reloader_;
  const StockStore* const stock_;
  const bool redis_configured_;
  const WriteAccess* const write_access_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_ADMIN_SERVICE_H_
