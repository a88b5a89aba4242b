#include "index/drug_catalog.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace rxlocator {

DrugCatalog::DrugCatalog(std::vector<Drug> drugs) : drugs_(std::move(drugs)) {
  // Stable, so that of the drugs with one NDC the first given comes first
  // and is the one std::unique keeps.
  std::stable_sort(drugs_.begin(), drugs_.end(),
                   [](const Drug& a, const Drug& b) { return a.ndc < b.ndc; });
  drugs_.erase(
      std::unique(drugs_.begin(), drugs_.end(),
                  [](const Drug& a, const Drug& b) { return a.ndc == b.ndc; }),
      drugs_.end());
  for (uint32_t i = 0; i < drugs_.size(); ++i) {
    by_ndc_.emplace(drugs_[i].ndc, i);
    if (!drugs_[i].product.empty()) {
      by_product_[drugs_[i].product].push_back(i);
    }
    by_name_.emplace_back(absl::AsciiStrToLower(drugs_[i].name), i);
  }
  std::sort(by_name_.begin(), by_name_.end());
}

const Drug* DrugCatalog::Find(absl::string_view ndc) const {
  auto it = by_ndc_.find(ndc);
  return it == by_ndc_.end() ? nullptr : &drugs_[it->second];
}

std::vector<const Drug*> DrugCatalog::SameProduct(absl::string_view ndc) const {
  const Drug* drug = Find(ndc);
  if (drug == nullptr) return {};
  if (drug->product.empty()) return {drug};
  std::vector<const Drug*> same;
  for (uint32_t i : by_product_.at(drug->product)) same.push_back(&drugs_[i]);
  return same;
}

std::vector<const Drug*> DrugCatalog::FindByName(absl::string_view text) const {
  const std::string key =
      absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  std::vector<const Drug*> found;
  if (key.empty()) return found;
  // Names that start with `key` sort together from the first name >= key,
  // and those equal to it come first, ordered by position (= NDC).
  for (auto it = std::lower_bound(by_name_.begin(), by_name_.end(),
                                  std::make_pair(key, uint32_t{0}));
       it != by_name_.end() && absl::StartsWith(it->first, key); ++it) {
    found.push_back(&drugs_[it->second]);
  }
  return found;
}

}  // namespace rxlocator
