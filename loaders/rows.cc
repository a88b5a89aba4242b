#include "loaders/rows.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "index/identifiers.h"
#include "index/ndc.h"

namespace rxlocator {
namespace {

absl::StatusOr<double> ParseDegrees(absl::string_view field,
                                    absl::string_view text) {
  double value;
  if (!absl::SimpleAtod(text, &value)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, " \"", absl::CHexEscape(text), "\" is not a number"));
  }
  return value;
}

absl::StatusOr<std::optional<Coordinates>> Checked(double latitude,
                                                   double longitude) {
  absl::Status status = ValidateLatLng(latitude, longitude);
  if (!status.ok()) return status;
  if (latitude == 0 && longitude == 0) return std::nullopt;
  return Coordinates{latitude, longitude};
}

}  // namespace

absl::StatusOr<std::optional<Coordinates>> ParseLatLng(
    absl::string_view latitude, absl::string_view longitude) {
  latitude = absl::StripAsciiWhitespace(latitude);
  longitude = absl::StripAsciiWhitespace(longitude);
  if (latitude.empty() && longitude.empty()) return std::nullopt;
  if (latitude.empty()) return absl::InvalidArgumentError("latitude is empty");
  if (longitude.empty()) {
    return absl::InvalidArgumentError("longitude is empty");
  }
  absl::StatusOr<double> lat = ParseDegrees("latitude", latitude);
  if (!lat.ok()) return lat.status();
  absl::StatusOr<double> lng = ParseDegrees("longitude", longitude);
  if (!lng.ok()) return lng.status();
  return Checked(*lat, *lng);
}

absl::StatusOr<std::optional<Coordinates>> ParseWktPoint(
    absl::string_view wkt) {
  absl::string_view s = absl::StripAsciiWhitespace(wkt);
  if (s.empty()) return std::nullopt;
  const absl::Status malformed = absl::InvalidArgumentError(
      absl::StrCat("\"", absl::CHexEscape(wkt),
                   "\" is not a WKT point \"POINT (longitude latitude)\""));
  if (s.size() < 5 || !absl::EqualsIgnoreCase(s.substr(0, 5), "POINT")) {
    return malformed;
  }
  s = absl::StripAsciiWhitespace(s.substr(5));
  if (!absl::ConsumePrefix(&s, "(") || !absl::ConsumeSuffix(&s, ")")) {
    return malformed;
  }
  std::vector<absl::string_view> parts =
      absl::StrSplit(s, ' ', absl::SkipWhitespace());
  if (parts.size() != 2) return malformed;
  double longitude, latitude;
  if (!absl::SimpleAtod(parts[0], &longitude) ||
      !absl::SimpleAtod(parts[1], &latitude)) {
    return malformed;
  }
  return Checked(latitude, longitude);
}

std::string NormalizeOrWarn(
    RowLog& log, int line, absl::string_view reason, absl::string_view raw,
    absl::StatusOr<std::string> (*normalize)(absl::string_view)) {
  if (absl::StripAsciiWhitespace(raw).empty()) return "";
  absl::StatusOr<std::string> value = normalize(raw);
  if (value.ok()) return *std::move(value);
  log.Warn(line, reason, value.status().message());
  return "";
}

absl::StatusOr<CsvColumns> FindCsvColumns(
    const CsvRecord& header, absl::string_view path,
    absl::Span<const absl::string_view> names, size_t num_required) {
  CsvColumns columns;
  for (size_t i = 0; i < names.size(); ++i) {
    columns.push_back(CsvColumn(header, names[i]));
    if (columns.back() < 0 && i < num_required) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", header.line, ": missing required column \"",
                       names[i], "\""));
    }
  }
  return columns;
}

std::optional<std::string> NdcOrSkip(RowLog& log, int line,
                                     absl::string_view column,
                                     absl::string_view raw) {
  if (absl::StripAsciiWhitespace(raw).empty()) {
    log.Skip(line, "missing NDC", absl::StrCat(column, " is empty"));
    return std::nullopt;
  }
  absl::StatusOr<std::string> ndc = NormalizeNdc(raw);
  if (!ndc.ok()) {
    log.Skip(line, "bad NDC",
             column == "ndc"
                 ? std::string(ndc.status().message())
                 : absl::StrCat(column, ": ", ndc.status().message()));
    return std::nullopt;
  }
  return *std::move(ndc);
}

std::optional<uint32_t> FindPharmacy(const PharmacyDirectory& directory,
                                     absl::string_view key) {
  if (std::optional<uint32_t> i = directory.Find(key)) return i;
  absl::StatusOr<std::string> npi = NormalizeNpi(key);
  if (npi.ok() && *npi != key) return directory.Find(*npi);
  return std::nullopt;
}

std::string SourceLabel(absl::string_view format, absl::string_view path,
                        int line) {
  const size_t slash = path.find_last_of('/');
  const absl::string_view name =
      slash == absl::string_view::npos ? path : path.substr(slash + 1);
  return absl::StrCat(format, ":", name, ":", line);
}

}  // namespace rxlocator
