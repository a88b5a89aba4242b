// One entry point for every pharmacy source format, chosen by name, e.g.
// from a "--pharmacies=hhs:paxlovid.csv.gz" flag.
//
//   absl::StatusOr<PharmacyFormat> format = ParsePharmacyFormat("hhs");
//   if (!format.ok()) return format.status();
//   LoadReport report;
//   absl::StatusOr<std::vector<Pharmacy>> pharmacies =
//       LoadPharmacies(*format, "paxlovid.csv.gz", LoadOptions(), &report);
//
// Thread-safe.
#ifndef RXLOCATOR_LOADERS_PHARMACY_LOADER_H_
#define RXLOCATOR_LOADERS_PHARMACY_LOADER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "index/pharmacy.h"
#include "loaders/load_report.h"

namespace rxlocator {

enum class PharmacyFormat {
  kNative,       // "native": LoadNativePharmacies
  kHhs,          // "hhs": LoadHhs
  kVaccinesGov,  // "vaccines_gov": LoadVaccinesGov
  kAlbertsons,   // "albertsons": LoadAlbertsons
};

// The format called `name`; InvalidArgument listing the known names if none.
absl::StatusOr<PharmacyFormat> ParsePharmacyFormat(absl::string_view name);

// Loads `path` with the adapter for `format`.
absl::StatusOr<std::vector<Pharmacy>> LoadPharmacies(PharmacyFormat format,
                                                     const std::string& path,
                                                     const LoadOptions& options,
                                                     LoadReport* report);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_PHARMACY_LOADER_H_
