// Reads a fuzz input's bytes as little-endian integers, for targets that
// make values (a page token's fields, a choice) from raw input.
//
//   ByteReader in(text);
//   token.after.tie_break = static_cast<uint32_t>(in.Take(4));
//
// Bytes past the end read as zeros, so every input gives some value.
#ifndef RXLOCATOR_TESTS_FUZZ_BYTE_READER_H_
#define RXLOCATOR_TESTS_FUZZ_BYTE_READER_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace rxlocator::fuzzing {

class ByteReader {
 public:
  explicit ByteReader(absl::string_view bytes) : rest_(bytes) {}

  // The next `n` (at most 8) bytes as an integer.
  uint64_t Take(size_t n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n && !rest_.empty(); ++i) {
      v |= uint64_t{static_cast<unsigned char>(rest_.front())} << (8 * i);
      rest_.remove_prefix(1);
    }
    return v;
  }

  // The bytes not taken yet.
  absl::string_view rest() const { return rest_; }

 private:
  absl::string_view rest_;
};

}  // namespace rxlocator::fuzzing

#endif  // RXLOCATOR_TESTS_FUZZ_BYTE_READER_H_
