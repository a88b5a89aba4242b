#include "index/weekly_hours_column.h"

#include <algorithm>

namespace rxlocator {

int MinuteOfWeek(absl::CivilSecond local) {
  // absl::Weekday counts from Monday, as the week here does.
  const int day = static_cast<int>(absl::GetWeekday(absl::CivilDay(local)));
  return day * kMinutesPerDay + local.hour() * 60 + local.minute();
}

WeeklyHoursColumn::WeeklyHoursColumn(const std::vector<Pharmacy>& pharmacies) {
  begin_.reserve(pharmacies.size() + 1);
  plain_.reserve(pharmacies.size());
  for (const Pharmacy& p : pharmacies) {
    begin_.push_back(intervals_.size());
    const OpeningHours& h = CounterHours(p);
    const bool plain = h.known && h.overrides.empty() && !h.closed_until &&
                       !h.permanently_closed;
    plain_.push_back(plain);
    if (!plain) continue;
    if (h.always_open) {
      intervals_.emplace_back(0, kMinutesPerWeek);
      continue;
    }
    for (const DailySpan& span : h.weekly) {
      const int open = static_cast<int>(span.day) * kMinutesPerDay + span.open;
      const int close =
          static_cast<int>(span.day) * kMinutesPerDay + span.close;
      // A span running past Sunday midnight continues on Monday.
      intervals_.emplace_back(open, std::min(close, kMinutesPerWeek));
      if (close > kMinutesPerWeek) {
        intervals_.emplace_back(0, close - kMinutesPerWeek);
      }
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
