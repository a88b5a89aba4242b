// Promises the code under test makes for any input, checked by several fuzz
// targets: what every loader promises for any file, and what loaded or
// reported pharmacies, hours and stock look like. A broken promise aborts
// (the fuzzer's crash; see require.h).
//
//   const std::string& path = InputFile(data, size);
//   std::optional<std::vector<Drug>> drugs =
//       CheckLoad([&](const LoadOptions& options, LoadReport* report) {
//         return LoadDrugCatalog(path, options, report);
//       });
#ifndef RXLOCATOR_TESTS_FUZZ_CHECKS_H_
#define RXLOCATOR_TESTS_FUZZ_CHECKS_H_

#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "index/opening_hours.h"
#include "index/pharmacy.h"
#include "index/stock.h"
#include "loaders/load_report.h"
#include "tests/fuzz/require.h"

namespace rxlocator::fuzzing {

// Options for a lenient load that do not depend on the date.
LoadOptions FuzzLoadOptions();

// The report's counts add up and it kept the examples it should.
void CheckReport(const LoadReport& report, const LoadOptions& options);

// An error message for a caller: not empty, and quoting values with Quoted
// (index/identifiers.h), so that it holds no control characters and stays
// short however long the value. (Loader messages, for operators, are not
// held to this: several quote file values as they are.)
void CheckMessage(absl::string_view message);

// A load failed as loaders may: InvalidArgument, or DataLoss for a gzip
// stream cut short; with a message.
void CheckFailure(const absl::Status& status);

// Runs load(options, &report) (load returns an absl::StatusOr) leniently and
// strictly with FuzzLoadOptions() and checks that: each fails as CheckFailure
// allows; the lenient report passes CheckReport; the strict load fails
// exactly when the lenient one reported a problem (a skipped row or a
// warning), and otherwise loads as many items. Returns the lenient result.
template <typename Load>
auto CheckLoad(Load load) {
  LoadOptions options = FuzzLoadOptions();
  LoadReport report;
  auto lenient = load(options, &report);
  options.strict = true;
  LoadReport strict_report;
  auto strict = load(options, &strict_report);
  using Value = typename decltype(lenient)::value_type;
  if (!lenient.ok()) {
    CheckFailure(lenient.status());
    Require(!strict.ok(), "a strict load succeeded where a lenient one failed");
    return std::optional<Value>();
  }
  options.strict = false;
  CheckReport(report, options);
  if (report.rows_skipped + report.warnings > 0) {
    Require(strict.status().code() == absl::StatusCode::kInvalidArgument,
            "a strict load did not fail on a problem the lenient one reported");
  } else {
    Require(strict.ok() && strict_report.items == report.items,
            "a strict load of a file without problems differs");
  }
  return std::optional<Value>(*std::move(lenient));
}

// Whether [open, close) is a span as DailySpan allows: opening within the
// day, closing after it opens and at most 24 hours later.
bool ValidSpan(int open, int close);

// Known hours whose weekly and override spans are all valid.
void CheckHours(const OpeningHours& hours);

// Pharmacies as every pharmacy loader gives them: ids unique and not empty,
// valid coordinates, normalised identifiers and ZIP codes, hours that keep
// the model's invariants (where known); and as MergeSources accepts them,
// after TestPharmacies().
void CheckPharmacies(const std::vector<Pharmacy>& pharmacies);

// A stock observation as loaders and ReportStock's check make them: naming
// a TestPharmacies() pharmacy by its id, an 11-digit NDC, a quantity from 0
// to kMaxStockQuantity, a finite time.
void CheckObservation(const StockObservation& observation);

}  // namespace rxlocator::fuzzing

#endif  // RXLOCATOR_TESTS_FUZZ_CHECKS_H_
