#include "bench/bench_data.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "loaders/load_report.h"
#include "loaders/zip_loader.h"

namespace rxlocator {

ZipTable BundledZipTable() {
  const std::string path =
      std::string(RXLOCATOR_SOURCE_DIR) + "/data/zip_latlng_timezone.csv.gz";
  absl::StatusOr<ZipTable> zips = LoadZipTable({path}, LoadOptions(), nullptr);
  if (!zips.ok()) {
    std::fprintf(stderr, "%s\n", std::string(zips.status().message()).c_str());
    std::exit(1);
  }
  return *std::move(zips);
}

}  // namespace rxlocator
