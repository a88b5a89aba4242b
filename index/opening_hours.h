// OpeningHours: when a pharmacy (or its pharmacy counter) is open, in its own
// local time, and the answers members need from it.
//
// The model follows the pharmacy's wall clock. A weekly pattern of spans, each
// starting on a weekday and possibly running past midnight (Fri 19:00 to Sat
// 02:00) or past Sunday night into Monday; an explicit "always open" flag
// (24/7 is not "00:00-23:59": it never closes, so there is no "closes at");
// date overrides that replace the pattern for the spans *starting* on their
// date (closed on Dec 25, special hours on Jul 4); a temporary closure until
// a date; a permanent closure. Hours that the data does not give are
// unknown, which is not closed: a search for open pharmacies leaves them out,
// and says so.
//
// Evaluation happens in the pharmacy's IANA zone, so that DST days are right.
// Whether it is open follows the wall clock at the asked instant, and a change
// is the first instant after it at which the wall clock reaches the boundary:
// a local time that the clock skips (02:30 on a spring-forward night) means
// the instant of the transition, and a local time that occurs twice (01:30 on
// a fall-back night) means its first occurrence, or its second when asked
// between the two (a pharmacy closing at 01:30, asked at 01:15 EST, is open
// and closes at 01:30 EST). When a fall-back takes the wall clock back into
// other hours, the state changes at the transition.
//
//   OpeningHours hours;
//   hours.known = true;
//   hours.weekly = {{.day = Weekday::friday, .open = 19 * 60,
//                    .close = 26 * 60}};  // Fri 19:00 to Sat 02:00
//   absl::TimeZone tz;
//   absl::LoadTimeZone("America/New_York", &tz);
//   HoursAnswer a = Evaluate(hours, absl::FromCivil(
//       absl::CivilMinute(2026, 11, 21, 1, 30), tz), tz);
//   // a.state == OpenState::kOpen; a.change is Sat 02:00 local.
//
// All types are plain values; all functions are pure and thread-safe.
#ifndef RXLOCATOR_INDEX_OPENING_HOURS_H_
#define RXLOCATOR_INDEX_OPENING_HOURS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace rxlocator {

using Weekday = absl::Weekday;

inline constexpr int kMinutesPerDay = 24 * 60;

// One opening on a weekday: from `open` to `close` minutes after that day's
// local midnight. 0 <= open < kMinutesPerDay and
// open < close <= open + kMinutesPerDay; close past
// kMinutesPerDay runs into the next day (Fri 19:00-02:00 is open = 1140,
// close = 1560 on Friday).
struct DailySpan {
  Weekday day;
  int open;
  int close;
};

// Special hours on one local date: the spans starting that day, minutes
// after its midnight as in DailySpan (close may run into the next day). No
// spans means closed all day.
struct DateOverride {
  absl::CivilDay date;
  std::vector<std::pair<int, int>> spans;  // {open, close}
};

struct OpeningHours {
  // False when the data says nothing about hours: every answer is kUnknown.
  bool known = false;
  // Open around the clock, every day (overrides still apply).
  bool always_open = false;
  // The weekly pattern, any order; spans may touch or overlap.
  std::vector<DailySpan> weekly;
  // Date overrides, any order, at most one per date.
  std::vector<DateOverride> overrides;
  // Temporarily closed: closed before this local date, hours resume on it.
  std::optional<absl::CivilDay> closed_until;
  // Closed for good: every answer is kClosed with no next opening.
  bool permanently_closed = false;
};

enum class OpenState { kUnknown, kOpen, kClosed };

// The next change of state after an instant: when it closes if it is open,
// when it next opens if it is closed.
struct HoursChange {
  absl::Time at;
  absl::CivilMinute local;  // Wall-clock time of `at` in the pharmacy's zone.
};

struct HoursAnswer {
  OpenState state = OpenState::kUnknown;
  // When open: when it closes (adjacent spans joined, even across midnight
  // or the week's end), or none if it stays open for the next 7 days.
  // When closed: when it next opens, or none if not within 7 days (or
  // permanently closed). Overrides and temporary closures are included.
  // "7 days" is on the wall clock: at most 7 * 24 hours of local time after
  // the asked instant's local time.
  std::optional<HoursChange> change;
};

// Open or closed at a local wall-clock time, without the next change: the
// state part of Evaluate, cheap enough to run inside a spatial search once
// the asked instant is converted to the pharmacy's zone.
OpenState StateAt(const OpeningHours& hours, absl::CivilSecond local);

// Whether the pharmacy is open at `at`, and the next change.
HoursAnswer Evaluate(const OpeningHours& hours, absl::Time at,
                     const absl::TimeZone& zone);

// True if the pharmacy is open at every instant of [from, from + duration):
// "will it still be open for 30 minutes once I get there". kUnknown hours
// give false; a duration of zero or less asks whether it is open at `from`;
// past the 7-day horizon of Evaluate the answer is false.
bool OpenThroughout(const OpeningHours& hours, absl::Time from,
                    absl::Duration duration, const absl::TimeZone& zone);

// The hours of the local day containing `at`, for people to read:
// "8:00 AM - 9:00 PM", "9:00 AM - 1:30 PM, 2:00 PM - 7:00 PM",
// "Open 24 hours", "Closed", "Hours unknown". A span running past midnight
// shows its end ("7:00 PM - 2:00 AM") on its own day, and its part after
// midnight on the next ("12:00 AM - 2:00 AM").
std::string HoursTextForDay(const OpeningHours& hours, absl::Time at,
                            const absl::TimeZone& zone);

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_OPENING_HOURS_H_
