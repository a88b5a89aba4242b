// Loads the CDC Vaccines.gov provider file (data.cdc.gov dataset 5jp2-pgaw,
// "COVID-19 vaccinating provider locations"), as CSV or as the Socrata JSON
// array; a file whose first non-space byte is '[' is read as JSON.
//
//   LoadReport report;
//   absl::StatusOr<std::vector<Pharmacy>> sites =
//       LoadVaccinesGov("vaccines_gov_AK.csv.gz", LoadOptions(), &report);
//   // 1109 rows -> 247 pharmacies
//
// The file has one row per (location, vaccine NDC). Rows are grouped by
// provider_location_guid into one pharmacy with id "vgov-<guid>", taking
// name, phone, address and coordinates (latitude, longitude) from the first
// row; a later row of the same location whose name or coordinates differ is
// reported as a warning and otherwise ignored. Every pharmacy offers
// Service::kVaccinations and gets ChainFromName(loc_name). The weekday hours
// columns and stock columns are not read here. Thread-safe.
#ifndef RXLOCATOR_LOADERS_VACCINES_GOV_H_
#define RXLOCATOR_LOADERS_VACCINES_GOV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "index/pharmacy.h"
#include "loaders/load_report.h"

namespace rxlocator {

absl::StatusOr<std::vector<Pharmacy>> LoadVaccinesGov(
    const std::string& path, const LoadOptions& options, LoadReport* report);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_VACCINES_GOV_H_
