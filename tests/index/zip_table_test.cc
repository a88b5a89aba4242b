#include "index/zip_table.h"

#include <vector>

#include "gtest/gtest.h"

namespace rxlocator {
namespace {

ZipInfo Zip(std::string zip, std::string city, std::string time_zone,
            bool has_location, double latitude = 0, double longitude = 0) {
  ZipInfo info;
  info.zip = std::move(zip);
  info.city = std::move(city);
  info.time_zone = std::move(time_zone);
  info.has_location = has_location;
  info.latitude = latitude;
  info.longitude = longitude;
  return info;
}

TEST(ZipTableTest, FindsByFiveDigits) {
  const ZipTable table(
      {Zip("99503", "Anchorage", "America/Anchorage", true, 61.19, -149.88),
       Zip("00501", "Holtsville", "America/New_York", true, 40.8154,
           -73.0451)});
  EXPECT_EQ(table.size(), 2);
  const ZipInfo* info = table.Find("99503");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->city, "Anchorage");
  EXPECT_EQ(info->time_zone, "America/Anchorage");
  EXPECT_DOUBLE_EQ(info->latitude, 61.19);
  ASSERT_NE(table.Find("00501"), nullptr);
  EXPECT_EQ(table.Find("99504"), nullptr);
  EXPECT_EQ(table.Find("9950"), nullptr);
  EXPECT_EQ(table.Find(""), nullptr);
}

TEST(ZipTableTest, EmptyTable) {
  const ZipTable table;
  EXPECT_EQ(table.size(), 0);
  EXPECT_EQ(table.Find("99503"), nullptr);
}

TEST(ZipTableTest, FirstEntryWinsLaterFillsLocationAndTimeZone) {
  ZipInfo military = Zip("09001", "APO", "", false);
  military.type = ZipType::kMilitary;
  const ZipTable table({
      military,
      Zip("99503", "Anchorage", "America/Anchorage", false),
      Zip("09001", "Elsewhere", "Europe/Berlin", true, 49.4, 7.6),
      Zip("99503", "Other", "America/Juneau", true, 61.19, -149.88),
      Zip("99503", "Third", "", true, 1, 1),
  });
  EXPECT_EQ(table.size(), 2);

  const ZipInfo* apo = table.Find("09001");
  ASSERT_NE(apo, nullptr);
  EXPECT_EQ(apo->type, ZipType::kMilitary);
  EXPECT_EQ(apo->city, "APO");
  EXPECT_EQ(apo->time_zone, "Europe/Berlin");  // Filled: first had none.
  EXPECT_TRUE(apo->has_location);
  EXPECT_DOUBLE_EQ(apo->latitude, 49.4);

  const ZipInfo* anchorage = table.Find("99503");
  ASSERT_NE(anchorage, nullptr);
  EXPECT_EQ(anchorage->city, "Anchorage");
  EXPECT_EQ(anchorage->time_zone, "America/Anchorage");  // Kept.
  EXPECT_TRUE(anchorage->has_location);  // From the second entry, not third.
  EXPECT_DOUBLE_EQ(anchorage->latitude, 61.19);
  EXPECT_DOUBLE_EQ(anchorage->longitude, -149.88);
}

}  // namespace
}  // namespace rxlocator
