#include "loaders/native_pharmacies.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_files.h"

namespace rxlocator {
namespace {

using ::rxlocator::testing::WriteTempFile;
using ::testing::ElementsAre;
using ::testing::Pair;

TEST(LoadNativePharmaciesTest, ReadsEveryColumn) {
  const std::string path = WriteTempFile(
      "p.csv",
      R"(id,name,npi,ncpdp_id,chain,address1,address2,city,state,zip,phone,latitude,longitude,time_zone,services
rx-1,"Carrs Pharmacy, Dimond",1740219781.0,0212345,albertsons,4000 W Dimond Blvd,"Suite 1, rear",Anchorage,ak,99502-1234,(907) 344-1717,61.137411,-149.954561,America/Anchorage, drive_thru ; 24_hour;vaccinations
)");
  LoadReport report;
  std::vector<Pharmacy> ps =
      LoadNativePharmacies(path, LoadOptions(), &report).value();
  ASSERT_EQ(ps.size(), 1);
  const Pharmacy& p = ps[0];
  EXPECT_EQ(p.id, "rx-1");
  EXPECT_EQ(p.name, "Carrs Pharmacy, Dimond");
  EXPECT_EQ(p.npi, "1740219781");
  EXPECT_EQ(p.ncpdp_id, "0212345");
  EXPECT_EQ(p.chain, "albertsons");
  EXPECT_EQ(p.address.line1, "4000 W Dimond Blvd");
  EXPECT_EQ(p.address.line2, "Suite 1, rear");
  EXPECT_EQ(p.address.city, "Anchorage");
  EXPECT_EQ(p.address.state, "AK");
  EXPECT_EQ(p.address.zip, "99502");
  EXPECT_EQ(p.phone, "(907) 344-1717");
  EXPECT_DOUBLE_EQ(p.latitude, 61.137411);
  EXPECT_DOUBLE_EQ(p.longitude, -149.954561);
  EXPECT_EQ(p.time_zone, "America/Anchorage");
  EXPECT_EQ(p.services, Bit(Service::kDriveThru) |
                            Bit(Service::kTwentyFourHour) |
                            Bit(Service::kVaccinations));
  EXPECT_EQ(p.source, "native:p.csv:2");
  EXPECT_EQ(report.Summary(),
            path +
                ": 1 rows read, 1 loaded as 1 pharmacies, 0 skipped, 0 "
                "warnings\n");
}

TEST(LoadNativePharmaciesTest, OnlyRequiredColumnsInAnyOrder) {
  const std::string path =
      WriteTempFile("p.csv", "LONGITUDE,Name,latitude,id\n-149.9,A,61.1,a\n");
  std::vector<Pharmacy> ps =
      LoadNativePharmacies(path, LoadOptions(), nullptr).value();
  ASSERT_EQ(ps.size(), 1);
  EXPECT_EQ(ps[0].id, "a");
  EXPECT_DOUBLE_EQ(ps[0].latitude, 61.1);
  EXPECT_DOUBLE_EQ(ps[0].longitude, -149.9);
  EXPECT_EQ(ps[0].services, 0);
}

TEST(LoadNativePharmaciesTest, HeaderErrors) {
  const auto error = [](const std::string& text) {
    const std::string path = WriteTempFile("h.csv", text);
    return std::string(LoadNativePharmacies(path, LoadOptions(), nullptr)
                           .status()
                           .message())
        .substr(path.size());
  };
  EXPECT_EQ(error("id,name,latitude,longitude,fax\n"),
            ":1: unknown column \"fax\" (known: id, name, latitude, longitude, "
            "npi, ncpdp_id, chain, address1, address2, city, state, zip, "
            "phone, time_zone, services, hours, pharmacy_hours, walk_in)");
  EXPECT_EQ(error("id,name,latitude\n"),
            ":1: missing required column \"longitude\"");
  EXPECT_EQ(error("id,name,latitude,longitude,Name\n"),
            ":1: column \"name\" appears twice");
}

// One bad row per problem; each message is exactly "file:line: what".
constexpr char kBadRows[] =
    "id,name,latitude,longitude,npi,zip,state,services\n"
    "ok-1,Good,61.1,-149.9,,,,\n"
    "lat,Bad,95.2,-149.9,,,,\n"
    "nan,Bad,NaN,-149.9,,,,\n"
    "zero,Bad,0,0,,,,\n"
    "empty,Bad,,,,,,\n"
    "npi,Bad,61.1,-149.9,1902804716.0,,,\n"
    "zip,Bad,61.1,-149.9,,99503-12,,\n"
    "svc,Bad,61.1,-149.9,,,,drive_thru;fax\n"
    "st,Bad,61.1,-149.9,,,Alaska,\n"
    ",No id,61.1,-149.9,,,,\n"
    "ok-1,Again,61.1,-149.9,,,,\n"
    "short,Bad\n"
    "ml,\"name, with comma\nand newline\",61.1,-149.9,,,,\n"
    "ok-2,Good,61.1,-149.9,,,,\n";

TEST(LoadNativePharmaciesTest, LenientSkipsBadRowsWithExactMessages) {
  const std::string path = WriteTempFile("bad.csv", kBadRows);
  LoadOptions options;
  options.max_examples = 20;
  LoadReport report;
  std::vector<Pharmacy> ps =
      LoadNativePharmacies(path, options, &report).value();
  ASSERT_EQ(ps.size(), 3);
  EXPECT_EQ(ps[0].id, "ok-1");
  EXPECT_EQ(ps[1].name, "name, with comma\nand newline");
  EXPECT_EQ(ps[1].source, "native:bad.csv:14");
  EXPECT_EQ(ps[2].source, "native:bad.csv:16");
  EXPECT_EQ(report.rows_read, 14);
  EXPECT_EQ(report.rows_skipped, 11);
  EXPECT_EQ(report.rows_loaded, 3);
  const std::string p = path + ":";
  EXPECT_THAT(
      report.examples,
      ElementsAre(
          p + "3: latitude \"95.2\" is out of range [-90, 90]",
          p + "4: latitude \"nan\" is not a finite number",
          p + "5: no coordinates (latitude and longitude are empty or 0, 0)",
          p + "6: no coordinates (latitude and longitude are empty or 0, 0)",
          p + "7: NPI \"1902804716.0\" fails the check digit",
          p + "8: ZIP code \"99503-12\" is not a 5-digit ZIP or ZIP+4",
          p + "9: unknown service \"fax\" (known: 24_hour, drive_thru, "
              "delivery, vaccinations, compounding)",
          p + "10: state \"Alaska\" is not a two-letter code",
          p + "11: id is empty",
          p + "12: id \"ok-1\" was already used on line 2",
          p + "13: has 2 fields, the header has 8"));
  EXPECT_THAT(report.skipped_by_reason,
              ElementsAre(Pair("bad NPI", 1), Pair("bad ZIP code", 1),
                          Pair("bad coordinates", 2), Pair("bad services", 1),
                          Pair("bad state", 1), Pair("duplicate id", 1),
                          Pair("missing id", 1), Pair("no coordinates", 2),
                          Pair("wrong field count", 1)));
}

TEST(LoadNativePharmaciesTest, StrictFailsOnFirstBadRow) {
  const std::string path = WriteTempFile("bad.csv", kBadRows);
  LoadOptions options;
  options.strict = true;
  absl::StatusOr<std::vector<Pharmacy>> ps =
      LoadNativePharmacies(path, options, nullptr);
  EXPECT_EQ(ps.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ps.status().message(),
            path + ":3: latitude \"95.2\" is out of range [-90, 90]");
}

TEST(ParseServicesTest, NamesAndErrors) {
  EXPECT_EQ(ParseServices("").value(), 0);
  EXPECT_EQ(ParseServices(" ; ").value(), 0);
  EXPECT_EQ(ParseServices("compounding;delivery").value(),
            Bit(Service::kCompounding) | Bit(Service::kDelivery));
  EXPECT_EQ(ParseServices("Delivery").status().message(),
            "unknown service \"Delivery\" (known: 24_hour, drive_thru, "
            "delivery, vaccinations, compounding)");
}

}  // namespace
}  // namespace rxlocator

namespace rxlocator {
namespace {

TEST(LoadNativePharmaciesTest, HoursAndCounterHours) {
  const std::string path =
      WriteTempFile("hours.csv",
                    R"(id,name,latitude,longitude,time_zone,hours,pharmacy_hours
a,Store,61.1,-149.9,America/Anchorage,Mo-Su 07:00-23:00,"Mo-Fr 09:00-19:00; Sa 10:00-16:00; Dec 25 off"
b,Night owl,61.2,-149.9,America/Anchorage,24/7,
c,No hours,61.3,-149.9,,,
)");
  LoadOptions options;
  options.hours_year = 2026;
  std::vector<Pharmacy> ps =
      LoadNativePharmacies(path, options, nullptr).value();
  ASSERT_EQ(ps.size(), 3);
  EXPECT_TRUE(ps[0].store_hours.known);
  EXPECT_EQ(ps[0].store_hours.weekly.size(), 7);
  EXPECT_EQ(ps[0].pharmacy_hours.weekly.size(), 6);
  ASSERT_EQ(ps[0].pharmacy_hours.overrides.size(), 2);  // 2026 and 2027.
  EXPECT_EQ(ps[0].pharmacy_hours.overrides[0].date,
            absl::CivilDay(2026, 12, 25));
  EXPECT_TRUE(ps[0].pharmacy_hours.overrides[0].spans.empty());
  EXPECT_TRUE(ps[1].store_hours.always_open);
  EXPECT_FALSE(ps[1].pharmacy_hours.known);
  EXPECT_FALSE(ps[2].store_hours.known);
}

TEST(LoadNativePharmaciesTest, BadHoursAndZonesAreBadRows) {
  const std::string path =
      WriteTempFile("bad_hours.csv",
                    R"(id,name,latitude,longitude,time_zone,hours
a,Sunrise,61.1,-149.9,America/Anchorage,Mo-Fr sunrise-18:00
b,Nowhere,61.2,-149.9,America/Atlantis,Mo-Fr 09:00-18:00
)");
  LoadReport report;
  std::vector<Pharmacy> ps =
      LoadNativePharmacies(path, LoadOptions(), &report).value();
  EXPECT_TRUE(ps.empty());
  ASSERT_EQ(report.examples.size(), 2);
  EXPECT_THAT(report.examples[0], ::testing::StartsWith(path + ":2: hours: "));
  EXPECT_THAT(report.examples[0], ::testing::HasSubstr("\"sunrise\""));
  EXPECT_EQ(
      report.examples[1],
      path + ":3: time_zone \"America/Atlantis\" is not an IANA time zone");
}

// Mail-order pharmacies are marked so that searches near a place skip them.
TEST(LoadNativePharmaciesTest, WalkInDefaultsToYes) {
  const std::string path = WriteTempFile("walk_in.csv",
                                         R"(id,name,latitude,longitude,walk_in
a,Store,61.1,-149.9,
b,Mail order,61.2,-149.9,n
c,Counter,61.3,-149.9,Y
d,Unsure,61.4,-149.9,maybe
)");
  LoadReport report;
  std::vector<Pharmacy> ps =
      LoadNativePharmacies(path, LoadOptions(), &report).value();
  ASSERT_EQ(ps.size(), 3);
  EXPECT_TRUE(ps[0].walk_in);
  EXPECT_FALSE(ps[1].walk_in);
  EXPECT_TRUE(ps[2].walk_in);
  ASSERT_EQ(report.examples.size(), 1);
  EXPECT_EQ(report.examples[0],
            path + ":5: walk_in \"maybe\" must be Y, N or empty");
}

// A file's value is shown escaped and cut short, so that a bad row cannot
// write control characters (here, a terminal's clear-screen) or pages of
// text into the logs and replies that quote it.
TEST(LoadNativePharmaciesTest, ErrorsQuoteValuesEscapedAndShortened) {
  const std::string state = "\x1b[2J" + std::string(100, 'x');
  const std::string path = WriteTempFile(
      "escape.csv", absl::StrCat("id,name,latitude,longitude,state\n",
                                 "a,Store,61.1,-149.9,", state, "\n"));
  LoadReport report;
  EXPECT_TRUE(
      LoadNativePharmacies(path, LoadOptions(), &report).value().empty());
  ASSERT_EQ(report.examples.size(), 1);
  EXPECT_EQ(report.examples[0],
            absl::StrCat(path, ":2: state \"\\x1b[2J", std::string(60, 'x'),
                         "\"... is not a two-letter code"));
}

}  // namespace
}  // namespace rxlocator
