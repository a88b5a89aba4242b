// A page token's position and instant from fuzz input, for targets that
// forge tokens: a client may send any token it can make, and the checksum
// is no secret (server/page_token.h).
//
//   ByteReader in(text);
//   PageToken token = *DecodePageToken(response.next_page_token());
//   TakePosition(in, &token);
#ifndef RXLOCATOR_TESTS_FUZZ_PAGE_TOKEN_BYTES_H_
#define RXLOCATOR_TESTS_FUZZ_PAGE_TOKEN_BYTES_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "absl/time/time.h"
#include "server/page_token.h"
#include "tests/fuzz/byte_reader.h"

namespace rxlocator::fuzzing {

// How many bytes TakePosition reads.
inline constexpr size_t kPositionBytes = 8 + 4 + 8;

// Sets token->after (its value's 8 bytes as they are, so any double, NaN
// included, then 4 bytes of tie break) and token->asked_at (8 bytes of Unix
// microseconds) from the next kPositionBytes bytes of `in`.
inline void TakePosition(ByteReader& in, PageToken* token) {
  const uint64_t value_bits = in.Take(8);
  std::memcpy(&token->after.value, &value_bits, sizeof value_bits);
  token->after.tie_break = static_cast<uint32_t>(in.Take(4));
  token->asked_at = absl::FromUnixMicros(static_cast<int64_t>(in.Take(8)));
}

}  // namespace rxlocator::fuzzing

#endif  // RXLOCATOR_TESTS_FUZZ_PAGE_TOKEN_BYTES_H_
