#include "loaders/zip_loader.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_files.h"

namespace rxlocator {
namespace {

using ::rxlocator::testing::WriteTempFile;
using ::testing::ElementsAre;
using ::testing::Pair;

// Lines of zip_latlng_timezone.csv; 09001 is one of the military ZIPs with
// no time zone and a 0,0 location.
constexpr char kZipCsv[] =
    "zip,zip_code_type,active,city,state,county,timezone,lat,lng\n"
    "00501,UNIQUE,1,Holtsville,NY,Suffolk County,America/New_York,40.8154,"
    "-73.0451\n"
    "00601,STANDARD,1,Adjuntas,PR,Adjuntas Municipio,America/Puerto_Rico,"
    "18.1967,-66.7367\n"
    "09001,MILITARY,1,APO,AE,,,0,0\n"
    "99503,PO BOX,0,Anchorage,ak,Anchorage Municipality,America/Anchorage,"
    "61.19,-149.88\n";

// The Census gazetteer, tab-separated with CRLF line ends.
constexpr char kGazetteer[] =
    "GEOID\tALAND\tAWATER\tALAND_SQMI\tAWATER_SQMI\tINTPTLONG\tINTPTLAT\r\n"
    "00601\t166659789\t799296\t64.348\t0.309\t-66.749961\t18.180555\r\n"
    "09001\t1\t0\t0\t0\t7.6\t49.4\r\n"
    "99929\t5598556684\t637412657\t2161.615\t246.106\t-131.606832\t56."
    "413828\r\n"
    "\t\t\t\t\t\t\r\n";

TEST(LoadZipTableTest, ZipLatLngTimezoneCsv) {
  const std::string path = WriteTempFile("zips.csv.gz", kZipCsv, true);
  LoadReport report;
  ZipTable zips = LoadZipTable({path}, LoadOptions(), &report).value();
  EXPECT_EQ(zips.size(), 4);
  const ZipInfo* holtsville = zips.Find("00501");
  ASSERT_NE(holtsville, nullptr);
  EXPECT_EQ(holtsville->type, ZipType::kUnique);
  EXPECT_TRUE(holtsville->active);
  EXPECT_EQ(holtsville->city, "Holtsville");
  EXPECT_EQ(holtsville->state, "NY");
  EXPECT_EQ(holtsville->time_zone, "America/New_York");
  EXPECT_TRUE(holtsville->has_location);
  EXPECT_DOUBLE_EQ(holtsville->latitude, 40.8154);
  EXPECT_DOUBLE_EQ(holtsville->longitude, -73.0451);

  const ZipInfo* apo = zips.Find("09001");
  ASSERT_NE(apo, nullptr);
  EXPECT_EQ(apo->type, ZipType::kMilitary);
  EXPECT_FALSE(apo->has_location);  // 0,0 means none.
  EXPECT_EQ(apo->time_zone, "");

  const ZipInfo* anchorage = zips.Find("99503");
  ASSERT_NE(anchorage, nullptr);
  EXPECT_EQ(anchorage->type, ZipType::kPoBox);
  EXPECT_FALSE(anchorage->active);
  EXPECT_EQ(anchorage->state, "AK");
  EXPECT_EQ(report.Summary(), path +
                                  ": 4 rows read, 4 loaded as 4 ZIP codes, "
                                  "0 skipped, 0 warnings\n");
}

TEST(LoadZipTableTest, GazetteerFillsMissingLocationsOnly) {
  const std::string csv = WriteTempFile("zips.csv", kZipCsv);
  const std::string gazetteer = WriteTempFile("gaz.txt", kGazetteer);
  LoadReport report;
  ZipTable zips =
      LoadZipTable({csv, gazetteer}, LoadOptions(), &report).value();
  EXPECT_EQ(zips.size(), 5);
  // 00601 keeps the first file's location.
  EXPECT_DOUBLE_EQ(zips.Find("00601")->latitude, 18.1967);
  // 09001 had none: the gazetteer's (INTPTLAT, INTPTLONG) fills it.
  const ZipInfo* apo = zips.Find("09001");
  EXPECT_TRUE(apo->has_location);
  EXPECT_DOUBLE_EQ(apo->latitude, 49.4);
  EXPECT_DOUBLE_EQ(apo->longitude, 7.6);
  EXPECT_EQ(apo->type, ZipType::kMilitary);
  // 99929 comes from the gazetteer only.
  const ZipInfo* wrangell = zips.Find("99929");
  ASSERT_NE(wrangell, nullptr);
  EXPECT_EQ(wrangell->type, ZipType::kStandard);
  EXPECT_DOUBLE_EQ(wrangell->latitude, 56.413828);
  EXPECT_DOUBLE_EQ(wrangell->longitude, -131.606832);
  EXPECT_EQ(wrangell->city, "");

  EXPECT_EQ(report.path, csv + ", " + gazetteer);
  EXPECT_EQ(report.rows_read, 7);  // The blank gazetteer line is not a row.
  EXPECT_EQ(report.items, 5);
}

TEST(LoadZipTableTest, BadRowsNameTheirFile) {
  const std::string good = WriteTempFile("good.csv", kZipCsv);
  const std::string bad = WriteTempFile(
      "bad.csv",
      "zip,zip_code_type,active,city,state,county,timezone,lat,lng\n"
      "9950A,STANDARD,1,X,AK,,America/Anchorage,61,-149\n"
      "99501,GIANT,1,X,AK,,America/Anchorage,61,-149\n"
      "99502,STANDARD,yes,X,AK,,America/Anchorage,61,-149\n"
      "99504,STANDARD,1,X,AK,,America/Anchorage,91,-149\n"
      "99505,STANDARD,1,X,AK,,America/Anchorage,61.2,-149.8\n");
  LoadReport report;
  ZipTable zips = LoadZipTable({good, bad}, LoadOptions(), &report).value();
  EXPECT_EQ(zips.size(), 5);
  EXPECT_THAT(
      report.skipped_by_reason,
      ElementsAre(Pair("bad ZIP code", 1), Pair("bad ZIP type", 1),
                  Pair("bad active flag", 1), Pair("bad coordinates", 1)));
  EXPECT_THAT(
      report.examples,
      ElementsAre(bad + ":2: ZIP code \"9950A\" is not a 5-digit ZIP or ZIP+4",
                  bad + ":3: zip_code_type \"GIANT\" is not STANDARD, PO BOX, "
                        "UNIQUE or MILITARY",
                  bad + ":4: active \"yes\" is not 0 or 1",
                  bad + ":5: latitude \"91\" is out of range [-90, 90]"));

  LoadOptions strict;
  strict.strict = true;
  EXPECT_EQ(LoadZipTable({good, bad}, strict, nullptr).status().message(),
            bad + ":2: ZIP code \"9950A\" is not a 5-digit ZIP or ZIP+4");
}

TEST(LoadZipTableTest, UnknownHeaderAndMissingFile) {
  const std::string path = WriteTempFile("x.csv", "zip,city\n99501,X\n");
  EXPECT_EQ(LoadZipTable({path}, LoadOptions(), nullptr).status().message(),
            path +
                ":1: header is neither zip_latlng_timezone.csv (zip,zip_code_"
                "type,active,city,state,county,timezone,lat,lng) nor a Census "
                "gazetteer (GEOID ... INTPTLAT INTPTLONG): \"zip,city\"");
  EXPECT_EQ(
      LoadZipTable({path + ".none"}, LoadOptions(), nullptr).status().code(),
      absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace rxlocator
