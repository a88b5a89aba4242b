// ServingQueues: the completion queues a server's calls run on, on gRPC's
// async API, each drained by one thread of its own. Every operation started
// on them is tagged with a Completion, which that thread runs when the
// operation completes.
//
// Why not the callback API: gRPC 1.51 hands its completions between polling
// threads of its own, never fewer than two, and a server pinned to one core
// paid about seven context switches a call for it, with its p99 at half the
// maximum rate twice the target. One thread that polls and answers in place
// pays one (bench/RESULTS.md, "What limits our p99 at half the maximum").
// A server with any callback method (gRPC's default health service is one)
// starts those threads, so a server on ServingQueues has none.
//
//   grpc::ServerBuilder builder;
//   ServingQueues queues(&builder, UsableCpus());
//   builder.RegisterService(service.grpc_service());
//   std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
//   queues.Start([&](ServingQueue& queue) { service.Serve(queue); });
//   ...
//   server->Shutdown(deadline);
//   queues.Stop();
//
// Stop waits for every call that has arrived to be gone before it shuts the
// queues down: a call can outlive the server's Shutdown while another thread
// still owes it an operation (a stock write, a reload), and that operation
// needs a queue to complete on.
#ifndef RXLOCATOR_SERVER_SERVING_QUEUES_H_
#define RXLOCATOR_SERVER_SERVING_QUEUES_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace rxlocator {

// The tag of an operation started on a ServingQueue.
class Completion {
 public:
  // Runs on the queue's thread. `ok` is gRPC's: false when the operation
  // could not happen (the call was cancelled, the server is stopping).
  virtual void Complete(bool ok) = 0;

 protected:
  ~Completion() = default;
};

// The Completion that calls `method` of `owner`: a call keeps one for each
// kind of operation it starts, so that each completion goes straight to the
// code that handles it.
template <typename Owner>
class OnComplete final : public Completion {
 public:
  OnComplete(Owner* owner, void (Owner::*method)(bool ok))
      : owner_(owner), method_(method) {}
  void Complete(bool ok) override { (owner_->*method_)(ok); }

 private:
  Owner* const owner_;
  void (Owner::*const method_)(bool ok);
};

// Calls that have arrived and are not yet gone.
class CallsInProgress {
 public:
  // Held by a call from its arrival until it is destroyed.
  class Hold {
   public:
    explicit Hold(CallsInProgress* calls);
    ~Hold();
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

   private:
    CallsInProgress* const calls_;
  };

  void WaitUntilNone();

 private:
  absl::Mutex mutex_;
  int count_ ABSL_GUARDED_BY(mutex_) = 0;
};

// One of the queues, as the calls on it see it.
struct ServingQueue {
  grpc::ServerCompletionQueue* const cq;
  CallsInProgress* const calls;
};

class ServingQueues {
 public:
  // Adds `threads` queues (at least one) to `builder`, before BuildAndStart.
  ServingQueues(grpc::ServerBuilder* builder, int threads);
  // Stops, if started and not stopped.
  ~ServingQueues();
  ServingQueues(const ServingQueues&) = delete;
  ServingQueues& operator=(const ServingQueues&) = delete;

  // After BuildAndStart: calls `serve` on each queue, to ask for its first
  // calls, then starts the threads.
  void Start(const std::function<void(ServingQueue&)>& serve);

  // After the server's Shutdown has returned: waits for the calls in
  // progress to be gone, then shuts the queues down, runs what is left on
  // them and joins the threads.
  void Stop();

 private:
  CallsInProgress calls_;
  std::vector<std::unique_ptr<grpc::ServerCompletionQueue>> cqs_;
  std::vector<ServingQueue> queues_;
  std::vector<std::thread> threads_;
};

// How many CPUs this process may run on (its affinity mask), at least 1:
// the default number of serving threads.
int UsableCpus();

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_SERVING_QUEUES_H_
