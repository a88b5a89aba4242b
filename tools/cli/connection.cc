// Connecting to the server, and exit codes for failed calls.
#include "tools/cli/connection.h"

#include <cstdio>
#include <cstdlib>

#include "tools/cli/exit_codes.h"

namespace rxlocator::cli {

Connection Connect(const Args& args) {
  const char* env_server = std::getenv("RXLOCATOR_SERVER");
  const std::string server =
      args.Get("server", env_server ? env_server : "localhost:50051");
  return Connection{
      server, grpc::CreateChannel(server, grpc::InsecureChannelCredentials()),
      args.Has("timeout") ? NumberFlag(args, "timeout") : 10.0};
}

int Failed(const grpc::Status& status) {
  std::fprintf(stderr, "rxlocator: %s (gRPC code %d)\n",
               status.error_message().c_str(), status.error_code());
  const bool unreachable =
      status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
  return unreachable ? kUnreachable : kServerError;
}

}  // namespace rxlocator::cli
