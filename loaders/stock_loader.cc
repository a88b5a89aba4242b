#include "loaders/stock_loader.h"

#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "index/geo.h"
#include "index/identifiers.h"
#include "index/ndc.h"
#include "loaders/csv.h"
#include "loaders/hhs_locator.h"
#include "loaders/merge.h"
#include "loaders/rows.h"

namespace rxlocator {
namespace {

// A whole number, 0 or more, from `raw` (trimmed). With `point_zero`, a
// decimal point followed only by zeros may follow it ("22.0").
absl::StatusOr<int64_t> ParseCount(absl::string_view column,
                                   absl::string_view raw, bool point_zero) {
  absl::string_view digits = absl::StripAsciiWhitespace(raw);
  if (point_zero) {
    if (size_t point = digits.find('.'); point != absl::string_view::npos) {
      absl::string_view fraction = digits.substr(point + 1);
      if (fraction.find_first_not_of('0') == absl::string_view::npos) {
        digits = digits.substr(0, point);
      }
    }
  }
  int64_t count;
  if (digits.empty() || !AllDigits(digits) ||
      !absl::SimpleAtoi(digits, &count)) {
    return absl::InvalidArgumentError(absl::StrCat(
        column, " ", Quoted(raw), " is not a whole number, 0 or more"));
  }
  return count;
}

// `raw` to the microsecond, parsed with `format` in `zone`.
std::optional<absl::Time> ParseMicros(absl::string_view raw,
                                      absl::string_view format,
                                      absl::TimeZone zone) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(format, absl::StripAsciiWhitespace(raw), zone, &t,
                       &error)) {
    return std::nullopt;
  }
  return absl::FromUnixMicros(absl::ToUnixMicros(t));
}

// An RFC 3339 time with an offset or Z.
absl::StatusOr<absl::Time> ParseRfc3339(absl::string_view column,
                                        absl::string_view raw) {
  if (std::optional<absl::Time> t =
          ParseMicros(raw, absl::RFC3339_full, absl::UTCTimeZone())) {
    return *t;
  }
  return absl::InvalidArgumentError(
      absl::StrCat(column, " ", Quoted(raw),
                   " is not an RFC 3339 time with a UTC offset, such as "
                   "2022-03-11T16:05:00-09:00 or 2022-03-12T01:05:00Z"));
}

// An HHS date and time without a zone, taken as UTC.
absl::StatusOr<absl::Time> ParseHhsTime(absl::string_view column,
                                        absl::string_view raw) {
  for (absl::string_view format : {"%Y-%m-%d%ET%H:%M:%E*S", "%Y-%m-%d"}) {
    if (std::optional<absl::Time> t =
            ParseMicros(raw, format, absl::UTCTimeZone())) {
      return *t;
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat(column, " ", Quoted(raw),
                   " is not a date YYYY-MM-DD or date and time "
                   "YYYY-MM-DDTHH:MM:SS"));
}

// Where a load's good rows go, counted. An error from there stops the load.
class Observations {
 public:
  Observations(const std::vector<Pharmacy>& pharmacies, RowLog& log,
               StockRowFn row)
      : pharmacies_(pharmacies), log_(log), row_(row) {}

  // The observation of pharmacy `pharmacy` made by the row on `line`.
  void Add(int line, uint32_t pharmacy, std::string ndc, StockLevel level) {
    ++count_;
    absl::Status s =
        row_(line, StockObservation{pharmacies_[pharmacy].id, std::move(ndc),
                                    std::move(level)});
    if (!s.ok()) log_.Stop(std::move(s));
  }

  absl::Status Finish() { return log_.Finish(count_, "stock observations"); }

 private:
  const std::vector<Pharmacy>& pharmacies_;
  RowLog& log_;
  StockRowFn row_;
  size_t count_ = 0;
};

// The quantity and time of a stock row: each column's name and value, and
// how the file writes them.
struct LevelFields {
  absl::string_view quantity_column, quantity;
  bool quantity_point_zero;  // See ParseCount.
  absl::string_view time_column, time;
  absl::StatusOr<absl::Time> (*parse_time)(absl::string_view column,
                                           absl::string_view raw);
};

// The stock level in `f`, or nullopt after skipping the row on `line`.
std::optional<StockLevel> LevelOrSkip(RowLog& log, int line,
                                      const LevelFields& f) {
  const auto missing = [&](absl::string_view reason, absl::string_view column) {
    log.Skip(line, reason, absl::StrCat(column, " is empty"));
    return std::nullopt;
  };
  if (absl::StripAsciiWhitespace(f.quantity).empty()) {
    return missing("missing quantity", f.quantity_column);
  }
  absl::StatusOr<int64_t> quantity =
      ParseCount(f.quantity_column, f.quantity, f.quantity_point_zero);
  if (!quantity.ok()) {
    log.Skip(line, "bad quantity", quantity.status().message());
    return std::nullopt;
  }
  if (*quantity > kMaxStockQuantity) {
    log.Skip(line, "bad quantity",
             absl::StrCat(f.quantity_column, " ", Quoted(f.quantity),
                          " is more than ", kMaxStockQuantity));
    return std::nullopt;
  }
  if (absl::StripAsciiWhitespace(f.time).empty()) {
    return missing("missing time", f.time_column);
  }
  absl::StatusOr<absl::Time> at = f.parse_time(f.time_column, f.time);
  if (!at.ok()) {
    log.Skip(line, "bad time", at.status().message());
    return std::nullopt;
  }
  return StockLevel{*quantity, *at, ""};
}

// ---- native ----

enum NativeColumn {
  kPharmacy,
  kNdc,
  kQuantity,
  kObservedAt,
  kSource,
  kNumNativeColumns
};
constexpr absl::string_view kNativeColumnNames[] = {
    "pharmacy", "ndc", "quantity", "observed_at", "source"};
static_assert(std::size(kNativeColumnNames) == kNumNativeColumns);
constexpr size_t kNumNativeRequired = kObservedAt + 1;

// ---- HHS ----

enum HhsColumn {
  kProviderName,
  kAddress1,
  kZip,
  kNationalDrugCode,
  kCoursesAvailable,
  kNpi,
  kGeocodedAddress,
  kLastReportDate,
  kCoursesAvailableDate,
  kNumHhsColumns
};
constexpr absl::string_view kHhsColumnNames[] = {
    "provider_name",      "address1",          "zip",
    "national_drug_code", "courses_available", "npi",
    "geocoded_address",   "last_report_date",  "courses_available_date"};
static_assert(std::size(kHhsColumnNames) == kNumHhsColumns);
constexpr size_t kNumHhsRequired = kCoursesAvailable + 1;

// Whether `p`, which has the NPI of `row`, is the site the row is about:
// within kSameNpiMeters of the row's geocoded_address, as MergeSources
// requires of records it joins by NPI, or for a row without one, in the
// row's ZIP code. An NPI names a provider, which may run several sites.
// If not, appends why to *why.
bool SameSite(const Pharmacy& p, const CsvColumns& columns,
              const CsvRecord& row, std::string* why) {
  absl::StrAppend(why, ", and pharmacy ", Quoted(p.id),
                  ", which has its NPI, ");
  absl::StatusOr<std::optional<Coordinates>> at =
      ParseWktPoint(row.Field(columns[kGeocodedAddress]));
  if (at.ok() && at->has_value()) {
    const double meters = MetersFromChord2(
        Chord2(PointFromDegrees((*at)->latitude, (*at)->longitude),
               PointFromDegrees(p.latitude, p.longitude)));
    if (meters <= kSameNpiMeters) return true;
    absl::StrAppend(why, "is ", static_cast<int64_t>(meters),
                    " m from its geocoded_address (at most ", kSameNpiMeters,
                    " m)");
    return false;
  }
  const absl::StatusOr<std::string> zip =
      NormalizeZip(row.Field(columns[kZip]));
  if (zip.ok() && *zip == p.address.zip) return true;
  absl::StrAppend(why, "is in ZIP code ", Quoted(p.address.zip),
                  ", not this row's ", Quoted(row.Field(columns[kZip])),
                  ", and the row has no geocoded_address to compare");
  return false;
}

// The pharmacy an HHS row is about: by its facility id, else by its NPI
// where SameSite. nullopt after skipping the row.
std::optional<uint32_t> HhsPharmacyOrSkip(
    const std::vector<Pharmacy>& pharmacies, const PharmacyDirectory& directory,
    const CsvColumns& columns, const CsvRecord& row, RowLog& log) {
  const std::string id =
      HhsRowFacilityId(row.Field(columns[kProviderName]),
                       row.Field(columns[kAddress1]), row.Field(columns[kZip]));
  if (std::optional<uint32_t> i = directory.Find(id)) return i;
  std::string why = absl::StrCat("no known pharmacy has this row's id ", id,
                                 " (from provider_name, address1 and zip)");
  const absl::string_view raw_npi = row.Field(columns[kNpi]);
  absl::StatusOr<std::string> npi = NormalizeNpi(raw_npi);
  const std::optional<uint32_t> by_npi =
      npi.ok() ? directory.Find(*npi) : std::nullopt;
  if (by_npi.has_value()) {
    if (SameSite(pharmacies[*by_npi], columns, row, &why)) return by_npi;
  } else if (npi.ok()) {
    absl::StrAppend(&why, " or its NPI ", *npi);
  } else if (absl::StripAsciiWhitespace(raw_npi).empty()) {
    absl::StrAppend(&why, ", and it has no npi");
  } else {
    absl::StrAppend(&why,
                    ", and its npi is unusable: ", npi.status().message());
  }
  log.Skip(row.line, "unknown pharmacy", why);
  return std::nullopt;
}

}  // namespace

absl::Status ReadNativeStock(const std::string& path,
                             const std::vector<Pharmacy>& pharmacies,
                             const PharmacyDirectory& directory,
                             const LoadOptions& options, LoadReport* report,
                             StockRowFn row_fn) {
  RowLog log(path, options, report);
  Observations observations(pharmacies, log, row_fn);
  absl::Status status = ForEachCsvFileRow(
      path, ',', kNativeColumnNames, kNumNativeRequired, log,
      [&](const CsvColumns& columns, const CsvRecord& row) {
        const std::string key = row.Trimmed(columns[kPharmacy]);
        if (key.empty()) {
          return log.Skip(row.line, "missing pharmacy", "pharmacy is empty");
        }
        const std::optional<uint32_t> pharmacy = FindPharmacy(directory, key);
        if (!pharmacy.has_value()) {
          return log.Skip(
              row.line, "unknown pharmacy",
              absl::StrCat("pharmacy ", Quoted(key),
                           " is not a known pharmacy id, NPI or NCPDP id"));
        }
        std::optional<std::string> ndc =
            NdcOrSkip(log, row.line, "ndc", row.Field(columns[kNdc]));
        if (!ndc.has_value()) return;
        std::optional<StockLevel> level = LevelOrSkip(
            log, row.line,
            {"quantity", row.Field(columns[kQuantity]), false, "observed_at",
             row.Field(columns[kObservedAt]), ParseRfc3339});
        if (!level.has_value()) return;
        level->source = row.Trimmed(columns[kSource]);
        if (level->source.empty()) level->source = "native";
        observations.Add(row.line, *pharmacy, *std::move(ndc),
                         *std::move(level));
      });
  if (!status.ok()) return status;
  return observations.Finish();
}

absl::Status ReadHhsStock(const std::string& path,
                          const std::vector<Pharmacy>& pharmacies,
                          const PharmacyDirectory& directory,
                          const LoadOptions& options, LoadReport* report,
                          StockRowFn row_fn) {
  RowLog log(path, options, report);
  absl::StatusOr<CsvTable> table = ReadCsvFile(path);
  if (!table.ok()) return table.status();
  absl::StatusOr<CsvColumns> columns =
      FindCsvColumns(table->header, path, kHhsColumnNames, kNumHhsRequired);
  if (!columns.ok()) return columns.status();
  const HhsColumn time = (*columns)[kLastReportDate] >= 0
                             ? kLastReportDate
                             : kCoursesAvailableDate;
  if ((*columns)[time] < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ":", table->header.line,
        ": missing required column \"last_report_date\" (or, in versions "
        "before 2022-03-16, \"courses_available_date\")"));
  }
  Observations observations(pharmacies, log, row_fn);
  absl::Status status = ForEachCsvRow(*table, log, [&](const CsvRecord& row) {
    const std::optional<uint32_t> pharmacy =
        HhsPharmacyOrSkip(pharmacies, directory, *columns, row, log);
    if (!pharmacy.has_value()) return;
    std::optional<std::string> ndc =
        NdcOrSkip(log, row.line, kHhsColumnNames[kNationalDrugCode],
                  row.Field((*columns)[kNationalDrugCode]));
    if (!ndc.has_value()) return;
    std::optional<StockLevel> level = LevelOrSkip(
        log, row.line,
        {kHhsColumnNames[kCoursesAvailable],
         row.Field((*columns)[kCoursesAvailable]), true, kHhsColumnNames[time],
         row.Field((*columns)[time]), ParseHhsTime});
    if (!level.has_value()) return;
    level->source = "hhs";
    observations.Add(row.line, *pharmacy, *std::move(ndc), *std::move(level));
  });
  if (!status.ok()) return status;
  return observations.Finish();
}

namespace {

// Every observation `read` gives, in order.
absl::StatusOr<std::vector<StockObservation>> Collect(
    decltype(ReadNativeStock)* read, const std::string& path,
    const std::vector<Pharmacy>& pharmacies, const PharmacyDirectory& directory,
    const LoadOptions& options, LoadReport* report) {
  std::vector<StockObservation> all;
  absl::Status status = read(path, pharmacies, directory, options, report,
                             [&](int, StockObservation observation) {
                               all.push_back(std::move(observation));
                               return absl::OkStatus();
                             });
  if (!status.ok()) return status;
  return all;
}

}  // namespace

absl::StatusOr<std::vector<StockObservation>> LoadNativeStock(
    const std::string& path, const std::vector<Pharmacy>& pharmacies,
    const PharmacyDirectory& directory, const LoadOptions& options,
    LoadReport* report) {
  return Collect(ReadNativeStock, path, pharmacies, directory, options, report);
}

absl::StatusOr<std::vector<StockObservation>> LoadHhsStock(
    const std::string& path, const std::vector<Pharmacy>& pharmacies,
    const PharmacyDirectory& directory, const LoadOptions& options,
    LoadReport* report) {
  return Collect(ReadHhsStock, path, pharmacies, directory, options, report);
}

}  // namespace rxlocator
