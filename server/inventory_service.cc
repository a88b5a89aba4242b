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

namespace rxlocator {
namespace {

// Updates stored per StockWriter batch.
constexpr size_t kBatch = 512;
// Rejections listed in a reply.
constexpr int kMaxRejectionsListed = 100;
// Events queued for a watcher that reads too slowly before it is cut off.
constexpr size_t kMaxQueuedEvents = 1024;

// A ReportStock call refused before it reads anything.
class RefusedReportStock : public grpc::ServerReadReactor<v1::StockUpdate> {
 public:
  explicit RefusedReportStock(const absl::Status& refusal) {
    Finish(ToGrpcStatus(refusal));
  }
  void OnDone() override { delete this; }
};

class ReportStockReactor : public grpc::ServerReadReactor<v1::StockUpdate> {
 public:
  ReportStockReactor(const SnapshotHolder* snapshots, StockWriter* writer,
                     v1::ReportStockResponse* response)
      : snapshots_(snapshots), writer_(writer), response_(response) {
    StartRead(&update_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) return Store(/*last=*/true);
    const int64_t index = response_->received();
    response_->set_received(index + 1);
    const std::shared_ptr<const Snapshot> snapshot = snapshots_->Get();
    if (!snapshot) {
      return Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                 "pharmacy data is not loaded yet"));
    }
    absl::StatusOr<StockObservation> observation =
        ObservationFromUpdate(*snapshot, update_, absl::Now());
    if (observation.ok()) {
      batch_.push_back(*std::move(observation));
    } else {
      response_->set_rejected(response_->rejected() + 1);
      if (response_->rejections_size() < kMaxRejectionsListed) {
        auto* rejection = response_->add_rejections();
        rejection->set_index(index);
        rejection->set_reason(std::string(observation.status().message()));
      }
    }
    if (batch_.size() >= kBatch) return Store(/*last=*/false);
    StartRead(&update_);
  }

  void OnDone() override { delete this; }

 private:
  // Hands the batch to the writer; reads on (or, after the last, replies)
  // once it is stored. A batch that cannot be stored ends the call with
  // the writer's status: the feed sends everything again, and what was
  // stored already is then a harmless repeat.
  void Store(bool last) {
    if (batch_.empty()) {
      if (last) return Finish(grpc::Status::OK);
      return StartRead(&update_);
    }
    // The callback may read on (on the writer's thread) before Write
    // returns, so the batch leaves batch_ first.
    std::vector<StockObservation> batch;
    batch.swap(batch_);
    writer_->Write(std::move(batch), [this, last](StockWriter::Result r) {
      if (!r.ok()) return Finish(ToGrpcStatus(r.status()));
      for (StockStore::Outcome outcome : *r) {
        if (outcome == StockStore::Outcome::kApplied) {
          response_->set_applied(response_->applied() + 1);
        } else {
          response_->set_stale(response_->stale() + 1);
        }
      }
      if (last) return Finish(grpc::Status::OK);
      StartRead(&update_);
    });
  }

  const SnapshotHolder* const snapshots_;
  StockWriter* const writer_;
  v1::ReportStockResponse* const response_;
  v1::StockUpdate update_;
  std::vector<StockObservation> batch_;
};

// Streams a watch's events, one write at a time, from a queue that the
// store's listener fills.
class WatchReactor : public grpc::ServerWriteReactor<v1::AvailabilityEvent> {
 public:
  WatchReactor(const SnapshotHolder* snapshots, const StockStore* stock,
               AvailabilityWatchers* watchers,
               const v1::WatchAvailabilityRequest& request)
      : watchers_(watchers) {
    const std::shared_ptr<const Snapshot> snapshot = snapshots->Get();
    if (!snapshot) {
      Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          "pharmacy data is not loaded yet"));
      return;
    }
    absl::StatusOr<AvailabilityWatch> watch = WatchFromRequest(
        *snapshot, request,
        [this](v1::AvailabilityEvent e) { Send(std::move(e)); });
    if (!watch.ok()) {
      Finish(ToGrpcStatus(watch.status()));
      return;
    }
    // Registered first, so no change is missed; changes heard meanwhile wait
    // until the present has been queued, so that none overtakes it.
    const AvailabilityWatch copy = *watch;
    absl::StatusOr<uint64_t> id = watchers_->Add(*std::move(watch));
    if (!id.ok()) {
      Finish(ToGrpcStatus(id.status()));
      return;
    }
    id_ = *id;
    std::vector<v1::AvailabilityEvent> initial =
        InitialEvents(*snapshot, *stock, *watchers_, copy, absl::Now());
    absl::MutexLock lock(&mutex_);
    // However many pharmacies have the drug now, the present is sent whole;
    // the limit is on what a slow reader leaves waiting after it.
    limit_ = initial.size() + kMaxQueuedEvents;
    std::vector<v1::AvailabilityEvent> changes = std::move(held_);
    starting_ = false;
    for (std::vector<v1::AvailabilityEvent>* events : {&initial, &changes}) {
      for (v1::AvailabilityEvent& e : *events) QueueLocked(std::move(e));
    }
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mutex_);
    queue_.pop_front();
    writing_ = false;
    if (!ok) {
      FinishLocked(
          grpc::Status(grpc::StatusCode::CANCELLED, "the watcher went away"));
      return;
    }
    WriteNextLocked();
  }

  void OnCancel() override {
    absl::MutexLock lock(&mutex_);
    FinishLocked(grpc::Status::CANCELLED);
  }

  void OnDone() override {
    if (id_ != 0) watchers_->Remove(id_);
    delete this;
  }

 private:
  void Send(v1::AvailabilityEvent event) {
    absl::MutexLock lock(&mutex_);
    if (starting_) {
      held_.push_back(std::move(event));
      return;
    }
    QueueLocked(std::move(event));
  }

  void QueueLocked(v1::AvailabilityEvent event)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (finished_) return;
    if (queue_.size() >= limit_) {
      FinishLocked(grpc::Status(
          grpc::StatusCode::RESOURCE_EXHAUSTED,
          absl::StrCat("more than ", kMaxQueuedEvents,
                       " events waited for this watcher to read them: watch "
                       "again, and read faster")));
      return;
    }
    queue_.push_back(std::move(event));
    WriteNextLocked();
  }

  void WriteNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (writing_ || finished_ || queue_.empty()) return;
    writing_ = true;
    StartWrite(&queue_.front());
  }

  void FinishLocked(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (finished_) return;
    finished_ = true;
    Finish(std::move(status));
  }

  AvailabilityWatchers* const watchers_;
  uint64_t id_ = 0;
  absl::Mutex mutex_;
  std::deque<v1::AvailabilityEvent> queue_ ABSL_GUARDED_BY(mutex_);
  // While the present is being gathered, changes wait here.
  bool starting_ ABSL_GUARDED_BY(mutex_) = true;
  std::vector<v1::AvailabilityEvent> held_ ABSL_GUARDED_BY(mutex_);
  size_t limit_ ABSL_GUARDED_BY(mutex_) = kMaxQueuedEvents;
  bool writing_ ABSL_GUARDED_BY(mutex_) = false;
  bool finished_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace

grpc::ServerUnaryReactor* InventoryService::GetStock(
    grpc::CallbackServerContext* context, const v1::GetStockRequest* request,
    v1::GetStockResponse* response) {
  return Answer(context, *snapshots_, [&](const Snapshot& snapshot) {
    return rxlocator::GetStock(snapshot, *stock_, *request, absl::Now(),
                               watchers_->policy(), response);
  });
}

grpc::ServerReadReactor<v1::StockUpdate>* InventoryService::ReportStock(
    grpc::CallbackServerContext* context, v1::ReportStockResponse* response) {
  if (absl::Status allowed =
          write_access_->Check(CallerOf(*context), "ReportStock");
      !allowed.ok()) {
    return new RefusedReportStock(allowed);
  }
  return new ReportStockReactor(snapshots_, writer_, response);
}

grpc::ServerWriteReactor<v1::AvailabilityEvent>*
InventoryService::WatchAvailability(
    grpc::CallbackServerContext* context,
    const v1::WatchAvailabilityRequest* request) {
  return new WatchReactor(snapshots_, stock_, watchers_, *request);
}

}  // namespace rxlocator
