// AdminService: the gRPC face of the Reloader (reloader.h) and of the
// server's state, on the callback API. Reload hands the load to the
// reloader's thread and answers when it ends, so no gRPC thread waits on
// file I/O; GetStats answers at once.
//
//   Reloader reloader(config, &snapshots, &stock, Log);
//   AdminService admin(&reloader, &stock, /*redis_configured=*/false);
//   builder.RegisterService(&admin);
//
// Reload changes what every client is served, yet nothing guards it yet:
// Admin is a service of its own so that an authentication check (an mTLS
// allow-list or a bearer token, in an interceptor or here) can cover it
// alone.
//
// Thread-safe: gRPC calls it from many threads at once.
#ifndef RXLOCATOR_SERVER_ADMIN_SERVICE_H_
#define RXLOCATOR_SERVER_ADMIN_SERVICE_H_

#include "index/stock_store.h"
#include "rxlocator/v1/admin.grpc.pb.h"
#include "server/reloader.h"

namespace rxlocator {

class AdminService final : public v1::Admin::CallbackService {
 public:
  // `reloader` and `stock` must outlive the service.
  AdminService(Reloader* reloader, const StockStore* stock,
               bool redis_configured)
      : reloader_(reloader),
        stock_(stock),
        redis_configured_(redis_configured) {}

  grpc::ServerUnaryReactor* Reload(grpc::CallbackServerContext* context,
                                   const v1::ReloadRequest* request,
                                   v1::ReloadResponse* response) override;
  grpc::ServerUnaryReactor* GetStats(grpc::CallbackServerContext* context,
                                     const v1::GetStatsRequest* request,
                                     v1::GetStatsResponse* response) override;

 private:
  Reloader* const reloader_;
  const StockStore* const stock_;
  const bool redis_configured_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_ADMIN_SERVICE_H_
