#include "loaders/vaccines_gov.h"

#include <array>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "index/identifiers.h"
#include "loaders/chains.h"
#include "loaders/csv.h"
#include "loaders/json_records.h"
#include "loaders/pharmacy_list.h"
#include "loaders/rows.h"
#include "loaders/text_file.h"
#include "loaders/vaccines_gov_hours.h"

namespace rxlocator {
namespace {

// The columns read, in CSV and JSON alike.
struct Row {
  int line = 0;
  std::string guid, name, phone, street1, street2, city, state, zip, latitude,
      longitude;
  std::array<std::string, 7> hours;  // Monday first, as absl::Weekday.
};

constexpr const char* kHoursColumns[7] = {
    "monday_hours", "tuesday_hours",  "wednesday_hours", "thursday_hours",
    "friday_hours", "saturday_hours", "sunday_hours"};

// A Row from `get(column name)`, whitespace trimmed.
template <typename Get>
Row MakeRow(int line, Get get) {
  const auto field = [&](absl::string_view name) {
    return std::string(absl::StripAsciiWhitespace(get(name)));
  };
  Row row{line,
          field("provider_location_guid"),
          field("loc_name"),
          field("loc_phone"),
          field("loc_admin_street1"),
          field("loc_admin_street2"),
          field("loc_admin_city"),
          field("loc_admin_state"),
          field("loc_admin_zip"),
          field("latitude"),
          field("longitude")};
  for (int day = 0; day < 7; ++day) row.hours[day] = field(kHoursColumns[day]);
  return row;
}

// Reports how a further row of an already-read location differs from the
// row kept for it.
void CheckAgrees(const Row& row, const Pharmacy& kept, int kept_line,
                 RowLog& log) {
  if (row.name != kept.name) {
    return log.Warn(
        row.line, "conflicting rows",
        absl::StrCat("loc_name ", Quoted(row.name), " differs from ",
                     Quoted(kept.name), " on line ", kept_line,
                     " for the same location; kept line ", kept_line));
  }
  absl::StatusOr<std::optional<Coordinates>> at =
      ParseLatLng(row.latitude, row.longitude);
  if (!at.ok() || !at->has_value() || (*at)->latitude != kept.latitude ||
      (*at)->longitude != kept.longitude) {
    log.Warn(
        row.line, "conflicting rows",
        absl::StrCat("latitude, longitude ",
                     Quoted(absl::StrCat(row.latitude, ", ", row.longitude)),
                     " differ from line ", kept_line,
                     " for the same location; kept line ", kept_line));
  }
}

// Adds the location in `row` to `list`, or checks it against the pharmacy
// already made from an earlier row of the same location.
void AddRow(const Row& row, RowLog& log, PharmacyList& list) {
  if (row.guid.empty()) {
    return log.Skip(row.line, "missing id", "provider_location_guid is empty");
  }
  const std::string id = absl::StrCat("vgov-", row.guid);
  if (const Pharmacy* kept = list.Find(id)) {
    return CheckAgrees(row, *kept, list.LineOf(id), log);
  }
  if (row.name.empty()) {
    return log.Skip(row.line, "missing name", "loc_name is empty");
  }
  absl::StatusOr<std::optional<Coordinates>> at =
      ParseLatLng(row.latitude, row.longitude);
  if (!at.ok()) {
    return log.Skip(row.line, "bad coordinates", at.status().message());
  }
  if (!at->has_value()) {
    return log.Skip(
        row.line, "no coordinates",
        "no coordinates (latitude and longitude are empty or 0, 0)");
  }
  Pharmacy p;
  p.id = id;
  p.name = row.name;
  p.chain = ChainFromName(row.name);
  p.latitude = (*at)->latitude;
  p.longitude = (*at)->longitude;
  p.address = {.line1 = row.street1,
               .line2 = row.street2,
               .city = row.city,
               .state = absl::AsciiStrToUpper(row.state),
               .zip = NormalizeOrWarn(log, row.line, "bad ZIP code", row.zip,
                                      NormalizeZip)};
  p.phone = row.phone;
  p.services = Bit(Service::kVaccinations);
  // The site's hours; the file does not tell a pharmacy counter apart.
  absl::StatusOr<OpeningHours> hours = ParseVaccinesGovWeek(row.hours);
  if (hours.ok()) {
    p.store_hours = *std::move(hours);
  } else {
    log.Warn(row.line, "bad hours", hours.status().message());
  }
  p.source = SourceLabel("vaccines_gov", log.file(), row.line);
  list.Add(std::move(p), row.line);
}

bool LooksLikeJson(absl::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  return first != absl::string_view::npos && text[first] == '[';
}

}  // namespace

absl::StatusOr<std::vector<Pharmacy>> LoadVaccinesGov(
    const std::string& path, const LoadOptions& options, LoadReport* report) {
  RowLog log(path, options, report);
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();

  PharmacyList list;
  absl::Status status;
  if (LooksLikeJson(*text)) {
    absl::StatusOr<std::vector<JsonRecord>> records =
        SplitJsonArray(*text, path);
    if (!records.ok()) return records.status();
    status = ForEachJsonRecord(
        *records, log, [&](int line, const JsonFields& fields) {
          AddRow(MakeRow(
                     line,
                     [&](absl::string_view name) { return Get(fields, name); }),
                 log, list);
        });
  } else {
    absl::StatusOr<CsvTable> table = ParseCsv(*text, path);
    if (!table.ok()) return table.status();
    if (table->Column("provider_location_guid") < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ":", table->header.line,
          ": not a Vaccines.gov file: no column \"provider_location_guid\""));
    }
    status = ForEachCsvRow(*table, log, [&](const CsvRecord& row) {
      AddRow(MakeRow(row.line,
                     [&](absl::string_view name) {
                       return row.Field(table->Column(name));
                     }),
             log, list);
    });
  }
  if (!status.ok()) return status;
  return log.Finish(std::move(list).Release(), "pharmacies");
}

}  // namespace rxlocator
