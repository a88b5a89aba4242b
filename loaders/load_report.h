// Options every loader takes, the report each one fills, and RowLog, the
// bookkeeping the loaders share to count rows and apply strict or lenient
// handling of bad rows.
//
//   LoadOptions options;           // lenient: skip bad rows, keep going
//   LoadReport report;
//   absl::StatusOr<std::vector<Pharmacy>> pharmacies =
//       LoadHhs("paxlovid.csv.gz", options, &report);
//   std::cerr << report.Summary();
//   // paxlovid.csv.gz: 5571 rows read, 5317 loaded as 5317 pharmacies, 254
//   // skipped (duplicate facility 2, no coordinates 252), 6 warnings (bad
//   // NPI 4, bad ZIP code 2)
//   //   paxlovid.csv.gz:6: no coordinates: no geocoded_address and ...
//   //   ...
//
// Every problem message reads "file:line: what and why". With strict set, the
// first problem (bad row or warning) fails the whole load with that message
// as an InvalidArgument status.
//
// LoadOptions and LoadReport are plain values. A RowLog is used by one
// loader call at a time; it is not thread-safe.
#ifndef RXLOCATOR_LOADERS_LOAD_REPORT_H_
#define RXLOCATOR_LOADERS_LOAD_REPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "index/pharmacy.h"
#include "index/zip_table.h"

namespace rxlocator {

struct LoadOptions {
  // Fail the load on the first bad row or warning instead of skipping it.
  // Default false.
  bool strict = false;
  // ZIP reference data, used by loaders that can place a pharmacy at its ZIP
  // code's location when the source gives no coordinates. Not owned; must
  // outlive the call. Default nullptr: no such fallback.
  const ZipTable* zips = nullptr;
  // How many problem messages the report keeps verbatim. Default 5.
  int max_examples = 5;
  // The first year that hours exceptions given without a year ("Dec 25
  // off") are expanded for, along with the next. Default: this year (UTC).
  int hours_year = static_cast<int>(
      absl::ToCivilYear(absl::Now(), absl::UTCTimeZone()).year());
};

struct LoadReport {
  std::string path;
  int64_t rows_read = 0;    // Data rows or records, header excluded.
  int64_t rows_loaded = 0;  // rows_read - rows_skipped.
  int64_t rows_skipped = 0;
  int64_t warnings = 0;  // Problems in loaded rows (e.g. a field dropped).
  // What the loaded rows became: 1109 Vaccines.gov rows make 247
  // "pharmacies"; a ZIP file makes "ZIP codes".
  int64_t items = 0;
  std::string item_kind;
  // Loaded rows placed at their ZIP code's location (see LoadOptions::zips).
  int64_t located_by_zip = 0;
  std::map<std::string, int64_t> skipped_by_reason;   // e.g. "no coordinates"
  std::map<std::string, int64_t> warnings_by_reason;  // e.g. "bad NPI"
  // The first LoadOptions::max_examples problem messages, in file order.
  std::vector<std::string> examples;

  // Counts on one line, then each example on its own line, indented by two
  // spaces; every line ends in "\n".
  std::string Summary() const;
};

// Bookkeeping for one loader call. A loader calls Read() per row, Skip() or
// Warn() per problem, checks status() after each row and ends with Finish().
class RowLog {
 public:
  // `path` is the report's path and labels messages. `report` may be null;
  // otherwise it is reset.
  RowLog(std::string path, const LoadOptions& options, LoadReport* report);

  RowLog(const RowLog&) = delete;
  RowLog& operator=(const RowLog&) = delete;

  // The file that messages name; set_file changes it for a report that
  // covers several files.
  const std::string& file() const { return file_; }
  void set_file(std::string file) { file_ = std::move(file); }
  const LoadOptions& options() const { return options_; }

  void Read() { ++report_->rows_read; }
  void LocatedByZip() { ++report_->located_by_zip; }

  // The row starting at `line` is not loaded. `reason` is a short category
  // for the counts; `what` says what is wrong and why.
  void Skip(int line, absl::string_view reason, absl::string_view what);
  // The row is loaded, but `what` was wrong with it (e.g. a field dropped).
  void Warn(int line, absl::string_view reason, absl::string_view what);

  // Stops the load with `error` (e.g. where its rows go has failed) unless
  // it has already stopped: loops over rows end and return status().
  void Stop(absl::Status error) {
    if (status_.ok()) status_ = std::move(error);
  }

  // OK, or the error that stopped the load: in strict mode the first
  // problem as InvalidArgument, or what Stop() was given.
  const absl::Status& status() const { return status_; }

  // Completes the report with the number of items the rows became and
  // their kind ("pharmacies"). Returns status().
  absl::Status Finish(size_t items, absl::string_view kind);

  // Finish(items.size(), kind), then `items` if status() is OK.
  template <typename T>
  absl::StatusOr<std::vector<T>> Finish(std::vector<T> items,
                                        absl::string_view kind) {
    if (absl::Status status = Finish(items.size(), kind); !status.ok()) {
      return status;
    }
    return items;
  }

 private:
  void Record(int line, absl::string_view what);

  const LoadOptions& options_;
  LoadReport own_report_;
  LoadReport* report_;
  std::string file_;
  absl::Status status_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_LOAD_REPORT_H_
