#include "loaders/json_records.h"

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace rxlocator {
namespace {

constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Walks the text once, counting lines.
class Scanner {
 public:
  Scanner(absl::string_view text, absl::string_view file_name)
      : text_(text), file_name_(file_name) {}

  absl::StatusOr<std::vector<JsonRecord>> Split() {
    SkipSpace();
    if (!Consume('[')) return Error(line_, "expected '[' to open the array");
    std::vector<JsonRecord> records;
    SkipSpace();
    if (!Consume(']')) {
      while (true) {
        SkipSpace();
        const size_t start = pos_;
        const int start_line = line_;
        absl::Status status = SkipValue();
        if (!status.ok()) return status;
        records.push_back({start_line, text_.substr(start, pos_ - start)});
        SkipSpace();
        if (Consume(']')) break;
        if (!Consume(',')) return Error(line_, "expected ',' or ']'");
      }
    }
    SkipSpace();
    if (pos_ != text_.size()) return Error(line_, "text after the array");
    return records;
  }

 private:
  // Advances past one element: an object, array or string tracked by
  // nesting depth, or a scalar running up to the next ',' or ']' at depth 0.
  absl::Status SkipValue() {
    const size_t start = pos_;
    const int start_line = line_;
    int depth = 0;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (depth == 0 && (c == ',' || c == ']' || c == '}')) break;
      ++pos_;
      if (c == '\n') {
        ++line_;
      } else if (c == '"') {
        absl::Status status = SkipStringBody();
        if (!status.ok()) return status;
        if (depth == 0) break;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) break;
      }
    }
    if (depth != 0) {
      return Error(start_line, "element not closed before the end of the file");
    }
    if (pos_ == start) return Error(line_, "expected a value");
    // Trailing spaces of a scalar are not part of it.
    while (pos_ > 0 && IsJsonSpace(text_[pos_ - 1])) {
      if (text_[--pos_] == '\n') --line_;
    }
    return absl::OkStatus();
  }

  // Called just after an opening quote; advances past the closing one.
  absl::Status SkipStringBody() {
    const int start_line = line_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return absl::OkStatus();
      if (c == '\\') {
        ++pos_;
      } else if (c == '\n') {
        ++line_;
      }
    }
    return Error(start_line, "unterminated string");
  }

  void SkipSpace() {
    while (pos_ < text_.size() && IsJsonSpace(text_[pos_])) {
      if (text_[pos_++] == '\n') ++line_;
    }
  }

  bool Consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  absl::Status Error(int line, absl::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrCat(file_name_, ":", line, ": ", what));
  }

  absl::string_view text_;
  absl::string_view file_name_;
  size_t pos_ = 0;
  int line_ = 1;
};

void Flatten(const nlohmann::json& value, const std::string& path,
             JsonFields& out) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      for (const auto& [key, item] : value.items()) {
        Flatten(item, path.empty() ? key : absl::StrCat(path, ".", key), out);
      }
      break;
    case nlohmann::json::value_t::array:
      for (size_t i = 0; i < value.size(); ++i) {
        Flatten(value[i], absl::StrCat(path, ".", i), out);
      }
      break;
    case nlohmann::json::value_t::string:
      out[path] = value.get_ref<const std::string&>();
      break;
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      break;
    default:  // Numbers and booleans.
      out[path] = value.dump();
  }
}

}  // namespace

absl::StatusOr<std::vector<JsonRecord>> SplitJsonArray(
    absl::string_view text, absl::string_view file_name) {
  if (absl::StartsWith(text, kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  return Scanner(text, file_name).Split();
}

absl::StatusOr<JsonFields> FlattenJsonObject(absl::string_view text) {
  nlohmann::json value;
  // nlohmann reports parse errors only by exception; this is its boundary.
  try {
    value = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("malformed JSON: ", e.what()));
  }
  if (!value.is_object()) {
    return absl::InvalidArgumentError("not a JSON object");
  }
  JsonFields fields;
  Flatten(value, "", fields);
  return fields;
}

absl::string_view Get(const JsonFields& fields, absl::string_view path) {
  auto it = fields.find(path);
  return it == fields.end() ? absl::string_view() : it->second;
}

}  // namespace rxlocator
