// Fuzz target for page tokens. The input is read two ways:
// - as a token: DecodePageToken either refuses it with InvalidArgument or
//   gives a token that encodes and decodes back to itself;
// - as the fields of a token (the bytes of its data version, query
//   fingerprint, position and instant): encoding them gives a token that
//   decodes back to exactly those fields, whatever their values (a NaN
//   distance, an instant far from now).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/page_token.h"
#include "tests/fuzz/page_token_bytes.h"
#include "tests/fuzz/require.h"

namespace rxlocator::fuzzing {
namespace {

bool Same(const PageToken& a, const PageToken& b) {
  // The position compares bit for bit: NaN is not equal to itself.
  return a.data_version == b.data_version &&
         a.query_fingerprint == b.query_fingerprint &&
         std::memcmp(&a.after.value, &b.after.value, sizeof a.after.value) ==
             0 &&
         a.after.tie_break == b.after.tie_break && a.asked_at == b.asked_at;
}

void CheckRoundTrip(const PageToken& token) {
  absl::StatusOr<PageToken> decoded = DecodePageToken(EncodePageToken(token));
  Require(decoded.ok() && Same(*decoded, token),
          "a token does not decode to what was encoded");
}

}  // namespace
}  // namespace rxlocator::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rxlocator;           // NOLINT(build/namespaces)
  using namespace rxlocator::fuzzing;  // NOLINT(build/namespaces)
  const absl::string_view text(reinterpret_cast<const char*>(data), size);

  absl::StatusOr<PageToken> token = DecodePageToken(text);
  if (token.ok()) {
    CheckRoundTrip(*token);
  } else {
    Require(token.status().code() == absl::StatusCode::kInvalidArgument,
            "a bad token refused with the wrong code");
  }

  ByteReader in(text);
  PageToken fields;
  fields.data_version = in.Take(8);
  fields.query_fingerprint = in.Take(8);
  TakePosition(in, &fields);
  CheckRoundTrip(fields);
  return 0;
}
