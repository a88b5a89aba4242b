#include "index/weekly_hours_column.h"

#include <algorithm>

namespace rxlocator {

int MinuteOfWeek(absl::CivilSecond local) {
  // absl::Weekday counts from Monday, as the week here does.
  const int day = static_cast<int>(absl::GetWeekday(absl::CivilDay(local)));
  return day * kMinutesPerDay + local.hour() * 60 + local.minute();
}

bool PlainWeekly(const OpeningHours& hours) {
  return hours.known && hours.overrides.empty() && !hours.closed_until &&
         !hours.permanently_closed;
}

std::vector<std::pair<int, int>> MinuteOfWeekIntervals(
    const OpeningHours& hours) {
  if (hours.always_open) return {{0, kMinutesPerWeek}};
  std::vector<std::pair<int, int>> intervals;
  for (const DailySpan& span : hours.weekly) {
    const int open = static_cast<int>(span.day) * kMinutesPerDay + span.open;
    const int close = static_cast<int>(span.day) * kMinutesPerDay + span.close;
    // A span running past Sunday midnight continues on Monday.
    intervals.emplace_back(open, std::min(close, kMinutesPerWeek));
    if (close > kMinutesPerWeek) {
      intervals.emplace_back(0, close - kMinutesPerWeek);
    }
  }
  return intervals;
}

WeeklyHoursColumn::WeeklyHoursColumn(const std::vector<Pharmacy>& pharmacies) {
  begin_.reserve(pharmacies.size() + 1);
  plain_.reserve(pharmacies.size());
  for (const Pharmacy& p : pharmacies) {
    begin_.push_back(intervals_.size());
    const OpeningHours& h = CounterHours(p);
    plain_.push_back(PlainWeekly(h));
    if (!plain_.back()) continue;
    for (const auto& [open, close] : MinuteOfWeekIntervals(h)) {
      intervals_.emplace_back(open, close);
    }
  }
  begin_.push_back(intervals_.size());
}

std::optional<bool> WeeklyHoursColumn::OpenThroughout(uint32_t i,
                                                      int minute_of_week,
                                                      int minutes) const {
  if (!plain_[i]) return std::nullopt;
  int at = minute_of_week;
  while (minutes > 0) {
    // The farthest any interval holding `at` reaches.
    int reach = -1;
    for (uint32_t k = begin_[i]; k < begin_[i + 1]; ++k) {
      if (intervals_[k].first <= at && at < intervals_[k].second) {
        reach = std::max<int>(reach, intervals_[k].second);
      }
    }
    if (reach < 0) return false;
    minutes -= reach - at;
    at = reach == kMinutesPerWeek ? 0 : reach;
  }
  return true;
}

}  // namespace rxlocator
