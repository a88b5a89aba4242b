// ZIP code reference data: type, city, state, IANA time zone and a
// representative location for each five-digit ZIP code.
//
// Used to fill a pharmacy's missing time zone, to place a pharmacy whose
// source gives only a ZIP code, and to turn an IVR caller's ZIP into a search
// origin.
//
//   ZipTable zips({{.zip = "99503", .city = "Anchorage", .state = "AK",
//                   .time_zone = "America/Anchorage", .has_location = true,
//                   .latitude = 61.19, .longitude = -149.88}});
//   if (const ZipInfo* info = zips.Find("99503")) Use(info->time_zone);
//
// A ZipTable is immutable after construction; every method is const and
// thread-safe.
#ifndef RXLOCATOR_INDEX_ZIP_TABLE_H_
#define RXLOCATOR_INDEX_ZIP_TABLE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace rxlocator {

enum class ZipType { kStandard, kPoBox, kUnique, kMilitary };

struct ZipInfo {
  std::string zip;  // Five digits.
  ZipType type = ZipType::kStandard;
  bool active = true;
  std::string city;
  std::string state;      // Two-letter USPS code.
  std::string time_zone;  // IANA name; empty if unknown (e.g. military ZIPs).
  bool has_location = false;
  double latitude = 0;  // Degrees, WGS84; meaningful if has_location.
  double longitude = 0;
};

class ZipTable {
 public:
  ZipTable() = default;

  // Builds the table from `zips` in source order. When several entries share
  // a ZIP code the first one wins; a later one only fills the location and
  // time zone the first lacks. So list the most trusted source first.
  explicit ZipTable(std::vector<ZipInfo> zips);

  // The entry for a five-digit ZIP code, or nullptr.
  const ZipInfo* Find(absl::string_view zip5) const;

  size_t size() const { return zips_.size(); }
  // Every entry, sorted by ZIP code.
  const std::vector<ZipInfo>& entries() const { return zips_; }

 private:
  std::vector<ZipInfo> zips_;  // Sorted by zip, unique.
};

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_ZIP_TABLE_H_
