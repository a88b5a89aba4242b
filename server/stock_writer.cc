#include "server/stock_writer.h"

#include <utility>

namespace rxlocator {

StockWriter::StockWriter(Sink sink)
    : sink_(std::move(sink)), thread_([this] { Run(); }) {}

StockWriter::~StockWriter() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  thread_.join();
}

StockWriter::Sink StockWriter::IntoStore(StockStore* store) {
  return [store](absl::Span<const StockObservation> batch) -> Result {
    std::vector<StockStore::Outcome> outcomes;
    outcomes.reserve(batch.size());
    for (const StockObservation& o : batch) outcomes.push_back(store->Apply(o));
    return outcomes;
  };
}

void StockWriter::Write(std::vector<StockObservation> batch, Done done) {
  absl::MutexLock lock(&mutex_);
  queue_.push_back({std::move(batch), std::move(done)});
}

void StockWriter::Run() {
  for (;;) {
    Job job;
    {
      absl::MutexLock lock(&mutex_);
      mutex_.Await(absl::Condition(
          +[](StockWriter* w) ABSL_EXCLUSIVE_LOCKS_REQUIRED(w->mutex_) {
            return w->stopping_ || !w->queue_.empty();
          },
          this));
      if (queue_.empty()) return;  // Stopping, and nothing left.
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job.done(sink_(job.batch));
  }
}

}  // namespace rxlocator
