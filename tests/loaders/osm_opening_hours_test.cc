#include "loaders/osm_opening_hours.h"

#include <string>

#include "gtest/gtest.h"
#include "hours_test_util.h"

namespace rxlocator {
namespace {

using ::rxlocator::testing::DescribeHours;

// The hours for 2026 as DescribeHours text, or the error message.
std::string Parse(absl::string_view text) {
  absl::StatusOr<OpeningHours> hours = ParseOsmOpeningHours(text, 2026, 2026);
  if (!hours.ok()) return std::string(hours.status().message());
  return DescribeHours(*hours);
}

TEST(ParseOsmOpeningHoursTest, WeekdayRangesAndLists) {
  EXPECT_EQ(Parse("Mo-Fr 08:00-20:00; Sa 09:00-18:00"),
            "Mo 08:00-20:00; Tu 08:00-20:00; We 08:00-20:00; Th 08:00-20:00; "
            "Fr 08:00-20:00; Sa 09:00-18:00");
  EXPECT_EQ(Parse("Mo,We,Fr 09:00-17:00"),
            "Mo 09:00-17:00; We 09:00-17:00; Fr 09:00-17:00");
  EXPECT_EQ(Parse("Mo-We,Sa 10:00-12:00"),
            "Mo 10:00-12:00; Tu 10:00-12:00; We 10:00-12:00; Sa 10:00-12:00");
  EXPECT_EQ(Parse("Sa-Mo 10:00-12:00"),
            "Mo 10:00-12:00; Sa 10:00-12:00; Su 10:00-12:00");
  EXPECT_EQ(Parse("Mo-Fr 08:00-12:00,13:00-18:00"),
            "Mo 08:00-12:00; Mo 13:00-18:00; Tu 08:00-12:00; Tu 13:00-18:00; "
            "We 08:00-12:00; We 13:00-18:00; Th 08:00-12:00; Th 13:00-18:00; "
            "Fr 08:00-12:00; Fr 13:00-18:00");
}

TEST(ParseOsmOpeningHoursTest, RulesWithoutDaysOrTimes) {
  EXPECT_EQ(Parse("09:00-17:00"),
            "Mo 09:00-17:00; Tu 09:00-17:00; We 09:00-17:00; Th 09:00-17:00; "
            "Fr 09:00-17:00; Sa 09:00-17:00; Su 09:00-17:00");
  EXPECT_EQ(Parse("Sa,Su"), "Sa 00:00-24:00; Su 00:00-24:00");
  EXPECT_EQ(Parse("off"), "closed");
  EXPECT_EQ(Parse("closed"), "closed");
}

TEST(ParseOsmOpeningHoursTest, AlwaysOpen) {
  EXPECT_EQ(Parse("24/7"), "24/7");
  EXPECT_EQ(Parse("00:00-24:00"), "24/7");
  EXPECT_EQ(Parse("Mo-Su 00:00-24:00"), "24/7");
  EXPECT_EQ(Parse("24/7; Su off"),
            "Mo 00:00-24:00; Tu 00:00-24:00; We 00:00-24:00; Th 00:00-24:00; "
            "Fr 00:00-24:00; Sa 00:00-24:00");
}

TEST(ParseOsmOpeningHoursTest, LaterRulesReplaceEarlierOnes) {
  EXPECT_EQ(Parse("Mo-Sa 08:00-20:00; Sa 10:00-14:00"),
            "Mo 08:00-20:00; Tu 08:00-20:00; We 08:00-20:00; Th 08:00-20:00; "
            "Fr 08:00-20:00; Sa 10:00-14:00");
  EXPECT_EQ(Parse("Mo-Fr 08:00-12:00; Mo-Fr 13:00-18:00"),
            "Mo 13:00-18:00; Tu 13:00-18:00; We 13:00-18:00; Th 13:00-18:00; "
            "Fr 13:00-18:00");
  EXPECT_EQ(Parse("24/7; Mo-Fr 08:00-20:00; Sa,Su off"),
            "Mo 08:00-20:00; Tu 08:00-20:00; We 08:00-20:00; Th 08:00-20:00; "
            "Fr 08:00-20:00");
}

TEST(ParseOsmOpeningHoursTest, PastMidnight) {
  EXPECT_EQ(Parse("Fr-Sa 18:00-03:00"), "Fr 18:00-27:00; Sa 18:00-27:00");
  EXPECT_EQ(Parse("Su 22:00-26:00"), "Su 22:00-26:00");
  EXPECT_EQ(Parse("Mo-Su 22:00-02:00; Sa 10:00-12:00"),
            "Mo 22:00-26:00; Tu 22:00-26:00; We 22:00-26:00; Th 22:00-26:00; "
            "Fr 22:00-24:00; Sa 10:00-12:00; Su 22:00-26:00");
  // The later Saturday rule cuts Friday's range at midnight; an earlier one
  // does not.
  EXPECT_EQ(Parse("Fr 18:00-03:00; Sa off"), "Fr 18:00-24:00");
  EXPECT_EQ(Parse("Sa 10:00-12:00; Fr 18:00-03:00"),
            "Fr 18:00-27:00; Sa 10:00-12:00");
}

TEST(ParseOsmOpeningHoursTest, MonthDaysBecomeDatedOverrides) {
  // 2026-12-25 is a Friday, 2026-12-24 a Thursday.
  EXPECT_EQ(Parse("Mo-Fr 08:00-20:00; Dec 25 off"),
            "Mo 08:00-20:00; Tu 08:00-20:00; We 08:00-20:00; Th 08:00-20:00; "
            "Fr 08:00-20:00 | 2026-12-25 off");
  EXPECT_EQ(
      Parse("Mo-Su 09:00-17:00; Jan 01 10:00-14:00; Dec 24-26,Dec 31 off"),
      "Mo 09:00-17:00; Tu 09:00-17:00; We 09:00-17:00; Th 09:00-17:00; "
      "Fr 09:00-17:00; Sa 09:00-17:00; Su 09:00-17:00 | 2026-01-01 "
      "10:00-14:00 | 2026-12-24 off | 2026-12-25 off | 2026-12-26 off | "
      "2026-12-31 off");
  // A date rule before a weekday rule naming the same day loses to it.
  EXPECT_EQ(Parse("Dec 25 off; Mo-Fr 08:00-20:00"),
            "Mo 08:00-20:00; Tu 08:00-20:00; We 08:00-20:00; Th 08:00-20:00; "
            "Fr 08:00-20:00");
  // A closed date cuts the range of the day before at midnight; a closed
  // Jan 1 also cuts Dec 31 of the year before.
  EXPECT_EQ(Parse("Th 22:00-02:00; Dec 25 off"),
            "Th 22:00-26:00 | 2026-12-24 22:00-24:00");
  EXPECT_EQ(Parse("We 22:00-02:00; Jan 01 off"),
            "We 22:00-26:00 | 2025-12-31 22:00-24:00");
  EXPECT_EQ(Parse("24/7; Dec 25 off"), "24/7 | 2026-12-25 off");
}

TEST(ParseOsmOpeningHoursTest, OverridesCoverEachYear) {
  absl::StatusOr<OpeningHours> hours =
      ParseOsmOpeningHours("Mo-Sa 09:00-18:00; Feb 29 off", 2026, 2028);
  ASSERT_TRUE(hours.ok()) << hours.status();
  EXPECT_EQ(DescribeHours(*hours),
            "Mo 09:00-18:00; Tu 09:00-18:00; We 09:00-18:00; Th 09:00-18:00; "
            "Fr 09:00-18:00; Sa 09:00-18:00 | 2028-02-29 off");
  EXPECT_EQ(ParseOsmOpeningHours("off", 2026, 2025).status().message(),
            "opening_hours years 2026..2025 are not a range of 1 to 10 years");
  EXPECT_EQ(ParseOsmOpeningHours("off", 2026, 2036).status().message(),
            "opening_hours years 2026..2036 are not a range of 1 to 10 years");
}

TEST(ParseOsmOpeningHoursTest, UnsupportedSyntaxNamesTheToken) {
  // `token` as the message shows it: escaped, as a tab is "\\t".
  const auto unsupported = [](absl::string_view token, int column) {
    return absl::StrCat("unsupported opening_hours token \"", token,
                        "\" at column ", column);
  };
  EXPECT_EQ(Parse("Mo-Fr sunrise-sunset"), unsupported("sunrise", 7));
  EXPECT_EQ(Parse("Mo-Fr 08:00-20:00; PH off"), unsupported("PH", 20));
  EXPECT_EQ(Parse("Mo-Sa 08:00-20:00; Su,PH 10:00-14:00"),
            unsupported("PH", 23));
  EXPECT_EQ(Parse("SH off"), unsupported("SH", 1));
  EXPECT_EQ(Parse("week 01-26 Mo 08:00-12:00"), unsupported("week", 1));
  EXPECT_EQ(Parse("2026 Dec 25 off"), unsupported("2026", 1));
  EXPECT_EQ(Parse("Mo-Fr 08:00-20:00 || \"by appointment\""),
            unsupported("||", 19));
  EXPECT_EQ(Parse("Mo-Fr 08:00-20:00 \"call first\""), unsupported("\\\"", 19));
  EXPECT_EQ(Parse("Mo 10:00-12:00 open"), unsupported("open", 16));
  EXPECT_EQ(Parse("Mo 10:00-12:00 unknown"), unsupported("unknown", 16));
  EXPECT_EQ(Parse("Mo-Fr 08:00-18:00; We 12:00-13:00 off"),
            unsupported("off", 35));
  EXPECT_EQ(Parse("Mo-Fr 08:00-12:00, Sa 10:00-12:00"), unsupported(",", 18));
  EXPECT_EQ(Parse("Mo-Fr 8:00-20:00"), unsupported("8", 7));
  EXPECT_EQ(Parse("Mo-Fr 08:00-08:00"), unsupported("08:00-08:00", 7));
  EXPECT_EQ(Parse("Mo 02:00-30:00"), unsupported("02:00-30:00", 4));
  EXPECT_EQ(Parse("Mo 24:00-26:00"), unsupported("24:00", 4));
  EXPECT_EQ(Parse("Mo 08:00-20:60"), unsupported("20:60", 10));
  EXPECT_EQ(Parse("mo-fr 08:00-20:00"), unsupported("mo", 1));
  EXPECT_EQ(Parse("Dec 25 Mo off"), unsupported("Mo", 8));
  EXPECT_EQ(Parse("Feb 30 off"), unsupported("30", 5));
  EXPECT_EQ(Parse("Dec 24-Jan 02 off"), unsupported("-", 7));
  EXPECT_EQ(Parse("24/7 off"), unsupported("off", 6));
  EXPECT_EQ(Parse("Mo-Fr 08:00-20:00; ; Sa off"), unsupported(";", 20));
  EXPECT_EQ(Parse("Mo-Fr 08:00-20:00;"),
            "opening_hours text ends early at column 19");
  EXPECT_EQ(Parse(""), "opening_hours text ends early at column 1");
  EXPECT_EQ(Parse("Mo-Fr\t08:00-20:00"), unsupported("\\t", 6));
}

}  // namespace
}  // namespace rxlocator
