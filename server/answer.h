// Answer: the body of every unary call on the callback API. Takes the
// published snapshot once, runs the handler on it, and finishes the call
// with the handler's status, converted to gRPC's once, here.
//
//   return Answer(context, *snapshots_, [&](const Snapshot& snapshot) {
//     return rxlocator::GetPharmacy(snapshot, *request, response);
//   });
#ifndef RXLOCATOR_SERVER_ANSWER_H_
#define RXLOCATOR_SERVER_ANSWER_H_

#include <grpcpp/grpcpp.h>

#include <memory>

#include "absl/status/status.h"
#include "server/grpc_status.h"
#include "server/snapshot_holder.h"

namespace rxlocator {

template <typename Handler>
grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* context,
                                 const SnapshotHolder& snapshots,
                                 Handler handler) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const std::shared_ptr<const Snapshot> snapshot = snapshots.Get();
  reactor->Finish(ToGrpcStatus(
      snapshot ? handler(*snapshot)
               : absl::UnavailableError("pharmacy data is not loaded yet")));
  return reactor;
}

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_ANSWER_H_
