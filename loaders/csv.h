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
// A file of millions of rows is better read a record at a time:
//
//   absl::StatusOr<std::unique_ptr<CsvFileReader>> file =
//       CsvFileReader::Open("stock.csv.gz");
//   if (!file.ok()) return file.status();
//   const int ndc = CsvColumn((*file)->header(), "ndc");
//   CsvRecord row;
//   while ((*file)->Next(row)) Use(row.line, row.Field(ndc));
//   if (!(*file)->status().ok()) return (*file)->status();
//
// Handles quoted fields containing delimiters, doubled quotes and line breaks,
// CRLF or LF line ends and a leading UTF-8 byte order mark. A quote inside an
// unquoted field is kept as a literal character. Records whose fields are all
// empty (blank lines, a trailing "\t\t\t") are dropped. The first remaining
// record is the header. Functions are pure; a CsvTable is a plain value; a
// CsvFileReader is for one thread.
#ifndef RXLOCATOR_LOADERS_CSV_H_
#define RXLOCATOR_LOADERS_CSV_H_

#include <memory>
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

// Index of the column of `header` called `name`, or -1. Names compare
// case-insensitively after trimming, with ' ' and '_' equal, so "State Code"
// matches "state_code".
int CsvColumn(const CsvRecord& header, absl::string_view name);

// OK if `row` has as many fields as `header`; otherwise InvalidArgument
// "has 3 fields, the header has 5".
absl::Status CheckCsvWidth(const CsvRecord& header, const CsvRecord& row);

struct CsvTable {
  CsvRecord header;
  std::vector<CsvRecord> rows;

  int Column(absl::string_view name) const { return CsvColumn(header, name); }
  absl::Status CheckWidth(const CsvRecord& row) const {
    return CheckCsvWidth(header, row);
  }
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

class TextFileReader;

// The records of a file, read as ReadCsvFile would but a chunk of the file
// at a time.
class CsvFileReader {
 public:
  // Opens `path` and reads its header; errors as ReadCsvFile's.
  static absl::StatusOr<std::unique_ptr<CsvFileReader>> Open(
      const std::string& path, char delimiter = ',');
  ~CsvFileReader();
  CsvFileReader(const CsvFileReader&) = delete;
  CsvFileReader& operator=(const CsvFileReader&) = delete;

  const CsvRecord& header() const { return header_; }

  // Reads the next record into `row`, reusing its fields' memory. False at
  // the end of the file or on an error (see status()).
  bool Next(CsvRecord& row);
  // OK, or why reading stopped: an unterminated quoted field as
  // ReadCsvFile's error, or the file's (TextFileReader::status()).
  const absl::Status& status() const;

  // The records of a text or file; ParseCsv and ReadCsvFile read theirs
  // with it.
  class Records;

 private:
  explicit CsvFileReader(std::unique_ptr<Records> records);

  std::unique_ptr<Records> records_;
  CsvRecord header_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_CSV_H_
