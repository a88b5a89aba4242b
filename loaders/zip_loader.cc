#include "loaders/zip_loader.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "index/identifiers.h"
#include "loaders/csv.h"
#include "loaders/rows.h"
#include "loaders/text_file.h"

namespace rxlocator {
namespace {

enum class ZipFileFormat { kZipLatLngTimezone, kGazetteer };

struct Columns {
  ZipFileFormat format;
  int zip, type, active, city, state, time_zone, latitude, longitude;
};

absl::StatusOr<Columns> FindColumns(const CsvTable& t, absl::string_view path) {
  Columns c;
  if (t.Column("zip") >= 0) {
    c = {ZipFileFormat::kZipLatLngTimezone,
         t.Column("zip"),
         t.Column("zip_code_type"),
         t.Column("active"),
         t.Column("city"),
         t.Column("state"),
         t.Column("timezone"),
         t.Column("lat"),
         t.Column("lng")};
  } else {
    c = {ZipFileFormat::kGazetteer, t.Column("geoid"),    -1, -1, -1, -1, -1,
         t.Column("intptlat"),      t.Column("intptlong")};
  }
  const bool complete = c.zip >= 0 && c.latitude >= 0 && c.longitude >= 0 &&
                        (c.format == ZipFileFormat::kGazetteer ||
                         (c.type >= 0 && c.active >= 0 && c.city >= 0 &&
                          c.state >= 0 && c.time_zone >= 0));
  if (!complete) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ":", t.header.line,
        ": header is neither zip_latlng_timezone.csv (zip,zip_code_type,"
        "active,city,state,county,timezone,lat,lng) nor a Census gazetteer "
        "(GEOID ... INTPTLAT INTPTLONG): \"",
        absl::CHexEscape(absl::StrJoin(t.header.fields, ",")), "\""));
  }
  return c;
}

std::optional<ZipType> ParseZipType(absl::string_view text) {
  const std::string upper = absl::AsciiStrToUpper(text);
  if (upper == "STANDARD") return ZipType::kStandard;
  if (upper == "PO BOX") return ZipType::kPoBox;
  if (upper == "UNIQUE") return ZipType::kUnique;
  if (upper == "MILITARY") return ZipType::kMilitary;
  return std::nullopt;
}

std::optional<bool> ParseActive(absl::string_view text) {
  if (text == "1" || absl::EqualsIgnoreCase(text, "true")) return true;
  if (text == "0" || absl::EqualsIgnoreCase(text, "false")) return false;
  return std::nullopt;
}

// The ZipInfo in `row`, or nullopt after logging why it is skipped.
std::optional<ZipInfo> ParseRow(const Columns& c, const CsvRecord& row,
                                RowLog& log) {
  const auto skip = [&](absl::string_view reason, absl::string_view what) {
    log.Skip(row.line, reason, what);
    return std::nullopt;
  };
  ZipInfo info;
  absl::StatusOr<std::string> zip = NormalizeZip(row.Trimmed(c.zip));
  if (!zip.ok()) return skip("bad ZIP code", zip.status().message());
  info.zip = *std::move(zip);
  absl::StatusOr<std::optional<Coordinates>> at =
      ParseLatLng(row.Trimmed(c.latitude), row.Trimmed(c.longitude));
  if (!at.ok()) return skip("bad coordinates", at.status().message());
  if (at->has_value()) {
    info.has_location = true;
    info.latitude = (*at)->latitude;
    info.longitude = (*at)->longitude;
  }
  if (c.format == ZipFileFormat::kGazetteer) return info;

  const std::optional<ZipType> type = ParseZipType(row.Trimmed(c.type));
  if (!type.has_value()) {
    return skip("bad ZIP type",
                absl::StrCat("zip_code_type ", Quoted(row.Trimmed(c.type)),
                             " is not STANDARD, PO BOX, UNIQUE or MILITARY"));
  }
  info.type = *type;
  const std::optional<bool> active = ParseActive(row.Trimmed(c.active));
  if (!active.has_value()) {
    return skip("bad active flag",
                absl::StrCat("active ", Quoted(row.Trimmed(c.active)),
                             " is not 0 or 1"));
  }
  info.active = *active;
  info.city = row.Trimmed(c.city);
  info.state = absl::AsciiStrToUpper(row.Trimmed(c.state));
  // A zone absl cannot load (the source has "Napakiak" for one ZIP) would
  // fail every pharmacy placed there: keep the ZIP, drop the zone.
  const std::string zone = row.Trimmed(c.time_zone);
  absl::TimeZone loaded;
  if (zone.empty() || absl::LoadTimeZone(zone, &loaded)) {
    info.time_zone = zone;
  } else {
    log.Warn(
        row.line, "unknown time zone",
        absl::StrCat("timezone ", Quoted(zone), " is not an IANA time zone"));
  }
  return info;
}

// Appends the ZIP codes in the file at `path` to `zips`.
absl::Status LoadFile(const std::string& path, RowLog& log,
                      std::vector<ZipInfo>& zips) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  const absl::string_view first_line =
      absl::string_view(*text).substr(0, text->find('\n'));
  const char delimiter =
      first_line.find('\t') != absl::string_view::npos ? '\t' : ',';
  absl::StatusOr<CsvTable> table = ParseCsv(*text, path, delimiter);
  if (!table.ok()) return table.status();
  absl::StatusOr<Columns> columns = FindColumns(*table, path);
  if (!columns.ok()) return columns.status();
  log.set_file(path);
  return ForEachCsvRow(*table, log, [&](const CsvRecord& row) {
    if (std::optional<ZipInfo> info = ParseRow(*columns, row, log)) {
      zips.push_back(*std::move(info));
    }
  });
}

}  // namespace

absl::StatusOr<ZipTable> LoadZipTable(const std::vector<std::string>& paths,
                                      const LoadOptions& options,
                                      LoadReport* report) {
  RowLog log(absl::StrJoin(paths, ", "), options, report);
  std::vector<ZipInfo> zips;
  for (const std::string& path : paths) {
    absl::Status status = LoadFile(path, log, zips);
    if (!status.ok()) return status;
  }
  ZipTable table(std::move(zips));
  absl::Status status = log.Finish(table.size(), "ZIP codes");
  if (!status.ok()) return status;
  return table;
}

}  // namespace rxlocator
