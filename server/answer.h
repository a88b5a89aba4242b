// ServeFromSnapshot: serves a unary method whose calls are answered from the
// published snapshot. Each call takes the snapshot once, runs `answer` on it
// and finishes with answer's status, converted to gRPC's once, here.
//
//   ServeFromSnapshot(queue, &service_, &AsyncService::RequestGetPharmacy,
//                     snapshots_, [](const Snapshot& snapshot,
//                                    const auto& request, auto* response) {
//                       return GetPharmacy(snapshot, request, response);
//                     });
#ifndef RXLOCATOR_SERVER_ANSWER_H_
#define RXLOCATOR_SERVER_ANSWER_H_

#include <memory>

#include "absl/status/status.h"
#include "server/grpc_status.h"
#include "server/serving_queues.h"
#include "server/snapshot_holder.h"
#include "server/unary_call.h"

namespace rxlocator {

// `answer(const Snapshot&, const Request&, Response*)` returns an
// absl::Status; `snapshots` must outlive the queue.
template <typename Service, typename AsyncService, typename Request,
          typename Response, typename Answer>
void ServeFromSnapshot(
    ServingQueue queue, AsyncService* service,
    RequestUnaryMethod<Service, Request, Response> request_method,
    const SnapshotHolder* snapshots, Answer answer) {
  ServeUnary(queue, service, request_method, [snapshots, answer](auto& call) {
    const std::shared_ptr<const Snapshot> snapshot = snapshots->Get();
    call.Finish(ToGrpcStatus(
        snapshot ? answer(*snapshot, call.request(), call.response())
                 : absl::UnavailableError("pharmacy data is not loaded yet")));
  });
}

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_ANSWER_H_
