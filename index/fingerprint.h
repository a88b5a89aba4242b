// Fingerprint: a stable 64-bit FNV-1a hash for data versions, ids and page
// tokens. Unlike std::hash and absl::Hash it is the same in every process and
// on every machine, so replicas serving the same data agree on it.
//
//   Fingerprint f;
//   f.Add("walgreens").Add(uint64_t{42});
//   uint64_t v = f.value();
//
// Not for security: anyone can compute it.
#ifndef RXLOCATOR_INDEX_FINGERPRINT_H_
#define RXLOCATOR_INDEX_FINGERPRINT_H_

#include <cstdint>
#include <cstring>

#include "absl/strings/string_view.h"

namespace rxlocator {

class Fingerprint {
 public:
  // Adds the bytes of `s` and then its length, so that ("ab", "c") and
  // ("a", "bc") differ.
  Fingerprint& Add(absl::string_view s) {
    AddBytes(s.data(), s.size());
    return Add(uint64_t{s.size()});
  }
  Fingerprint& Add(uint64_t v) { return AddBytes(&v, sizeof v); }
  Fingerprint& Add(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    return Add(bits);
  }

  uint64_t value() const { return hash_; }

 private:
  Fingerprint& AddBytes(const void* data, size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < n; ++i) {
      hash_ = (hash_ ^ p[i]) * 0x100000001b3ULL;
    }
    return *this;
  }

  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_FINGERPRINT_H_
