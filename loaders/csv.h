// An RFC 4180 CSV (or tab-separated) parser that remembers where each record
// starts, so loaders can report problems as "file:line: ...".
//
//   absl::StatusOr<CsvTable> table = ReadCsvFile("pharmacies.csv");
//   if (!table.ok()) return table.status();
//   const int name = table->Column("name");  // -1 if there is no such column
//   for (const CsvRecord& row : table->rows) {
//     Use(row.line, row.Field(name));
//   }
//
// Handles quoted fields containing delimiters, doubled quotes and line breaks,
// CRLF or LF line ends and a leading UTF-8 byte order mark. A quote inside an
// unquoted field is kept as a literal character. Records whose fields are all
// empty (blank lines, a trailing "\t\t\t") are dropped. The first remaining
// record is the header. Functions are pure; a CsvTable is a plain value.
#ifndef RXLOCATOR_LOADERS_CSV_H_
#define RXLOCATOR_LOADERS_CSV_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rxlocator {

struct CsvRecord {
  int line = 0;  // 1-based line on which the record starts.
  std::vector<std::string> fields;

  // The field at `column`, or "" if `column` is negative or past the end.
  absl::string_view Field(int column) const;
  // Field(column) without surrounding whitespace, as a string.
  std::string Trimmed(int column) const;
};

struct CsvTable {
  CsvRecord header;
  std::vector<CsvRecord> rows;

  // Index of the header column called `name`, or -1. Names compare
  // case-insensitively after trimming, with ' ' and '_' equal, so
  // "State Code" matches "state_code".
  int Column(absl::string_view name) const;

  // OK if `row` has as many fields as the header; otherwise InvalidArgument
  // "has 3 fields, the header has 5".
  absl::Status CheckWidth(const CsvRecord& row) const;
};

// Parses `text`. `file_name` only labels errors: an unterminated quoted field
// is InvalidArgument "file:line: unterminated quoted field", and a file
// without a header is InvalidArgument "file: no header line".
absl::StatusOr<CsvTable> ParseCsv(absl::string_view text,
                                  absl::string_view file_name,
                                  char delimiter = ',');

// ParseCsv of the file at `path`, gunzipped if need be (see ReadTextFile).
absl::StatusOr<CsvTable> ReadCsvFile(const std::string& path,
                                     char delimiter = ',');

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_CSV_H_
