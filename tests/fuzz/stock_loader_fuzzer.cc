// Fuzz target for the stock loaders: every input is loaded as a native
// stock CSV and as an HHS therapeutics file read as a stock feed, naming
// the fixture's pharmacies. Each load keeps the loaders' promises
// (CheckLoad) and gives valid observations (CheckObservation), which a
// StockStore applies by its rule: per (pharmacy, NDC) the newest wins.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
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
  absl::flat_hash_map<std::pair<std::string, std::string>, StockLevel> newest;
  StockStore store;
  for (const StockObservation& o : stock) {
    CheckObservation(o);
    auto [it, fresh] = newest.try_emplace({o.pharmacy_id, o.ndc}, o.level);
    const bool newer = fresh || Newer(o.level, it->second);
    if (newer) it->second = o.level;
    Require((store.Apply(o) == StockStore::Outcome::kApplied) == newer,
            "the store applied an observation that was not the newest, or "
            "not one that was");
  }
  Require(store.size() == newest.size(),
          "the store holds other than one level per pharmacy and NDC");
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
