#include "loaders/hhs_locator.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/zip_table.h"
#include "test_files.h"

namespace rxlocator {
namespace {

using ::rxlocator::testing::WriteTempFile;
using ::testing::ElementsAre;
using ::testing::Pair;

// Header lines and rows below are verbatim from the published files.

// 2022-01-03/04 (rrelyea/evusheld-locations-history evusheld-data.csv at
// commit 04a3d683527d9eb1fa175cfbf917e26f5ac4fac7): title case, no
// coordinates, no NPI.
constexpr char kTitleCase[] =
    "Provider Name,Address1,Address2,City,County,State Code,Zip,National Drug "
    "Code,Order Label,Last Order Date,Expected Delivery Date,Total "
    "Courses,Courses Available,Courses Available Date\n"
    "Alaska RSSC,2000 E 88th Ave,,Anchorage,ANCHORAGE,AK,99507,0310-7442-02,"
    "Evusheld,12/27/2021 12:00:00 AM,12/30/2021 12:00:00 AM,96,,\n"
    "Alaska RSSC,2000 E 88th Ave,,Anchorage,ANCHORAGE,AK,99507,0310-7442-02,"
    "Evusheld,12/27/2021 12:00:00 AM,12/28/2021 12:00:00 AM,96,,\n"
    "\"Senior Care Pharmacy, Inc.\",4373 Northcreek Blvd,,Northport,"
    "TUSCALOOSA,AL,35473,0310-7442-02,Evusheld,01/03/2022 12:00:00 AM,,24,0.0,"
    "12/24/2021 12:00:00 AM\n"
    "WHITFIELD REGIONAL HOSPITAL,105 US HIGHWAY 80 E,,DEMOPOLIS,MARENGO,AL,"
    "36732-3605,0310-7442-02,Evusheld,12/23/2021 12:00:00 AM,12/30/2021 "
    "12:00:00 AM,24,,\n";

// 2022-01-11 ... 2022-03-08: snake case, geocoded_address and npi at the end.
// Rows from the Paxlovid files of 2022-02-10 and 2022-02-16T23 (which lists
// Stamford Hospital twice, once with its ZIP's leading zero lost).
constexpr char kWithGeocode[] =
    "provider_name,address1,address2,city,county,state_code,zip,national_drug_"
    "code,order_label,last_order_date,last_date_delivered,total_courses,"
    "courses_available,courses_available_date,geocoded_address,npi\n"
    "STAMFORD HOSPITAL,1 HOSPITAL PLAZA,GROUND FLOOR,Stamford,Fairfield,CT,"
    "06902,0069-1085-30,Paxlovid,2022-02-04T00:00:00.000,2022-02-01T00:00:00."
    "000,60,53.0,2022-02-15T00:00:00.000,POINT (-73.553932 41.054692),\n"
    "Beekman pharmacy,2540 Route 55,,Poughquag,Dutchess,NY,12570,0069-1085-30,"
    "Paxlovid,2022-01-26T00:00:00.000,2022-01-28T00:00:00.000,80,30.0,2022-02-"
    "07T00:00:00.000,POINT (-73.688373 41.625355),1811938765.0\n"
    "STAMFORD HOSPITAL,1 HOSPITAL PLAZA,GROUND FLOOR,Stamford,Fairfield,CT,"
    "6902,0069-1085-30,Paxlovid,2022-01-28T00:00:00.000,2022-02-01T00:00:00."
    "000,60,53.0,2022-02-16T00:00:00.000,POINT (-73.553932 41.054692),\n";

// 2022-03-16 onward (the HEAD file).
constexpr char kHead[] =
    "provider_name,address1,address2,city,county,state_code,zip,national_drug_"
    "code,order_label,courses_available,geocoded_address,npi,facility_id,last_"
    "report_date,grantee_code,provider_pin,state_provider_pin\n"
    "CARRS PHARMACY,4000 W DIMOND BLVD,,Anchorage,Anchorage,AK,99502,00069-"
    "1085-30,Paxlovid,17,POINT (-149.954561 61.137411),1740219781.0,2."
    "4411288751478004e+38,2022-03-11T00:00:00.000,AB1,1812,AKA00033F\n"
    "Rite Aid 03477,773 HAMILTON STREET,,Somerset,Somerset,NJ,08873-3102,"
    "00069-1085-30,Paxlovid,18,POINT (-74.476352 40.490101),,2."
    "44684608662539e+38,2022-03-11T00:00:00.000,RA1,3477,\n"
    "Walgreens Store #06983,920 HAMILTON ST,,Somerset,Somerset,NJ,8873,00069-"
    "1085-30,Paxlovid,19,POINT (-74.483758 40.487464),1083629976.0,2."
    "42510027570545e+38,2022-03-11T00:00:00.000,WG1,6983,NJA180011\n"
    "HOLTON COMMUNITY HOSPITAL,1100 COLUMBINE DR,,Holton,Jackson,KS,66436,"
    "00069-1085-30,Paxlovid,20,POINT (-95.74757 39.479129),1902804716.0,2."
    "7857368420269e+38,2022-03-11T00:00:00.000,KSA,,KSA002044\n"
    "CAMAI Comm Hlth CTR INC,2 School Road,,Naknek,Bristol Bay,AK,99633,00069-"
    "1085-30,Paxlovid,37,,,2.55689497171716e+38,2022-03-11T00:00:00.000,HR2,"
    "HH1662,\n"
    "STAMFORD HOSPITAL,1 HOSPITAL PLAZA,GROUND FLOOR,Stamford,Fairfield,CT,"
    "6902,00069-1085-30,Paxlovid,48,POINT (-73.553932 41.054692),,2."
    "7857368410042898e+38,2022-03-11T00:00:00.000,CTA,,CTA001122\n"
    "Paradise Roots Pharmacy,101 E Main St,,Hill City,Ellis,KS,676742,00069-"
    "1085-30,Paxlovid,20,POINT (-99.841758 39.364552),,2.87201392210875e+38,"
    "2022-03-09T00:00:00.000,KSA,,KSALTC026\n"
    "Panola Pharmacy,,,,,,,00069-1085-30,Paxlovid,10,,1902454523.0,2."
    "87513532541459e+38,2022-03-08T00:00:00.000,MSA,,MSA00AV67\n";

ZipInfo ZipAt(std::string zip, double latitude, double longitude) {
  ZipInfo info;
  info.zip = std::move(zip);
  info.has_location = true;
  info.latitude = latitude;
  info.longitude = longitude;
  return info;
}

std::vector<std::string> Ids(const std::vector<Pharmacy>& ps) {
  std::vector<std::string> ids;
  for (const Pharmacy& p : ps) ids.push_back(p.id);
  return ids;
}

TEST(HhsFacilityIdTest, StableHandComputedFingerprint) {
  // Computed independently: FNV-1a 64 over each canonical value's bytes
  // followed by its length as 8 little-endian bytes.
  EXPECT_EQ(HhsFacilityId("CARRS PHARMACY", "4000 W DIMOND BLVD", "99502"),
            "hhs-b73699930615f58d");
  EXPECT_EQ(HhsFacilityId(" carrs   pharmacy", "4000 w Dimond\tBLVD ", "99502"),
            "hhs-b73699930615f58d");
  EXPECT_NE(HhsFacilityId("CARRS PHARMACY", "4000 W DIMOND BLVD", "99503"),
            "hhs-b73699930615f58d");
}

TEST(LoadHhsTest, HeadVariant) {
  const std::string path = WriteTempFile("paxlovid.csv", kHead);
  LoadOptions options;
  options.max_examples = 10;
  LoadReport report;
  std::vector<Pharmacy> ps = LoadHhs(path, options, &report).value();
  ASSERT_EQ(ps.size(), 6);

  const Pharmacy& carrs = ps[0];
  EXPECT_EQ(carrs.id, "hhs-b73699930615f58d");
  EXPECT_EQ(carrs.name, "CARRS PHARMACY");
  EXPECT_EQ(carrs.npi, "1740219781");
  EXPECT_EQ(carrs.chain, "albertsons");
  EXPECT_EQ(carrs.address.line1, "4000 W DIMOND BLVD");
  EXPECT_EQ(carrs.address.city, "Anchorage");
  EXPECT_EQ(carrs.address.state, "AK");
  EXPECT_EQ(carrs.address.zip, "99502");
  EXPECT_DOUBLE_EQ(carrs.latitude, 61.137411);
  EXPECT_DOUBLE_EQ(carrs.longitude, -149.954561);
  EXPECT_EQ(carrs.services, 0);
  EXPECT_EQ(carrs.time_zone, "");
  EXPECT_EQ(carrs.source, "hhs:paxlovid.csv:2");

  EXPECT_EQ(ps[1].address.zip, "08873");  // ZIP+4
  EXPECT_EQ(ps[1].chain, "rite_aid");
  EXPECT_EQ(ps[1].npi, "");
  EXPECT_EQ(ps[2].address.zip, "08873");  // Leading zero restored.
  EXPECT_EQ(ps[2].chain, "walgreens");
  EXPECT_EQ(ps[3].name, "HOLTON COMMUNITY HOSPITAL");
  EXPECT_EQ(ps[3].npi, "");  // Bad check digit: dropped, row kept.
  EXPECT_EQ(ps[4].id, "hhs-f234bdf155340621");
  EXPECT_EQ(ps[4].address.zip, "06902");
  EXPECT_EQ(ps[4].address.line2, "GROUND FLOOR");
  EXPECT_EQ(ps[5].name, "Paradise Roots Pharmacy");
  EXPECT_EQ(ps[5].address.zip, "");  // "676742": dropped, row kept.

  EXPECT_EQ(report.rows_read, 8);
  EXPECT_EQ(report.rows_loaded, 6);
  EXPECT_EQ(report.rows_skipped, 2);
  EXPECT_EQ(report.warnings, 2);
  EXPECT_THAT(report.skipped_by_reason, ElementsAre(Pair("no coordinates", 2)));
  EXPECT_THAT(report.warnings_by_reason,
              ElementsAre(Pair("bad NPI", 1), Pair("bad ZIP code", 1)));
  const std::string p = path + ":";
  EXPECT_THAT(
      report.examples,
      ElementsAre(
          p + "5: NPI \"1902804716.0\" fails the check digit",
          p + "6: no coordinates: no geocoded_address and no ZIP table to "
              "place it by ZIP code",
          p + "8: ZIP code \"676742\" is not a 5-digit ZIP or ZIP+4",
          p + "9: no coordinates: no geocoded_address and no ZIP table to "
              "place it by ZIP code"));
}

TEST(LoadHhsTest, HeadVariantPlacesRowsWithoutGeocodeAtTheirZip) {
  const std::string path = WriteTempFile("paxlovid.csv", kHead);
  const ZipTable zips({ZipAt("99633", 58.75, -157.0)});
  LoadOptions options;
  options.zips = &zips;
  LoadReport report;
  std::vector<Pharmacy> ps = LoadHhs(path, options, &report).value();
  ASSERT_EQ(ps.size(), 7);
  EXPECT_EQ(ps[4].name, "CAMAI Comm Hlth CTR INC");
  EXPECT_DOUBLE_EQ(ps[4].latitude, 58.75);
  EXPECT_DOUBLE_EQ(ps[4].longitude, -157.0);
  EXPECT_EQ(report.located_by_zip, 1);
  EXPECT_THAT(report.skipped_by_reason, ElementsAre(Pair("no coordinates", 1)));
  EXPECT_THAT(report.examples,
              ::testing::Contains(
                  path + ":9: no coordinates: no geocoded_address and ZIP code "
                         "\"\" has no location in the ZIP table"));
}

TEST(LoadHhsTest, GeocodeVariantWithDuplicateAndBadNpi) {
  const std::string path = WriteTempFile("mid.csv.gz", kWithGeocode, true);
  LoadReport report;
  std::vector<Pharmacy> ps = LoadHhs(path, LoadOptions(), &report).value();
  EXPECT_THAT(Ids(ps), ElementsAre("hhs-f234bdf155340621",
                                   HhsFacilityId("Beekman pharmacy",
                                                 "2540 Route 55", "12570")));
  EXPECT_EQ(ps[1].npi, "");
  EXPECT_THAT(report.skipped_by_reason,
              ElementsAre(Pair("duplicate facility", 1)));
  EXPECT_THAT(
      report.examples,
      ElementsAre(path + ":3: NPI \"1811938765.0\" fails the check digit",
                  path + ":4: duplicate facility: same provider_name, "
                         "address1 and zip as line 2"));
}

TEST(LoadHhsTest, SameFacilityHasTheSameIdInEveryVariant) {
  // Stamford Hospital: ZIP "06902" in the 2022-02 variant, "6902" in HEAD.
  const std::vector<Pharmacy> mid =
      LoadHhs(WriteTempFile("mid.csv", kWithGeocode), LoadOptions(), nullptr)
          .value();
  const std::vector<Pharmacy> head =
      LoadHhs(WriteTempFile("head.csv", kHead), LoadOptions(), nullptr).value();
  EXPECT_EQ(mid[0].id, head[4].id);
}

TEST(LoadHhsTest, TitleCaseVariantNeedsZipTable) {
  const std::string path = WriteTempFile("evusheld.csv", kTitleCase);
  LoadReport report;
  std::vector<Pharmacy> ps = LoadHhs(path, LoadOptions(), &report).value();
  EXPECT_TRUE(ps.empty());
  // Rows skipped for want of coordinates are not remembered, so the repeat
  // on line 3 is not a duplicate here.
  EXPECT_THAT(report.skipped_by_reason, ElementsAre(Pair("no coordinates", 4)));

  const ZipTable zips(
      {ZipAt("99507", 61.15, -149.83), ZipAt("35473", 33.27, -87.6)});
  LoadOptions options;
  options.zips = &zips;
  ps = LoadHhs(path, options, &report).value();
  EXPECT_THAT(Ids(ps),
              ElementsAre("hhs-8b6ee864088d865d",
                          HhsFacilityId("Senior Care Pharmacy, Inc.",
                                        "4373 Northcreek Blvd", "35473")));
  EXPECT_EQ(ps[0].address.state, "AK");
  EXPECT_EQ(ps[1].name, "Senior Care Pharmacy, Inc.");
  EXPECT_DOUBLE_EQ(ps[1].latitude, 33.27);
  EXPECT_EQ(report.located_by_zip, 2);
  EXPECT_THAT(report.examples,
              ElementsAre(path + ":3: duplicate facility: same provider_name, "
                                 "address1 and zip as line 2",
                          path + ":5: no coordinates: no geocoded_address and "
                                 "ZIP code \"36732-3605\" has no location in "
                                 "the ZIP table"));
}

TEST(LoadHhsTest, StrictFailsOnBadNpi) {
  LoadOptions options;
  options.strict = true;
  const std::string path = WriteTempFile("mid.csv", kWithGeocode);
  EXPECT_EQ(LoadHhs(path, options, nullptr).status().message(),
            path + ":3: NPI \"1811938765.0\" fails the check digit");
}

TEST(LoadHhsTest, BadCoordinatesAndHeaderErrors) {
  const std::string path = WriteTempFile(
      "bad.csv",
      "provider_name,address1,city,state_code,zip,geocoded_address\n"
      "A,1 Main,X,AK,99501,POINT (-149.9 95.2)\n"
      "B,2 Main,X,AK,99501,POINT(-149.9)\n");
  LoadReport report;
  EXPECT_TRUE(LoadHhs(path, LoadOptions(), &report).value().empty());
  EXPECT_THAT(
      report.examples,
      ElementsAre(path +
                      ":2: geocoded_address: latitude \"95.2\" is out of range "
                      "[-90, 90]",
                  path + ":3: geocoded_address: \"POINT(-149.9)\" is not a WKT "
                         "point \"POINT (longitude latitude)\""));

  const std::string other = WriteTempFile("other.csv", "id,name\n1,a\n");
  EXPECT_EQ(LoadHhs(other, LoadOptions(), nullptr).status().message(),
            other +
                ":1: not an HHS therapeutics locator header: no column "
                "\"provider_name\"");
}

}  // namespace
}  // namespace rxlocator
