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
// starts those threads, so a server on ServingQueues has none. (gRPC's
// reflection is a sync service; beside queues the application polls, gRPC
// gives its queue no polling, and it costs nothing until it is called.)
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
// Stop waits for every call to be gone before it shuts the queues down: a
// call can outlive the server's Shutdown while another thread still owes it
// an operation (a stock write, a reload), and that operation needs a queue
// to complete on; a request the server's Shutdown failed must still be
// taken off its queue, and it uses the server to do so.
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

// Calls asked for (waiting to arrive) or in progress, and not yet gone.
class CallsInProgress {
 public:
  // Held by a call from the moment it is asked for until it is destroyed.
  // A call asked for comes back, failed, once the server has shut down.
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
  // Stops, if not stopped.
  ~ServingQueues();
  ServingQueues(const ServingQueues&) = delete;
  ServingQueues& operator=(const ServingQueues&) = delete;

  // After BuildAndStart: calls `serve` on each queue, to ask for its first
  // calls, then starts the threads.
  void Start(const std::function<void(ServingQueue&)>& serve);

  // After the server's Shutdown has returned, and before the server is
  // destroyed: waits for the calls to be gone, then shuts the queues down
  // and joins the threads. Only the first call does anything.
  void Stop();

 private:
  CallsInProgress calls_;
  std::vector<std::unique_ptr<grpc::ServerCompletionQueue>> cqs_;
  std::vector<ServingQueue> queues_;
  std::vector<std::thread> threads_;
  bool stopped_ = false;
};

// How many CPUs this process may run on (its affinity mask), at least 1:
// the default number of serving threads.
int UsableCpus();

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_SERVING_QUEUES_H_
