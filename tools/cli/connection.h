// The client's connection to the rxlocator server, and what a failed call
// means for the exit code.
//
//   const Connection connection = Connect(args);
//   const grpc::Status status = CallUnary(
//       connection, &v1::PharmacyLocator::Stub::GetPharmacy, request, &p);
//   if (!status.ok()) return Failed(status);
#ifndef RXLOCATOR_TOOLS_CLI_CONNECTION_H_
#define RXLOCATOR_TOOLS_CLI_CONNECTION_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "tools/cli/args.h"

namespace rxlocator::cli {

// Where the server is, how long to wait for it, and the bearer token to
// show it.
struct Connection {
  std::string server;
  std::shared_ptr<grpc::Channel> channel;
  double timeout_seconds;
  // "Bearer TOKEN", or empty to send none.
  std::string authorization;

  std::chrono::system_clock::time_point Deadline() const {
    return std::chrono::system_clock::now() +
           std::chrono::milliseconds(int64_t(timeout_seconds * 1000));
  }
  // Adds the authorization header to a call, if there is a token.
  void Authorize(grpc::ClientContext* context) const {
    if (!authorization.empty()) {
      context->AddMetadata("authorization", authorization);
    }
  }
};

// Calls the unary `method` of the server's `Stub` (a generated service stub)
// within the connection's deadline:
//   CallUnary(connection, &v1::PharmacyLocator::Stub::GetPharmacy, request,
//             &response)
template <typename Stub, typename Request, typename Response>
grpc::Status CallUnary(const Connection& connection,
                       grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                    const Request&, Response*),
                       const Request& request, Response* response) {
  grpc::ClientContext context;
  context.set_deadline(connection.Deadline());
  connection.Authorize(&context);
  Stub stub(connection.channel);
  return (stub.*method)(&context, request, response);
}

// The server of --server, else $RXLOCATOR_SERVER, else localhost:50051,
// with --timeout seconds (default 10) for each call. The channel connects
// on first use: in plaintext, or in TLS with any of --tls (the system's
// trusted CAs), --tls-ca, --tls-cert with --tls-key (a client certificate)
// and --tls-server-name. --token-file names a file holding a bearer token.
// A flag that does not fit, or a file that cannot be read, is a usage
// error.
Connection Connect(const Args& args);

// Prints the server's error and returns the exit code for it: kUnreachable
// when the server could not be reached in time, else kServerError.
int Failed(const grpc::Status& status);

}  // namespace rxlocator::cli

#endif  // RXLOCATOR_TOOLS_CLI_CONNECTION_H_
