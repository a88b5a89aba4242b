#include "loaders/street_address.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace rxlocator {
namespace {

// Spelled-out words and their USPS abbreviations (Publication 28, appendices
// B, C1 and C2). Only the common ones: both sources of a comparison go
// through the same table, so a missing word costs a match only when one
// source spells it out and the other abbreviates it.
const absl::flat_hash_map<absl::string_view, absl::string_view>&
Abbreviations() {
  static const auto* const kAbbreviations =
      new absl::flat_hash_map<absl::string_view, absl::string_view>({
          // Street suffixes.
          {"AVENUE", "AVE"},
          {"BOULEVARD", "BLVD"},
          {"CENTER", "CTR"},
          {"CIRCLE", "CIR"},
          {"COURT", "CT"},
          {"DRIVE", "DR"},
          {"EXPRESSWAY", "EXPY"},
          {"FREEWAY", "FWY"},
          {"HIGHWAY", "HWY"},
          {"LANE", "LN"},
          {"PARKWAY", "PKWY"},
          {"PLACE", "PL"},
          {"PLAZA", "PLZ"},
          {"ROAD", "RD"},
          {"ROUTE", "RTE"},
          {"SQUARE", "SQ"},
          {"STREET", "ST"},
          {"TERRACE", "TER"},
          {"TRAIL", "TRL"},
          {"TURNPIKE", "TPKE"},
          // Directionals.
          {"NORTH", "N"},
          {"NORTHEAST", "NE"},
          {"NORTHWEST", "NW"},
          {"SOUTH", "S"},
          {"SOUTHEAST", "SE"},
          {"SOUTHWEST", "SW"},
          {"EAST", "E"},
          {"WEST", "W"},
          // Secondary unit designators.
          {"APARTMENT", "APT"},
          {"BUILDING", "BLDG"},
          {"FLOOR", "FL"},
          {"ROOM", "RM"},
          {"SUITE", "STE"},
      });
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
