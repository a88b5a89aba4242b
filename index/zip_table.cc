#include "index/zip_table.h"

#include <algorithm>
#include <utility>

namespace rxlocator {
namespace {

// Fills what `first` lacks from `later`, a second entry for the same ZIP.
void FillMissing(ZipInfo& first, const ZipInfo& later) {
  if (!first.has_location && later.has_location) {
    first.has_location = true;
    first.latitude = later.latitude;
    first.longitude = later.longitude;
  }
  if (first.time_zone.empty()) first.time_zone = later.time_zone;
}

bool ZipLess(const ZipInfo& a, const ZipInfo& b) { return a.zip < b.zip; }

}  // namespace

ZipTable::ZipTable(std::vector<ZipInfo> zips) {
  // A stable sort keeps entries for one ZIP in source order.
  std::stable_sort(zips.begin(), zips.end(), ZipLess);
  for (ZipInfo& info : zips) {
    if (!zips_.empty() && zips_.back().zip == info.zip) {
      FillMissing(zips_.back(), info);
    } else {
      zips_.push_back(std::move(info));
    }
  }
}

const ZipInfo* ZipTable::Find(absl::string_view zip5) const {
  auto it = std::lower_bound(zips_.begin(), zips_.end(), zip5,
                             [](const ZipInfo& info, absl::string_view zip) {
                               return info.zip < zip;
                             });
  if (it == zips_.end() || it->zip != zip5) return nullptr;
  return &*it;
}

}  // namespace rxlocator
