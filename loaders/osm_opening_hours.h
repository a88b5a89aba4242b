// Parses the subset of the OpenStreetMap opening_hours syntax
// (https://wiki.openstreetmap.org/wiki/Key:opening_hours/specification) that
// pharmacies use into OpeningHours. It is also the native pharmacy CSV's
// hours format (docs/formats.md).
//
//   absl::StatusOr<OpeningHours> hours = ParseOsmOpeningHours(
//       "Mo-Fr 08:00-20:00; Sa 09:00-18:00; Dec 25 off", 2026, 2027);
//   // weekly: Mon..Fri 480-1200, Sat 540-1080;
//   // overrides: 2026-12-25 and 2027-12-25 closed (2027-12-25 is a
//   // Saturday; 2026-12-25 a Friday).
//
// Supported, as rules separated by ";":
// - "24/7";
// - weekdays "Mo".."Su", ranges "Mo-Fr" (wrapping: "Sa-Mo") and lists
//   "Mo,We,Fr" or "Mo-We,Fr";
// - month days "Dec 25", day ranges within a month "Dec 24-26", and lists
//   "Dec 25,Jan 01" (not combined with weekdays in one rule);
// - times "08:00-20:00", lists "08:00-12:00,13:00-18:00", "00:00-24:00",
//   ranges past midnight ("22:00-02:00", or "22:00-26:00"), at most 24 h
//   long; hours have two digits;
// - "off" or "closed" after a day selector, or alone.
// A rule without times is open all day on its days; a rule without days
// applies to every day. As in the specification (and the reference
// implementation, the npm opening_hours library), a later rule replaces what
// earlier rules said about the days it names, including the part of an
// earlier rule's range that ran past midnight into such a day:
// "Fr 18:00-03:00; Sa off" is closed at Sat 01:00. Days no rule names are
// closed. A week that is 00:00-24:00 every day is always_open.
//
// Month-day rules need a year. Every day in [first_year, last_year] (at
// most 10 years) whose hours differ from the weekly pattern gets a
// DateOverride; so does the day before such a date when the date's rule cuts
// its range at midnight (even Dec 31 of the year before). Outside those years
// only the weekly pattern applies, so callers re-parse on reload with current
// years (e.g. this year and next).
//
// Not supported, and an error naming the token: public holidays "PH" and
// school holidays "SH" (they need a holiday calendar we do not have, and
// ignoring "PH off" would claim open on a holiday), "off" with times
// ("We 12:00-13:00 off" subtracts in the library), the "," additional rule
// separator after times, "||" fallback rules, comments, "open" and
// "unknown", week numbers, years, sunrise/sunset, one-digit hours,
// zero-length ranges ("08:00-08:00", which the library reads as 24 h), empty
// rules (a trailing ";") and empty text. Errors are InvalidArgument:
// `unsupported opening_hours token "sunrise" at column 7`.
//
// Functions are pure and thread-safe.
#ifndef RXLOCATOR_LOADERS_OSM_OPENING_HOURS_H_
#define RXLOCATOR_LOADERS_OSM_OPENING_HOURS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "index/opening_hours.h"

namespace rxlocator {

absl::StatusOr<OpeningHours> ParseOsmOpeningHours(absl::string_view text,
                                                  int first_year,
                                                  int last_year);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_OSM_OPENING_HOURS_H_
