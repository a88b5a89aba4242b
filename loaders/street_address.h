// Puts a street address line into one spelling, so that two sources' ways of
// writing the same address compare equal.
//
//   NormalizeStreetAddress("2920 Seward Highway");  // "2920 SEWARD HWY"
//   NormalizeStreetAddress("725 E. Northern Lights Blvd -");
//       // "725 E NORTHERN LIGHTS BLVD"
//   NormalizeStreetAddress("4320 Diplomacy Drive, Suite 1203");
//       // "4320 DIPLOMACY DR STE 1203"
//
// Rules (also in docs/formats.md):
// - ASCII letters are upper-cased; bytes outside ASCII are kept as they are.
// - Apostrophes and periods are dropped ("O'Malley" -> "OMALLEY", "St." ->
//   "ST"); every other run of ASCII punctuation, symbols or whitespace is one
//   space between words, and there is none at either end.
// - A word that spells out a USPS street suffix, directional or secondary
//   unit designator becomes the USPS abbreviation: STREET -> ST, AVENUE ->
//   AVE, HIGHWAY -> HWY, NORTH -> N, NORTHWEST -> NW, SUITE -> STE, ... (the
//   table is in street_address.cc). Only whole words are replaced: WESTERN
//   stays WESTERN.
// - A suite or unit part is kept: it is what tells apart two providers in one
//   building.
// Thread-safe.
#ifndef RXLOCATOR_LOADERS_STREET_ADDRESS_H_
#define RXLOCATOR_LOADERS_STREET_ADDRESS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace rxlocator {

// `line` in the one spelling described above; "" if it has no letters or
// digits.
std::string NormalizeStreetAddress(absl::string_view line);

// One word of the table above: spelled out and as USPS abbreviates it, both
// upper case ("AVENUE", "AVE").
struct StreetWord {
  enum class Kind { kSuffix, kDirectional, kUnit };
  absl::string_view word;
  absl::string_view abbreviation;
  Kind kind;
};

// The whole table, for those who need to read the abbreviations back out
// (the IVR's spoken addresses).
absl::Span<const StreetWord> StreetWords();

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_STREET_ADDRESS_H_
