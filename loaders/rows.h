// Row handling shared by the adapters: the loop over a file's rows with its
// bookkeeping, coordinates as the sources write them, optional identifiers
// that are dropped with a warning when bad, and the Pharmacy::source label.
//
//   absl::Status status = ForEachCsvRow(table, log, [&](const CsvRecord& row) {
//     absl::StatusOr<std::optional<Coordinates>> at =
//         ParseWktPoint(row.Field(geocoded_address));
//     ...
//     p.npi = NormalizeOrWarn(log, row.line, "bad NPI", row.Field(npi),
//                             NormalizeNpi);
//   });
//
// Functions are thread-safe except that they write to the RowLog given.
#ifndef RXLOCATOR_LOADERS_ROWS_H_
#define RXLOCATOR_LOADERS_ROWS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "index/pharmacy_directory.h"
#include "loaders/csv.h"
#include "loaders/json_records.h"
#include "loaders/load_report.h"
#include "loaders/pharmacy_list.h"

namespace rxlocator {

// Counts `row` in `log` and calls fn(row) if it has as many fields as
// `header`, else skips it. Returns log.status(): not OK stops the load.
template <typename Fn>
absl::Status AddCsvRow(const CsvRecord& header, const CsvRecord& row,
                       RowLog& log, Fn& fn) {
  log.Read();
  if (absl::Status width = CheckCsvWidth(header, row); !width.ok()) {
    log.Skip(row.line, "wrong field count", width.message());
  } else {
    fn(row);
  }
  return log.status();
}

// Calls fn(row) for each data row of `table` that has as many fields as the
// header, counting rows in `log` and skipping the others. Stops at the first
// problem in strict mode, or once log.Stop() is called, and returns it.
template <typename Fn>
absl::Status ForEachCsvRow(const CsvTable& table, RowLog& log, Fn fn) {
  for (const CsvRecord& row : table.rows) {
    if (absl::Status s = AddCsvRow(table.header, row, log, fn); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// Field index of each column a format names, in the order it names them; -1
// for an optional column the file lacks.
using CsvColumns = std::vector<int>;

// Finds `names` in `header`, read from `path`. The first `num_required` must
// be there; otherwise InvalidArgument
// "path:1: missing required column \"name\"". Other columns are ignored.
absl::StatusOr<CsvColumns> FindCsvColumns(
    const CsvRecord& header, absl::string_view path,
    absl::Span<const absl::string_view> names, size_t num_required);

// Reads `path` as CSV separated by `delimiter`, a chunk at a time, finds its
// columns with FindCsvColumns, and calls add_row(columns, row) for each row
// with as many fields as the header (see ForEachCsvRow).
template <typename AddRow>
absl::Status ForEachCsvFileRow(const std::string& path, char delimiter,
                               absl::Span<const absl::string_view> names,
                               size_t num_required, RowLog& log,
                               AddRow add_row) {
  absl::StatusOr<std::unique_ptr<CsvFileReader>> file =
      CsvFileReader::Open(path, delimiter);
  if (!file.ok()) return file.status();
  const CsvRecord& header = (*file)->header();
  absl::StatusOr<CsvColumns> columns =
      FindCsvColumns(header, path, names, num_required);
  if (!columns.ok()) return columns.status();
  auto fn = [&](const CsvRecord& row) { add_row(*columns, row); };
  CsvRecord row;
  while ((*file)->Next(row)) {
    if (absl::Status s = AddCsvRow(header, row, log, fn); !s.ok()) return s;
  }
  return (*file)->status();
}

// A CSV pharmacy file, the frame every CSV adapter shares: reads `path`,
// finds its columns with find_columns(table, path) (a StatusOr), calls
// add_row(columns, row, log, list) for each well-formed row, and returns
// the pharmacies added to the PharmacyList, in file order.
template <typename FindColumns, typename AddRow>
absl::StatusOr<std::vector<Pharmacy>> LoadCsvPharmacies(
    const std::string& path, const LoadOptions& options, LoadReport* report,
    FindColumns find_columns, AddRow add_row) {
  RowLog log(path, options, report);
  absl::StatusOr<CsvTable> table = ReadCsvFile(path);
  if (!table.ok()) return table.status();
  auto columns = find_columns(*table, path);
  if (!columns.ok()) return columns.status();
  PharmacyList list;
  absl::Status status = ForEachCsvRow(*table, log, [&](const CsvRecord& row) {
    add_row(*columns, row, log, list);
  });
  if (!status.ok()) return status;
  return log.Finish(std::move(list).Release(), "pharmacies");
}

// Calls fn(line, fields) for each element of a JSON array that is an object,
// counting records in `log` and skipping the others. Stops at the first
// problem in strict mode and returns it.
template <typename Fn>
absl::Status ForEachJsonRecord(const std::vector<JsonRecord>& records,
                               RowLog& log, Fn fn) {
  for (const JsonRecord& record : records) {
    log.Read();
    absl::StatusOr<JsonFields> fields = FlattenJsonObject(record.text);
    if (!fields.ok()) {
      log.Skip(record.line, "malformed record", fields.status().message());
    } else {
      fn(record.line, *fields);
    }
    if (!log.status().ok()) return log.status();
  }
  return absl::OkStatus();
}

struct Coordinates {
  double latitude = 0;
  double longitude = 0;
};

// Decimal degrees from two text fields. Returns nullopt ("no coordinates")
// when both are empty or the point is exactly (0, 0), which real sources use
// as a null. Errors name the field: `latitude "abc" is not a number`,
// `longitude "-200" is out of range [-180, 180]`, `latitude is empty`.
absl::StatusOr<std::optional<Coordinates>> ParseLatLng(
    absl::string_view latitude, absl::string_view longitude);

// A WKT point "POINT (lon lat)" (longitude first, any spacing and case), as
// in HHS geocoded_address. Empty text and POINT (0 0) give nullopt.
absl::StatusOr<std::optional<Coordinates>> ParseWktPoint(absl::string_view wkt);

// `normalize(raw)` for an optional identifier: "" if `raw` is blank; if it
// fails, warns `reason` on `line` with its message and returns "".
std::string NormalizeOrWarn(
    RowLog& log, int line, absl::string_view reason, absl::string_view raw,
    absl::StatusOr<std::string> (*normalize)(absl::string_view));

// The 11-digit NDC in `raw` (NormalizeNdc), or nullopt after skipping the
// row on `line`: "missing NDC" (`<column> is empty`) or "bad NDC"
// (NormalizeNdc's message, after "<column>: " unless `column` is "ndc").
std::optional<std::string> NdcOrSkip(RowLog& log, int line,
                                     absl::string_view column,
                                     absl::string_view raw);

// The position in `directory` of the pharmacy that `key` names: its id, a
// merged id, NPI or NCPDP id as written, else an NPI in a form that
// normalises ("1740219781.0"). nullopt if none.
std::optional<uint32_t> FindPharmacy(const PharmacyDirectory& directory,
                                     absl::string_view key);

// Pharmacy::source for a record: "<format>:<file name>:<line>", e.g.
// "hhs:paxlovid-data.csv.gz:12".
std::string SourceLabel(absl::string_view format, absl::string_view path,
                        int line);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_ROWS_H_
