// Loads stock observations (index/stock.h), how many units of a drug a
// pharmacy had and when it counted them, from the formats in
// docs/formats.md ("Stock: native snapshot", "Stock: HHS therapeutics
// feed"):
//
//   - rxlocator's own stock snapshot CSV,
//       pharmacy,ndc,quantity,observed_at,source
//       1740219781,00069-1085-30,17,2022-03-11T16:05:00-09:00,pos
//   - the HHS COVID-19 therapeutics locator file (loaders/hhs_locator.h) read
//     as a stock feed: courses available per site and drug.
//
//   PharmacyDirectory directory(snapshot->pharmacies());
//   LoadReport report;
//   absl::Status read = ReadNativeStock(
//       "stock.csv.gz", snapshot->pharmacies(), directory, LoadOptions(),
//       &report, [&](int line, StockObservation o) { return Store(o); });
//   absl::StatusOr<std::vector<StockObservation>> stock =
//       LoadHhsStock("paxlovid-data.csv.gz", snapshot->pharmacies(),
//                    directory, LoadOptions(), &report);
//
// `directory` must be built over `pharmacies`; StockObservation::pharmacy_id
// is the Pharmacy::id of the pharmacy a row names, whichever of its ids the
// row uses. A row naming a pharmacy the directory does not know is a bad row
// ("unknown pharmacy"), as are rows with a missing or invalid NDC, quantity
// or time: skipped and counted, or in strict mode the load fails.
//
// Every good row is an observation, in file order, as a feed would send
// them: several for one pharmacy and NDC are the stock store's to decide
// between (the newest wins). A file is read a chunk at a time, so the
// Read* functions hold one row in memory, however long the file.
// Thread-safe.
#ifndef RXLOCATOR_LOADERS_STOCK_LOADER_H_
#define RXLOCATOR_LOADERS_STOCK_LOADER_H_

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "index/pharmacy.h"
#include "index/pharmacy_directory.h"
#include "index/stock.h"
#include "loaders/load_report.h"

namespace rxlocator {

// Called with each good row's observation and the line it starts on, in
// file order. An error stops the load and becomes its error.
using StockRowFn =
    absl::FunctionRef<absl::Status(int line, StockObservation observation)>;

// Reads the native stock snapshot CSV at `path` (gzip or not). Columns are
// found by name; `pharmacy`, `ndc`, `quantity` and `observed_at` are
// required, `source` optional, others ignored.
// - pharmacy: a pharmacy id (or a source id merged into one), NPI or NCPDP
//   id, as PharmacyDirectory::Find looks them up; an NPI may also be written
//   in a form that normalises ("1740219781.0").
// - ndc: any form NormalizeNdc accepts.
// - quantity: a whole number of dispensing units, 0 or more.
// - observed_at: an RFC 3339 time with a UTC offset or Z
//   ("2022-03-11T16:05:00-09:00", "2022-03-12T01:05:00.25Z"), kept to the
//   microsecond (finer digits are dropped).
// - source: StockLevel::source; empty or absent means "native".
absl::Status ReadNativeStock(const std::string& path,
                             const std::vector<Pharmacy>& pharmacies,
                             const PharmacyDirectory& directory,
                             const LoadOptions& options, LoadReport* report,
                             StockRowFn row);

// Reads the HHS therapeutics locator file at `path`, any header variant, as
// a stock feed with source "hhs". Required columns: provider_name,
// address1, zip, national_drug_code, courses_available, and
// last_report_date or (before 2022-03-16) courses_available_date; npi is
// used when present.
// - pharmacy: the one whose id, or a merged source id, is the row's
//   HhsRowFacilityId (the id LoadHhs gives the site); failing that, the one
//   with the row's NPI if it is the same site: within kSameNpiMeters
//   (loaders/merge.h) of the row's geocoded_address, or for a row without
//   one, in its ZIP code. (An NPI names a provider, which may run several
//   sites.)
// - quantity: courses_available, in courses (the unit the feed counts and
//   dispenses, e.g. one 5-day Paxlovid pack), whole, 0 or more; older
//   versions write it as "22.0", which is accepted.
// - observed_at: last_report_date (courses_available_date in older
//   versions), "2022-03-11T00:00:00.000" or "2022-03-11": a time without a
//   zone, taken as UTC (a bare date as UTC midnight).
absl::Status ReadHhsStock(const std::string& path,
                          const std::vector<Pharmacy>& pharmacies,
                          const PharmacyDirectory& directory,
                          const LoadOptions& options, LoadReport* report,
                          StockRowFn row);

// Every good row's observation, in file order: ReadNativeStock and
// ReadHhsStock collected, for files small enough to hold at once.
absl::StatusOr<std::vector<StockObservation>> LoadNativeStock(
    const std::string& path, const std::vector<Pharmacy>& pharmacies,
    const PharmacyDirectory& directory, const LoadOptions& options,
    LoadReport* report);
absl::StatusOr<std::vector<StockObservation>> LoadHhsStock(
    const std::string& path, const std::vector<Pharmacy>& pharmacies,
    const PharmacyDirectory& directory, const LoadOptions& options,
    LoadReport* report);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_STOCK_LOADER_H_
