// Pieces shared by the opening-hours parsers (vaccines_gov_hours.h,
// osm_opening_hours.h): a week of per-day spans turned into OpeningHours, and
// the error every parser gives for text it does not support.
//
//   WeekSpans week;  // Indexed by absl::Weekday: week[0] is Monday.
//   week[static_cast<int>(Weekday::friday)] = {{19 * 60, 26 * 60}};
//   OpeningHours hours = OpeningHoursFromWeek(week);
//   // hours.known; hours.weekly == {{friday, 1140, 1560}}
//
// All functions are pure and thread-safe.
#ifndef RXLOCATOR_LOADERS_WEEKLY_HOURS_H_
#define RXLOCATOR_LOADERS_WEEKLY_HOURS_H_

#include <array>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "index/opening_hours.h"

namespace rxlocator {

// The openings starting on one day, {open, close} as in DailySpan.
using DaySpans = std::vector<std::pair<int, int>>;

// One DaySpans per weekday, indexed by static_cast<int>(absl::Weekday):
// Monday is 0, Sunday is 6.
using WeekSpans = std::array<DaySpans, 7>;

// Known hours with `week` as the weekly pattern, each day's spans sorted. A
// week in which every day is exactly 00:00-24:00 is always_open with no
// weekly spans: the pattern never closes, which is what the flag says.
OpeningHours OpeningHoursFromWeek(const WeekSpans& week);

// InvalidArgument `unsupported <what> token "<token>" at column <column>`,
// e.g. what = "opening_hours"; for an empty token (the text stops short),
// `<what> text ends early at column <column>`. `column` is 1-based.
absl::Status UnsupportedHoursToken(absl::string_view what,
                                   absl::string_view token, int column);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_WEEKLY_HOURS_H_
