#include "loaders/vaccines_gov.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_files.h"

namespace rxlocator {
namespace {

using ::rxlocator::testing::WriteTempFile;
using ::testing::ElementsAre;
using ::testing::Pair;

// Three rows of vaccines_gov_5jp2-pgaw_AK_2022-06-23.csv (rows 1, 30 and 58;
// provider_notes abridged): one location with one vaccine, one with two.
constexpr char kCsv[] =
    "provider_location_guid,loc_store_no,loc_phone,loc_name,loc_admin_street1,"
    "loc_admin_street2,loc_admin_city,loc_admin_state,loc_admin_zip,sunday_"
    "hours,monday_hours,tuesday_hours,wednesday_hours,thursday_hours,friday_"
    "hours,saturday_hours,web_address,pre_screen,insurance_accepted,walkins_"
    "accepted,provider_notes,ndc,med_name,in_stock,supply_level,quantity_last_"
    "updated,latitude,longitude,category,unnamed_column,offers_free_masks,min_"
    "age_months,min_age_years\n"
    "97e01c5f-be05-45e7-b182-b837dd179ff5,Not applicable,907-723-6337,Ron's "
    "Apothecary Shoppe,9101 Mendenhall Mall Road,,Juneau,AK,99801,,10:15 AM - "
    "2:00 PM,10:15 AM - 2:00 PM,10:15 AM - 2:00 PM,10:15 AM - 2:00 PM,10:15 "
    "AM - 2:00 PM,,https://www.ronsapothecary.com/,,true,false,Please call for "
    "appointment.,59267-1000-01,\"Pfizer-BioNTech, COVID-19 Vaccine, 30 "
    "mcg/0.3mL\",false,0,2021-11-04,58.371557,-134.586982,covid,,false,,\n"
    "3fd7dd9b-b522-47ab-9e7d-1805726307f0,10-2188,9076949780,Walmart Inc "
    "#10-2188,18600 Eagle River Rd,,Eagle River,AK,99577-8688,\"10:00 AM - "
    "1:30PM, 2:00 PM - 6:00 PM\",\"9:00 AM - 1:30PM, 2:00 PM - 7:00 "
    "PM\",\"6:00 AM - 1:30PM, 2:00 PM - 7:00 PM\",\"9:00 AM - 1:30PM, 2:00 PM "
    "- 7:00 PM\",\"9:00 AM - 1:30PM, 2:00 PM - 7:00 PM\",\"9:00 AM - 1:30PM, "
    "2:00 PM - 7:00 PM\",\"9:00 AM - 1:30PM, 2:00 PM - 7:00 "
    "PM\",https://www.walmart.com/store/2188,https://www.walmart.com/pharmacy/"
    "clinical-services/immunization/"
    "scheduled?imzType=covid,true,true,,59267-1055-01,\"Pfizer-BioNTech, "
    "COVID-19 Vaccine, 10 mcg/0.2 mL, "
    "tris-sucrose\",false,0,2022-05-21,61.309007,-149.535165,covid,,false,,\n"
    "3fd7dd9b-b522-47ab-9e7d-1805726307f0,10-2188,9076949780,Walmart Inc "
    "#10-2188,18600 Eagle River Rd,,Eagle River,AK,99577-8688,\"10:00 AM - "
    "1:30PM, 2:00 PM - 6:00 PM\",\"9:00 AM - 1:30PM, 2:00 PM - 7:00 "
    "PM\",\"6:00 AM - 1:30PM, 2:00 PM - 7:00 PM\",\"9:00 AM - 1:30PM, 2:00 PM "
    "- 7:00 PM\",\"9:00 AM - 1:30PM, 2:00 PM - 7:00 PM\",\"9:00 AM - 1:30PM, "
    "2:00 PM - 7:00 PM\",\"9:00 AM - 1:30PM, 2:00 PM - 7:00 "
    "PM\",https://www.walmart.com/store/2188,https://www.walmart.com/pharmacy/"
    "clinical-services/immunization/"
    "scheduled?imzType=covid,true,true,,59267-1000-01,\"Pfizer-BioNTech, "
    "COVID-19 Vaccine, 30 "
    "mcg/0.3mL\",false,0,2022-06-19,61.309007,-149.535165,covid,,false,,\n";

// The same rows from the JSON file (hours and other unread keys dropped),
// laid out over several lines each.
constexpr char kJson[] = R"([
{"provider_location_guid":"97e01c5f-be05-45e7-b182-b837dd179ff5",
 "loc_store_no":"Not applicable","loc_phone":"907-723-6337",
 "loc_name":"Ron's Apothecary Shoppe",
 "loc_admin_street1":"9101 Mendenhall Mall Road","loc_admin_city":"Juneau",
 "loc_admin_state":"AK","loc_admin_zip":"99801","ndc":"59267-1000-01",
 "in_stock":false,"supply_level":"0","latitude":"58.371557",
 "longitude":"-134.586982","offers_free_masks":false}
,{
  "provider_location_guid": "3fd7dd9b-b522-47ab-9e7d-1805726307f0",
  "loc_store_no": "10-2188", "loc_phone": "9076949780",
  "loc_name": "Walmart Inc #10-2188",
  "loc_admin_street1": "18600 Eagle River Rd",
  "loc_admin_city": "Eagle River", "loc_admin_state": "AK",
  "loc_admin_zip": "99577-8688", "ndc": "59267-1055-01",
  "latitude": "61.309007", "longitude": "-149.535165"
}
,{"provider_location_guid":"3fd7dd9b-b522-47ab-9e7d-1805726307f0","loc_store_no":"10-2188","loc_phone":"9076949780","loc_name":"Walmart Inc #10-2188","loc_admin_street1":"18600 Eagle River Rd","loc_admin_city":"Eagle River","loc_admin_state":"AK","loc_admin_zip":"99577-8688","ndc":"59267-1000-01","latitude":"61.309007","longitude":"-149.535165"}
]
)";

void ExpectFixturePharmacies(const std::vector<Pharmacy>& ps) {
  ASSERT_EQ(ps.size(), 2);
  const Pharmacy& rons = ps[0];
  EXPECT_EQ(rons.id, "vgov-97e01c5f-be05-45e7-b182-b837dd179ff5");
  EXPECT_EQ(rons.name, "Ron's Apothecary Shoppe");
  EXPECT_EQ(rons.chain, "");
  EXPECT_EQ(rons.phone, "907-723-6337");
  EXPECT_EQ(rons.address.line1, "9101 Mendenhall Mall Road");
  EXPECT_EQ(rons.address.line2, "");
  EXPECT_EQ(rons.address.city, "Juneau");
  EXPECT_EQ(rons.address.state, "AK");
  EXPECT_EQ(rons.address.zip, "99801");
  EXPECT_DOUBLE_EQ(rons.latitude, 58.371557);
  EXPECT_DOUBLE_EQ(rons.longitude, -134.586982);
  EXPECT_EQ(rons.services, Bit(Service::kVaccinations));
  EXPECT_EQ(rons.npi, "");
  EXPECT_EQ(rons.time_zone, "");

  const Pharmacy& walmart = ps[1];
  EXPECT_EQ(walmart.id, "vgov-3fd7dd9b-b522-47ab-9e7d-1805726307f0");
  EXPECT_EQ(walmart.chain, "walmart");
  EXPECT_EQ(walmart.address.zip, "99577");
  EXPECT_DOUBLE_EQ(walmart.latitude, 61.309007);
}

TEST(LoadVaccinesGovTest, CsvGroupsRowsByLocation) {
  const std::string path = WriteTempFile("ak.csv", kCsv);
  LoadReport report;
  std::vector<Pharmacy> ps =
      LoadVaccinesGov(path, LoadOptions(), &report).value();
  ExpectFixturePharmacies(ps);
  EXPECT_EQ(ps[1].source, "vaccines_gov:ak.csv:3");
  EXPECT_EQ(report.Summary(),
            path +
                ": 3 rows read, 3 loaded as 2 pharmacies, 0 skipped, 0 "
                "warnings\n");
}

TEST(LoadVaccinesGovTest, JsonGivesTheSamePharmaciesWithJsonLines) {
  const std::string path = WriteTempFile("ak.json.gz", kJson, /*gzip=*/true);
  LoadReport report;
  std::vector<Pharmacy> ps =
      LoadVaccinesGov(path, LoadOptions(), &report).value();
  ExpectFixturePharmacies(ps);
  EXPECT_EQ(ps[0].source, "vaccines_gov:ak.json.gz:2");
  EXPECT_EQ(ps[1].source, "vaccines_gov:ak.json.gz:9");
  EXPECT_EQ(report.rows_read, 3);
  EXPECT_EQ(report.items, 2);
}

TEST(LoadVaccinesGovTest, ConflictingAndBadRows) {
  const std::string path = WriteTempFile(
      "ak.csv",
      "provider_location_guid,loc_name,latitude,longitude,loc_admin_zip\n"
      "g1,Clinic,61.1,-149.9,99501\n"
      "g1,Clinic Renamed,61.1,-149.9,99501\n"
      "g1,Clinic,61.2,-149.9,99501\n"
      ",Nameless guid,61.1,-149.9,99501\n"
      "g2,Zero,0,0,99501\n"
      "g3,Far,61.1,-200,99501\n"
      "g4,Bad zip,61.1,-149.9,9950-1\n"
      "g3,Far fixed,61.1,-149.8,99501\n");
  LoadOptions options;
  options.max_examples = 10;
  LoadReport report;
  std::vector<Pharmacy> ps = LoadVaccinesGov(path, options, &report).value();
  ASSERT_EQ(ps.size(), 3);
  EXPECT_EQ(ps[0].name, "Clinic");
  EXPECT_DOUBLE_EQ(ps[0].latitude, 61.1);
  EXPECT_EQ(ps[1].id, "vgov-g4");
  EXPECT_EQ(ps[1].address.zip, "");
  EXPECT_EQ(ps[2].name, "Far fixed");  // Its first row was bad.
  EXPECT_THAT(report.skipped_by_reason,
              ElementsAre(Pair("bad coordinates", 1), Pair("missing id", 1),
                          Pair("no coordinates", 1)));
  EXPECT_THAT(
      report.warnings_by_reason,
      ElementsAre(Pair("bad ZIP code", 1), Pair("conflicting rows", 2)));
  const std::string p = path + ":";
  EXPECT_THAT(
      report.examples,
      ElementsAre(
          p + "3: loc_name \"Clinic Renamed\" differs from \"Clinic\" on line "
              "2 for the same location; kept line 2",
          p + "4: latitude, longitude \"61.2, -149.9\" differ from line 2 for "
              "the same location; kept line 2",
          p + "5: provider_location_guid is empty",
          p + "6: no coordinates (latitude and longitude are empty or 0, 0)",
          p + "7: longitude \"-200\" is out of range [-180, 180]",
          p + "8: ZIP code \"9950-1\" is not a 5-digit ZIP or ZIP+4"));
}

TEST(LoadVaccinesGovTest, MalformedJsonRecordIsSkippedOrFailsWhenStrict) {
  const std::string path = WriteTempFile(
      "ak.json",
      "[{\"provider_location_guid\":\"g1\",\"loc_name\":\"A\",\"latitude\":"
      "\"61.1\",\"longitude\":\"-149.9\"},\n"
      " {\"provider_location_guid\": },\n"
      " [1, 2]]");
  LoadReport report;
  std::vector<Pharmacy> ps =
      LoadVaccinesGov(path, LoadOptions(), &report).value();
  EXPECT_EQ(ps.size(), 1);
  EXPECT_THAT(report.skipped_by_reason,
              ElementsAre(Pair("malformed record", 2)));
  EXPECT_EQ(report.examples[1], path + ":3: not a JSON object");

  LoadOptions strict;
  strict.strict = true;
  EXPECT_THAT(
      std::string(LoadVaccinesGov(path, strict, nullptr).status().message()),
      ::testing::StartsWith(path + ":2: malformed JSON: "));
}

TEST(LoadVaccinesGovTest, CsvWithoutGuidColumnIsRejected) {
  const std::string path = WriteTempFile("x.csv", "id,name\n1,a\n");
  EXPECT_EQ(LoadVaccinesGov(path, LoadOptions(), nullptr).status().message(),
            path +
                ":1: not a Vaccines.gov file: no column "
                "\"provider_location_guid\"");
}

}  // namespace
}  // namespace rxlocator
