// StockWriter: stores accepted stock updates in order, off the gRPC
// threads, and says when each batch is stored. Where they are stored is the
// sink's business: straight into the StockStore, or through the shared
// inventory (RedisStock::Write), so that an update is in Redis before its
// ReportStock call is acknowledged.
//
//   StockWriter writer([&](absl::Span<const StockObservation> batch) {
//     return redis.Write(batch);
//   });
//   writer.Write(std::move(batch), [](StockWriter::Result r) { ... });
//
// Thread-safe. Batches are stored one at a time in the order given; `done`
// runs on the writer's thread.
#ifndef RXLOCATOR_SERVER_STOCK_WRITER_H_
#define RXLOCATOR_SERVER_STOCK_WRITER_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "index/stock.h"
#include "index/stock_store.h"

namespace rxlocator {

class StockWriter {
 public:
  // One outcome per update, in order; or why none was stored.
  using Result = absl::StatusOr<std::vector<StockStore::Outcome>>;
  using Sink = std::function<Result(absl::Span<const StockObservation>)>;
  using Done = std::function<void(Result)>;

  explicit StockWriter(Sink sink);
  // Stores the batches already queued, then stops.
  ~StockWriter();

  void Write(std::vector<StockObservation> batch, Done done);

  // A sink that applies each update to `store` (which must outlive it).
  static Sink IntoStore(StockStore* store);

 private:
  struct Job {
    std::vector<StockObservation> batch;
    Done done;
  };
  void Run();

  const Sink sink_;
  absl::Mutex mutex_;
  std::deque<Job> queue_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_STOCK_WRITER_H_
