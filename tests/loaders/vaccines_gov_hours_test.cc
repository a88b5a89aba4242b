#include "loaders/vaccines_gov_hours.h"

#include <array>
#include <set>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hours_test_util.h"
#include "loaders/csv.h"
#include "test_files.h"

namespace rxlocator {
namespace {

using ::rxlocator::testing::DescribeHours;
using ::rxlocator::testing::DescribeSpans;
using ::rxlocator::testing::RealDataPath;

// The day's spans as DescribeSpans text, "not given", or the error message.
std::string Day(absl::string_view text) {
  absl::StatusOr<VaccinesGovDay> day = ParseVaccinesGovDay(text);
  if (!day.ok()) return std::string(day.status().message());
  return day->given ? DescribeSpans(day->spans) : "not given";
}

TEST(ParseVaccinesGovDayTest, EveryFormInTheFile) {
  EXPECT_EQ(Day("8:00 AM - 5:00 PM"), "08:00-17:00");
  EXPECT_EQ(Day("09:00AM-06:00PM"), "09:00-18:00");
  EXPECT_EQ(Day("09:00AM - 08:00PM"), "09:00-20:00");
  EXPECT_EQ(Day("9:30AM - 6:00PM"), "09:30-18:00");
  EXPECT_EQ(Day("10:00AM - 7:00PM"), "10:00-19:00");
  EXPECT_EQ(Day("12:00 PM - 4:00 PM"), "12:00-16:00");
  EXPECT_EQ(Day("9:00 AM - 1:30PM, 2:00 PM - 7:00 PM"),
            "09:00-13:30,14:00-19:00");
  EXPECT_EQ(Day("Closed"), "off");
  EXPECT_EQ(Day(" closed "), "off");
}

TEST(ParseVaccinesGovDayTest, MidnightAndAllDay) {
  EXPECT_EQ(Day("12:00 AM - 11:59 PM"), "00:00-24:00");
  EXPECT_EQ(Day("10:00 AM - 12:00 AM"), "10:00-24:00");
  EXPECT_EQ(Day("7:00 PM - 2:00 AM"), "19:00-26:00");
  EXPECT_EQ(Day("8:00 PM - 11:59 PM"), "20:00-24:00");
  EXPECT_EQ(Day("1:00 AM - 4:00 PM"), "01:00-16:00");
}

TEST(ParseVaccinesGovDayTest, NoInformation) {
  EXPECT_EQ(Day(""), "not given");
  EXPECT_EQ(Day("   "), "not given");
  EXPECT_EQ(Day("12:00AM - 12:00AM"), "not given");
}

TEST(ParseVaccinesGovDayTest, Errors) {
  EXPECT_EQ(Day("noon - 5:00 PM"),
            "unsupported Vaccines.gov hours token \"noon\" at column 1");
  EXPECT_EQ(Day("9:00 AM - 13:00 PM"),
            "unsupported Vaccines.gov hours token \"13:00\" at column 11");
  EXPECT_EQ(Day("9:00 AM - 5:60 PM"),
            "unsupported Vaccines.gov hours token \"5:60\" at column 11");
  EXPECT_EQ(Day("9:00 - 5:00 PM"),
            "unsupported Vaccines.gov hours token \"-\" at column 6");
  EXPECT_EQ(Day("9:00 AM to 5:00 PM"),
            "unsupported Vaccines.gov hours token \"to\" at column 9");
  EXPECT_EQ(Day("9:00 AM - 5:00 PM; Sa"),
            "unsupported Vaccines.gov hours token \";\" at column 18");
  EXPECT_EQ(Day("9:00 AM -"),
            "Vaccines.gov hours text ends early at column 10");
  EXPECT_EQ(Day("9 AM - 5 PM"),
            "unsupported Vaccines.gov hours token \"9\" at column 1");
  EXPECT_EQ(Day("9:00 AM - 9:00 AM, 1:00 PM - 2:00 PM"),
            "Vaccines.gov hours zero-length range \"9:00 AM - 9:00 AM\" at "
            "column 1 among others");
  EXPECT_EQ(Day("24 hours"),
            "unsupported Vaccines.gov hours token \"24\" at column 1");
}

std::array<std::string, 7> Week(const std::string& weekdays,
                                const std::string& saturday,
                                const std::string& sunday) {
  return {weekdays, weekdays, weekdays, weekdays, weekdays, saturday, sunday};
}

std::string WeekText(const std::array<std::string, 7>& by_weekday) {
  absl::StatusOr<OpeningHours> hours = ParseVaccinesGovWeek(by_weekday);
  if (!hours.ok()) return std::string(hours.status().message());
  return DescribeHours(*hours);
}

TEST(ParseVaccinesGovWeekTest, FullWeek) {
  EXPECT_EQ(WeekText(Week("8:00 AM - 5:00 PM", "10:00 AM - 2:00 PM", "Closed")),
            "Mo 08:00-17:00; Tu 08:00-17:00; We 08:00-17:00; Th 08:00-17:00; "
            "Fr 08:00-17:00; Sa 10:00-14:00");
  EXPECT_EQ(WeekText(Week("9:00 AM - 1:30PM, 2:00 PM - 7:00 PM", "Closed",
                          "7:00 PM - 2:00 AM")),
            "Mo 09:00-13:30; Mo 14:00-19:00; Tu 09:00-13:30; Tu 14:00-19:00; "
            "We 09:00-13:30; We 14:00-19:00; Th 09:00-13:30; Th 14:00-19:00; "
            "Fr 09:00-13:30; Fr 14:00-19:00; Su 19:00-26:00");
  EXPECT_EQ(WeekText(Week("Closed", "Closed", "Closed")), "closed");
}

TEST(ParseVaccinesGovWeekTest, SevenWholeDaysAreAlwaysOpen) {
  const std::string all_day = "12:00 AM - 11:59 PM";
  EXPECT_EQ(WeekText(Week(all_day, all_day, all_day)), "24/7");
  EXPECT_EQ(WeekText(Week(all_day, all_day, "Closed")),
            "Mo 00:00-24:00; Tu 00:00-24:00; We 00:00-24:00; Th 00:00-24:00; "
            "Fr 00:00-24:00; Sa 00:00-24:00");
}

TEST(ParseVaccinesGovWeekTest, AnyMissingDayMakesTheWeekUnknown) {
  EXPECT_EQ(WeekText(Week("", "", "")), "unknown");
  EXPECT_EQ(WeekText(Week("8:00 AM - 5:00 PM", "", "")), "unknown");
  EXPECT_EQ(WeekText(Week("09:00AM - 06:00PM", "10:00AM - 06:00PM",
                          "12:00AM - 12:00AM")),
            "unknown");
}

TEST(ParseVaccinesGovWeekTest, ErrorsNameTheColumn) {
  EXPECT_EQ(WeekText(Week("8:00 AM - 5:00 PM", "by appointment", "")),
            "saturday_hours: unsupported Vaccines.gov hours token \"by\" at "
            "column 1");
}

// Every hours string in the bundled Alaska file parses, and the weeks come
// out as the file's patterns say (see the header comment).
TEST(VaccinesGovHoursRealDataTest, EveryStringInTheAlaskaFileParses) {
  const std::string path = RealDataPath(
      "vaccines_gov_5jp2-pgaw_AK_2022-06-23.csv.gz",
      "cdc-vaccines-gov-ak/vaccines_gov_5jp2-pgaw_AK_2022-06-23.csv");
  if (path.empty()) GTEST_SKIP() << "no Vaccines.gov Alaska file";
  absl::StatusOr<CsvTable> table = ReadCsvFile(path);
  ASSERT_TRUE(table.ok()) << table.status();
  constexpr std::array<absl::string_view, 7> kColumns = {
      "monday_hours", "tuesday_hours",  "wednesday_hours", "thursday_hours",
      "friday_hours", "saturday_hours", "sunday_hours"};
  std::array<int, 7> columns;
  for (int i = 0; i < 7; ++i) {
    columns[i] = table->Column(kColumns[i]);
    ASSERT_GE(columns[i], 0) << kColumns[i];
  }
  const int guid = table->Column("provider_location_guid");
  std::set<std::string> distinct;
  absl::flat_hash_map<std::string, std::array<std::string, 7>> weeks;
  for (const CsvRecord& row : table->rows) {
    std::array<std::string, 7> week;
    for (int i = 0; i < 7; ++i) {
      week[i] = std::string(row.Field(columns[i]));
      distinct.insert(week[i]);
    }
    weeks.emplace(std::string(row.Field(guid)), week);
  }
  EXPECT_EQ(table->rows.size(), 1109);
  EXPECT_EQ(distinct.size(), 83);  // Including "".
  for (const std::string& text : distinct) {
    EXPECT_TRUE(ParseVaccinesGovDay(text).ok()) << text;
  }
  int known = 0;
  int always_open = 0;
  for (const auto& [id, week] : weeks) {
    absl::StatusOr<OpeningHours> hours = ParseVaccinesGovWeek(week);
    ASSERT_TRUE(hours.ok()) << id << ": " << hours.status();
    known += hours->known;
    always_open += hours->always_open;
  }
  EXPECT_EQ(weeks.size(), 247);
  EXPECT_EQ(known, 84);
  EXPECT_EQ(always_open, 6);
}

}  // namespace
}  // namespace rxlocator
