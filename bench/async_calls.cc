#include "bench/async_calls.h"

namespace rxlocator {

AsyncCalls::AsyncCalls() : drainer_([this] { Drain(); }) {}

AsyncCalls::~AsyncCalls() {
  queue_.Shutdown();
  drainer_.join();
}

void AsyncCalls::Drain() {
  void* tag;
  bool ok;
  while (queue_.Next(&tag, &ok)) {
    std::unique_ptr<Call> call(static_cast<Call*>(tag));
    const LoadGenerator::Done done = std::move(call->done);
    const grpc::Status status = call->status;
    // Freed before `done`: once the load sees every call done, it may end.
    call.reset();
    done(status);
  }
}

}  // namespace rxlocator
