// The drugs the service knows: each NDC with its name, strength and form,
// and the product it is a package of, so that a request for one NDC can be
// filled from another package of the same product.
//
//   DrugCatalog catalog(*LoadDrugCatalog("drugs.csv", {}, &report));
//   const Drug* drug = catalog.Find("00069108530");   // 11 digits only
//   for (const Drug* same : catalog.SameProduct("00069108530")) ...
//   std::vector<const Drug*> found = catalog.FindByName("paxlovid");
//
// A DrugCatalog is immutable; every method is const and thread-safe. The
// pointers it returns live as long as the catalog (and survive moving it).
#ifndef RXLOCATOR_INDEX_DRUG_CATALOG_H_
#define RXLOCATOR_INDEX_DRUG_CATALOG_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace rxlocator {

struct Drug {
  std::string ndc;       // 11 digits, as NormalizeNdc (index/ndc.h) returns.
  std::string name;      // "Paxlovid"; not empty.
  std::string strength;  // "150 mg; 100 mg"; empty when unknown.
  std::string form;      // "tablet"; empty when unknown.
  // Groups the NDCs that are packages of one product and can be dispensed
  // for one another ("paxlovid"). Compared exactly. Empty: substitutable
  // with no other NDC.
  std::string product;
  // Dispensed through specialty pharmacies (injectables, biologics, drugs
  // with special handling): a plan's specialty pharmacy can fill it.
  bool specialty = false;
  std::string source;  // Where the record came from: "native:drugs.csv:2".
};

class DrugCatalog {
 public:
  DrugCatalog() = default;
  // The drugs in `drugs`. An NDC given more than once keeps its first
  // record; the later ones are dropped (loaders report repeats within a
  // file, so a repeat here is a later source, which an earlier one beats).
  explicit DrugCatalog(std::vector<Drug> drugs);

  // The drug with this 11-digit NDC, or nullptr. Other forms of the NDC
  // ("00069-1085-30") are not found: normalise them with NormalizeNdc first.
  const Drug* Find(absl::string_view ndc) const;

  // Every drug whose product is that of the drug with NDC `ndc`, itself
  // included, sorted by NDC. Just that drug if its product is empty; empty
  // if `ndc` is not in the catalog.
  std::vector<const Drug*> SameProduct(absl::string_view ndc) const;

  // The drugs whose name matches `text` ignoring ASCII case and surrounding
  // whitespace: first those whose name is `text` (sorted by NDC), then those
  // whose name starts with it (sorted by name, then NDC). Empty for blank
  // text.
  std::vector<const Drug*> FindByName(absl::string_view text) const;

  // Every drug, sorted by NDC.
  const std::vector<Drug>& drugs() const { return drugs_; }
  size_t size() const { return drugs_.size(); }

 private:
  std::vector<Drug> drugs_;  // Sorted by NDC.
  absl::flat_hash_map<std::string, uint32_t> by_ndc_;
  // Positions in drugs_ of each non-empty product's drugs, ascending.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> by_product_;
  // (lower-case name, position in drugs_), sorted.
  std::vector<std::pair<std::string, uint32_t>> by_name_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_DRUG_CATALOG_H_
