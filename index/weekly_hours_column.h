// WeeklyHoursColumn: every pharmacy counter's plain weekly hours as
// minute-of-week intervals in one flat array, beside the snapshot's other
// columns, so that "open at this local minute?" inside a spatial search
// reads one or two cache lines instead of a Pharmacy and its vectors.
//
// Only hours without exceptions (no date overrides, no closure) are kept;
// for the rest OpenAt says "ask StateAt", which handles everything.
//
//   WeeklyHoursColumn column(pharmacies);
//   std::optional<bool> open = column.OpenAt(i, MinuteOfWeek(local));
//
// Immutable after construction; every method is const and thread-safe.
#ifndef RXLOCATOR_INDEX_WEEKLY_HOURS_COLUMN_H_
#define RXLOCATOR_INDEX_WEEKLY_HOURS_COLUMN_H_

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "index/pharmacy.h"

namespace rxlocator {

inline constexpr int kMinutesPerWeek = 7 * kMinutesPerDay;

// Minutes since Monday 00:00 of a local wall-clock time.
int MinuteOfWeek(absl::CivilSecond local);

// Whether `hours` are plain weekly hours: known, with no date overrides and
// no closure.
bool PlainWeekly(const OpeningHours& hours);

// Plain weekly hours (PlainWeekly) as [open, close) minute-of-week
// intervals, in the order of their spans: a span running past Sunday
// midnight is two intervals; always open is [0, kMinutesPerWeek).
std::vector<std::pair<int, int>> MinuteOfWeekIntervals(
    const OpeningHours& hours);

class WeeklyHoursColumn {
 public:
  WeeklyHoursColumn() = default;
  // Indexed like `pharmacies`; uses each one's CounterHours().
  explicit WeeklyHoursColumn(const std::vector<Pharmacy>& pharmacies);

  // Whether pharmacy i's counter is open at `minute_of_week`, or nullopt
  // when its hours are unknown or have exceptions (then use StateAt).
  std::optional<bool> OpenAt(uint32_t i, int minute_of_week) const {
    if (!plain_[i]) return std::nullopt;
    for (uint32_t k = begin_[i]; k < begin_[i + 1]; ++k) {
      if (intervals_[k].first <= minute_of_week &&
          minute_of_week < intervals_[k].second) {
        return true;
      }
    }
    return false;
  }

  // Whether pharmacy i's counter is open for `minutes` minutes from the
  // start of `minute_of_week` (touching intervals joined, across the week's
  // end), or nullopt as for OpenAt. minutes >= 1.
  std::optional<bool> OpenThroughout(uint32_t i, int minute_of_week,
                                     int minutes) const;

 private:
  std::vector<uint32_t>
      begin_;  // Pharmacy i's intervals: [begin_[i], begin_[i+1]).
  std::vector<std::pair<uint16_t, uint16_t>> intervals_;  // [open, close).
  std::vector<bool> plain_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_WEEKLY_HOURS_COLUMN_H_
