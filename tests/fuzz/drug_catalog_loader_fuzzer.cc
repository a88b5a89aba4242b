// Fuzz target for the drug catalog loaders: every input is loaded as a
// native catalog CSV and as an HHS therapeutics file. Each load keeps the
// loaders' promises (CheckLoad) and gives drugs with unique 11-digit NDCs
// and names, which a DrugCatalog then finds by NDC and by name.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "index/drug_catalog.h"
#include "index/identifiers.h"
#include "loaders/drug_catalog_loader.h"
#include "loaders/load_report.h"
#include "tests/fuzz/checks.h"
#include "tests/fuzz/input_file.h"

namespace rxlocator::fuzzing {
namespace {

void CheckDrugs(const std::vector<Drug>& drugs) {
  absl::flat_hash_set<std::string> ndcs;
  for (const Drug& drug : drugs) {
    Require(drug.ndc.size() == 11 && AllDigits(drug.ndc),
            "a drug whose NDC is not 11 digits");
    Require(ndcs.insert(drug.ndc).second, "two drugs with one NDC");
    Require(!drug.name.empty(), "a drug without a name");
  }
  const DrugCatalog catalog(drugs);
  Require(catalog.size() == drugs.size(), "the catalog dropped a drug");
  for (const Drug& drug : drugs) {
    Require(catalog.Find(drug.ndc) != nullptr, "the catalog misses an NDC");
    const std::vector<const Drug*> named = catalog.FindByName(drug.name);
    Require(std::find(named.begin(), named.end(), catalog.Find(drug.ndc)) !=
                    named.end() ||
                absl::StripAsciiWhitespace(drug.name).empty(),
            "the catalog does not find a drug by its name");
  }
}

}  // namespace
}  // namespace rxlocator::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rxlocator;           // NOLINT(build/namespaces)
  using namespace rxlocator::fuzzing;  // NOLINT(build/namespaces)
  const std::string& path = InputFile(data, size);
  for (auto* load : {LoadDrugCatalog, LoadHhsDrugs}) {
    const auto drugs =
        CheckLoad([&](const LoadOptions& options, LoadReport* report) {
          return load(path, options, report);
        });
    if (drugs) CheckDrugs(*drugs);
  }
  return 0;
}
