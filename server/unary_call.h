// ServeUnary: serves one unary method of an async service on a
// ServingQueue. One request for the method's next call is always waiting on
// the queue; when a call arrives, the queue's thread asks for the next one
// and hands this one to `handle`, which finishes it, at once or later from
// any thread.
//
//   ServeUnary(queue, &service_, &AsyncService::RequestGetPharmacy,
//              [this](auto& call) {
//                call.Finish(Answer(*snapshots_, [&](const Snapshot& s) {
//                  return GetPharmacy(s, call.request(), call.response());
//                }));
//              });
#ifndef RXLOCATOR_SERVER_UNARY_CALL_H_
#define RXLOCATOR_SERVER_UNARY_CALL_H_

#include <grpcpp/grpcpp.h>

#include "server/serving_queues.h"

namespace rxlocator {

// A generated service's RequestX for a unary method X.
template <typename Service, typename Request, typename Response>
using RequestUnaryMethod = void (Service::*)(
    grpc::ServerContext*, Request*, grpc::ServerAsyncResponseWriter<Response>*,
    grpc::CompletionQueue*, grpc::ServerCompletionQueue*, void*);

template <typename Service, typename Request, typename Response,
          typename Handler>
class UnaryCall {
 public:
  using RequestMethod = RequestUnaryMethod<Service, Request, Response>;

  // Asks for the method's next call; it deletes itself when done.
  static void AwaitNext(ServingQueue queue, Service* service,
                        RequestMethod request_method, Handler handle) {
    new UnaryCall(queue, service, request_method, std::move(handle));
  }

  grpc::ServerContext& context() { return context_; }
  const Request& request() const { return request_; }
  Response* response() { return &response_; }

  // Sends `status`, and the response if it is OK. Call exactly once.
  void Finish(const grpc::Status& status) {
    writer_.Finish(response_, status, &finished_);
  }

 private:
  UnaryCall(ServingQueue queue, Service* service, RequestMethod request_method,
            Handler handle)
      : queue_(queue),
        in_progress_(queue.calls),
        service_(service),
        request_method_(request_method),
        handle_(std::move(handle)) {
    (service_->*request_method_)(&context_, &request_, &writer_, queue_.cq,
                                 queue_.cq, &arrived_);
  }

  void Arrived(bool ok) {
    if (!ok) {  // No call: the server is stopping.
      delete this;
      return;
    }
    AwaitNext(queue_, service_, request_method_, handle_);
    handle_(*this);
  }

  void Finished(bool) { delete this; }

  const ServingQueue queue_;
  const CallsInProgress::Hold in_progress_;
  Service* const service_;
  const RequestMethod request_method_;
  const Handler handle_;
  grpc::ServerContext context_;
  Request request_;
  Response response_;
  grpc::ServerAsyncResponseWriter<Response> writer_{&context_};
  OnComplete<UnaryCall> arrived_{this, &UnaryCall::Arrived};
  OnComplete<UnaryCall> finished_{this, &UnaryCall::Finished};
};

template <typename Service, typename AsyncService, typename Request,
          typename Response, typename Handler>
void ServeUnary(ServingQueue queue, AsyncService* service,
                RequestUnaryMethod<Service, Request, Response> request_method,
                Handler handle) {
  UnaryCall<Service, Request, Response, Handler>::AwaitNext(
      queue, service, request_method, std::move(handle));
}

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_UNARY_CALL_H_
