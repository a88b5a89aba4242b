#include "loaders/hhs_locator.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "index/fingerprint.h"
#include "index/identifiers.h"
#include "loaders/chains.h"
#include "loaders/csv.h"
#include "loaders/pharmacy_list.h"
#include "loaders/rows.h"

namespace rxlocator {
namespace {

struct Columns {
  int provider_name, address1, address2, city, state_code, zip;
  int geocoded_address, npi;  // -1 in the 2022-01 variant.
};

absl::StatusOr<Columns> FindColumns(const CsvTable& table,
                                    absl::string_view path) {
  Columns c = {table.Column("provider_name"),    table.Column("address1"),
               table.Column("address2"),         table.Column("city"),
               table.Column("state_code"),       table.Column("zip"),
               table.Column("geocoded_address"), table.Column("npi")};
  const std::pair<int, absl::string_view> required[] = {
      {c.provider_name, "provider_name"},
      {c.address1, "address1"},
      {c.city, "city"},
      {c.state_code, "state_code"},
      {c.zip, "zip"}};
  for (const auto& [column, name] : required) {
    if (column < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", table.header.line,
                       ": not an HHS therapeutics locator header: no column \"",
                       name, "\""));
    }
  }
  return c;
}

// Upper case, whitespace runs collapsed to one space, trimmed.
std::string Canonical(absl::string_view s) {
  return absl::AsciiStrToUpper(absl::StrJoin(
      absl::StrSplit(s, absl::ByAnyChar(" \t\r\n"), absl::SkipEmpty()), " "));
}

// The location of `row`, or nullopt after logging why it has none.
std::optional<Coordinates> Locate(const Columns& c, const CsvRecord& row,
                                  absl::string_view zip, RowLog& log) {
  absl::StatusOr<std::optional<Coordinates>> at =
      ParseWktPoint(row.Field(c.geocoded_address));
  if (!at.ok()) {
    log.Skip(row.line, "bad coordinates",
             absl::StrCat("geocoded_address: ", at.status().message()));
    return std::nullopt;
  }
  if (at->has_value()) return *at;
  // No geocode: fall back to the ZIP code's location, if we know it.
  const ZipTable* zips = log.options().zips;
  if (zips == nullptr) {
    log.Skip(row.line, "no coordinates",
             "no coordinates: no geocoded_address and no ZIP table to place "
             "it by ZIP code");
    return std::nullopt;
  }
  const ZipInfo* info = zip.empty() ? nullptr : zips->Find(zip);
  if (info == nullptr || !info->has_location) {
    log.Skip(row.line, "no coordinates",
             absl::StrCat("no coordinates: no geocoded_address and ZIP code ",
                          Quoted(row.Field(c.zip)),
                          " has no location in the ZIP table"));
    return std::nullopt;
  }
  log.LocatedByZip();
  return Coordinates{info->latitude, info->longitude};
}

// Adds the site in `row` to `list`, or logs why not.
void AddRow(const Columns& c, const CsvRecord& row, RowLog& log,
            PharmacyList& list) {
  Pharmacy p;
  p.name = row.Trimmed(c.provider_name);
  if (p.name.empty()) {
    return log.Skip(row.line, "missing name", "provider_name is empty");
  }
  const absl::string_view raw_zip = row.Field(c.zip);
  const absl::StatusOr<std::string> zip = NormalizeZip(raw_zip);
  p.id = HhsRowFacilityId(p.name, row.Field(c.address1), raw_zip);
  if (int first = list.LineOf(p.id)) {
    return log.Skip(row.line, "duplicate facility",
                    absl::StrCat("duplicate facility: same provider_name, "
                                 "address1 and zip as line ",
                                 first));
  }
  const std::optional<Coordinates> at =
      Locate(c, row, zip.ok() ? absl::string_view(*zip) : "", log);
  if (!at.has_value()) return;
  p.latitude = at->latitude;
  p.longitude = at->longitude;
  p.address.zip =
      NormalizeOrWarn(log, row.line, "bad ZIP code", raw_zip, NormalizeZip);
  p.npi =
      NormalizeOrWarn(log, row.line, "bad NPI", row.Field(c.npi), NormalizeNpi);
  p.chain = ChainFromName(p.name);
  p.address.line1 = row.Trimmed(c.address1);
  p.address.line2 = row.Trimmed(c.address2);
  p.address.city = row.Trimmed(c.city);
  p.address.state = absl::AsciiStrToUpper(row.Trimmed(c.state_code));
  p.source = SourceLabel("hhs", log.file(), row.line);
  list.Add(std::move(p), row.line);
}

}  // namespace

std::string HhsFacilityId(absl::string_view provider_name,
                          absl::string_view address1, absl::string_view zip) {
  const uint64_t hash = Fingerprint()
                            .Add(Canonical(provider_name))
                            .Add(Canonical(address1))
                            .Add(Canonical(zip))
                            .value();
  return absl::StrCat("hhs-", absl::Hex(hash, absl::kZeroPad16));
}

std::string HhsRowFacilityId(absl::string_view provider_name,
                             absl::string_view address1,
                             absl::string_view raw_zip) {
  const absl::StatusOr<std::string> zip = NormalizeZip(raw_zip);
  return HhsFacilityId(provider_name, address1,
                       zip.ok() ? absl::string_view(*zip) : raw_zip);
}

absl::StatusOr<std::vector<Pharmacy>> LoadHhs(const std::string& path,
                                              const LoadOptions& options,
                                              LoadReport* report) {
  return LoadCsvPharmacies(path, options, report, FindColumns, AddRow);
}

}  // namespace rxlocator
