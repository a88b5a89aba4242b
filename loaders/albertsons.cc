#include "loaders/albertsons.h"

#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "index/identifiers.h"
#include "loaders/json_records.h"
#include "loaders/pharmacy_list.h"
#include "loaders/rows.h"
#include "loaders/text_file.h"

namespace rxlocator {
namespace {

// Adds the store in `fields` to `list`, or logs why not.
void AddStore(int line, const JsonFields& fields, RowLog& log,
              PharmacyList& list) {
  const auto field = [&](absl::string_view path) {
    return std::string(absl::StripAsciiWhitespace(Get(fields, path)));
  };
  std::string store_id = field("c_associatedPharmacyStoreID");
  if (store_id.empty()) store_id = field("c_groceryID");
  if (store_id.empty()) {
    return log.Skip(line, "missing id",
                    "c_associatedPharmacyStoreID and c_groceryID are empty");
  }
  Pharmacy p;
  p.id = absl::StrCat("albertsons-", store_id);
  if (int first = list.LineOf(p.id)) {
    return log.Skip(line, "duplicate id",
                    absl::StrCat("store id ", Quoted(store_id),
                                 " was already used on line ", first));
  }
  p.name = field("name");
  if (p.name.empty()) return log.Skip(line, "missing name", "name is empty");
  absl::StatusOr<std::optional<Coordinates>> at = ParseLatLng(
      field("geocodedCoordinate.lat"), field("geocodedCoordinate.long"));
  if (!at.ok()) {
    return log.Skip(
        line, "bad coordinates",
        absl::StrCat("geocodedCoordinate: ", at.status().message()));
  }
  if (!at->has_value()) {
    return log.Skip(line, "no coordinates",
                    "no coordinates (geocodedCoordinate is missing or 0, 0)");
  }
  p.latitude = (*at)->latitude;
  p.longitude = (*at)->longitude;
  p.chain = "albertsons";
  p.address = {
      .line1 = field("address.line1"),
      .line2 = field("address.line2"),
      .city = field("address.city"),
      .state = absl::AsciiStrToUpper(field("address.region")),
      .zip = NormalizeOrWarn(log, line, "bad ZIP code",
                             field("address.postalCode"), NormalizeZip)};
  p.phone = field("mainPhone.display");
  p.time_zone = field("timezone");
  p.services = Bit(Service::kVaccinations);
  p.source = SourceLabel("albertsons", log.file(), line);
  list.Add(std::move(p), line);
}

}  // namespace

absl::StatusOr<std::vector<Pharmacy>> LoadAlbertsons(const std::string& path,
                                                     const LoadOptions& options,
                                                     LoadReport* report) {
  RowLog log(path, options, report);
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<std::vector<JsonRecord>> records = SplitJsonArray(*text, path);
  if (!records.ok()) return records.status();

  PharmacyList list;
  absl::Status status =
      ForEachJsonRecord(*records, log, [&](int line, const JsonFields& fields) {
        AddStore(line, fields, log, list);
      });
  if (!status.ok()) return status;
  return log.Finish(std::move(list).Release(), "pharmacies");
}

}  // namespace rxlocator
