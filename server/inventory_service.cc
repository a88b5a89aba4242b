#include "server/inventory_service.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "server/answer.h"
#include "server/grpc_status.h"
#include "server/inventory_handlers.h"
#include "server/server_stream_call.h"

namespace rxlocator {
namespace {

// Updates stored per StockWriter batch.
constexpr size_t kBatch = 512;
// Rejections listed in a reply.
constexpr int kMaxRejectionsListed = 100;
// Events queued for a watcher that reads too slowly before it is cut off.
constexpr size_t kMaxQueuedEvents = 1024;

// One ReportStock call: reads the feed's updates, stores them a batch at a
// time through the StockWriter, and replies with the counts.
class ReportStockCall {
 public:
  using Service = v1::Inventory::AsyncService;

  // Asks for the method's next call; it deletes itself when done.
  static void AwaitNext(ServingQueue queue, Service* service,
                        const SnapshotHolder* snapshots, StockWriter* writer,
                        const WriteAccess* write_access) {
    new ReportStockCall(queue, service, snapshots, writer, write_access);
  }

 private:
  ReportStockCall(ServingQueue queue, Service* service,
                  const SnapshotHolder* snapshots, StockWriter* writer,
                  const WriteAccess* write_access)
      : queue_(queue),
        in_progress_(queue.calls),
        service_(service),
        snapshots_(snapshots),
        writer_(writer),
        write_access_(write_access) {
    service_->RequestReportStock(&context_, &reader_, queue_.cq, queue_.cq,
                                 &arrived_);
  }

  void Arrived(bool ok) {
    if (!ok) {  // No call: the server is stopping.
      delete this;
      return;
    }
    AwaitNext(queue_, service_, snapshots_, writer_, write_access_);
    absl::MutexLock lock(&mutex_);
    if (absl::Status allowed =
            write_access_->Check(CallerOf(context_), "ReportStock");
        !allowed.ok()) {
      return FinishLocked(ToGrpcStatus(allowed));
    }
    reader_.Read(&update_, &read_);
  }

  void ReadDone(bool ok) {
    absl::MutexLock lock(&mutex_);
    if (!ok) return StoreLocked(/*last=*/true);
    const int64_t index = response_.received();
    response_.set_received(index + 1);
    const std::shared_ptr<const Snapshot> snapshot = snapshots_->Get();
    if (!snapshot) {
      return FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                       "pharmacy data is not loaded yet"));
    }
    absl::StatusOr<StockObservation> observation =
        ObservationFromUpdate(*snapshot, update_, absl::Now());
    if (observation.ok()) {
      batch_.push_back(*std::move(observation));
    } else {
      response_.set_rejected(response_.rejected() + 1);
      if (response_.rejections_size() < kMaxRejectionsListed) {
        auto* rejection = response_.add_rejections();
        rejection->set_index(index);
        rejection->set_reason(std::string(observation.status().message()));
      }
    }
    if (batch_.size() >= kBatch) return StoreLocked(/*last=*/false);
    reader_.Read(&update_, &read_);
  }

  // Hands the batch to the writer; reads on (or, after the last, replies)
  // once it is stored. A batch that cannot be stored ends the call with
  // the writer's status: the feed sends everything again, and what was
  // stored already is then a harmless repeat.
  void StoreLocked(bool last) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (batch_.empty()) {
      if (last) return FinishLocked(grpc::Status::OK);
      return reader_.Read(&update_, &read_);
    }
    std::vector<StockObservation> batch;
    batch.swap(batch_);
    // The writer calls back on its own thread, perhaps before Write returns
    // (and so before this thread lets go of the mutex).
    writer_->Write(std::move(batch), [this, last](StockWriter::Result r) {
      absl::MutexLock lock(&mutex_);
      if (!r.ok()) return FinishLocked(ToGrpcStatus(r.status()));
      for (StockStore::Outcome outcome : *r) {
        if (outcome == StockStore::Outcome::kApplied) {
          response_.set_applied(response_.applied() + 1);
        } else {
          response_.set_stale(response_.stale() + 1);
        }
      }
      if (last) return FinishLocked(grpc::Status::OK);
      reader_.Read(&update_, &read_);
    });
  }

  void FinishLocked(const grpc::Status& status)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (status.ok()) {
      reader_.Finish(response_, status, &finished_);
    } else {
      reader_.FinishWithError(status, &finished_);
    }
  }

  void Finished(bool) {
    // The mutex orders the writer thread's last touch before the delete.
    mutex_.Lock();
    mutex_.Unlock();
    delete this;
  }

  const ServingQueue queue_;
  const CallsInProgress::Hold in_progress_;
  Service* const service_;
  const SnapshotHolder* const snapshots_;
  StockWriter* const writer_;
  const WriteAccess* const write_access_;
  grpc::ServerContext context_;
  grpc::ServerAsyncReader<v1::ReportStockResponse, v1::StockUpdate> reader_{
      &context_};
  OnComplete<ReportStockCall> arrived_{this, &ReportStockCall::Arrived};
  OnComplete<ReportStockCall> read_{this, &ReportStockCall::ReadDone};
  OnComplete<ReportStockCall> finished_{this, &ReportStockCall::Finished};
  // The call is handled on the queue's thread and, after a batch is stored,
  // on the writer's; one at a time, as each starts the other's next step,
  // but ThreadSanitizer sees that order only through this mutex.
  absl::Mutex mutex_;
  v1::StockUpdate update_ ABSL_GUARDED_BY(mutex_);
  v1::ReportStockResponse response_ ABSL_GUARDED_BY(mutex_);
  std::vector<StockObservation> batch_ ABSL_GUARDED_BY(mutex_);
};

// One WatchAvailability call: streams a watch's events from the store's
// listener.
class WatchCall final : public ServerStreamCall<v1::AvailabilityEvent> {
 public:
  using Service = v1::Inventory::AsyncService;

  // Asks for the method's next call; it deletes itself when done.
  static void AwaitNext(ServingQueue queue, Service* service,
                        const SnapshotHolder* snapshots,
                        const StockStore* stock,
                        AvailabilityWatchers* watchers) {
    new WatchCall(queue, service, snapshots, stock, watchers);
  }

 private:
  WatchCall(ServingQueue queue, Service* service,
            const SnapshotHolder* snapshots, const StockStore* stock,
            AvailabilityWatchers* watchers)
      : ServerStreamCall(queue),
        service_(service),
        snapshots_(snapshots),
        stock_(stock),
        watchers_(watchers) {
    service_->RequestWatchAvailability(&context_, &request_, &writer_, queue.cq,
                                       queue.cq, arrived_tag());
  }

  void AwaitNext() override {
    AwaitNext(queue(), service_, snapshots_, stock_, watchers_);
  }

  void Start() override {
    const std::shared_ptr<const Snapshot> snapshot = snapshots_->Get();
    if (!snapshot) {
      return Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                 "pharmacy data is not loaded yet"));
    }
    absl::StatusOr<AvailabilityWatch> watch = WatchFromRequest(
        *snapshot, request_,
        [this](v1::AvailabilityEvent e) { Heard(std::move(e)); });
    if (!watch.ok()) return Finish(ToGrpcStatus(watch.status()));
    // Registered first, so no change is missed; changes heard meanwhile wait
    // until the present has been queued, so that none overtakes it.
    const AvailabilityWatch copy = *watch;
    absl::StatusOr<uint64_t> id = watchers_->Add(*std::move(watch));
    if (!id.ok()) return Finish(ToGrpcStatus(id.status()));
    id_ = *id;
    std::vector<v1::AvailabilityEvent> initial =
        InitialEvents(*snapshot, *stock_, *watchers_, copy, absl::Now());
    absl::MutexLock lock(&mutex_);
    // However many pharmacies have the drug now, the present is sent whole;
    // the limit is on what a slow reader leaves waiting after it.
    LimitQueue(initial.size() + kMaxQueuedEvents);
    std::vector<v1::AvailabilityEvent> changes = std::move(held_);
    starting_ = false;
    for (std::vector<v1::AvailabilityEvent>* events : {&initial, &changes}) {
      for (v1::AvailabilityEvent& e : *events) Queue(std::move(e));
    }
  }

  void Ended() override {
    if (id_ != 0) watchers_->Remove(id_);
  }

  // A change, from the store's listener.
  void Heard(v1::AvailabilityEvent event) {
    absl::MutexLock lock(&mutex_);
    if (starting_) {
      held_.push_back(std::move(event));
      return;
    }
    Queue(std::move(event));
  }

  void Queue(v1::AvailabilityEvent event)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (Send(std::move(event))) return;
    Finish(grpc::Status(
        grpc::StatusCode::RESOURCE_EXHAUSTED,
        absl::StrCat("more than ", kMaxQueuedEvents,
                     " events waited for this watcher to read them: watch "
                     "again, and read faster")));
  }

  Service* const service_;
  const SnapshotHolder* const snapshots_;
  const StockStore* const stock_;
  AvailabilityWatchers* const watchers_;
  v1::WatchAvailabilityRequest request_;
  uint64_t id_ = 0;
  absl::Mutex mutex_;
  // While the present is being gathered, changes wait here.
  bool starting_ ABSL_GUARDED_BY(mutex_) = true;
  std::vector<v1::AvailabilityEvent> held_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace

void InventoryService::Serve(ServingQueue queue) {
  using Service = v1::Inventory::AsyncService;
  ServeFromSnapshot(
      queue, &service_, &Service::RequestGetStock, snapshots_,
      [this](const Snapshot& snapshot, const v1::GetStockRequest& request,
             v1::GetStockResponse* response) {
        return GetStock(snapshot, *stock_, request, absl::Now(),
                        watchers_->policy(), response);
      });
  ReportStockCall::AwaitNext(queue, &service_, snapshots_, writer_,
                             write_access_);
  WatchCall::AwaitNext(queue, &service_, snapshots_, stock_, watchers_);
}

}  // namespace rxlocator
