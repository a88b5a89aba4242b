#include "loaders/albertsons.h"

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

// Records from stores-scraped.json, abridged to the keys the loader reads
// (plus a few it ignores). The last one is made up: no pharmacy store id.
constexpr char kStores[] = R"([
{"address":{"city":"Bear","countryCode":"US","extraDescription":null,"line1":"146 Fox Hunt Dr","line2":null,"line3":null,"postalCode":"19701","region":"DE","sublocality":null},"c_associatedPharmacyStoreID":"817-P","c_oldStoreID":"7817","c_groceryID":"817","c_pharmacyBrand":"ACME Markets Pharmacy","geocodedCoordinate":{"lat":39.6066056,"long":-75.71203059999999},"mainPhone":{"countryCode":"US","display":"(302) 836-9387","number":"+13028369387"},"name":"ACME Markets Pharmacy","timezone":"America/New_York"},
{"address": {"city": "Amarillo", "line1": "5807 SW 45th Ave", "line2": "#100",
             "postalCode": "79109", "region": "TX"},
 "c_associatedPharmacyStoreID": "2529-P", "c_groceryID": "2529",
 "geocodedCoordinate": {"lat": 35.1600514, "long": -101.9010541},
 "mainPhone": {"display": "(806) 353-7201"},
 "name": "United Supermarkets Pharmacy", "timezone": "America/Chicago"},
{"address": {"city": "Wichita Falls", "line1": "2522 Iowa Park Rd", "line2": null, "postalCode": "76301", "region": "TX"}, "c_associatedPharmacyStoreID": "221-P", "c_groceryID": "221", "geocodedCoordinate": null, "mainPhone": {"display": "(940) 322-1114"}, "name": "United Supermarkets Pharmacy", "timezone": "America/Chicago"},
{"address": {"city": "San Angelo", "line1": "3121 Sunset Drive", "postalCode": "76904", "region": "tx"}, "c_associatedPharmacyStoreID": "", "c_groceryID": "78", "geocodedCoordinate": {"lat": 31.4215809, "long": -100.4808453}, "name": "Market Street Pharmacy", "timezone": "America/Chicago"},
{"address": {"city": "Bear"}, "c_associatedPharmacyStoreID": "817-P", "name": "Again", "geocodedCoordinate": {"lat": 39.6, "long": -75.7}}
]
)";

TEST(LoadAlbertsonsTest, ReadsStores) {
  const std::string path = WriteTempFile("stores.json", kStores);
  LoadReport report;
  std::vector<Pharmacy> ps =
      LoadAlbertsons(path, LoadOptions(), &report).value();
  ASSERT_EQ(ps.size(), 3);

  const Pharmacy& acme = ps[0];
  EXPECT_EQ(acme.id, "albertsons-817-P");
  EXPECT_EQ(acme.name, "ACME Markets Pharmacy");
  EXPECT_EQ(acme.chain, "albertsons");
  EXPECT_EQ(acme.address.line1, "146 Fox Hunt Dr");
  EXPECT_EQ(acme.address.line2, "");
  EXPECT_EQ(acme.address.city, "Bear");
  EXPECT_EQ(acme.address.state, "DE");
  EXPECT_EQ(acme.address.zip, "19701");
  EXPECT_DOUBLE_EQ(acme.latitude, 39.6066056);
  EXPECT_DOUBLE_EQ(acme.longitude, -75.71203059999999);
  EXPECT_EQ(acme.phone, "(302) 836-9387");
  EXPECT_EQ(acme.time_zone, "America/New_York");
  EXPECT_EQ(acme.services, Bit(Service::kVaccinations));
  EXPECT_EQ(acme.source, "albertsons:stores.json:2");

  EXPECT_EQ(ps[1].id, "albertsons-2529-P");
  EXPECT_EQ(ps[1].address.line2, "#100");
  EXPECT_EQ(ps[1].source, "albertsons:stores.json:3");
  EXPECT_EQ(ps[2].id, "albertsons-78");  // Falls back to c_groceryID.
  EXPECT_EQ(ps[2].address.state, "TX");
  EXPECT_EQ(ps[2].phone, "");

  EXPECT_EQ(report.rows_read, 5);
  EXPECT_THAT(report.skipped_by_reason,
              ElementsAre(Pair("duplicate id", 1), Pair("no coordinates", 1)));
  EXPECT_THAT(
      report.examples,
      ElementsAre(path + ":9: no coordinates (geocodedCoordinate is missing "
                         "or 0, 0)",
                  path + ":11: store id \"817-P\" was already used on line 2"));
}

TEST(LoadAlbertsonsTest, NotAnArray) {
  const std::string path = WriteTempFile("stores.json", "{\"name\": 1}");
  EXPECT_EQ(LoadAlbertsons(path, LoadOptions(), nullptr).status().message(),
            path + ":1: expected '[' to open the array");
}

}  // namespace
}  // namespace rxlocator
