#include "server/write_access.h"

#include <grpc/grpc_security_constants.h>

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "loaders/text_file.h"

namespace rxlocator {
namespace {

std::string FromRef(grpc::string_ref ref) {
  return std::string(ref.data(), ref.size());
}

// Whether `guess` is `secret`, looking at every byte of the guess whatever
// matches, so that the time taken does not tell how much of it was right.
bool SameSecret(absl::string_view guess, absl::string_view secret) {
  unsigned char differ = guess.size() != secret.size();
  for (size_t i = 0; i < guess.size(); ++i) {
    differ |= guess[i] ^ secret[i % secret.size()];
  }
  return differ == 0;
}

bool IsTokenCharacter(char c) { return c > ' ' && c < 0x7f; }

}  // namespace

Caller CallerOf(const grpc::ServerContextBase& context) {
  Caller caller;
  const auto& metadata = context.client_metadata();
  if (auto it = metadata.find("authorization"); it != metadata.end()) {
    caller.authorization = FromRef(it->second);
  }
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth != nullptr && auth->IsPeerAuthenticated()) {
    for (const char* property :
         {GRPC_X509_CN_PROPERTY_NAME, GRPC_X509_SAN_PROPERTY_NAME}) {
      for (grpc::string_ref value : auth->FindPropertyValues(property)) {
        caller.certificate_identities.push_back(FromRef(value));
      }
    }
  }
  return caller;
}

absl::StatusOr<WriteAccess> WriteAccess::Create(
    const WriteAccessOptions& options) {
  WriteAccess access;
  access.allow_unauthenticated_ = options.allow_unauthenticated;
  access.identities_.insert(options.identities.begin(),
                            options.identities.end());
  if (options.token_file.empty()) return access;
  absl::StatusOr<std::string> text = ReadTextFile(options.token_file);
  if (!text.ok()) return text.status();
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || absl::StartsWith(line, "#")) continue;
    const std::string where =
        absl::StrCat(options.token_file, ":", line_number, ": ");
    if (!std::all_of(line.begin(), line.end(), IsTokenCharacter)) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, "a token must be printable characters without spaces"));
    }
    if (line.size() < kMinTokenLength) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "a token must be at least ", kMinTokenLength,
                       " characters; this one has ", line.size()));
    }
    access.tokens_.emplace_back(line);
  }
  if (access.tokens_.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(options.token_file, " holds no token"));
  }
  return access;
}

bool WriteAccess::AcceptsToken(absl::string_view authorization) const {
  // The scheme is case-insensitive (RFC 7235).
  if (authorization.size() < 7 ||
      !absl::EqualsIgnoreCase(authorization.substr(0, 7), "Bearer ")) {
    return false;
  }
  const absl::string_view token =
      absl::StripAsciiWhitespace(authorization.substr(7));
  bool accepted = false;
  for (const std::string& secret : tokens_) {
    accepted |= SameSecret(token, secret);
  }
  return accepted;
}

absl::Status WriteAccess::Check(const Caller& caller,
                                absl::string_view call) const {
  if (allow_unauthenticated_) return absl::OkStatus();
  if (tokens_.empty() && identities_.empty()) {
    return absl::PermissionDeniedError(absl::StrCat(
        call,
        " is refused: this server lets no one write (it has neither "
        "writer tokens nor writer identities)"));
  }
  for (const std::string& identity : caller.certificate_identities) {
    if (identities_.contains(identity)) return absl::OkStatus();
  }
  if (caller.authorization.has_value()) {
    if (AcceptsToken(*caller.authorization)) return absl::OkStatus();
    return absl::UnauthenticatedError(absl::StrCat(
        call,
        " is refused: the authorization header is not a bearer token "
        "this server accepts"));
  }
  if (!caller.certificate_identities.empty()) {
    return absl::PermissionDeniedError(
        absl::StrCat(call, " is refused: client certificate \"",
                     caller.certificate_identities.front(),
                     "\" is not on the writer allow-list"));
  }
  return absl::UnauthenticatedError(
      absl::StrCat(call,
                   " needs credentials: a client certificate on the writer "
                   "allow-list, or an \"authorization: Bearer TOKEN\" header"));
}

}  // namespace rxlocator
