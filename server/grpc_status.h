// The one place where absl::Status becomes grpc::Status: core code returns
// absl statuses and the service edge converts them exactly once.
#ifndef RXLOCATOR_SERVER_GRPC_STATUS_H_
#define RXLOCATOR_SERVER_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace rxlocator {

// Same code (the numbering is shared), same message.
inline grpc::Status ToGrpcStatus(const absl::Status& status) {
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_GRPC_STATUS_H_
