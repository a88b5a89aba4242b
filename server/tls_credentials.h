// The gRPC port's credentials: plaintext, TLS, or TLS that also verifies
// client certificates (mutual TLS), from PEM files read at start.
//
//   absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
//       ServerCredentialsFor({.cert_file = "tls.crt", .key_file = "tls.key"});
//
// The files are read once: a renewed certificate is served after a restart
// (in Kubernetes, a rolling one). Thread-compatible functions.
#ifndef RXLOCATOR_SERVER_TLS_CREDENTIALS_H_
#define RXLOCATOR_SERVER_TLS_CREDENTIALS_H_

#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace rxlocator {

struct ServerTlsOptions {
  // The server's certificate chain and private key, PEM. Both empty (the
  // default) serve plaintext.
  std::string cert_file;
  std::string key_file;
  // The CA that signs client certificates, PEM. When set, a client that
  // presents a certificate must have one this CA signed, and its identity
  // can then let it write (server/write_access.h). Default: none, so client
  // certificates are neither asked for nor checked.
  std::string client_ca_file;
  // Whether every client must present such a certificate, readers too.
  // Default false. Needs client_ca_file.
  bool require_client_cert = false;
};

// Checks the options fit together and reads the files; an error names the
// flag (as --tls_cert and so on) and the file.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(
    const ServerTlsOptions& options);

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_TLS_CREDENTIALS_H_
