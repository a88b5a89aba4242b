#include "loaders/chains.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace rxlocator {
namespace {

struct Chain {
  absl::string_view key;
  // Names and banners, upper case, as words separated by single spaces.
  std::vector<absl::string_view> names;
};

// Checked in order; the first chain with a matching name wins, so a more
// specific name goes before a chain whose name it contains.
const std::vector<Chain>& Chains() {
  static const auto* const kChains = new std::vector<Chain>{
      {"walgreens", {"WALGREENS", "WALGREEN", "DUANE READE"}},
      {"cvs", {"CVS", "LONGS DRUGS"}},
      // Sam's Club before Walmart; HHS writes "Sams Pharmacy #4836".
      {"sams_club", {"SAMS CLUB", "SAMS PHARMACY"}},
      {"walmart", {"WALMART", "WAL MART"}},
      {"rite_aid", {"RITE AID", "RITEAID"}},
      {"kroger",
       {"KROGER", "FRED MEYER", "RALPHS", "KING SOOPERS", "FRYS FOOD",
        "SMITHS FOOD", "QFC", "DILLONS", "HARRIS TEETER", "MARIANOS",
        "PICK N SAVE", "METRO MARKET", "FOOD 4 LESS", "FOODS CO", "JAY C",
        "GERBES", "COPPS"}},
      {"albertsons",
       {"ALBERTSONS", "SAFEWAY", "CARRS", "VONS", "JEWEL OSCO", "OSCO",
        "SAV ON", "ACME MARKETS", "TOM THUMB", "SHAWS", "PAVILIONS", "RANDALLS",
        "STAR MARKET", "HAGGEN", "UNITED SUPERMARKETS", "PAK N SAVE"}},
      {"costco", {"COSTCO"}},
      {"publix", {"PUBLIX"}},
      {"heb", {"HEB", "H E B"}},
      {"hy_vee", {"HY VEE", "HYVEE"}},
      {"meijer", {"MEIJER"}},
      {"giant_eagle", {"GIANT EAGLE"}},
      {"wegmans", {"WEGMANS"}},
      {"ingles", {"INGLES"}},
      {"weis", {"WEIS MARKETS"}},
      {"hannaford", {"HANNAFORD"}},
      {"kinney_drugs", {"KINNEY DRUGS"}},
  };
  return *kChains;
}

// " CVS PHARMACY INC 17404 ": upper case, apostrophes dropped ("SAM'S" ->
// "SAMS"), every other non-alphanumeric run a single space, padded with
// spaces so a whole-word match is a substring match of " NAME ".
std::string Words(absl::string_view name) {
  std::string out = " ";
  for (char c : name) {
    if (c == '\'') continue;
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      out += absl::ascii_toupper(static_cast<unsigned char>(c));
    } else if (out.back() != ' ') {
      out += ' ';
    }
  }
  if (out.back() != ' ') out += ' ';
  return out;
}

}  // namespace

std::string ChainFromName(absl::string_view provider_name) {
  const std::string words = Words(provider_name);
  for (const Chain& chain : Chains()) {
    for (absl::string_view name : chain.names) {
      if (absl::StrContains(words, absl::StrCat(" ", name, " "))) {
        return std::string(chain.key);
      }
    }
  }
  return "";
}

}  // namespace rxlocator
