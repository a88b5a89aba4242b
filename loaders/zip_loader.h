// Loads ZIP code reference data into a ZipTable from one or more files, each
// in either of two formats told apart by their header:
//
// - zip_latlng_timezone.csv: "zip,zip_code_type,active,city,state,county,
//   timezone,lat,lng" with zip_code_type STANDARD, PO BOX, UNIQUE or
//   MILITARY and active 0 or 1;
// - the Census ZCTA gazetteer (tab-separated), with columns GEOID,
//   INTPTLAT and INTPTLONG (in any order; the bundled copy has INTPTLONG
//   first). A ZCTA is taken as an active STANDARD ZIP code with no city,
//   state or time zone.
//
//   LoadReport report;
//   absl::StatusOr<ZipTable> zips = LoadZipTable(
//       {"zip_latlng_timezone.csv.gz", "Gaz_zcta_national.txt.gz"},
//       LoadOptions(), &report);
//
// Files are read in order and merged by the ZipTable rule: for a ZIP code in
// several files the first entry wins and later ones fill its missing
// location and time zone. A lat/lng of 0,0 means "no location". The report
// covers all files; its path lists them. Thread-safe.
#ifndef RXLOCATOR_LOADERS_ZIP_LOADER_H_
#define RXLOCATOR_LOADERS_ZIP_LOADER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "index/zip_table.h"
#include "loaders/load_report.h"

namespace rxlocator {

absl::StatusOr<ZipTable> LoadZipTable(const std::vector<std::string>& paths,
                                      const LoadOptions& options,
                                      LoadReport* report);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_ZIP_LOADER_H_
