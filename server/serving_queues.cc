#include "server/serving_queues.h"

#include <sched.h>

#include <algorithm>

namespace rxlocator {

CallsInProgress::Hold::Hold(CallsInProgress* calls) : calls_(calls) {
  absl::MutexLock lock(&calls_->mutex_);
  ++calls_->count_;
}

CallsInProgress::Hold::~Hold() {
  absl::MutexLock lock(&calls_->mutex_);
  --calls_->count_;
}

void CallsInProgress::WaitUntilNone() {
  absl::MutexLock lock(&mutex_);
  mutex_.Await(absl::Condition(
      +[](int* count) { return *count == 0; }, &count_));
}

ServingQueues::ServingQueues(grpc::ServerBuilder* builder, int threads) {
  for (int i = 0; i < std::max(threads, 1); ++i) {
    cqs_.push_back(builder->AddCompletionQueue());
    queues_.push_back({cqs_.back().get(), &calls_});
  }
}

ServingQueues::~ServingQueues() { Stop(); }

void ServingQueues::Start(const std::function<void(ServingQueue&)>& serve) {
  for (ServingQueue& queue : queues_) {
    serve(queue);
    threads_.emplace_back([cq = queue.cq] {
      void* tag = nullptr;
      bool ok = false;
      while (cq->Next(&tag, &ok)) static_cast<Completion*>(tag)->Complete(ok);
    });
  }
}

void ServingQueues::Stop() {
  if (stopped_) return;
  stopped_ = true;
  calls_.WaitUntilNone();
  for (const auto& cq : cqs_) cq->Shutdown();
  for (std::thread& thread : threads_) thread.join();
}

int UsableCpus() {
  cpu_set_t cpus;
  if (sched_getaffinity(0, sizeof(cpus), &cpus) != 0) return 1;
  return std::max(CPU_COUNT(&cpus), 1);
}

}  // namespace rxlocator
