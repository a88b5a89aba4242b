#include "index/weekly_hours_column.h"

#include <random>

#include "gtest/gtest.h"

namespace rxlocator {
namespace {

Pharmacy WithHours(OpeningHours hours) {
  Pharmacy p;
  p.store_hours = std::move(hours);
  return p;
}

OpeningHours Weekly(std::vector<DailySpan> spans) {
  OpeningHours h;
  h.known = true;
  h.weekly = std::move(spans);
  return h;
}

TEST(WeeklyHoursColumnTest, MinuteOfWeekStartsMonday) {
  EXPECT_EQ(MinuteOfWeek(absl::CivilSecond(2026, 11, 16, 0, 0, 0)), 0);  // Mon
  EXPECT_EQ(MinuteOfWeek(absl::CivilSecond(2026, 11, 22, 23, 59, 59)),
            kMinutesPerWeek - 1);  // Sunday 23:59:59.
  EXPECT_EQ(MinuteOfWeek(absl::CivilSecond(2026, 11, 21, 1, 30, 0)),
            5 * kMinutesPerDay + 90);  // Saturday 01:30.
}

TEST(WeeklyHoursColumnTest, SpansPastMidnightAndTheWeeksEnd) {
  OpeningHours always;
  always.known = always.always_open = true;
  OpeningHours with_override = Weekly({{Weekday::monday, 0, 60}});
  with_override.overrides.push_back({absl::CivilDay(2026, 12, 25), {}});
  const WeeklyHoursColumn column({
      WithHours(Weekly({{Weekday::friday, 19 * 60, 26 * 60}})),
      WithHours(Weekly({{Weekday::sunday, 22 * 60, 30 * 60}})),
      WithHours(always),
      WithHours(OpeningHours()),
      WithHours(with_override),
  });
  const int saturday_0130 = 5 * kMinutesPerDay + 90;
  EXPECT_EQ(column.OpenAt(0, saturday_0130), true);
  EXPECT_EQ(column.OpenAt(0, 5 * kMinutesPerDay + 120), false);  // 02:00.
  EXPECT_EQ(column.OpenAt(1, 5 * 60), true);  // Monday 05:00.
  EXPECT_EQ(column.OpenAt(1, 6 * 60), false);
  EXPECT_EQ(column.OpenAt(1, kMinutesPerWeek - 1), true);
  EXPECT_EQ(column.OpenAt(2, 12345 % kMinutesPerWeek), true);
  EXPECT_EQ(column.OpenAt(3, saturday_0130), std::nullopt);  // Unknown.
  EXPECT_EQ(column.OpenAt(4, 30), std::nullopt);             // Has an override.
}

TEST(WeeklyHoursColumnTest, OpenThroughoutJoinsSpansAcrossMidnightAndTheWeek) {
  OpeningHours always;
  always.known = always.always_open = true;
  const WeeklyHoursColumn column({
      // Sun 22:00 - Mon 02:00, then Mon 02:00 - 03:00 and 03:30 - 04:00.
      WithHours(Weekly({{Weekday::sunday, 22 * 60, 26 * 60},
                        {Weekday::monday, 2 * 60, 3 * 60},
                        {Weekday::monday, 3 * 60 + 30, 4 * 60}})),
      WithHours(always),
      WithHours(OpeningHours()),
  });
  const int sunday_2300 = 6 * kMinutesPerDay + 23 * 60;
  // Sunday 23:00 for four hours runs past the week's end into the joined
  // Monday span, which ends at 03:00.
  EXPECT_EQ(column.OpenThroughout(0, sunday_2300, 4 * 60), true);
  EXPECT_EQ(column.OpenThroughout(0, sunday_2300, 4 * 60 + 1), false);
  EXPECT_EQ(column.OpenThroughout(0, 3 * 60 + 30, 30), true);
  EXPECT_EQ(column.OpenThroughout(0, 3 * 60 + 30, 31), false);
  EXPECT_EQ(column.OpenThroughout(0, 3 * 60 + 10, 1), false);  // The gap.
  EXPECT_EQ(column.OpenThroughout(1, kMinutesPerWeek - 1, 120), true);
  EXPECT_EQ(column.OpenThroughout(2, 0, 1), std::nullopt);
}

// Against StateAt, which works on civil times, for random plain weeks and
// random local times.
TEST(WeeklyHoursColumnTest, AgreesWithStateAt) {
  std::mt19937_64 rng(3);
  std::vector<Pharmacy> pharmacies;
  for (int i = 0; i < 300; ++i) {
    OpeningHours h = Weekly({});
    for (int day = 0; day < 7; ++day) {
      for (int n = rng() % 3; n > 0; --n) {
        const int open = rng() % kMinutesPerDay;
        const int close = open + 1 + rng() % kMinutesPerDay;
        h.weekly.push_back({static_cast<Weekday>(day), open, close});
      }
    }
    pharmacies.push_back(WithHours(h));
  }
  const WeeklyHoursColumn column(pharmacies);
  const absl::CivilSecond monday(2026, 11, 16, 0, 0, 0);
  for (int q = 0; q < 20000; ++q) {
    const uint32_t i = rng() % pharmacies.size();
    const absl::CivilSecond local =
        monday + static_cast<int>(rng() % (7 * 86400));
    EXPECT_EQ(*column.OpenAt(i, MinuteOfWeek(local)),
              StateAt(pharmacies[i].store_hours, local) == OpenState::kOpen)
        << i << " at " << local;
  }
}

}  // namespace
}  // namespace rxlocator
