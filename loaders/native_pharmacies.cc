#include "loaders/native_pharmacies.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "index/identifiers.h"
#include "loaders/csv.h"
#include "loaders/osm_opening_hours.h"
#include "loaders/pharmacy_list.h"
#include "loaders/rows.h"

namespace rxlocator {
namespace {

struct ServiceName {
  absl::string_view name;
  Service service;
};
constexpr std::array<ServiceName, 5> kServiceNames = {{
    {"24_hour", Service::kTwentyFourHour},
    {"drive_thru", Service::kDriveThru},
    {"delivery", Service::kDelivery},
    {"vaccinations", Service::kVaccinations},
    {"compounding", Service::kCompounding},
}};

enum Column {
  kId,
  kName,
  kLatitude,
  kLongitude,
  kNpi,
  kNcpdpId,
  kChain,
  kAddress1,
  kAddress2,
  kCity,
  kState,
  kZip,
  kPhone,
  kTimeZone,
  kServices,
  kHours,
  kPharmacyHours,
  kWalkIn,
  kNumColumns
};
constexpr std::array<absl::string_view, kNumColumns> kColumnNames = {
    "id",
    "name",
    "latitude",
    "longitude",
    "npi",
    "ncpdp_id",
    "chain",
    "address1",
    "address2",
    "city",
    "state",
    "zip",
    "phone",
    "time_zone",
    "services",
    "hours",
    "pharmacy_hours",
    "walk_in"};
constexpr int kNumRequired = kLongitude + 1;

using Columns = std::array<int, kNumColumns>;  // Column -> field index.

absl::StatusOr<Columns> FindColumns(const CsvTable& table,
                                    absl::string_view path) {
  const CsvRecord& header = table.header;
  const auto error = [&](absl::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":", header.line, ": ", what));
  };
  Columns columns;
  columns.fill(-1);
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name =
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(header.fields[i]));
    const auto* known =
        std::find(kColumnNames.begin(), kColumnNames.end(), name);
    if (known == kColumnNames.end()) {
      return error(
          absl::StrCat("unknown column \"", absl::CHexEscape(header.fields[i]),
                       "\" (known: ", absl::StrJoin(kColumnNames, ", "), ")"));
    }
    int& column = columns[known - kColumnNames.begin()];
    if (column >= 0) {
      return error(absl::StrCat("column ", Quoted(name), " appears twice"));
    }
    column = static_cast<int>(i);
  }
  for (int c = 0; c < kNumRequired; ++c) {
    if (columns[c] < 0) {
      return error(
          absl::StrCat("missing required column \"", kColumnNames[c], "\""));
    }
  }
  return columns;
}

// Fills `p` from `row`; on a bad value logs the skip and returns false.
bool ParseRow(const Columns& columns, const CsvRecord& row, RowLog& log,
              Pharmacy& p) {
  const auto field = [&](Column c) { return row.Trimmed(columns[c]); };
  const auto skip = [&](absl::string_view reason, absl::string_view what) {
    log.Skip(row.line, reason, what);
    return false;
  };
  // Sets `out` to the normalised value of an optional column.
  const auto normalized =
      [&](Column c, absl::string_view reason,
          absl::StatusOr<std::string> (*normalize)(absl::string_view),
          std::string& out) {
        const std::string raw = field(c);
        if (raw.empty()) return true;
        absl::StatusOr<std::string> value = normalize(raw);
        if (!value.ok()) return skip(reason, value.status().message());
        out = *std::move(value);
        return true;
      };

  p.id = field(kId);
  if (p.id.empty()) return skip("missing id", "id is empty");
  p.name = field(kName);
  if (p.name.empty()) return skip("missing name", "name is empty");
  absl::StatusOr<std::optional<Coordinates>> at =
      ParseLatLng(field(kLatitude), field(kLongitude));
  if (!at.ok()) return skip("bad coordinates", at.status().message());
  if (!at->has_value()) {
    return skip("no coordinates",
                "no coordinates (latitude and longitude are empty or 0, 0)");
  }
  p.latitude = (*at)->latitude;
  p.longitude = (*at)->longitude;
  if (!normalized(kNpi, "bad NPI", NormalizeNpi, p.npi) ||
      !normalized(kNcpdpId, "bad NCPDP id", NormalizeNcpdp, p.ncpdp_id) ||
      !normalized(kZip, "bad ZIP code", NormalizeZip, p.address.zip)) {
    return false;
  }
  p.address.state = absl::AsciiStrToUpper(field(kState));
  if (!p.address.state.empty() && (p.address.state.size() != 2 ||
                                   !absl::ascii_isalpha(p.address.state[0]) ||
                                   !absl::ascii_isalpha(p.address.state[1]))) {
    return skip("bad state", absl::StrCat("state ", Quoted(field(kState)),
                                          " is not a two-letter code"));
  }
  absl::StatusOr<ServiceMask> services = ParseServices(field(kServices));
  if (!services.ok()) return skip("bad services", services.status().message());
  p.services = *services;
  const std::string walk_in = absl::AsciiStrToUpper(field(kWalkIn));
  if (walk_in != "" && walk_in != "Y" && walk_in != "N") {
    return skip("bad walk_in", absl::StrCat("walk_in ", Quoted(field(kWalkIn)),
                                            " must be Y, N or empty"));
  }
  p.walk_in = walk_in != "N";
  p.chain = field(kChain);
  p.address.line1 = field(kAddress1);
  p.address.line2 = field(kAddress2);
  p.address.city = field(kCity);
  p.phone = field(kPhone);
  p.time_zone = field(kTimeZone);
  absl::TimeZone zone;
  if (!p.time_zone.empty() && !absl::LoadTimeZone(p.time_zone, &zone)) {
    return skip("bad time zone", absl::StrCat("time_zone ", Quoted(p.time_zone),
                                              " is not an IANA time zone"));
  }
  // Empty hours stay unknown; month-day exceptions are expanded for two
  // years from LoadOptions::hours_year.
  const int year = log.options().hours_year;
  for (const auto& [column, hours] :
       {std::pair{kHours, &p.store_hours},
        std::pair{kPharmacyHours, &p.pharmacy_hours}}) {
    if (field(column).empty()) continue;
    absl::StatusOr<OpeningHours> parsed =
        ParseOsmOpeningHours(field(column), year, year + 1);
    if (!parsed.ok()) {
      return skip("bad hours", absl::StrCat(kColumnNames[column], ": ",
                                            parsed.status().message()));
    }
    *hours = *std::move(parsed);
  }
  return true;
}

}  // namespace

absl::StatusOr<ServiceMask> ParseServices(absl::string_view text) {
  ServiceMask mask = 0;
  for (absl::string_view name :
       absl::StrSplit(text, ';', absl::SkipWhitespace())) {
    name = absl::StripAsciiWhitespace(name);
    const auto* known =
        std::find_if(kServiceNames.begin(), kServiceNames.end(),
                     [&](const ServiceName& s) { return s.name == name; });
    if (known == kServiceNames.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown service \"", absl::CHexEscape(name), "\" (known: ",
          absl::StrJoin(kServiceNames, ", ",
                        [](std::string* out, const ServiceName& s) {
                          absl::StrAppend(out, s.name);
                        }),
          ")"));
    }
    mask |= Bit(known->service);
  }
  return mask;
}

absl::StatusOr<std::vector<Pharmacy>> LoadNativePharmacies(
    const std::string& path, const LoadOptions& options, LoadReport* report) {
  return LoadCsvPharmacies(
      path, options, report, FindColumns,
      [&](const Columns& columns, const CsvRecord& row, RowLog& log,
          PharmacyList& list) {
        Pharmacy p;
        if (!ParseRow(columns, row, log, p)) return;
        if (int first = list.LineOf(p.id)) {
          return log.Skip(row.line, "duplicate id",
                          absl::StrCat("id ", Quoted(p.id),
                                       " was already used on line ", first));
        }
        p.source = SourceLabel("native", path, row.line);
        list.Add(std::move(p), row.line);
      });
}

}  // namespace rxlocator
