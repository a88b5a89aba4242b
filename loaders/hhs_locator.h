// Loads the HHS "COVID-19 Public Therapeutic Locator" CSV (healthdata.gov
// dataset rxn6-qnx8), in every header variant it was published with.
//
//   LoadOptions options;
//   options.zips = &zip_table;  // optional: places rows without coordinates
//   LoadReport report;
//   absl::StatusOr<std::vector<Pharmacy>> sites =
//       LoadHhs("paxlovid-data.csv.gz", options, &report);
//
// Columns are found by name, ignoring case and treating ' ' like '_', so the
// title-case 2022-01 header ("Provider Name,Address1,...,State Code,Zip,...")
// reads like the later snake-case ones. provider_name, address1, city,
// state_code and zip are required; geocoded_address (WKT "POINT (lon lat)")
// and npi are used when present.
//
// Per row:
// - id: HhsRowFacilityId(provider_name, address1, zip), the same in every
//   published version. A repeat of an id already read is skipped as a
//   duplicate.
// - location: geocoded_address; if that is empty, the ZIP code's location
//   from LoadOptions::zips (counted in LoadReport::located_by_zip); else the
//   row is skipped.
// - npi and zip: normalised; a bad value is dropped with a warning, the row
//   kept. NPIs are not unique in this data (one NPI can cover two sites).
// - chain: ChainFromName(provider_name).
// Thread-safe.
#ifndef RXLOCATOR_LOADERS_HHS_LOCATOR_H_
#define RXLOCATOR_LOADERS_HHS_LOCATOR_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "index/pharmacy.h"
#include "loaders/load_report.h"

namespace rxlocator {

absl::StatusOr<std::vector<Pharmacy>> LoadHhs(const std::string& path,
                                              const LoadOptions& options,
                                              LoadReport* report);

// "hhs-" + 16 hex digits of the Fingerprint (index/fingerprint.h) of the
// three values upper-cased with whitespace runs collapsed to one space and
// trimmed. `zip` should be normalised (NormalizeZip) where possible, so that
// "08873-3102" and "8873" give the same id.
std::string HhsFacilityId(absl::string_view provider_name,
                          absl::string_view address1, absl::string_view zip);

// The id LoadHhs gives the site in a row: HhsFacilityId with the row's
// ZIP code normalised where it can be and as written where it cannot. Other
// readers of HHS files (the stock feed) use it to find the same pharmacy.
std::string HhsRowFacilityId(absl::string_view provider_name,
                             absl::string_view address1,
                             absl::string_view raw_zip);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_HHS_LOCATOR_H_
