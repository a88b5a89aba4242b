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

// Splits `text` into records. Single pass over the bytes.
class Parser {
 public:
  Parser(absl::string_view text, char delimiter)
      : text_(text), delimiter_(delimiter) {}

  // Parses the record starting at pos_ into `record`. Returns false at the
  // end of the text. Sets unterminated_ on a quote left open.
  bool Next(CsvRecord& record) {
    if (pos_ >= text_.size()) return false;
    record.line = line_;
    record.fields.assign(1, std::string());
    bool quoted = false;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      std::string& field = record.fields.back();
      if (quoted) {
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            field += '"';
            ++pos_;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line_;
          field += c;
        }
      } else if (c == '"' && field.empty()) {
        quoted = true;
      } else if (c == delimiter_) {
        record.fields.emplace_back();
      } else if (c == '\n') {
        ++line_;
        return true;
      } else if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') {
        // CRLF: the '\n' ends the record on the next iteration.
      } else {
        field += c;
      }
    }
    unterminated_ = quoted;
    return true;
  }

  bool unterminated() const { return unterminated_; }

 private:
  absl::string_view text_;
  char delimiter_;
  size_t pos_ = 0;
  int line_ = 1;
  bool unterminated_ = false;
};

}  // namespace

absl::string_view CsvRecord::Field(int column) const {
  if (column < 0 || column >= static_cast<int>(fields.size())) return {};
  return fields[column];
}

std::string CsvRecord::Trimmed(int column) const {
  return std::string(absl::StripAsciiWhitespace(Field(column)));
}

int CsvTable::Column(absl::string_view name) const {
  for (size_t i = 0; i < header.fields.size(); ++i) {
    if (SameColumnName(header.fields[i], name)) return static_cast<int>(i);
  }
  return -1;
}

absl::Status CsvTable::CheckWidth(const CsvRecord& row) const {
  if (row.fields.size() == header.fields.size()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("has ", row.fields.size(),
                                                 " fields, the header has ",
                                                 header.fields.size()));
}

absl::StatusOr<CsvTable> ParseCsv(absl::string_view text,
                                  absl::string_view file_name, char delimiter) {
  if (absl::StartsWith(text, kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  Parser parser(text, delimiter);
  CsvTable table;
  bool have_header = false;
  CsvRecord record;
  while (parser.Next(record)) {
    if (parser.unterminated()) {
      return absl::InvalidArgumentError(absl::StrCat(
          file_name, ":", record.line, ": unterminated quoted field"));
    }
    if (AllEmpty(record.fields)) continue;
    if (have_header) {
      table.rows.push_back(std::move(record));
    } else {
      table.header = std::move(record);
      have_header = true;
    }
  }
  if (!have_header) {
    return absl::InvalidArgumentError(
        absl::StrCat(file_name, ": no header line"));
  }
  return table;
}

absl::StatusOr<CsvTable> ReadCsvFile(const std::string& path, char delimiter) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return ParseCsv(*text, path, delimiter);
}

}  // namespace rxlocator
