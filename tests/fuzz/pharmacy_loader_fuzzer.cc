// Fuzz target for the pharmacy loaders: every input is loaded as each
// format LoadPharmacies knows (native CSV, HHS therapeutics CSV,
// Vaccines.gov CSV or JSON, Albertsons JSON), with the fixture's ZIP table
// to place rows without coordinates. Each load keeps the loaders' promises
// (CheckLoad) and gives pharmacies that pass CheckPharmacies.
#include <cstddef>
#include <cstdint>
#include <string>

#include "loaders/load_report.h"
#include "loaders/pharmacy_loader.h"
#include "tests/fuzz/checks.h"
#include "tests/fuzz/fuzz_data.h"
#include "tests/fuzz/input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rxlocator;           // NOLINT(build/namespaces)
  using namespace rxlocator::fuzzing;  // NOLINT(build/namespaces)
  const std::string& path = InputFile(data, size);
  for (PharmacyFormat format :
       {PharmacyFormat::kNative, PharmacyFormat::kHhs,
        PharmacyFormat::kVaccinesGov, PharmacyFormat::kAlbertsons}) {
    const auto pharmacies =
        CheckLoad([&](LoadOptions options, LoadReport* report) {
          options.zips = &TestSnapshot()->zips();
          return LoadPharmacies(format, path, options, report);
        });
    if (pharmacies) CheckPharmacies(*pharmacies);
  }
  return 0;
}
