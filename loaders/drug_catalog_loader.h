// Loads drug records (index/drug_catalog.h) from the formats in
// docs/formats.md ("Drug catalog: native", "Drug catalog from HHS"):
//
//   - rxlocator's own catalog CSV,
//       ndc,name,strength,form,product
//       00069-1085-30,Paxlovid,150 mg/100 mg,tablet,paxlovid
//   - the NDC and drug name columns of an HHS COVID-19 therapeutics locator
//     file (loaders/hhs_locator.h), one drug per distinct NDC.
//
//   LoadReport report;
//   absl::StatusOr<std::vector<Drug>> drugs =
//       LoadDrugCatalog("drugs.csv", LoadOptions(), &report);
//   if (!drugs.ok()) return drugs.status();
//   DrugCatalog catalog(*std::move(drugs));
//
// Bad rows are skipped and counted, or in strict mode fail the load (see
// loaders/load_report.h). Thread-safe.
#ifndef RXLOCATOR_LOADERS_DRUG_CATALOG_LOADER_H_
#define RXLOCATOR_LOADERS_DRUG_CATALOG_LOADER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "index/drug_catalog.h"
#include "loaders/load_report.h"

namespace rxlocator {

// Loads the native catalog CSV at `path` (gzip or not). Columns are found by
// name; `ndc` and `name` are required, `strength`, `form` and `product`
// optional, others ignored. Per row: the NDC normalised (NormalizeNdc), an
// empty product defaulting to the name in lower case, Drug::source
// "native:<file name>:<line>". A bad or missing NDC, an empty name, or an
// NDC already listed (in any form) makes the row bad. Drugs in file order.
absl::StatusOr<std::vector<Drug>> LoadDrugCatalog(const std::string& path,
                                                  const LoadOptions& options,
                                                  LoadReport* report);

// The drugs named in the HHS therapeutics locator file at `path`, any of its
// header variants: one per distinct national_drug_code (both it and
// order_label are required columns), in order of first appearance. The name
// is the order_label of the NDC's first row, the product that name in lower
// case, strength and form empty (the file does not give them), the source
// "hhs:<file name>:<line>" of that first row. A row with a bad or empty NDC
// or an empty order_label is bad; a later row naming an NDC differently is
// a "conflicting name" warning.
absl::StatusOr<std::vector<Drug>> LoadHhsDrugs(const std::string& path,
                                               const LoadOptions& options,
                                               LoadReport* report);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_DRUG_CATALOG_LOADER_H_
