#include "bench/blocking_calls.h"

#include <string>

namespace rxlocator {

BlockingCalls::BlockingCalls(int workers, Call call) : call_(std::move(call)) {
  for (int w = 0; w < workers; ++w)
    threads_.emplace_back([this, w] { Work(w); });
}

BlockingCalls::~BlockingCalls() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& t : threads_) t.join();
}

LoadGenerator::StartCall BlockingCalls::Starter() {
  return [this](int, int64_t index, LoadGenerator::Done done) {
    absl::MutexLock lock(&mu_);
    queue_.emplace_back(index, std::move(done));
  };
}

void BlockingCalls::Work(int worker) {
  while (true) {
    std::pair<int64_t, LoadGenerator::Done> next;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &BlockingCalls::Ready));
      if (queue_.empty()) return;  // Stopping, and nothing left.
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    const absl::Status status = call_(worker, next.first);
    next.second(status.ok() ? grpc::Status::OK
                            : grpc::Status(grpc::StatusCode::UNKNOWN,
                                           std::string(status.message())));
  }
}

}  // namespace rxlocator
