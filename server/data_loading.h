// Which files make up the service's data, and loading them into a Snapshot:
// the ZIP table first (loaders use it to place and time-zone pharmacies),
// then every pharmacy source, merged in the order given, then the plan
// networks (which name the merged pharmacies) and plans, then the index.
//
//   DataConfig config = BundledData("/usr/share/rxlocator/data");
//   absl::StatusOr<LoadedData> loaded = LoadSnapshot(config);
//   for (const std::string& line : loaded->report) Log(line);
//
// Thread-safe; LoadSnapshot does file I/O and belongs off the serving path.
#ifndef RXLOCATOR_SERVER_DATA_LOADING_H_
#define RXLOCATOR_SERVER_DATA_LOADING_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "index/snapshot.h"
#include "index/stock.h"
#include "index/stock_store.h"
#include "loaders/network_loader.h"
#include "loaders/pharmacy_loader.h"

namespace rxlocator {

struct PharmacySource {
  PharmacyFormat format;
  std::string path;
};

struct NetworkSource {
  NetworkFormat format;
  std::string path;
};

enum class StockFormat {
  kNative,  // "native": LoadNativeStock
  kHhs,     // "hhs": LoadHhsStock
};

struct StockSource {
  StockFormat format;
  std::string path;
};

struct DataConfig {
  // Merged in this order: an earlier source wins each field.
  std::vector<PharmacySource> pharmacies;
  std::vector<std::string> zip_paths;
  // Networks with the same id in several files are combined.
  std::vector<NetworkSource> networks;
  std::vector<std::string> plan_paths;
  // Native drug catalogs; the NDC/name pairs of HHS pharmacy and stock
  // sources join them.
  std::vector<std::string> drug_catalog_paths;
  // Stock to start from (LoadStock), in order.
  std::vector<StockSource> stock;
  // Fail on any bad row. Default false: the real-data adapters skip bad rows
  // and report them; native files are always loaded strictly.
  bool strict = false;
};

// The sample data bundled in `data_dir`: real pharmacies and ZIP codes with
// synthetic plan networks (see data/SOURCES.md).
DataConfig BundledData(const std::string& data_dir);

// A --pharmacies value, "FORMAT:PATH"; InvalidArgument naming it otherwise.
absl::StatusOr<PharmacySource> ParsePharmacySource(absl::string_view spec);

// A --networks value, "FORMAT:PATH"; InvalidArgument naming it otherwise.
absl::StatusOr<NetworkSource> ParseNetworkSource(absl::string_view spec);

// A --stock value, "FORMAT:PATH" with FORMAT native or hhs.
absl::StatusOr<StockSource> ParseStockSource(absl::string_view spec);

// What a snapshot holds, for operators.
struct DataCounts {
  size_t pharmacies = 0;
  size_t walk_in = 0;  // Pharmacies members can walk into.
  size_t networks = 0;
  size_t plans = 0;
  size_t drugs = 0;
  size_t zip_codes = 0;
};

struct LoadedData {
  std::shared_ptr<const Snapshot> snapshot;
  DataCounts counts;
  // How long reading the files and building the snapshot took.
  absl::Duration took;
  // What each file and the merge gave, line by line, for the operator's log.
  std::vector<std::string> report;
};

absl::StatusOr<LoadedData> LoadSnapshot(const DataConfig& config);

// Hands the memory that a load's rows and strings took, and freed, back to
// the system. glibc keeps freed memory for reuse, so without this the
// server would stay at the load's peak: 1.9 GB resident on the national
// set, where the snapshot itself takes 165 MB. Call it once a load's
// temporaries are gone.
void ReleaseFreedMemory();

// Stores a batch of stock observations: an outcome for each, in order, or
// why none was stored, which stops the load.
using StoreStockBatch =
    absl::FunctionRef<absl::StatusOr<std::vector<StockStore::Outcome>>(
        const std::vector<StockObservation>& batch)>;

// Reads the stock files of `config` against `snapshot`'s pharmacies and
// stores their observations through `store`, in file order a batch at a
// time, so that no file is ever held whole. The store decides between
// observations of one pharmacy and NDC, as for a feed's: the newest wins.
// What each file gave is appended to *report: the loader's summary, then
// how many observations were stored and how many were not newer than the
// count already held, with the first few of those by line.
absl::Status LoadStock(const DataConfig& config, const Snapshot& snapshot,
                       StoreStockBatch store, std::vector<std::string>* report);

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_DATA_LOADING_H_
