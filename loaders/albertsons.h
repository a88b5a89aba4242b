// Loads the Albertsons Companies store list: a JSON array of store records
// as scraped from the chain's public store pages (local.pharmacy.<brand>.com)
// for Safeway, Albertsons, Jewel-Osco, Vons, ACME, Carrs and its other
// banners.
//
//   LoadReport report;
//   absl::StatusOr<std::vector<Pharmacy>> stores =
//       LoadAlbertsons("albertsons_stores.json.gz", LoadOptions(), &report);
//
// Per record: id "albertsons-" + c_associatedPharmacyStoreID (or c_groceryID
// when that is empty); name; chain "albertsons"; address (line1, line2, city,
// region, postalCode); location geocodedCoordinate{lat,long}; phone
// mainPhone.display; time zone timezone (IANA). Every store is given
// Service::kVaccinations: every store page's description says its pharmacy
// administers COVID-19 and flu vaccinations. A store without coordinates is
// skipped. Thread-safe.
#ifndef RXLOCATOR_LOADERS_ALBERTSONS_H_
#define RXLOCATOR_LOADERS_ALBERTSONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "index/pharmacy.h"
#include "loaders/load_report.h"

namespace rxlocator {

absl::StatusOr<std::vector<Pharmacy>> LoadAlbertsons(const std::string& path,
                                                     const LoadOptions& options,
                                                     LoadReport* report);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_ALBERTSONS_H_
