#include "index/weekly_hours_column.h"

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

}  // namespace rxlocator
