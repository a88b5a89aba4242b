// Parses the weekday hours columns of the CDC Vaccines.gov provider file
// (sunday_hours ... saturday_hours) into OpeningHours.
//
//   absl::StatusOr<OpeningHours> hours = ParseVaccinesGovWeek(
//       {"9:00 AM - 1:30PM, 2:00 PM - 7:00 PM", "8:00 AM - 5:00 PM", ...});
//   // by_weekday[0] is Monday, [6] is Sunday (absl::Weekday order).
//
// One day's text is "Closed" (any case), or comma-separated ranges
// "<time> - <time>", each time "H:MM AM" or "HH:MMPM" (the space before
// AM/PM and around "-" is optional). Readings, taken from the real file:
// - "12:00 AM" is midnight and "12:00 PM" noon. An end of "11:59 PM" means
//   the end of the day (24:00): no source means a one-minute gap.
// - An end at or before the start runs into the next day: "7:00 PM - 2:00
//   AM" is 19:00-26:00, "10:00 AM - 12:00 AM" is 10:00-24:00.
// - A day given only as a zero-length range ("12:00AM - 12:00AM") says
//   nothing: the file has it on Sundays of Walgreens stores open 9-6 on
//   weekdays, where "open 24 hours" would be an absurd reading. A zero-length
//   range among others is an error.
// - Seven days of 00:00-24:00 ("12:00 AM - 11:59 PM", hospitals in the file)
//   are always_open (see OpeningHoursFromWeek).
// - An empty day (absent key, empty field, or zero-length range) is no
//   information, which is not "closed". The model has no "unknown on Sunday
//   only", so a week with any such day has unknown hours (known = false),
//   even if the other days are given.
// Errors are InvalidArgument naming the token and its 1-based column:
// `unsupported Vaccines.gov hours token "noon" at column 11`; the week
// parser prefixes the column name: `saturday_hours: ...`.
//
// Functions are pure and thread-safe.
#ifndef RXLOCATOR_LOADERS_VACCINES_GOV_HOURS_H_
#define RXLOCATOR_LOADERS_VACCINES_GOV_HOURS_H_

#include <array>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "index/opening_hours.h"
#include "loaders/weekly_hours.h"

namespace rxlocator {

// What one weekday column says.
struct VaccinesGovDay {
  // False if the day's text gives no information (see above).
  bool given = false;
  // When given: the openings starting that day; none means closed.
  DaySpans spans;
};

absl::StatusOr<VaccinesGovDay> ParseVaccinesGovDay(absl::string_view text);

// The week from its seven columns, by_weekday[0] Monday ... [6] Sunday.
absl::StatusOr<OpeningHours> ParseVaccinesGovWeek(
    const std::array<std::string, 7>& by_weekday);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_VACCINES_GOV_HOURS_H_
