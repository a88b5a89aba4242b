// WriteAccess: who may change what the service serves. ReportStock and every
// Admin call ask it first; reads never do.
//
// A caller gets in with either
//   - a client certificate, verified by the TLS handshake against the
//     server's client CA, whose subject common name or one of whose subject
//     alternative names is on the allow-list; or
//   - an `authorization: Bearer TOKEN` header carrying one of the tokens in
//     the token file.
// A call with neither is UNAUTHENTICATED, and so is one with a wrong token;
// a verified certificate that is not on the list is PERMISSION_DENIED. A
// server configured with no way in refuses every write (PERMISSION_DENIED)
// unless it was told to let anyone write, which is for development only.
//
//   absl::StatusOr<WriteAccess> access = WriteAccess::Create(options);
//   if (absl::Status s = access->Check(CallerOf(*context), "ReportStock");
//       !s.ok()) { ... refuse with s ... }
//
// Immutable once created; Check is thread-safe.
#ifndef RXLOCATOR_SERVER_WRITE_ACCESS_H_
#define RXLOCATOR_SERVER_WRITE_ACCESS_H_

#include <grpcpp/server_context.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rxlocator {

struct WriteAccessOptions {
  // A file of bearer tokens, one a line, each at least kMinTokenLength
  // printable characters without spaces; blank lines and lines starting
  // with '#' are skipped. Default: none, so no token lets anyone in.
  std::string token_file;
  // Client certificate identities (common name or subject alternative name)
  // that may write. Default: none.
  std::vector<std::string> identities;
  // Whether anyone at all may write. Default false; for development only.
  bool allow_unauthenticated = false;
};

// What a call presents to prove who it is.
struct Caller {
  // The value of its `authorization` header, if it sent one.
  std::optional<std::string> authorization;
  // Its identities from a client certificate that the TLS handshake
  // verified; empty without one.
  std::vector<std::string> certificate_identities;
};

// The credentials `context`'s call presented.
Caller CallerOf(const grpc::ServerContextBase& context);

class WriteAccess {
 public:
  // Shorter tokens are too easy to guess.
  static constexpr size_t kMinTokenLength = 16;

  // Reads the token file; an error names the file and line (never a token).
  static absl::StatusOr<WriteAccess> Create(const WriteAccessOptions& options);

  // OK if `caller` may make `call` (named in the refusal, e.g. "ReportStock").
  absl::Status Check(const Caller& caller, absl::string_view call) const;

  // Whether a bearer token can let a caller in.
  bool accepts_tokens() const { return !tokens_.empty(); }

 private:
  WriteAccess() = default;

  bool AcceptsToken(absl::string_view authorization) const;

  std::vector<std::string> tokens_;
  absl::flat_hash_set<std::string> identities_;
  bool allow_unauthenticated_ = false;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_WRITE_ACCESS_H_
