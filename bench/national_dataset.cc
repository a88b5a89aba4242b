#include "bench/national_dataset.h"

#include <random>

#include "absl/strings/str_format.h"

namespace rxlocator {
namespace {

std::vector<const ZipInfo*> PlaceableZips(const ZipTable& zips) {
  std::vector<const ZipInfo*> out;
  for (const ZipInfo& z : zips.entries()) {
    // Territories and military ZIPs are left out: the set is the 50 states.
    if (z.has_location && z.type != ZipType::kMilitary && z.state.size() == 2 &&
        z.state != "PR" && z.state != "VI" && z.state != "GU" &&
        z.state != "AS" && z.state != "MP") {
      out.push_back(&z);
    }
  }
  return out;
}

// Store hours as chains keep them: most 09:00-21:00 on weekdays with shorter
// weekends, one in twelve around the clock, one in ten open until 01:00.
OpeningHours RealisticHours(std::mt19937_64& rng) {
  OpeningHours h;
  h.known = true;
  const int kind = rng() % 120;
  if (kind < 10) {
    h.always_open = true;
    return h;
  }
  const int late = kind < 22 ? 25 * 60 : 21 * 60;  // 01:00 the next day.
  for (int day = 0; day < 7; ++day) {
    const Weekday weekday = static_cast<Weekday>(day);
    if (day < 5) {
      h.weekly.push_back({weekday, 9 * 60, late});
    } else if (day == 5 || rng() % 4 != 0) {  // Some close on Sundays.
      h.weekly.push_back({weekday, 10 * 60, day == 5 ? 18 * 60 : 17 * 60});
    }
  }
  return h;
}

}  // namespace

Dataset NationalDataset(const ZipTable& zips, int count, uint64_t seed) {
  const std::vector<const ZipInfo*> placeable = PlaceableZips(zips);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, placeable.size() - 1);
  std::uniform_real_distribution<double> jitter(-0.02, 0.02);
  const char* const kChains[] = {"",       "walgreens", "cvs",        "walmart",
                                 "kroger", "rite_aid",  "albertsons", "publix"};
  Dataset d;
  d.pharmacies.reserve(count);
  for (int i = 0; i < count; ++i) {
    const ZipInfo& z = *placeable[pick(rng)];
    Pharmacy p;
    p.id = absl::StrFormat("syn-%06d", i);
    p.name = absl::StrFormat("Synthetic Pharmacy %d", i);
    p.chain = kChains[rng() % 8];
    p.address.city = z.city;
    p.address.state = z.state;
    p.address.zip = z.zip;
    p.latitude = z.latitude + jitter(rng);
    p.longitude = z.longitude + jitter(rng);
    p.time_zone = z.time_zone;
    p.store_hours = RealisticHours(rng);
    if (i % 10 == 0) p.services |= Bit(Service::kDriveThru);
    if (rng() % 2 == 0) p.services |= Bit(Service::kVaccinations);
    p.source = "synthetic";
    d.pharmacies.push_back(std::move(p));
  }
  return d;
}

std::vector<ZipInfo> RandomOrigins(const ZipTable& zips, int count,
                                   uint64_t seed) {
  const std::vector<const ZipInfo*> placeable = PlaceableZips(zips);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, placeable.size() - 1);
  std::uniform_real_distribution<double> jitter(-0.03, 0.03);
  std::vector<ZipInfo> out;
  for (int i = 0; i < count; ++i) {
    ZipInfo z = *placeable[pick(rng)];
    z.latitude += jitter(rng);
    z.longitude += jitter(rng);
    out.push_back(std::move(z));
  }
  return out;
}

}  // namespace rxlocator
