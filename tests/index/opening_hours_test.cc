#include "index/opening_hours.h"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace rxlocator {
namespace {

using absl::CivilMinute;

absl::TimeZone Zone(const std::string& name) {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone(name, &zone)) << name;
  return zone;
}

// An instant given in UTC.
absl::Time Utc(int y, int mo, int d, int h, int mi, int s = 0) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s),
                         absl::UTCTimeZone());
}

// A wall-clock time that occurs exactly once in `zone`.
absl::Time Local(const absl::TimeZone& zone, int y, int mo, int d, int h,
                 int mi) {
  const absl::TimeZone::TimeInfo info =
      zone.At(absl::CivilSecond(y, mo, d, h, mi, 0));
  EXPECT_EQ(info.kind, absl::TimeZone::TimeInfo::UNIQUE);
  return info.pre;
}

// "open; closes 2026-11-21T02:00 = 2026-11-21T07:00:00Z" and the like, with
// the change's wall-clock time checked against its instant.
std::string Describe(const HoursAnswer& answer, const absl::TimeZone& zone) {
  std::string text;
  switch (answer.state) {
    case OpenState::kUnknown:
      text = "unknown";
      break;
    case OpenState::kOpen:
      text = "open";
      break;
    case OpenState::kClosed:
      text = "closed";
      break;
  }
  if (!answer.change) return absl::StrCat(text, "; no change");
  EXPECT_EQ(answer.change->local, CivilMinute(zone.At(answer.change->at).cs));
  return absl::StrCat(
      text, answer.state == OpenState::kOpen ? "; closes " : "; opens ",
      absl::FormatCivilTime(answer.change->local), " = ",
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", answer.change->at,
                       absl::UTCTimeZone()));
}

std::string Eval(const OpeningHours& hours, absl::Time at,
                 const absl::TimeZone& zone) {
  return Describe(Evaluate(hours, at, zone), zone);
}

OpeningHours Weekly(std::vector<DailySpan> spans) {
  OpeningHours hours;
  hours.known = true;
  hours.weekly = std::move(spans);
  return hours;
}

// The same span on every day of the week.
OpeningHours Daily(int open, int close) {
  std::vector<DailySpan> spans;
  for (int day = 0; day < 7; ++day) {
    spans.push_back({static_cast<Weekday>(day), open, close});
  }
  return Weekly(std::move(spans));
}

constexpr int H(int hours, int minutes = 0) { return hours * 60 + minutes; }

class OpeningHoursTest : public ::testing::Test {
 protected:
  const absl::TimeZone ny_ = Zone("America/New_York");
};

TEST_F(OpeningHoursTest, SpanPastMidnight) {
  // 2026-11-20 is a Friday; New York is on EST (UTC-5).
  const OpeningHours hours = Weekly({{Weekday::friday, H(19), H(26)}});
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 11, 21, 1, 30), ny_),
            "open; closes 2026-11-21T02:00 = 2026-11-21T07:00:00Z");
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 11, 21, 2, 0), ny_),
            "closed; opens 2026-11-27T19:00 = 2026-11-28T00:00:00Z");
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 11, 20, 18, 59), ny_),
            "closed; opens 2026-11-20T19:00 = 2026-11-21T00:00:00Z");
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 11, 20, 19, 0), ny_),
            "open; closes 2026-11-21T02:00 = 2026-11-21T07:00:00Z");
}

TEST_F(OpeningHoursTest, SpanPastTheWeeksEnd) {
  // Sunday 22:00 to Monday 06:00; 2026-11-22 is a Sunday.
  const OpeningHours hours = Weekly({{Weekday::sunday, H(22), H(30)}});
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 11, 22, 23, 0), ny_),
            "open; closes 2026-11-23T06:00 = 2026-11-23T11:00:00Z");
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 11, 23, 5, 59), ny_),
            "open; closes 2026-11-23T06:00 = 2026-11-23T11:00:00Z");
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 11, 23, 6, 0), ny_),
            "closed; opens 2026-11-29T22:00 = 2026-11-30T03:00:00Z");
}

TEST_F(OpeningHoursTest, AdjacentSpansJoin) {
  // 2026-11-23 is a Monday.
  const OpeningHours split =
      Weekly({{Weekday::monday, H(12), H(18)}, {Weekday::monday, H(8), H(12)}});
  EXPECT_EQ(Eval(split, Local(ny_, 2026, 11, 23, 9, 0), ny_),
            "open; closes 2026-11-23T18:00 = 2026-11-23T23:00:00Z");
  const OpeningHours around_week_end =
      Weekly({{Weekday::sunday, H(20), H(24)}, {Weekday::monday, H(0), H(8)}});
  EXPECT_EQ(Eval(around_week_end, Local(ny_, 2026, 11, 22, 21, 0), ny_),
            "open; closes 2026-11-23T08:00 = 2026-11-23T13:00:00Z");
  // Joined all week round: it never closes within the horizon.
  EXPECT_EQ(Eval(Daily(H(0), H(24)), Local(ny_, 2026, 11, 22, 21, 0), ny_),
            "open; no change");
}

TEST_F(OpeningHoursTest, AlwaysOpen) {
  OpeningHours hours;
  hours.known = true;
  hours.always_open = true;
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 12, 24, 10, 0), ny_),
            "open; no change");
  hours.overrides = {{absl::CivilDay(2026, 12, 25), {}}};
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 12, 24, 10, 0), ny_),
            "open; closes 2026-12-25T00:00 = 2026-12-25T05:00:00Z");
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 12, 25, 10, 0), ny_),
            "closed; opens 2026-12-26T00:00 = 2026-12-26T05:00:00Z");
  // After the override, 24/7 again: no change within 7 days.
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 12, 26, 10, 0), ny_),
            "open; no change");
}

TEST_F(OpeningHoursTest, ClosedDateOverride) {
  OpeningHours hours = Daily(H(9), H(17));
  hours.overrides = {{absl::CivilDay(2026, 12, 25), {}}};
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 12, 24, 16, 0), ny_),
            "open; closes 2026-12-24T17:00 = 2026-12-24T22:00:00Z");
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 12, 24, 17, 0), ny_),
            "closed; opens 2026-12-26T09:00 = 2026-12-26T14:00:00Z");
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 12, 25, 10, 0), ny_),
            "closed; opens 2026-12-26T09:00 = 2026-12-26T14:00:00Z");
}

TEST_F(OpeningHoursTest, SpecialHoursOverride) {
  // Friday 2026-07-03 (EDT, UTC-4) opens 10:00 to 14:00 instead of 9 to 17.
  OpeningHours hours = Daily(H(9), H(17));
  hours.overrides = {{absl::CivilDay(2026, 7, 3), {{H(10), H(14)}}}};
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 7, 3, 9, 30), ny_),
            "closed; opens 2026-07-03T10:00 = 2026-07-03T14:00:00Z");
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 7, 3, 13, 0), ny_),
            "open; closes 2026-07-03T14:00 = 2026-07-03T18:00:00Z");
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 7, 3, 14, 0), ny_),
            "closed; opens 2026-07-04T09:00 = 2026-07-04T13:00:00Z");
  // An override span may run past midnight too.
  hours.overrides = {{absl::CivilDay(2026, 12, 31), {{H(20), H(26)}}}};
  EXPECT_EQ(Eval(hours, Local(ny_, 2027, 1, 1, 1, 0), ny_),
            "open; closes 2027-01-01T02:00 = 2027-01-01T07:00:00Z");
}

TEST_F(OpeningHoursTest, SpillOverIntoOverrideDate) {
  // Friday 19:00 to Saturday 02:00; Saturday 2026-11-21 closed by override.
  OpeningHours hours = Weekly({{Weekday::friday, H(19), H(26)}});
  hours.overrides = {{absl::CivilDay(2026, 11, 21), {}}};
  // Friday's span still runs into Saturday.
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 11, 21, 1, 0), ny_),
            "open; closes 2026-11-21T02:00 = 2026-11-21T07:00:00Z");
  // Unless Friday has an override too.
  hours.overrides.push_back({absl::CivilDay(2026, 11, 20), {{H(9), H(17)}}});
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 11, 21, 1, 0), ny_),
            "closed; opens 2026-11-27T19:00 = 2026-11-28T00:00:00Z");
}

TEST_F(OpeningHoursTest, ClosedUntil) {
  OpeningHours hours = Daily(H(9), H(17));
  hours.closed_until = absl::CivilDay(2026, 6, 10);
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 6, 8, 10, 0), ny_),
            "closed; opens 2026-06-10T09:00 = 2026-06-10T13:00:00Z");
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 6, 10, 10, 0), ny_),
            "open; closes 2026-06-10T17:00 = 2026-06-10T21:00:00Z");
  // A span from the day before the reopening date stays closed.
  OpeningHours nights = Weekly({{Weekday::friday, H(19), H(26)}});
  nights.closed_until = absl::CivilDay(2026, 11, 21);
  EXPECT_EQ(Eval(nights, Local(ny_, 2026, 11, 21, 1, 0), ny_),
            "closed; opens 2026-11-27T19:00 = 2026-11-28T00:00:00Z");
}

TEST_F(OpeningHoursTest, PermanentlyClosedAndUnknown) {
  OpeningHours hours = Daily(H(9), H(17));
  hours.permanently_closed = true;
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 6, 8, 10, 0), ny_),
            "closed; no change");
  hours.permanently_closed = false;
  hours.known = false;
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 6, 8, 10, 0), ny_),
            "unknown; no change");
}

TEST_F(OpeningHoursTest, SevenDayHorizon) {
  OpeningHours hours;
  hours.known = true;
  hours.overrides = {{absl::CivilDay(2026, 6, 15), {{H(9), H(17)}}}};
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 6, 8, 9, 0), ny_),
            "closed; opens 2026-06-15T09:00 = 2026-06-15T13:00:00Z");
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 6, 8, 8, 59), ny_),
            "closed; no change");
}

TEST_F(OpeningHoursTest, OpenAllDayAcrossDst) {
  // 2026-03-08 and 2026-11-01 are Sundays: 23 and 25 hours long in New York.
  const OpeningHours sundays = Weekly({{Weekday::sunday, H(0), H(24)}});
  EXPECT_EQ(Eval(sundays, Local(ny_, 2026, 3, 8, 0, 0), ny_),
            "open; closes 2026-03-09T00:00 = 2026-03-09T04:00:00Z");
  EXPECT_EQ(Eval(sundays, Local(ny_, 2026, 11, 1, 0, 0), ny_),
            "open; closes 2026-11-02T00:00 = 2026-11-02T05:00:00Z");
  EXPECT_EQ(Eval(Daily(H(0), H(24)), Local(ny_, 2026, 3, 8, 0, 0), ny_),
            "open; no change");
  EXPECT_EQ(Eval(Daily(H(0), H(24)), Local(ny_, 2026, 11, 1, 0, 0), ny_),
            "open; no change");
}

TEST_F(OpeningHoursTest, SpringForwardShortensSpan) {
  // 01:00 to 03:00 on the night the clock skips 02:00-03:00: one hour.
  const OpeningHours hours = Weekly({{Weekday::sunday, H(1), H(3)}});
  EXPECT_EQ(Eval(hours, Utc(2026, 3, 8, 5, 30), ny_),
            "closed; opens 2026-03-08T01:00 = 2026-03-08T06:00:00Z");
  EXPECT_EQ(Eval(hours, Utc(2026, 3, 8, 6, 0), ny_),
            "open; closes 2026-03-08T03:00 = 2026-03-08T07:00:00Z");
  EXPECT_EQ(Eval(hours, Utc(2026, 3, 8, 6, 59, 59), ny_),
            "open; closes 2026-03-08T03:00 = 2026-03-08T07:00:00Z");
  EXPECT_FALSE(
      OpenThroughout(hours, Utc(2026, 3, 8, 6, 0), absl::Minutes(61), ny_));
}

TEST_F(OpeningHoursTest, SkippedOpeningMeansTransition) {
  // Opening at 02:30 on the spring-forward day opens at 03:00 EDT.
  const OpeningHours hours = Weekly({{Weekday::sunday, H(2, 30), H(10)}});
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 3, 8, 0, 0), ny_),
            "closed; opens 2026-03-08T03:00 = 2026-03-08T07:00:00Z");
  EXPECT_EQ(Eval(hours, Utc(2026, 3, 8, 7, 0), ny_),
            "open; closes 2026-03-08T10:00 = 2026-03-08T14:00:00Z");
  // A skipped closing time also means the transition.
  const OpeningHours closing = Weekly({{Weekday::saturday, H(20), H(26, 30)}});
  EXPECT_EQ(Eval(closing, Utc(2026, 3, 8, 6, 30), ny_),
            "open; closes 2026-03-08T03:00 = 2026-03-08T07:00:00Z");
}

TEST_F(OpeningHoursTest, RepeatedClosingFollowsTheWallClock) {
  // Saturday 20:00 to Sunday 01:30 on the night 01:00-02:00 happens twice.
  const OpeningHours hours = Weekly({{Weekday::saturday, H(20), H(25, 30)}});
  // 01:15 EDT: closes at the first 01:30.
  EXPECT_EQ(Eval(hours, Utc(2026, 11, 1, 5, 15), ny_),
            "open; closes 2026-11-01T01:30 = 2026-11-01T05:30:00Z");
  // 01:45 EDT: past closing time on the wall clock; the clock then goes back
  // to 01:00, into the hours again.
  EXPECT_EQ(Eval(hours, Utc(2026, 11, 1, 5, 45), ny_),
            "closed; opens 2026-11-01T01:00 = 2026-11-01T06:00:00Z");
  // 01:15 EST, after the first 01:30: closes at the second one.
  EXPECT_EQ(Eval(hours, Utc(2026, 11, 1, 6, 15), ny_),
            "open; closes 2026-11-01T01:30 = 2026-11-01T06:30:00Z");
  // A repeated opening time means its first occurrence.
  const OpeningHours opening = Weekly({{Weekday::sunday, H(1, 30), H(9)}});
  EXPECT_EQ(Eval(opening, Local(ny_, 2026, 11, 1, 0, 0), ny_),
            "closed; opens 2026-11-01T01:30 = 2026-11-01T05:30:00Z");
}

TEST_F(OpeningHoursTest, SameWallTimesInOtherZones) {
  // 01:00 to 03:00 on Sunday 2026-03-08, asked at 01:00 local: Phoenix and
  // Honolulu keep standard time (two hours); Anchorage springs forward at
  // 02:00 like New York (one hour).
  const OpeningHours hours = Weekly({{Weekday::sunday, H(1), H(3)}});
  EXPECT_EQ(Eval(hours, Local(ny_, 2026, 3, 8, 1, 0), ny_),
            "open; closes 2026-03-08T03:00 = 2026-03-08T07:00:00Z");
  const absl::TimeZone phoenix = Zone("America/Phoenix");
  EXPECT_EQ(Eval(hours, Local(phoenix, 2026, 3, 8, 1, 0), phoenix),
            "open; closes 2026-03-08T03:00 = 2026-03-08T10:00:00Z");
  const absl::TimeZone honolulu = Zone("Pacific/Honolulu");
  EXPECT_EQ(Eval(hours, Local(honolulu, 2026, 3, 8, 1, 0), honolulu),
            "open; closes 2026-03-08T03:00 = 2026-03-08T13:00:00Z");
  const absl::TimeZone anchorage = Zone("America/Anchorage");
  EXPECT_EQ(Eval(hours, Local(anchorage, 2026, 3, 8, 1, 0), anchorage),
            "open; closes 2026-03-08T03:00 = 2026-03-08T11:00:00Z");

  // One instant, 2026-03-08T10:30Z, in each zone.
  const absl::Time instant = Utc(2026, 3, 8, 10, 30);
  EXPECT_EQ(Eval(hours, instant, ny_),  // 06:30 EDT
            "closed; opens 2026-03-15T01:00 = 2026-03-15T05:00:00Z");
  EXPECT_EQ(Eval(hours, instant, phoenix),  // 03:30 MST
            "closed; opens 2026-03-15T01:00 = 2026-03-15T08:00:00Z");
  EXPECT_EQ(Eval(hours, instant, honolulu),  // 00:30 HST
            "closed; opens 2026-03-08T01:00 = 2026-03-08T11:00:00Z");
  EXPECT_EQ(Eval(hours, instant, anchorage),  // 01:30 AKST
            "open; closes 2026-03-08T03:00 = 2026-03-08T11:00:00Z");
}

TEST_F(OpeningHoursTest, OpenThroughout) {
  const OpeningHours hours = Daily(H(8), H(21));
  const absl::Time evening = Local(ny_, 2026, 6, 8, 20, 30);
  EXPECT_TRUE(OpenThroughout(hours, evening, absl::Minutes(30), ny_));
  EXPECT_FALSE(OpenThroughout(hours, evening, absl::Minutes(31), ny_));
  EXPECT_FALSE(OpenThroughout(hours, Local(ny_, 2026, 6, 8, 7, 59),
                              absl::Minutes(30), ny_));
  const OpeningHours around_midnight =
      Weekly({{Weekday::sunday, H(20), H(24)}, {Weekday::monday, H(0), H(8)}});
  EXPECT_TRUE(OpenThroughout(around_midnight, Local(ny_, 2026, 6, 7, 23, 45),
                             absl::Hours(8), ny_));
  EXPECT_FALSE(OpenThroughout(around_midnight, Local(ny_, 2026, 6, 7, 23, 45),
                              absl::Minutes(8 * 60 + 16), ny_));
  OpeningHours unknown = hours;
  unknown.known = false;
  EXPECT_FALSE(OpenThroughout(unknown, evening, absl::Minutes(1), ny_));
  OpeningHours always;
  always.known = true;
  always.always_open = true;
  EXPECT_TRUE(OpenThroughout(always, evening, absl::Hours(24 * 7), ny_));
  EXPECT_FALSE(OpenThroughout(always, evening, absl::Hours(24 * 7 + 1), ny_));
}

TEST_F(OpeningHoursTest, HoursTextForDay) {
  const absl::Time monday = Local(ny_, 2026, 6, 8, 12, 0);
  EXPECT_EQ(HoursTextForDay(Daily(H(8), H(21)), monday, ny_),
            "8:00 AM - 9:00 PM");
  EXPECT_EQ(HoursTextForDay(Weekly({{Weekday::monday, H(14), H(19)},
                                    {Weekday::monday, H(9), H(13, 30)}}),
                            monday, ny_),
            "9:00 AM - 1:30 PM, 2:00 PM - 7:00 PM");
  EXPECT_EQ(HoursTextForDay(Weekly({{Weekday::monday, H(8), H(12)},
                                    {Weekday::monday, H(12), H(18)}}),
                            monday, ny_),
            "8:00 AM - 6:00 PM");
  EXPECT_EQ(HoursTextForDay(Daily(H(0), H(24)), monday, ny_), "Open 24 hours");
  OpeningHours always;
  always.known = true;
  always.always_open = true;
  EXPECT_EQ(HoursTextForDay(always, monday, ny_), "Open 24 hours");
  EXPECT_EQ(
      HoursTextForDay(Weekly({{Weekday::tuesday, H(8), H(21)}}), monday, ny_),
      "Closed");
  OpeningHours unknown;
  EXPECT_EQ(HoursTextForDay(unknown, monday, ny_), "Hours unknown");
  EXPECT_EQ(
      HoursTextForDay(Weekly({{Weekday::monday, H(19), H(26)}}), monday, ny_),
      "7:00 PM - 2:00 AM");
  // The next day shows the part after midnight, joined with its own spans.
  const absl::Time tuesday = Local(ny_, 2026, 6, 9, 1, 30);
  EXPECT_EQ(
      HoursTextForDay(Weekly({{Weekday::monday, H(19), H(26)}}), tuesday, ny_),
      "12:00 AM - 2:00 AM");
  EXPECT_EQ(HoursTextForDay(Weekly({{Weekday::monday, H(19), H(26)},
                                    {Weekday::tuesday, H(2), H(5)},
                                    {Weekday::tuesday, H(19), H(26)}}),
                            tuesday, ny_),
            "12:00 AM - 5:00 AM, 7:00 PM - 2:00 AM");
  EXPECT_EQ(
      HoursTextForDay(Weekly({{Weekday::monday, H(0), H(12, 5)}}), monday, ny_),
      "12:00 AM - 12:05 PM");
  OpeningHours holiday = Daily(H(8), H(21));
  holiday.overrides = {{absl::CivilDay(2026, 6, 8), {{H(10), H(14)}}},
                       {absl::CivilDay(2026, 6, 9), {}}};
  EXPECT_EQ(HoursTextForDay(holiday, monday, ny_), "10:00 AM - 2:00 PM");
  EXPECT_EQ(HoursTextForDay(holiday, Local(ny_, 2026, 6, 9, 12, 0), ny_),
            "Closed");
}

// ---------------------------------------------------------------------------
// Differential test against Python's zoneinfo (tests/oracles).

// The output of `command`, or nullopt if it fails.
std::optional<std::string> RunCommand(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string text;
  char buffer[1 << 16];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) {
    text.append(buffer, n);
  }
  if (pclose(pipe) != 0) return std::nullopt;
  return text;
}

// The IANA zones of the bundled ZIP table (its "timezone" column; the file
// has no quoted fields) and Albertsons store list (its "timezone" members).
// Read directly rather than through loaders/, which this test is not about.
std::set<std::string> BundledZones() {
  const std::string data = absl::StrCat(RXLOCATOR_SOURCE_DIR, "/data/");
  std::set<std::string> zones;
  const std::optional<std::string> zips =
      RunCommand(absl::StrCat("gzip -dc ", data, "zip_latlng_timezone.csv.gz"));
  EXPECT_TRUE(zips.has_value());
  std::istringstream lines(zips.value_or(""));
  std::string line;
  std::getline(lines, line);
  const std::vector<std::string> header = absl::StrSplit(line, ',');
  const auto column = std::find(header.begin(), header.end(), "timezone");
  EXPECT_NE(column, header.end()) << line;
  const size_t index = column - header.begin();
  while (std::getline(lines, line)) {
    const std::vector<std::string> fields = absl::StrSplit(line, ',');
    if (index < fields.size()) zones.insert(fields[index]);
  }
  const std::optional<std::string> stores = RunCommand(absl::StrCat(
      "gzip -dc ", data,
      "albertsons-family-pharmacies_stores-scraped_2022-06.json.gz"));
  EXPECT_TRUE(stores.has_value());
  const std::string key = "\"timezone\":\"";
  const std::string json = stores.value_or("");
  for (size_t at = json.find(key); at != std::string::npos;
       at = json.find(key, at + 1)) {
    const size_t begin = at + key.size();
    zones.insert(json.substr(begin, json.find('"', begin) - begin));
  }
  return zones;
}

// Runs the oracle on `queries` (one per line) and returns its answer lines.
std::vector<std::string> AskOracle(const std::vector<std::string>& queries) {
  const std::string path = absl::StrCat(::testing::TempDir(),
                                        "/zoneinfo_queries_", getpid(), ".txt");
  {
    std::ofstream out(path);
    for (const std::string& query : queries) out << query << "\n";
  }
  const std::optional<std::string> text =
      RunCommand(absl::StrCat("python3 ", RXLOCATOR_SOURCE_DIR,
                              "/tests/oracles/zoneinfo_oracle.py ", path));
  std::remove(path.c_str());
  std::vector<std::string> answers;
  if (!text) return answers;
  std::istringstream lines(*text);
  for (std::string line; std::getline(lines, line);) answers.push_back(line);
  return answers;
}

std::string CivilText(absl::CivilSecond local) {
  return absl::FormatCivilTime(local);
}

TEST(OpeningHoursZoneinfoTest, AgreesWithPythonZoneinfo) {
  ASSERT_EQ(std::system("python3 -c 'import zoneinfo' >/dev/null 2>&1"), 0)
      << "this test needs python3 (3.9 or later, with zoneinfo and the IANA "
         "tz database: apt-get install python3 tzdata)";
  const absl::Time begin = Utc(2018, 1, 1, 0, 0);
  const absl::Time end = Utc(2031, 1, 1, 0, 0);
  std::mt19937_64 random(20260308);

  // Each query with what this code answers to it.
  std::vector<std::string> queries;
  std::vector<std::string> expected;
  int instant_cases = 0;
  int transition_cases = 0;
  int civil_cases = 0;
  int dst_civil_cases = 0;
  int zone_count = 0;

  auto add_instant = [&](const std::string& name, const absl::TimeZone& zone,
                         absl::Time at) {
    const absl::TimeZone::CivilInfo info = zone.At(at);
    queries.push_back(absl::StrCat("i ", name, " ", absl::ToUnixSeconds(at)));
    expected.push_back(absl::StrCat(CivilText(info.cs), " ", info.offset));
  };
  // The wall-clock time `local` as an opening time: closed before, a span
  // starting at `local` on its date is the next opening.
  auto add_civil = [&](const std::string& name, const absl::TimeZone& zone,
                       absl::CivilMinute local) {
    OpeningHours hours;
    hours.known = true;
    const absl::CivilDay day(local);
    const int open = static_cast<int>(local - absl::CivilMinute(day));
    hours.overrides = {{day, {{open, open + 60}}}};
    const absl::Time asked =
        absl::FromCivil(absl::CivilSecond(day - 1) + 12 * 3600, zone);
    const HoursAnswer answer = Evaluate(hours, asked, zone);
    queries.push_back(absl::StrCat("c ", name, " ", local.year(), " ",
                                   local.month(), " ", local.day(), " ",
                                   local.hour(), " ", local.minute()));
    if (answer.state != OpenState::kClosed || !answer.change) {
      expected.push_back("no opening");
      return;
    }
    expected.push_back(
        absl::StrCat(absl::ToUnixSeconds(answer.change->at), " ",
                     CivilText(absl::CivilSecond(answer.change->local))));
  };

  for (const std::string& name : BundledZones()) {
    absl::TimeZone zone;
    if (name.empty() || !absl::LoadTimeZone(name, &zone)) continue;
    ++zone_count;
    std::uniform_int_distribution<int64_t> seconds(
        absl::ToUnixSeconds(begin), absl::ToUnixSeconds(end) - 1);
    for (int i = 0; i < 200; ++i) {
      add_instant(name, zone, absl::FromUnixSeconds(seconds(random)));
      ++instant_cases;
      const absl::CivilMinute local(
          zone.At(absl::FromUnixSeconds(seconds(random))).cs);
      add_civil(name, zone, local);
      ++civil_cases;
    }
    absl::TimeZone::CivilTransition transition;
    for (absl::Time t = begin; zone.NextTransition(t, &transition);) {
      t = zone.At(transition.to).trans;
      if (t >= end) break;
      for (absl::Duration d :
           {absl::ZeroDuration(), absl::Seconds(1), absl::Seconds(-1),
            absl::Minutes(30), absl::Minutes(-30)}) {
        add_instant(name, zone, t + d);
        ++transition_cases;
      }
      // Wall-clock times in and around the skipped or repeated stretch.
      const absl::CivilMinute from(transition.from);
      const absl::CivilMinute to(transition.to);
      const absl::CivilMinute low = std::min(from, to);
      const absl::CivilMinute high = std::max(from, to);
      for (absl::CivilMinute local :
           {low - 1, low, low + 1, low + (high - low) / 2, high - 1, high,
            high + 1}) {
        add_civil(name, zone, local);
        ++dst_civil_cases;
      }
    }
  }
  EXPECT_GE(zone_count, 30);

  const std::vector<std::string> answers = AskOracle(queries);
  ASSERT_EQ(answers.size(), queries.size())
      << "tests/oracles/zoneinfo_oracle.py failed or answered short (needs "
         "python3 with zoneinfo and tzdata)";
  int mismatches = 0;
  for (size_t i = 0; i < queries.size(); ++i) {
    if (answers[i] == expected[i]) continue;
    if (++mismatches <= 20) {
      ADD_FAILURE() << queries[i] << ": zoneinfo says " << answers[i]
                    << ", opening_hours says " << expected[i];
    }
  }
  EXPECT_EQ(mismatches, 0);
  std::printf(
      "zoneinfo differential: %d zones, %d random instants, %d instants "
      "around transitions, %d random wall-clock times, %d wall-clock times "
      "around transitions, %d mismatches\n",
      zone_count, instant_cases, transition_cases, civil_cases, dst_civil_cases,
      mismatches);
}

}  // namespace
}  // namespace rxlocator
