// BlockingCalls: drives a client whose calls block (one connection, one
// call at a time: hiredis, libpq) from a LoadGenerator, with `workers`
// threads each holding a connection of its own. A started call waits in a
// queue for a free worker, so in an open loop a busy client shows as
// latency, as a busy server does.
//
//   BlockingCalls calls(16, [&](int worker, int64_t index) {
//     return clients[worker].Find(queries[index % queries.size()]).status();
//   });
//   LoadGenerator load(1, calls.Starter());
//
// Thread-safe; outlive every load that uses it.
#ifndef RXLOCATOR_BENCH_BLOCKING_CALLS_H_
#define RXLOCATOR_BENCH_BLOCKING_CALLS_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "bench/load_generator.h"

namespace rxlocator {

class BlockingCalls {
 public:
  using Call = std::function<absl::Status(int worker, int64_t index)>;

  BlockingCalls(int workers, Call call);
  ~BlockingCalls();  // Finishes queued calls, then joins the workers.

  // Queues call `index`; a worker runs it and reports a failure as UNKNOWN.
  LoadGenerator::StartCall Starter();

 private:
  void Work(int worker);
  bool Ready() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || !queue_.empty();
  }

  const Call call_;
  mutable absl::Mutex mu_;
  std::deque<std::pair<int64_t, LoadGenerator::Done>> queue_
      ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_BENCH_BLOCKING_CALLS_H_
