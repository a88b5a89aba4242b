// Reads a file holding one top-level JSON array of objects, one record per
// element, remembering the line each element starts on so loaders can report
// problems as "file:line: ...".
//
//   absl::StatusOr<std::vector<JsonRecord>> records =
//       SplitJsonArray(text, "stores.json");
//   for (const JsonRecord& record : *records) {
//     absl::StatusOr<JsonFields> fields = FlattenJsonObject(record.text);
//     if (fields.ok()) Use(record.line, Get(*fields, "address.city"));
//   }
//
// SplitJsonArray is a small scanner (strings, escapes, nesting depth), so a
// malformed element can be skipped while the rest load; any formatting works,
// not just one element per line. Functions are pure and thread-safe.
#ifndef RXLOCATOR_LOADERS_JSON_RECORDS_H_
#define RXLOCATOR_LOADERS_JSON_RECORDS_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rxlocator {

struct JsonRecord {
  int line = 0;            // 1-based line of the element's first character.
  absl::string_view text;  // The element, pointing into the scanned text.
};

// The elements of the top-level array in `text`. `file_name` only labels
// errors, e.g. InvalidArgument "file:7: unterminated string". A UTF-8 byte
// order mark is skipped.
absl::StatusOr<std::vector<JsonRecord>> SplitJsonArray(
    absl::string_view text, absl::string_view file_name);

// A JSON object flattened to path -> text: nested keys are joined with '.'
// ("address.city") and array items get their index ("hours.0"); strings are
// unescaped, numbers in their shortest exact form, booleans "true"/"false".
// Nulls are left out, so a missing and a null value both read as "".
using JsonFields = absl::flat_hash_map<std::string, std::string>;

// Parses one element. Errors (InvalidArgument) say what is wrong without a
// file or line: "malformed JSON: ..." or "not a JSON object".
absl::StatusOr<JsonFields> FlattenJsonObject(absl::string_view text);

// The value at `path`, or "".
absl::string_view Get(const JsonFields& fields, absl::string_view path);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_JSON_RECORDS_H_
