// rxlocator health: whether the server is serving (grpc.health.v1).
#include <grpcpp/grpcpp.h>

#include <cstdio>

#include "grpc_health_v1.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/exit_codes.h"

namespace rxlocator::cli {

int Health(const Args& args, const Connection& connection) {
  using grpc::health::v1::HealthCheckResponse;
  grpc::health::v1::HealthCheckRequest request;
  HealthCheckResponse response;
  const grpc::Status status = CallUnary(
      connection, &grpc::health::v1::Health::Stub::Check, request, &response);
  if (!status.ok()) return Failed(status);
  std::printf(
      "%s\n",
      HealthCheckResponse::ServingStatus_Name(response.status()).c_str());
  return response.status() == HealthCheckResponse::SERVING ? 0 : kServerError;
}

}  // namespace rxlocator::cli
