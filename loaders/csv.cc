#include "loaders/csv.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "loaders/text_file.h"

namespace rxlocator {
namespace {

constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Header names compare case-insensitively after trimming, ' ' equal to '_'.
bool SameColumnName(absl::string_view a, absl::string_view b) {
  a = absl::StripAsciiWhitespace(a);
  b = absl::StripAsciiWhitespace(b);
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char x = a[i] == ' ' ? '_' : absl::ascii_tolower(a[i]);
    const char y = b[i] == ' ' ? '_' : absl::ascii_tolower(b[i]);
    if (x != y) return false;
  }
  return true;
}

bool AllEmpty(const std::vector<std::string>& fields) {
  for (const std::string& f : fields) {
    if (!f.empty()) return false;
  }
  return true;
}

// Splits text into records in a single pass over the bytes: a text given
// whole, or a file's, a chunk at a time.
class Parser {
 public:
  // `file` (may be null) gives the bytes after `text`.
  Parser(absl::string_view text, char delimiter, TextFileReader* file)
      : text_(text), delimiter_(delimiter), file_(file) {
    if (Fill() && absl::StartsWith(text_, kUtf8Bom)) pos_ = kUtf8Bom.size();
  }

  // Parses the next record into `record`, reusing its fields' memory.
  // Returns false at the end of the text. Sets unterminated_ on a quote left
  // open.
  bool Next(CsvRecord& record) {
    if (!Fill()) return false;
    record.line = line_;
    size_t fields = 0;
    const auto new_field = [&]() -> std::string& {
      if (fields == record.fields.size()) record.fields.emplace_back();
      std::string& field = record.fields[fields++];
      field.clear();
      return field;
    };
    std::string* field = &new_field();
    bool quoted = false;
    while (Fill()) {
      const char c = text_[pos_++];
      if (quoted) {
        if (c == '"') {
          if (Fill() && text_[pos_] == '"') {
            *field += '"';
            ++pos_;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line_;
          *field += c;
        }
      } else if (c == '"' && field->empty()) {
        quoted = true;
      } else if (c == delimiter_) {
        field = &new_field();
      } else if (c == '\n') {
        ++line_;
        break;
      } else if (c == '\r' && Fill() && text_[pos_] == '\n') {
        // CRLF: the '\n' ends the record on the next iteration.
      } else {
        // With the run of plain characters after it at once. (Not from
        // pos_ - 1: looking past a '\r' may have read the next chunk.)
        *field += c;
        const size_t start = pos_;
        while (pos_ < text_.size() && !Special(text_[pos_])) ++pos_;
        field->append(text_.data() + start, pos_ - start);
      }
    }
    unterminated_ = quoted;
    record.fields.resize(fields);
    return true;
  }

  bool unterminated() const { return unterminated_; }

 private:
  bool Special(char c) const {
    return c == delimiter_ || c == '\n' || c == '\r' || c == '"';
  }
  // Whether there is a byte at pos_, reading the next chunk if need be.
  bool Fill() {
    while (pos_ == text_.size()) {
      if (file_ == nullptr || !file_->Read(&chunk_)) return false;
      text_ = chunk_;
      pos_ = 0;
    }
    return true;
  }

  absl::string_view text_;
  const char delimiter_;
  TextFileReader* const file_;
  std::string chunk_;  // What text_ views once it comes from file_.
  size_t pos_ = 0;
  int line_ = 1;
  bool unterminated_ = false;
};

}  // namespace

// The records that are not all empty, the first being the header.
class CsvFileReader::Records {
 public:
  // Reads `text`, then `file` (may be null), naming `file_name` in errors.
  Records(absl::string_view text, std::unique_ptr<TextFileReader> file,
          std::string file_name, char delimiter)
      : file_(std::move(file)),
        file_name_(std::move(file_name)),
        parser_(text, delimiter, file_.get()) {}

  // False at the end, or on an error (then status() says what).
  bool Next(CsvRecord& record) {
    if (!status_.ok()) return false;
    while (parser_.Next(record)) {
      if (parser_.unterminated()) {
        status_ = absl::InvalidArgumentError(absl::StrCat(
            file_name_, ":", record.line, ": unterminated quoted field"));
        return false;
      }
      if (!AllEmpty(record.fields)) return true;
    }
    if (file_ != nullptr) status_ = file_->status();
    return false;
  }

  // The header record; InvalidArgument "file: no header line" if none.
  absl::StatusOr<CsvRecord> Header() {
    CsvRecord header;
    if (Next(header)) return header;
    if (!status_.ok()) return status_;
    return absl::InvalidArgumentError(
        absl::StrCat(file_name_, ": no header line"));
  }

  const absl::Status& status() const { return status_; }

 private:
  std::unique_ptr<TextFileReader> file_;
  std::string file_name_;
  Parser parser_;
  absl::Status status_;
};

namespace {

// Every record `records` gives, as a table.
absl::StatusOr<CsvTable> ReadTable(CsvFileReader::Records& records) {
  CsvTable table;
  absl::StatusOr<CsvRecord> header = records.Header();
  if (!header.ok()) return header.status();
  table.header = *std::move(header);
  CsvRecord row;
  while (records.Next(row)) table.rows.push_back(std::move(row));
  if (!records.status().ok()) return records.status();
  return table;
}

}  // namespace

absl::string_view CsvRecord::Field(int column) const {
  if (column < 0 || column >= static_cast<int>(fields.size())) return {};
  return fields[column];
}

std::string CsvRecord::Trimmed(int column) const {
  return std::string(absl::StripAsciiWhitespace(Field(column)));
}

int CsvColumn(const CsvRecord& header, absl::string_view name) {
  for (size_t i = 0; i < header.fields.size(); ++i) {
    if (SameColumnName(header.fields[i], name)) return static_cast<int>(i);
  }
  return -1;
}

absl::Status CheckCsvWidth(const CsvRecord& header, const CsvRecord& row) {
  if (row.fields.size() == header.fields.size()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("has ", row.fields.size(),
                                                 " fields, the header has ",
                                                 header.fields.size()));
}

absl::StatusOr<CsvTable> ParseCsv(absl::string_view text,
                                  absl::string_view file_name, char delimiter) {
  CsvFileReader::Records records(text, nullptr, std::string(file_name),
                                 delimiter);
  return ReadTable(records);
}

absl::StatusOr<CsvTable> ReadCsvFile(const std::string& path, char delimiter) {
  absl::StatusOr<std::unique_ptr<TextFileReader>> file =
      TextFileReader::Open(path);
  if (!file.ok()) return file.status();
  CsvFileReader::Records records("", *std::move(file), path, delimiter);
  return ReadTable(records);
}

absl::StatusOr<std::unique_ptr<CsvFileReader>> CsvFileReader::Open(
    const std::string& path, char delimiter) {
  absl::StatusOr<std::unique_ptr<TextFileReader>> file =
      TextFileReader::Open(path);
  if (!file.ok()) return file.status();
  auto reader = std::unique_ptr<CsvFileReader>(new CsvFileReader(
      std::make_unique<Records>("", *std::move(file), path, delimiter)));
  absl::StatusOr<CsvRecord> header = reader->records_->Header();
  if (!header.ok()) return header.status();
  reader->header_ = *std::move(header);
  return reader;
}

CsvFileReader::CsvFileReader(std::unique_ptr<Records> records)
    : records_(std::move(records)) {}

CsvFileReader::~CsvFileReader() = default;

bool CsvFileReader::Next(CsvRecord& row) { return records_->Next(row); }

const absl::Status& CsvFileReader::status() const { return records_->status(); }

}  // namespace rxlocator
