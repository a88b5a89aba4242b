// Writing the native CSV formats (docs/formats.md): records with quoting,
// and the field forms the loaders read back.
//
//   std::string text;
//   AppendCsvRecord({p.id, p.name, CsvNumber(p.latitude)}, &text);
//
// Pure functions; thread-safe.
#ifndef RXLOCATOR_TOOLS_CSV_FIELDS_H_
#define RXLOCATOR_TOOLS_CSV_FIELDS_H_

#include <initializer_list>
#include <string>

#include "absl/strings/string_view.h"
#include "index/pharmacy.h"

namespace rxlocator {

// Appends one CSV record and its line break: fields holding a comma, quote
// or line break are quoted, with quotes doubled.
void AppendCsvRecord(std::initializer_list<absl::string_view> fields,
                     std::string* out);

// The shortest text that reads back as `v`.
std::string CsvNumber(double v);

// The native `services` field: "24_hour;drive_thru", "" for none.
std::string ServicesField(ServiceMask services);

}  // namespace rxlocator

#endif  // RXLOCATOR_TOOLS_CSV_FIELDS_H_
