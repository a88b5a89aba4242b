// Loads rxlocator's own pharmacy CSV format (docs/formats.md, "native").
//
//   id,name,latitude,longitude,zip,services
//   rx-1,Main Street Pharmacy,61.1374,-149.9546,99502,drive_thru;24_hour
//
//   LoadReport report;
//   absl::StatusOr<std::vector<Pharmacy>> pharmacies =
//       LoadNativePharmacies("pharmacies.csv", LoadOptions(), &report);
//
// The header is required and columns are found by name in any order:
// id, name, latitude and longitude are required; npi, ncpdp_id, chain,
// address1, address2, city, state, zip, phone, time_zone and services are
// optional. An unknown or repeated column fails the load. Since the file is
// ours, any invalid value makes its row bad (skipped, or in strict mode the
// load fails), as does an id already used on an earlier line. Thread-safe.
#ifndef RXLOCATOR_LOADERS_NATIVE_PHARMACIES_H_
#define RXLOCATOR_LOADERS_NATIVE_PHARMACIES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "index/pharmacy.h"
#include "loaders/load_report.h"

namespace rxlocator {

absl::StatusOr<std::vector<Pharmacy>> LoadNativePharmacies(
    const std::string& path, const LoadOptions& options, LoadReport* report);

// A ';'-separated list of service names (24_hour, drive_thru, delivery,
// vaccinations, compounding), spaces allowed around names; "" is no
// services. An unknown name is an error naming it.
absl::StatusOr<ServiceMask> ParseServices(absl::string_view text);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_NATIVE_PHARMACIES_H_
