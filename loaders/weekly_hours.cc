#include "loaders/weekly_hours.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "index/identifiers.h"

namespace rxlocator {

OpeningHours OpeningHoursFromWeek(const WeekSpans& week) {
  OpeningHours hours;
  hours.known = true;
  const DaySpans whole_day = {{0, kMinutesPerDay}};
  if (std::all_of(week.begin(), week.end(),
                  [&](const DaySpans& day) { return day == whole_day; })) {
    hours.always_open = true;
    return hours;
  }
  for (int day = 0; day < 7; ++day) {
    DaySpans spans = week[day];
    std::sort(spans.begin(), spans.end());
    for (const auto& [open, close] : spans) {
      hours.weekly.push_back(
          {.day = static_cast<Weekday>(day), .open = open, .close = close});
    }
  }
  return hours;
}

absl::Status UnsupportedHoursToken(absl::string_view what,
                                   absl::string_view token, int column) {
  if (token.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " text ends early at column ", column));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unsupported ", what, " token ", Quoted(token), " at column ", column));
}

}  // namespace rxlocator
