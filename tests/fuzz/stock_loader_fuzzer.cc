// Fuzz target for the stock loaders: every input is loaded as a native
// stock CSV and as an HHS therapeutics file read as a stock feed, naming
// the fixture's pharmacies. Each load keeps the loaders' promises
// (CheckLoad) and gives one valid observation (CheckObservation) per
// (pharmacy, NDC), so a StockStore applies every one of them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "index/stock.h"
#include "index/stock_store.h"
#include "loaders/load_report.h"
#include "loaders/stock_loader.h"
#include "tests/fuzz/checks.h"
#include "tests/fuzz/fuzz_data.h"
#include "tests/fuzz/input_file.h"

namespace rxlocator::fuzzing {
namespace {

void CheckStock(const std::vector<StockObservation>& stock) {
  absl::flat_hash_set<std::pair<std::string, std::string>> keys;
  StockStore store;
  for (const StockObservation& o : stock) {
    CheckObservation(o);
    Require(keys.emplace(o.pharmacy_id, o.ndc).second,
            "two observations of one pharmacy and NDC");
    Require(store.Apply(o) == StockStore::Outcome::kApplied,
            "the store did not apply an observation");
  }
}

}  // namespace
}  // namespace rxlocator::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rxlocator;           // NOLINT(build/namespaces)
  using namespace rxlocator::fuzzing;  // NOLINT(build/namespaces)
  const std::string& path = InputFile(data, size);
  for (auto* load : {LoadNativeStock, LoadHhsStock}) {
    const auto stock =
        CheckLoad([&](const LoadOptions& options, LoadReport* report) {
          return load(path, TestPharmacies(), TestDirectory(), options, report);
        });
    if (stock) CheckStock(*stock);
  }
  return 0;
}
