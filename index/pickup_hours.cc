#include "index/pickup_hours.h"

#include "absl/time/civil_time.h"
#include "index/opening_hours.h"
#include "index/weekly_hours_column.h"

namespace rxlocator {
namespace {

// 1970-01-01, the local epoch below, was a Thursday: day 3 of a week that
// starts on Monday.
constexpr int64_t kEpochMinuteOfWeek = 3 * kMinutesPerDay;

}  // namespace

PickupHours::PickupHours(const Snapshot& snapshot, absl::Time now,
                         absl::Duration window)
    : snapshot_(snapshot),
      now_(now),
      window_(window),
      clocks_(snapshot.zones().size()) {}

const PickupHours::ZoneClock& PickupHours::Clock(uint32_t zone) {
  std::optional<ZoneClock>& clock = clocks_[zone];
  if (!clock) {
    const absl::TimeZone& tz = snapshot_.zones()[zone];
    const absl::TimeZone::CivilInfo info = tz.At(now_);
    clock = ZoneClock{absl::Seconds(info.offset), absl::InfiniteFuture()};
    absl::TimeZone::CivilTransition change;
    if (tz.NextTransition(now_, &change)) {
      // `from` is the first wall-clock time the old offset no longer shows.
      clock->offset_until =
          absl::FromCivil(change.from, absl::UTCTimeZone()) - clock->utc_offset;
    }
  }
  return *clock;
}

bool PickupHours::OpenFor(uint32_t i, absl::Time arrival) {
  const uint32_t zone = snapshot_.zone_code(i);
  if (zone == Snapshot::kNoZone) return false;
  const ZoneClock& clock = Clock(zone);
  const absl::Time end = arrival + window_;
  if (end <= clock.offset_until) {
    // Wall-clock time since the local epoch, and the minutes the window
    // touches: from the one it starts in through the one holding its last
    // instant.
    const absl::Duration local = arrival - absl::UnixEpoch() + clock.utc_offset;
    absl::Duration rest;
    const int64_t first = absl::IDivDuration(local, absl::Minutes(1), &rest);
    int64_t last = absl::IDivDuration(local + window_, absl::Minutes(1), &rest);
    if (rest == absl::ZeroDuration()) --last;
    const std::optional<bool> plain = snapshot_.weekly_hours().OpenThroughout(
        i, static_cast<int>((first + kEpochMinuteOfWeek) % kMinutesPerWeek),
        static_cast<int>(last - first + 1));
    if (plain.has_value()) return *plain;
  }
  return OpenThroughout(CounterHours(snapshot_.pharmacy(i)), arrival, window_,
                        snapshot_.zones()[zone]);
}

}  // namespace rxlocator
