#include "server/page_token.h"

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "index/fingerprint.h"
#include "index/identifiers.h"

namespace rxlocator {
namespace {

constexpr unsigned char kFormat = 1;
// format, data version, query fingerprint, rank value, tie break, asked at
// (microseconds since the Unix epoch), checksum. The checksum's 5 bytes make
// the total a multiple of 3, so every base64 character carries checked bits.
constexpr size_t kChecksumBytes = 5;
constexpr size_t kSize = 1 + 8 + 8 + 8 + 4 + 8 + kChecksumBytes;

void Put(uint64_t v, int bytes, std::string* out) {
  for (int i = 0; i < bytes; ++i)
    out->push_back(static_cast<char>(v >> (8 * i)));
}

uint64_t Get(absl::string_view in, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) {
    v |= uint64_t{static_cast<unsigned char>(in[at + i])} << (8 * i);
  }
  return v;
}

uint64_t Checksum(absl::string_view body) {
  return Fingerprint().Add(body).value() & ((uint64_t{1} << 40) - 1);
}

}  // namespace

std::string EncodePageToken(const PageToken& token) {
  uint64_t value_bits;
  std::memcpy(&value_bits, &token.after.value, sizeof value_bits);
  std::string raw(1, static_cast<char>(kFormat));
  Put(token.data_version, 8, &raw);
  Put(token.query_fingerprint, 8, &raw);
  Put(value_bits, 8, &raw);
  Put(token.after.tie_break, 4, &raw);
  Put(static_cast<uint64_t>(absl::ToUnixMicros(token.asked_at)), 8, &raw);
  Put(Checksum(raw), kChecksumBytes, &raw);
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<PageToken> DecodePageToken(absl::string_view text) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(text, &raw) || raw.size() != kSize ||
      static_cast<unsigned char>(raw[0]) != kFormat ||
      Get(raw, kSize - kChecksumBytes, kChecksumBytes) !=
          Checksum(absl::string_view(raw).substr(0, kSize - kChecksumBytes))) {
    return absl::InvalidArgumentError(absl::StrCat(
        "page_token ", Quoted(text),
        " is not a token this service issued: pass the next_page_token of "
        "the previous response unchanged"));
  }
  PageToken token;
  token.data_version = Get(raw, 1, 8);
  token.query_fingerprint = Get(raw, 9, 8);
  const uint64_t value_bits = Get(raw, 17, 8);
  std::memcpy(&token.after.value, &value_bits, sizeof value_bits);
  token.after.tie_break = static_cast<uint32_t>(Get(raw, 25, 4));
  token.asked_at = absl::FromUnixMicros(static_cast<int64_t>(Get(raw, 29, 8)));
  return token;
}

}  // namespace rxlocator
