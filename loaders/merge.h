// Merges the pharmacy lists of several sources into one Dataset.
//
//   std::vector<std::vector<Pharmacy>> sources = {std::move(native),
//                                                 std::move(hhs)};
//   MergeReport report;
//   absl::StatusOr<Dataset> dataset =
//       MergeSources(std::move(sources), &zip_table, &report);
//
// Rules (also in docs/formats.md):
// - Records with the same id are one pharmacy.
// - Records from different sources with the same NPI whose locations are
//   within kSameNpiMeters are one pharmacy; it keeps the earlier id. Records
//   of one source are never merged by NPI (an NPI can cover two sites).
// - Otherwise records from different sources at the same street address are
//   one pharmacy, keeping the earlier id, when all of these hold:
//   NormalizeStreetAddress(address.line1) and address.zip are equal and not
//   empty; the locations are within kSameAddressMeters; the NPIs do not
//   differ (both set and unequal); and at least one record names a chain and
//   they name no two different chains (one may name none: ChainFromName
//   leaves out banners such as "United" and "Market Street"). Two
//   independents at one address (a hospital's outpatient pharmacy and a
//   clinic in its building) stay apart: nothing says they are one business.
//   Records of one source are never merged by address.
// - A record that could join several pharmacies joins the nearest.
// - When records merge, the earlier one (sources in the order given, then
//   file order) wins every field it has, and later ones fill only the fields
//   it left empty (services: only if it has none). The location is the
//   earlier record's. `source` lists every merged record, joined by " + ",
//   and `merged_ids` the ids of the later ones, so that data keyed by a
//   source's own id (a stock feed) still finds the pharmacy.
// - Finally, an empty time_zone is filled from `zips` by the address ZIP.
// Thread-safe.
#ifndef RXLOCATOR_LOADERS_MERGE_H_
#define RXLOCATOR_LOADERS_MERGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "index/pharmacy.h"
#include "index/zip_table.h"

namespace rxlocator {

// How close two records with the same NPI must be to be one pharmacy. An NPI
// names a provider, which may run several sites, so the sites must be close.
inline constexpr double kSameNpiMeters = 150;

// How close two records with the same street address must be to be one
// pharmacy. The address already names the site; the distance only rejects
// the same address text somewhere else (a ZIP code spanning two towns) or a
// badly placed record. The bundled sources place one store up to 740 m
// apart (Carrs at 2920 Seward Hwy, Anchorage: 457 m between its Albertsons
// and Vaccines.gov points); at 150 m, 42 of the 145 merges by address in the
// bundled data would be missed.
inline constexpr double kSameAddressMeters = 1000;

struct MergeReport {
  int64_t records = 0;            // Records given, over all sources.
  int64_t merged_by_id = 0;       // Records folded into an earlier one by id,
  int64_t merged_by_npi = 0;      // by NPI and location,
  int64_t merged_by_address = 0;  // or by street address and location.
  int64_t time_zones_from_zip = 0;
  int64_t pharmacies = 0;  // In the dataset.

  // One line: "9000 records -> 8000 pharmacies (merged 700 by id, ...)".
  std::string Summary() const;
};

// Merges `sources` as described above. `zips` may be null (no time zone
// filling); `report` may be null. InvalidArgument if a record has no id or
// invalid coordinates.
absl::StatusOr<Dataset> MergeSources(std::vector<std::vector<Pharmacy>> sources,
                                     const ZipTable* zips, MergeReport* report);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_MERGE_H_
