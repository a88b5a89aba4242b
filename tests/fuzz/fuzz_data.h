// The small, fixed data the fuzz targets run against, built once per
// process: five real pharmacies in Anchorage, with the ids, NPIs and places
// the server gives them after merging the bundled sources (so that slices of
// the bundled network and stock files name them), and the bundled synthetic
// mail-order pharmacy; and a snapshot of them with ZIP codes, networks and
// plans modelled on the bundled synthetic ones, a few drugs and some stock.
// Opening hours and stock are made up for the tests.
//
//   absl::Status s = FindPharmacies(*TestSnapshot(), TestStock(), request,
//                                   Now(), LocatorOptions(), &response);
//
// Everything returned is immutable and lives until the process ends.
#ifndef RXLOCATOR_TESTS_FUZZ_FUZZ_DATA_H_
#define RXLOCATOR_TESTS_FUZZ_FUZZ_DATA_H_

#include <memory>
#include <vector>

#include "absl/time/time.h"
#include "index/pharmacy.h"
#include "index/pharmacy_directory.h"
#include "index/snapshot.h"
#include "index/stock_store.h"

namespace rxlocator::fuzzing {

// The pharmacies, in a fixed order.
const std::vector<Pharmacy>& TestPharmacies();
// A directory over TestPharmacies().
const PharmacyDirectory& TestDirectory();

// A snapshot of TestPharmacies() with its ZIP table, networks, plans and
// drugs.
std::shared_ptr<const Snapshot> TestSnapshot();
// Stock at some of the pharmacies, observed before Now().
const StockStore& TestStock();

// The instant requests are asked at: Wednesday 2026-11-18, noon in
// Anchorage.
absl::Time Now();

}  // namespace rxlocator::fuzzing

#endif  // RXLOCATOR_TESTS_FUZZ_FUZZ_DATA_H_
