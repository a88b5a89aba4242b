#include "loaders/merge.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rxlocator {
namespace {

Pharmacy Make(std::string id, std::string npi, double latitude,
              double longitude, std::string source) {
  Pharmacy p;
  p.id = std::move(id);
  p.npi = std::move(npi);
  p.latitude = latitude;
  p.longitude = longitude;
  p.source = std::move(source);
  return p;
}

std::vector<std::string> Ids(const Dataset& d) {
  std::vector<std::string> ids;
  for (const Pharmacy& p : d.pharmacies) ids.push_back(p.id);
  return ids;
}

// 0.001 degree of latitude is about 111 m.
constexpr double kLat = 61.0, kLng = -149.0;

// A record at `line1`, ZIP 99503, `north` degrees north of kLat.
Pharmacy AtAddress(std::string id, std::string chain, std::string line1,
                   double north, std::string source) {
  Pharmacy p = Make(std::move(id), "", kLat + north, kLng, std::move(source));
  p.chain = std::move(chain);
  p.address.line1 = std::move(line1);
  p.address.zip = "99503";
  return p;
}

// How many pharmacies `a` and `b`, each from its own source, make.
size_t MergedCount(Pharmacy a, Pharmacy b) {
  return MergeSources({{std::move(a)}, {std::move(b)}}, nullptr, nullptr)
      .value()
      .pharmacies.size();
}

TEST(MergeSourcesTest, SameIdEarlierWinsLaterFillsEmptyFields) {
  Pharmacy first = Make("rx-1", "", kLat, kLng, "a:1");
  first.name = "First name";
  first.address.city = "Anchorage";
  Pharmacy second = Make("rx-1", "1740219781", kLat + 1, kLng, "b:7");
  second.name = "Second name";
  second.phone = "(907) 344-1717";
  second.address.city = "Elsewhere";
  second.address.zip = "99502";
  second.services = Bit(Service::kVaccinations);
  MergeReport report;
  Dataset d = MergeSources({{first}, {second}}, nullptr, &report).value();
  ASSERT_EQ(d.pharmacies.size(), 1);
  const Pharmacy& p = d.pharmacies[0];
  EXPECT_EQ(p.name, "First name");
  EXPECT_EQ(p.address.city, "Anchorage");
  EXPECT_EQ(p.npi, "1740219781");
  EXPECT_EQ(p.phone, "(907) 344-1717");
  EXPECT_EQ(p.address.zip, "99502");
  EXPECT_EQ(p.services, Bit(Service::kVaccinations));
  EXPECT_DOUBLE_EQ(p.latitude, kLat);
  EXPECT_EQ(p.source, "a:1 + b:7");
  EXPECT_TRUE(p.merged_ids.empty());  // Same id: nothing to remember.
  EXPECT_EQ(report.records, 2);
  EXPECT_EQ(report.merged_by_id, 1);
  EXPECT_EQ(report.merged_by_npi, 0);
  EXPECT_EQ(report.pharmacies, 1);
}

TEST(MergeSourcesTest, UnknownHoursAreFilledKnownOnesKept) {
  OpeningHours nine_to_five;
  nine_to_five.known = true;
  nine_to_five.weekly = {{Weekday::monday, 9 * 60, 17 * 60}};
  OpeningHours always;
  always.known = always.always_open = true;
  Pharmacy first = Make("rx-1", "", kLat, kLng, "a:1");
  first.pharmacy_hours = nine_to_five;
  Pharmacy second = Make("rx-1", "", kLat, kLng, "b:1");
  second.store_hours = always;
  second.pharmacy_hours = always;
  const Pharmacy p =
      MergeSources({{first}, {second}}, nullptr, nullptr).value().pharmacies[0];
  EXPECT_TRUE(p.store_hours.always_open);      // Filled: the first had none.
  EXPECT_FALSE(p.pharmacy_hours.always_open);  // Kept: the first had some.
  EXPECT_EQ(p.pharmacy_hours.weekly.size(), 1);
}

TEST(MergeSourcesTest, SameNpiWithin150MetersAcrossSources) {
  const std::string npi = "1740219781";
  Pharmacy hhs = Make("hhs-1", npi, kLat, kLng, "hhs:1");
  Pharmacy near = Make("albertsons-1", npi, kLat + 0.001, kLng, "alb:1");
  near.time_zone = "America/Anchorage";
  Pharmacy far = Make("albertsons-2", npi, kLat + 0.002, kLng, "alb:2");
  MergeReport report;
  Dataset d = MergeSources({{hhs}, {near}, {far}}, nullptr, &report).value();
  EXPECT_THAT(Ids(d), ::testing::ElementsAre("hhs-1", "albertsons-2"));
  EXPECT_EQ(d.pharmacies[0].time_zone, "America/Anchorage");
  EXPECT_EQ(d.pharmacies[0].source, "hhs:1 + alb:1");
  EXPECT_THAT(d.pharmacies[0].merged_ids,
              ::testing::ElementsAre("albertsons-1"));
  EXPECT_THAT(d.pharmacies[1].merged_ids, ::testing::IsEmpty());
  EXPECT_EQ(report.merged_by_npi, 1);
  EXPECT_EQ(report.Summary(),
            "3 records -> 2 pharmacies (merged 0 by id, 1 by NPI within 150 "
            "m, 0 by address within 1000 m); 0 time zones filled from ZIP "
            "codes");
}

TEST(MergeSourcesTest, SameNpiInOneSourceStaysApart) {
  // HHS lists some NPIs at two sites; one file never merges by NPI.
  const std::string npi = "1740219781";
  Dataset d = MergeSources({{Make("hhs-1", npi, kLat, kLng, "h:1"),
                             Make("hhs-2", npi, kLat, kLng, "h:2")},
                            {Make("x-1", npi, kLat, kLng, "x:1"),
                             Make("x-2", npi, kLat, kLng, "x:2"),
                             Make("x-3", npi, kLat, kLng, "x:3")}},
                           nullptr, nullptr)
                  .value();
  // x-1 joins hhs-1, x-2 joins hhs-2, x-3 finds no site without an x record.
  EXPECT_THAT(Ids(d), ::testing::ElementsAre("hhs-1", "hhs-2", "x-3"));
}

TEST(MergeSourcesTest, LaterIdOfANpiMergedRecordFollowsIt) {
  const std::string npi = "1740219781";
  Dataset d = MergeSources({{Make("a", npi, kLat, kLng, "1")},
                            {Make("b", npi, kLat, kLng, "2")},
                            {Make("b", "", kLat + 1, kLng, "3")}},
                           nullptr, nullptr)
                  .value();
  EXPECT_THAT(Ids(d), ::testing::ElementsAre("a"));
  EXPECT_EQ(d.pharmacies[0].source, "1 + 2 + 3");
}

TEST(MergeSourcesTest, SameAddressAcrossSourcesDespiteSpelling) {
  // Carrs at 2920 Seward Hwy as the bundled files have it: no NPI in two of
  // them, and the Vaccines.gov point 457 m from the Albertsons one.
  Pharmacy albertsons =
      AtAddress("albertsons-720-P", "albertsons", "2920 Seward Hwy", 0, "a:1");
  albertsons.name = "Carrs Pharmacy";
  Pharmacy vgov = AtAddress("vgov-f212", "albertsons", "2920 SEWARD HIGHWAY",
                            -0.00411, "v:140");
  vgov.name = "CARRS PHARMACY #720";
  vgov.phone = "(907) 555-0100";
  Pharmacy hhs =
      AtAddress("hhs-59b5", "albertsons", "2920 seward hwy.", -0.0005, "h:3");
  hhs.npi = "1265084933";
  MergeReport report;
  Dataset d =
      MergeSources({{albertsons}, {vgov}, {hhs}}, nullptr, &report).value();
  ASSERT_EQ(d.pharmacies.size(), 1);
  const Pharmacy& p = d.pharmacies[0];
  EXPECT_EQ(p.id, "albertsons-720-P");
  EXPECT_EQ(p.name, "Carrs Pharmacy");
  EXPECT_EQ(p.npi, "1265084933");
  EXPECT_EQ(p.phone, "(907) 555-0100");
  EXPECT_DOUBLE_EQ(p.latitude, kLat);
  EXPECT_EQ(p.source, "a:1 + v:140 + h:3");
  EXPECT_EQ(report.merged_by_address, 2);
  EXPECT_EQ(report.Summary(),
            "3 records -> 1 pharmacies (merged 0 by id, 0 by NPI within 150 "
            "m, 2 by address within 1000 m); 0 time zones filled from ZIP "
            "codes");
}

TEST(MergeSourcesTest, SameAddressTooFarApartStaysApart) {
  // 945 m apart: one store placed differently. 1,056 m: somewhere else.
  Dataset d =
      MergeSources({{AtAddress("a", "cvs", "1 Main St", 0, "1")},
                    {AtAddress("near", "cvs", "1 Main Street", 0.0085, "2")},
                    {AtAddress("far", "cvs", "1 Main Street", -0.0095, "3")}},
                   nullptr, nullptr)
          .value();
  EXPECT_THAT(Ids(d), ::testing::ElementsAre("a", "far"));
}

TEST(MergeSourcesTest, SameAddressWithConflictingNpisStaysApart) {
  Pharmacy a = AtAddress("a", "walgreens", "1 Main St", 0, "1");
  a.npi = "1740219781";
  Pharmacy b = AtAddress("b", "walgreens", "1 Main St", 0, "2");
  b.npi = "1265084933";
  EXPECT_EQ(MergedCount(a, b), 2);
  b.npi = "";
  EXPECT_EQ(MergedCount(a, b), 1);
}

TEST(MergeSourcesTest, SameAddressInOneSourceStaysApart) {
  // A later source's record joins the nearer of the two.
  Dataset d =
      MergeSources({{AtAddress("a", "cvs", "1 Main St", 0, "s:1"),
                     AtAddress("b", "cvs", "1 Main St", 0.001, "s:2")},
                    {AtAddress("c", "cvs", "1 Main St", 0.0009, "t:1")}},
                   nullptr, nullptr)
          .value();
  EXPECT_THAT(Ids(d), ::testing::ElementsAre("a", "b"));
  EXPECT_EQ(d.pharmacies[1].source, "s:2 + t:1");
}

TEST(MergeSourcesTest, SameAddressNeedsAChainAndNoConflictingOne) {
  // A hospital's outpatient pharmacy and a clinic in its building.
  EXPECT_EQ(MergedCount(AtAddress("hospital", "", "1500 S Main St", 0, "1"),
                        AtAddress("clinic", "", "1500 S Main St", 0, "2")),
            2);
  // A banner ChainFromName leaves out ("UNITED PHARMACY") joins its chain.
  EXPECT_EQ(
      MergedCount(AtAddress("united", "albertsons", "2630 Parkway Dr", 0, "1"),
                  AtAddress("hhs", "", "2630 PKWY DR", 0, "2")),
      1);
  EXPECT_EQ(MergedCount(AtAddress("w", "walgreens", "1 Main St", 0, "1"),
                        AtAddress("c", "cvs", "1 Main St", 0, "2")),
            2);
  // The suite, not the chain rule, tells these apart.
  EXPECT_EQ(
      MergedCount(
          AtAddress("w", "walgreens", "4320 Diplomacy Dr Ste 100", 0, "1"),
          AtAddress("clinic", "", "4320 Diplomacy Drive, Suite 1203", 0, "2")),
      2);
}

TEST(MergeSourcesTest, AddressesNeedAStreetAndZip) {
  Pharmacy a = AtAddress("a", "cvs", "", 0, "1");
  Pharmacy b = AtAddress("b", "cvs", "", 0, "2");
  EXPECT_EQ(MergedCount(a, b), 2);
  a.address.line1 = b.address.line1 = "1 Main St";
  a.address.zip = b.address.zip = "";
  EXPECT_EQ(MergedCount(a, b), 2);
}

TEST(MergeSourcesTest, AddressFilledInByALaterRecordIsMatched) {
  Pharmacy no_street = AtAddress("a", "cvs", "", 0, "1");
  Pharmacy same_id = AtAddress("a", "", "1 Main St", 0, "2");
  Pharmacy same_address = AtAddress("b", "cvs", "1 Main St", 0, "3");
  MergeReport report;
  Dataset d =
      MergeSources({{no_street}, {same_id}, {same_address}}, nullptr, &report)
          .value();
  EXPECT_THAT(Ids(d), ::testing::ElementsAre("a"));
  EXPECT_EQ(report.merged_by_id, 1);
  EXPECT_EQ(report.merged_by_address, 1);
}

TEST(MergeSourcesTest, FillsTimeZoneFromZip) {
  ZipInfo info;
  info.zip = "99502";
  info.time_zone = "America/Anchorage";
  const ZipTable zips({info});
  Pharmacy with_zip = Make("a", "", kLat, kLng, "1");
  with_zip.address.zip = "99502";
  Pharmacy own_zone = with_zip;
  own_zone.id = "b";
  own_zone.time_zone = "America/Juneau";
  Pharmacy unknown_zip = Make("c", "", kLat, kLng, "1");
  unknown_zip.address.zip = "99999";
  MergeReport report;
  Dataset d =
      MergeSources({{with_zip, own_zone, unknown_zip}}, &zips, &report).value();
  EXPECT_EQ(d.pharmacies[0].time_zone, "America/Anchorage");
  EXPECT_EQ(d.pharmacies[1].time_zone, "America/Juneau");
  EXPECT_EQ(d.pharmacies[2].time_zone, "");
  EXPECT_EQ(report.time_zones_from_zip, 1);
}

TEST(MergeSourcesTest, RejectsRecordsWithoutIdOrWithBadCoordinates) {
  EXPECT_EQ(MergeSources({{Make("", "", kLat, kLng, "hhs:f.csv:3")}}, nullptr,
                         nullptr)
                .status()
                .message(),
            "record from hhs:f.csv:3 has no id");
  EXPECT_EQ(MergeSources({{Make("a", "", 95, kLng, "n:2")}}, nullptr, nullptr)
                .status()
                .message(),
            "pharmacy \"a\" from n:2: latitude \"95\" is out of range [-90, "
            "90]");
}

}  // namespace
}  // namespace rxlocator
