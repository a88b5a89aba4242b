// AsyncCalls: starts unary gRPC calls for a LoadGenerator on one completion
// queue, which one thread of its own drains, reporting each call's status
// to its `done` on that thread.
//
//   AsyncCalls calls;
//   LoadGenerator load(stubs.size(), [&](int channel, int64_t i,
//                                        LoadGenerator::Done done) {
//     calls.Start<v1::FindPharmaciesResponse>(
//         [&](auto... a) { return stubs[channel]->PrepareAsyncFindPharmacies(
//                              a...); },
//         requests[i % requests.size()], deadline, std::move(done));
//   });
//
// Why not gRPC's callback API: it completes calls on two threads of gRPC's
// own, which hand completions between them. With the client held to one
// core, as the peer comparison holds it, those two and the pacer share it,
// and any wait for the core counts as the server's latency. Here the thread
// that polls the queue completes the calls itself (bench/RESULTS.md).
//
// Thread-safe; outlive every load that uses it.
#ifndef RXLOCATOR_BENCH_ASYNC_CALLS_H_
#define RXLOCATOR_BENCH_ASYNC_CALLS_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <thread>
#include <utility>

#include "absl/time/time.h"
#include "bench/load_generator.h"

namespace rxlocator {

class AsyncCalls {
 public:
  AsyncCalls();
  ~AsyncCalls();  // Waits for the calls in flight.

  // Starts `prepare(&context, request, &queue)`, a stub's PrepareAsync
  // method, with `deadline`, and reports its status to `done`.
  template <typename Response, typename Request, typename Prepare>
  void Start(Prepare prepare, const Request& request, absl::Duration deadline,
             LoadGenerator::Done done);

 private:
  // A call in flight; the queue hands it back as the tag when it finishes.
  struct Call {
    virtual ~Call() = default;
    grpc::ClientContext context;
    grpc::Status status;
    LoadGenerator::Done done;
  };

  void Drain();

  grpc::CompletionQueue queue_;
  std::thread drainer_;
};

template <typename Response, typename Request, typename Prepare>
void AsyncCalls::Start(Prepare prepare, const Request& request,
                       absl::Duration deadline, LoadGenerator::Done done) {
  struct UnaryCall : Call {
    Response response;
    std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> reader;
  };
  auto* call = new UnaryCall;
  call->done = std::move(done);
  call->context.set_deadline(std::chrono::system_clock::now() +
                             absl::ToChronoMilliseconds(deadline));
  call->reader = prepare(&call->context, request, &queue_);
  call->reader->StartCall();
  call->reader->Finish(&call->response, &call->status,
                       static_cast<Call*>(call));
}

}  // namespace rxlocator

#endif  // RXLOCATOR_BENCH_ASYNC_CALLS_H_
