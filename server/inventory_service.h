// InventoryService: the gRPC face of the Inventory calls on the async API
// (server/serving_queues.h). GetStock answers from the in-process store;
// ReportStock reads a feed's stream and hands its updates, in batches, to the
// StockWriter, reading on only when a batch is stored (so a fast feed is slowed
// to what the store or Redis takes); WatchAvailability streams
// AvailabilityWatchers' events to the caller. ReportStock is only for callers
// WriteAccess lets in.
//
//   builder.RegisterService(inventory.grpc_service());
//   ... BuildAndStart ...
//   queues.Start([&](ServingQueue queue) { inventory.Serve(queue); });
//
// Thread-safe: calls run on every serving queue's thread at once.
#ifndef RXLOCATOR_SERVER_INVENTORY_SERVICE_H_
#define RXLOCATOR_SERVER_INVENTORY_SERVICE_H_

#include "index/stock.h"
#include "index/stock_store.h"
#include "rxlocator/v1/inventory.grpc.pb.h"
#include "server/availability_watch.h"
#include "server/serving_queues.h"
#include "server/snapshot_holder.h"
#include "server/stock_writer.h"
#include "server/write_access.h"

namespace rxlocator {

class InventoryService {
 public:
  // Everything must outlive the service.
  InventoryService(const SnapshotHolder* snapshots, const StockStore* stock,
                   StockWriter* writer, AvailabilityWatchers* watchers,
                   const WriteAccess* write_access)
      : snapshots_(snapshots),
        stock_(stock),
        writer_(writer),
        watchers_(watchers),
        write_access_(write_access) {}

  // To register with the server's builder.
  grpc::Service* grpc_service() { return &service_; }

  // Keeps a request for each method's next call waiting on `queue`.
  void Serve(ServingQueue queue);

 private:
  v1::Inventory::AsyncService service_;
  const SnapshotHolder* snapshots_;
  const StockStore* stock_;
  StockWriter* writer_;
  AvailabilityWatchers* watchers_;
  const WriteAccess* write_access_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_INVENTORY_SERVICE_H_
