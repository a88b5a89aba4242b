#include "tools/csv_fields.h"

#include <array>
#include <charconv>
#include <utility>
#include <vector>

#include "absl/strings/str_join.h"

namespace rxlocator {

void AppendCsvRecord(std::initializer_list<absl::string_view> fields,
                     std::string* out) {
  bool first = true;
  for (absl::string_view field : fields) {
    if (!first) out->push_back(',');
    first = false;
    if (field.find_first_of(",\"\r\n") == absl::string_view::npos) {
      out->append(field.data(), field.size());
      continue;
    }
    out->push_back('"');
    for (char c : field) {
      if (c == '"') out->push_back('"');
      out->push_back(c);
    }
    out->push_back('"');
  }
  out->push_back('\n');
}

std::string CsvNumber(double v) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  return std::string(buffer, end);
}

std::string ServicesField(ServiceMask services) {
  constexpr std::array<std::pair<Service, absl::string_view>, kServiceCount>
      kNames = {{{Service::kTwentyFourHour, "24_hour"},
                 {Service::kDriveThru, "drive_thru"},
                 {Service::kDelivery, "delivery"},
                 {Service::kVaccinations, "vaccinations"},
                 {Service::kCompounding, "compounding"}}};
  std::vector<absl::string_view> names;
  for (const auto& [service, name] : kNames) {
    if (services & Bit(service)) names.push_back(name);
  }
  return absl::StrJoin(names, ";");
}

}  // namespace rxlocator
