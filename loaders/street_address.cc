#include "loaders/street_address.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace rxlocator {
namespace {

using Kind = StreetWord::Kind;

// Spelled-out words and their USPS abbreviations (Publication 28, appendices
// B, C1 and C2). Only the common ones: both sources of a comparison go
// through the same table, so a missing word costs a match only when one
// source spells it out and the other abbreviates it.
constexpr StreetWord kStreetWords[] = {
    // Street suffixes.
    {"AVENUE", "AVE", Kind::kSuffix},
    {"BOULEVARD", "BLVD", Kind::kSuffix},
    {"CENTER", "CTR", Kind::kSuffix},
    {"CIRCLE", "CIR", Kind::kSuffix},
    {"COURT", "CT", Kind::kSuffix},
    {"DRIVE", "DR", Kind::kSuffix},
    {"EXPRESSWAY", "EXPY", Kind::kSuffix},
    {"FREEWAY", "FWY", Kind::kSuffix},
    {"HIGHWAY", "HWY", Kind::kSuffix},
    {"LANE", "LN", Kind::kSuffix},
    {"PARKWAY", "PKWY", Kind::kSuffix},
    {"PLACE", "PL", Kind::kSuffix},
    {"PLAZA", "PLZ", Kind::kSuffix},
    {"ROAD", "RD", Kind::kSuffix},
    {"ROUTE", "RTE", Kind::kSuffix},
    {"SQUARE", "SQ", Kind::kSuffix},
    {"STREET", "ST", Kind::kSuffix},
    {"TERRACE", "TER", Kind::kSuffix},
    {"TRAIL", "TRL", Kind::kSuffix},
    {"TURNPIKE", "TPKE", Kind::kSuffix},
    // Directionals.
    {"NORTH", "N", Kind::kDirectional},
    {"NORTHEAST", "NE", Kind::kDirectional},
    {"NORTHWEST", "NW", Kind::kDirectional},
    {"SOUTH", "S", Kind::kDirectional},
    {"SOUTHEAST", "SE", Kind::kDirectional},
    {"SOUTHWEST", "SW", Kind::kDirectional},
    {"EAST", "E", Kind::kDirectional},
    {"WEST", "W", Kind::kDirectional},
    // Secondary unit designators.
    {"APARTMENT", "APT", Kind::kUnit},
    {"BUILDING", "BLDG", Kind::kUnit},
    {"FLOOR", "FL", Kind::kUnit},
    {"ROOM", "RM", Kind::kUnit},
    {"SUITE", "STE", Kind::kUnit},
};

const absl::flat_hash_map<absl::string_view, absl::string_view>&
Abbreviations() {
  static const auto* const kAbbreviations = [] {
    auto* map = new absl::flat_hash_map<absl::string_view, absl::string_view>;
    for (const StreetWord& w : kStreetWords) {
      map->emplace(w.word, w.abbreviation);
    }
    return map;
  }();
  return *kAbbreviations;
}

// Appends `word`, abbreviated if it is in the table, to the words in `out`.
void AppendWord(absl::string_view word, std::string& out) {
  if (word.empty()) return;
  if (!out.empty()) out += ' ';
  const auto it = Abbreviations().find(word);
  absl::StrAppend(&out, it == Abbreviations().end() ? word : it->second);
}

}  // namespace

absl::Span<const StreetWord> StreetWords() { return kStreetWords; }

std::string NormalizeStreetAddress(absl::string_view line) {
  std::string out, word;
  for (const char c : line) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (c == '\'' || c == '.') continue;
    if (absl::ascii_isalnum(u) || !absl::ascii_isascii(u)) {
      word += absl::ascii_toupper(u);
    } else {
      AppendWord(word, out);
      word.clear();
    }
  }
  AppendWord(word, out);
  return out;
}

}  // namespace rxlocator
