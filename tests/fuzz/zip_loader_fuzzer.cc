// Fuzz target for LoadZipTable, in either format it tells apart by the
// header (zip_latlng_timezone.csv or the Census ZCTA gazetteer). A load
// keeps the loaders' promises (CheckLoad) and gives a table of unique
// five-digit ZIP codes in order, each with valid coordinates where it has
// any; loading the file twice over gives the same table.
#include <cstddef>
#include <cstdint>
#include <string>

#include "index/identifiers.h"
#include "index/zip_table.h"
#include "loaders/load_report.h"
#include "loaders/zip_loader.h"
#include "tests/fuzz/checks.h"
#include "tests/fuzz/input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rxlocator;           // NOLINT(build/namespaces)
  using namespace rxlocator::fuzzing;  // NOLINT(build/namespaces)
  const std::string& path = InputFile(data, size);
  const auto table =
      CheckLoad([&](const LoadOptions& options, LoadReport* report) {
        return LoadZipTable({path}, options, report);
      });
  if (!table) return 0;
  const ZipInfo* previous = nullptr;
  for (const ZipInfo& zip : table->entries()) {
    Require(zip.zip.size() == 5 && AllDigits(zip.zip),
            "a ZIP code that is not five digits");
    Require(previous == nullptr || previous->zip < zip.zip,
            "ZIP codes out of order or repeated");
    Require(
        !zip.has_location || ValidateLatLng(zip.latitude, zip.longitude).ok(),
        "a ZIP code with invalid coordinates");
    Require(table->Find(zip.zip) == &zip, "a ZIP code that Find misses");
    previous = &zip;
  }
  absl::StatusOr<ZipTable> twice =
      LoadZipTable({path, path}, FuzzLoadOptions(), nullptr);
  Require(twice.ok() && twice->size() == table->size(),
          "a file loaded twice over gives another table");
  for (size_t i = 0; i < table->size(); ++i) {
    const ZipInfo& a = table->entries()[i];
    const ZipInfo& b = twice->entries()[i];
    Require(a.zip == b.zip && a.time_zone == b.time_zone &&
                a.has_location == b.has_location &&
                (!a.has_location ||
                 (a.latitude == b.latitude && a.longitude == b.longitude)),
            "a file loaded twice over gives another entry");
  }
  return 0;
}
