#include "index/membership_at.h"

#include "absl/time/civil_time.h"

namespace rxlocator {
namespace {

int32_t UtcDay(absl::Time t) {
  return DayNumber(absl::ToCivilDay(t, absl::UTCTimeZone()));
}

}  // namespace

MembershipAt::MembershipAt(const Snapshot& snapshot, uint32_t network,
                           absl::Time at)
    : snapshot_(snapshot),
      network_(network),
      at_(at),
      // Civil time offsets run from UTC-12 to UTC+14.
      earliest_(UtcDay(at - absl::Hours(12))),
      latest_(UtcDay(at + absl::Hours(14))),
      utc_day_(UtcDay(at)),
      day_by_zone_(snapshot.zones().size(), kUnknown) {}

int32_t MembershipAt::LocalDay(uint32_t pharmacy) {
  const uint32_t zone = snapshot_.zone_code(pharmacy);
  if (zone == Snapshot::kNoZone) return utc_day_;
  int32_t& day = day_by_zone_[zone];
  if (day == kUnknown) {
    day = DayNumber(absl::ToCivilDay(at_, snapshot_.zones()[zone]));
  }
  return day;
}

}  // namespace rxlocator
