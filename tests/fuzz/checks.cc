#include "tests/fuzz/checks.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "index/identifiers.h"
#include "loaders/merge.h"
#include "tests/fuzz/fuzz_data.h"

namespace rxlocator::fuzzing {
namespace {

// `value` is empty or what `normalize` makes of it.
void CheckNormalized(
    const std::string& value,
    absl::StatusOr<std::string> (*normalize)(absl::string_view),
    const char* what) {
  if (value.empty()) return;
  absl::StatusOr<std::string> again = normalize(value);
  Require(again.ok() && *again == value, what);
}

}  // namespace

LoadOptions FuzzLoadOptions() {
  LoadOptions options;
  options.hours_year = 2026;
  options.max_examples = 3;
  return options;
}

void CheckReport(const LoadReport& report, const LoadOptions& options) {
  Require(report.rows_skipped >= 0 && report.rows_loaded >= 0 &&
              report.warnings >= 0 && report.items >= 0,
          "a negative count");
  Require(report.rows_loaded + report.rows_skipped == report.rows_read,
          "rows loaded and skipped do not add up to rows read");
  Require(report.items <= report.rows_read, "more items than rows");
  int64_t skipped = 0, warnings = 0;
  for (const auto& [reason, n] : report.skipped_by_reason) skipped += n;
  for (const auto& [reason, n] : report.warnings_by_reason) warnings += n;
  Require(skipped == report.rows_skipped && warnings == report.warnings,
          "counts by reason do not add up");
  const int64_t problems = report.rows_skipped + report.warnings;
  Require(static_cast<int64_t>(report.examples.size()) ==
              std::min<int64_t>(problems, options.max_examples),
          "wrong number of examples");
  Require(!report.Summary().empty(), "an empty summary");
}

void CheckMessage(absl::string_view message) {
  // Quoted keeps 64 characters of a value, each escaped in at most 4; a
  // message names a value or two around a fixed text.
  constexpr size_t kMaxMessage = 1024;
  const bool short_enough = !message.empty() && message.size() <= kMaxMessage;
  const bool printable =
      std::none_of(message.begin(), message.end(),
                   [](char c) { return absl::ascii_iscntrl(c); });
  if (!short_enough || !printable) {
    std::fprintf(stderr, "message: %s\n",
                 absl::CHexEscape(message.substr(0, 4 * kMaxMessage)).c_str());
  }
  Require(short_enough, "an error message empty or too long");
  Require(printable, "an error message with a control character");
}

void CheckFailure(const absl::Status& status) {
  Require(status.code() == absl::StatusCode::kInvalidArgument ||
              status.code() == absl::StatusCode::kDataLoss,
          "a load failed with an unexpected code");
  Require(!status.message().empty(), "a load failed without a message");
}

bool ValidSpan(int open, int close) {
  return open >= 0 && open < kMinutesPerDay && close > open &&
         close <= open + kMinutesPerDay;
}

void CheckHours(const OpeningHours& hours) {
  Require(hours.known, "hours parsed as unknown");
  for (const DailySpan& span : hours.weekly) {
    Require(ValidSpan(span.open, span.close), "a weekly span out of range");
  }
  for (const DateOverride& day : hours.overrides) {
    for (const auto& [open, close] : day.spans) {
      Require(ValidSpan(open, close), "an override span out of range");
    }
  }
}

void CheckPharmacies(const std::vector<Pharmacy>& pharmacies) {
  absl::flat_hash_set<std::string> ids;
  for (const Pharmacy& p : pharmacies) {
    Require(!p.id.empty(), "a pharmacy without an id");
    Require(ids.insert(p.id).second, "two pharmacies with one id");
    Require(ValidateLatLng(p.latitude, p.longitude).ok(),
            "a pharmacy with invalid coordinates");
    CheckNormalized(p.npi, NormalizeNpi, "an NPI not normalised");
    CheckNormalized(p.ncpdp_id, NormalizeNcpdp, "an NCPDP id not normalised");
    CheckNormalized(p.address.zip, NormalizeZip, "a ZIP code not normalised");
    for (const OpeningHours* hours : {&p.store_hours, &p.pharmacy_hours}) {
      if (hours->known) CheckHours(*hours);
    }
  }
  // After the fixture's, so that records also merge across sources.
  Require(MergeSources({TestPharmacies(), pharmacies}, nullptr, nullptr).ok(),
          "MergeSources refused a loader's pharmacies");
}

void CheckObservation(const StockObservation& o) {
  const std::optional<uint32_t> pharmacy = TestDirectory().Find(o.pharmacy_id);
  Require(
      pharmacy.has_value() && TestPharmacies()[*pharmacy].id == o.pharmacy_id,
      "an observation not naming a pharmacy by its id");
  Require(o.ndc.size() == 11 && AllDigits(o.ndc),
          "an observation whose NDC is not 11 digits");
  Require(o.level.quantity >= 0 && o.level.quantity <= kMaxStockQuantity,
          "a quantity out of range");
  Require(o.level.observed_at != absl::InfinitePast() &&
              o.level.observed_at != absl::InfiniteFuture(),
          "an observation without a time");
}

}  // namespace rxlocator::fuzzing
