// Connecting to the server, and exit codes for failed calls.
#include "tools/cli/connection.h"

#include <grpcpp/security/credentials.h>

#include <cstdio>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "loaders/text_file.h"
#include "tools/cli/exit_codes.h"

namespace rxlocator::cli {
namespace {

// The content of the file that flag `name` names; a usage error if it
// cannot be read.
std::string FileFlag(const Args& args, const std::string& name) {
  absl::StatusOr<std::string> text = ReadTextFile(args.Get(name));
  if (!text.ok())
    Usage(absl::StrCat("--", name, ": ", text.status().message()));
  return *std::move(text);
}

std::shared_ptr<grpc::Channel> OpenChannel(const Args& args,
                                           const std::string& server) {
  const bool tls = args.Has("tls") || args.Has("tls-ca") ||
                   args.Has("tls-cert") || args.Has("tls-server-name");
  if (!tls) {
    if (args.Has("tls-key")) Usage("--tls-key goes with --tls-cert");
    return grpc::CreateChannel(server, grpc::InsecureChannelCredentials());
  }
  if (args.Has("tls-cert") != args.Has("tls-key")) {
    Usage("--tls-cert and --tls-key go together: give both or neither");
  }
  grpc::SslCredentialsOptions ssl;
  if (args.Has("tls-ca")) ssl.pem_root_certs = FileFlag(args, "tls-ca");
  if (args.Has("tls-cert")) {
    ssl.pem_cert_chain = FileFlag(args, "tls-cert");
    ssl.pem_private_key = FileFlag(args, "tls-key");
  }
  grpc::ChannelArguments channel_args;
  if (args.Has("tls-server-name")) {
    channel_args.SetSslTargetNameOverride(args.Get("tls-server-name"));
  }
  return grpc::CreateCustomChannel(server, grpc::SslCredentials(ssl),
                                   channel_args);
}

// "Bearer TOKEN" from the --token-file, or empty without one.
std::string Authorization(const Args& args) {
  if (!args.Has("token-file")) return "";
  const std::string token =
      std::string(absl::StripAsciiWhitespace(FileFlag(args, "token-file")));
  if (token.empty()) Usage("--token-file: the file holds no token");
  return absl::StrCat("Bearer ", token);
}

}  // namespace

Connection Connect(const Args& args) {
  const char* env_server = std::getenv("RXLOCATOR_SERVER");
  const std::string server =
      args.Get("server", env_server ? env_server : "localhost:50051");
  return Connection{server, OpenChannel(args, server),
                    args.Has("timeout") ? NumberFlag(args, "timeout") : 10.0,
                    Authorization(args)};
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
