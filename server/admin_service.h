// AdminService: the gRPC face of the Reloader (reloader.h) and of the
// server's state, on the callback API. Reload hands the load to the
// reloader's thread and answers when it ends, so no gRPC thread waits on
// file I/O; GetStats answers at once.
//
//   Reloader reloader(config, &snapshots, &stock, Log);
//   AdminService admin(&reloader, &stock, /*redis_configured=*/false,
//                      &write_access);
//   builder.RegisterService(&admin);
//
// Every call is only for callers WriteAccess lets in: Reload changes what
// every client is served, and GetStats is for operators.
//
// Thread-safe: gRPC calls it from many threads at once.
#ifndef RXLOCATOR_SERVER_ADMIN_SERVICE_H_
#define RXLOCATOR_SERVER_ADMIN_SERVICE_H_

#include "absl/time/time.h"
#include "index/stock_store.h"
#include "rxlocator/v1/admin.grpc.pb.h"
#include "server/reloader.h"
#include "server/write_access.h"

namespace rxlocator {

class AdminService final : public v1::Admin::CallbackService {
 public:
  // `reloader`, `stock` and `write_access` must outlive the service.
  AdminService(Reloader* reloader, const StockStore* stock,
               bool redis_configured, const WriteAccess* write_access)
      : reloader_(reloader),
        stock_(stock),
        redis_configured_(redis_configured),
        write_access_(write_access) {}

  grpc::ServerUnaryReactor* Reload(grpc::CallbackServerContext* context,
                                   const v1::ReloadRequest* request,
                                   v1::ReloadResponse* response) override;
  grpc::ServerUnaryReactor* GetStats(grpc::CallbackServerContext* context,
                                     const v1::GetStatsRequest* request,
                                     v1::GetStatsResponse* response) override;

  // What GetStats answers, as of `now`, for any caller in the process (the
  // metrics endpoint, server/stats_metrics.h).
  v1::GetStatsResponse Stats(absl::Time now) const;

 private:
  Reloader* const reloader_;
  const StockStore* const stock_;
  const bool redis_configured_;
  const WriteAccess* const write_access_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_ADMIN_SERVICE_H_
