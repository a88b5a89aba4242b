// Loads the real data files through their adapters and checks counts that
// were verified independently (a separate Python reading of the same files).
// Uses the copies bundled in data/, else ../shared/data; skips when neither
// is there.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "loaders/albertsons.h"
#include "loaders/hhs_locator.h"
#include "loaders/merge.h"
#include "loaders/vaccines_gov.h"
#include "loaders/zip_loader.h"
#include "test_files.h"

namespace rxlocator {
namespace {

using ::rxlocator::testing::RealDataPath;
using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

// A real data file: its name in data/ and its path in ../shared/data.
struct DataFile {
  const char* bundled;
  const char* shared;
};
constexpr DataFile kHhsHead = {
    "paxlovid-data_2022-03-18.csv.gz",
    "hhs-therapeutics-locator/paxlovid-data_2022-03-18.csv.gz"};
constexpr DataFile kVaccinesGovCsv = {
    "vaccines_gov_5jp2-pgaw_AK_2022-06-23.csv.gz",
    "cdc-vaccines-gov-ak/vaccines_gov_5jp2-pgaw_AK_2022-06-23.csv"};
constexpr DataFile kVaccinesGovJson = {
    "vaccines_gov_5jp2-pgaw_AK_2022-06-23.json.gz",
    "cdc-vaccines-gov-ak/vaccines_gov_5jp2-pgaw_AK_2022-06-23.json"};
constexpr DataFile kAlbertsons = {
    "albertsons-family-pharmacies_stores-scraped_2022-06.json.gz",
    "albertsons-pharmacies/"
    "albertsons-family-pharmacies_stores-scraped_2022-06.json.gz"};
constexpr DataFile kZips = {"zip_latlng_timezone.csv.gz",
                            "us-zip-geo-tz/zip_latlng_timezone.csv.gz"};
// Not bundled: only in ../shared/data.
constexpr DataFile kGazetteer = {
    "", "us-zip-geo-tz/Gaz_zcta_national_2010-derived.txt.gz"};

std::string PathOf(const DataFile& file) {
  return RealDataPath(file.bundled, file.shared);
}

// The path of `file`, or skips the test.
#define REAL_DATA_OR_SKIP(var, file)    \
  const std::string var = PathOf(file); \
  if (var.empty()) GTEST_SKIP() << (file).shared << " is not here"

class RealDataTest : public ::testing::Test {
 protected:
  // The bundled ZIP table, loaded once; nullptr if absent.
  static const ZipTable* Zips() {
    static const ZipTable* const zips = []() -> const ZipTable* {
      const std::string path = PathOf(kZips);
      if (path.empty()) return nullptr;
      return new ZipTable(LoadZipTable({path}, LoadOptions(), nullptr).value());
    }();
    return zips;
  }
};

TEST_F(RealDataTest, ZipTable) {
  REAL_DATA_OR_SKIP(path, kZips);
  LoadReport report;
  ZipTable zips = LoadZipTable({path}, LoadOptions(), &report).value();
  EXPECT_EQ(report.rows_read, 42789);
  EXPECT_EQ(report.rows_skipped, 0);
  EXPECT_EQ(zips.size(), 42789);
  const ZipInfo* sitka = zips.Find("99835");
  ASSERT_NE(sitka, nullptr);
  EXPECT_EQ(sitka->time_zone, "America/Sitka");
  EXPECT_EQ(zips.Find("09001")->type, ZipType::kMilitary);
  EXPECT_FALSE(zips.Find("09001")->has_location);
  // The source gives the town's name as 99634's zone: kept, zone dropped.
  EXPECT_THAT(report.warnings_by_reason,
              ElementsAre(Pair("unknown time zone", 1)));
  EXPECT_EQ(zips.Find("99634")->time_zone, "");
  EXPECT_TRUE(zips.Find("99634")->has_location);
}

TEST_F(RealDataTest, ZipTableWithGazetteer) {
  REAL_DATA_OR_SKIP(zip_path, kZips);
  REAL_DATA_OR_SKIP(gazetteer_path, kGazetteer);
  LoadReport report;
  ZipTable zips =
      LoadZipTable({zip_path, gazetteer_path}, LoadOptions(), &report).value();
  EXPECT_EQ(report.rows_read, 42789 + 33120);
  EXPECT_EQ(report.rows_skipped, 0);
  EXPECT_EQ(zips.size(), 42789);  // Every ZCTA is a known ZIP code.
}

TEST_F(RealDataTest, HhsHeadFile) {
  REAL_DATA_OR_SKIP(path, kHhsHead);
  LoadReport report;
  std::vector<Pharmacy> ps = LoadHhs(path, LoadOptions(), &report).value();
  EXPECT_EQ(report.rows_read, 5571);
  EXPECT_EQ(report.rows_loaded, 5317);
  EXPECT_EQ(ps.size(), 5317);
  EXPECT_THAT(
      report.skipped_by_reason,
      ElementsAre(Pair("duplicate facility", 2), Pair("no coordinates", 252)));
  EXPECT_THAT(report.warnings_by_reason,
              ElementsAre(Pair("bad NPI", 4), Pair("bad ZIP code", 2)));
  EXPECT_EQ(ps[0].id, "hhs-b73699930615f58d");
  EXPECT_EQ(ps[0].npi, "1740219781");
}

TEST_F(RealDataTest, HhsHeadFileWithZipTable) {
  REAL_DATA_OR_SKIP(path, kHhsHead);
  ASSERT_NE(Zips(), nullptr);
  LoadOptions options;
  options.zips = Zips();
  LoadReport report;
  std::vector<Pharmacy> ps = LoadHhs(path, options, &report).value();
  EXPECT_EQ(ps.size(), 5568);
  EXPECT_EQ(report.located_by_zip, 251);
  EXPECT_THAT(
      report.skipped_by_reason,
      ElementsAre(Pair("duplicate facility", 2), Pair("no coordinates", 1)));
  EXPECT_THAT(report.warnings_by_reason,
              ElementsAre(Pair("bad NPI", 5), Pair("bad ZIP code", 2)));
  // NPIs are not unique: 10 of them belong to two sites each.
  absl::flat_hash_map<std::string, int> sites_per_npi;
  for (const Pharmacy& p : ps) {
    if (!p.npi.empty()) ++sites_per_npi[p.npi];
  }
  std::map<int, int> histogram;
  for (const auto& [npi, sites] : sites_per_npi) ++histogram[sites];
  EXPECT_THAT(histogram, ElementsAre(Pair(1, 4166), Pair(2, 10)));
}

TEST_F(RealDataTest, HhsHistoryFilesAndTheirMerge) {
  struct Version {
    const char* name;
    int rows, pharmacies;
  };
  // With the ZIP table; counts from the independent reading.
  const Version versions[] = {
      {"2022-02-10T17-57-01-00-00_479fe58a49", 3355, 3351},
      {"2022-02-11T02-10-54-00-00_420366b624", 3230, 3223},
      {"2022-02-14T14-31-55-00-00_31b932ff7e", 3286, 3279},
      {"2022-02-16T13-24-59-00-00_d751d2a481", 3649, 3641},
      {"2022-02-16T23-51-46-00-00_d46be47360", 4266, 4262},
      {"2022-02-18T21-20-42-00-00_d1b366e8ac", 4792, 4788},
      {"2022-02-22T14-21-34-00-00_2ba0f652e8", 4397, 4393},
      {"2022-02-24T14-51-51-00-00_86871fba96", 4469, 4465},
      {"2022-02-24T15-25-56-00-00_bd524a6de4", 4469, 4465},
      {"2022-03-03T15-25-42-00-00_0bc1bda8e9", 6012, 6006},
      {"2022-03-08T19-51-39-00-00_57c151a90a", 6819, 6813},
      {"2022-03-16T23-23-19-00-00_b96502d50d", 5571, 5568},
  };
  REAL_DATA_OR_SKIP(head, kHhsHead);
  ASSERT_NE(Zips(), nullptr);
  LoadOptions options;
  options.zips = Zips();
  std::vector<std::vector<Pharmacy>> sources;
  for (const Version& v : versions) {
    const std::string name = absl::StrCat("paxlovid-data_", v.name, ".csv.gz");
    const std::string bundled = "history/paxlovid/" + name;
    const std::string shared = "hhs-therapeutics-locator/" + bundled;
    REAL_DATA_OR_SKIP(path, (DataFile{bundled.c_str(), shared.c_str()}));
    LoadReport report;
    sources.push_back(LoadHhs(path, options, &report).value());
    EXPECT_EQ(report.rows_read, v.rows) << v.name;
    EXPECT_EQ(sources.back().size(), v.pharmacies) << v.name;
  }
  sources.push_back(LoadHhs(head, options, nullptr).value());

  // The same facility keeps its id across versions, so most records merge
  // by id; a few renamed or moved sites merge by NPI or, for chain stores,
  // by address ("WALGREENS SEAFORD" is "Walgreens Store #11621").
  MergeReport report;
  Dataset merged = MergeSources(std::move(sources), Zips(), &report).value();
  EXPECT_EQ(report.records, 59822);
  EXPECT_EQ(report.merged_by_id, 51843);
  EXPECT_EQ(report.merged_by_npi, 40);
  EXPECT_EQ(report.merged_by_address, 7);
  EXPECT_EQ(report.time_zones_from_zip, 7926);
  EXPECT_EQ(merged.pharmacies.size(), 7932);
  // Two independents at one address stay apart: the inpatient pharmacy
  // appears in one version only, at its outpatient pharmacy's address.
  std::vector<std::string> jps;
  for (const Pharmacy& p : merged.pharmacies) {
    if (p.address.line1 == "1500 S MAIN ST" && p.address.zip == "76104") {
      jps.push_back(p.name);
    }
  }
  EXPECT_THAT(jps, UnorderedElementsAre("JPS HOSPITAL OUTPATIENT PHARMACY",
                                        "JPS HOSPITAL INPATIENT PHARMACY"));
}

// Every field but `source`, which names the file and line.
bool SamePharmacy(const Pharmacy& a, const Pharmacy& b) {
  return a.id == b.id && a.name == b.name && a.npi == b.npi &&
         a.ncpdp_id == b.ncpdp_id && a.chain == b.chain &&
         a.address.line1 == b.address.line1 &&
         a.address.line2 == b.address.line2 &&
         a.address.city == b.address.city &&
         a.address.state == b.address.state && a.address.zip == b.address.zip &&
         a.phone == b.phone && a.latitude == b.latitude &&
         a.longitude == b.longitude && a.time_zone == b.time_zone &&
         a.services == b.services;
}

TEST_F(RealDataTest, VaccinesGovCsvAndJsonAgree) {
  REAL_DATA_OR_SKIP(csv_path, kVaccinesGovCsv);
  REAL_DATA_OR_SKIP(json_path, kVaccinesGovJson);
  LoadReport csv_report, json_report;
  std::vector<Pharmacy> from_csv =
      LoadVaccinesGov(csv_path, LoadOptions(), &csv_report).value();
  std::vector<Pharmacy> from_json =
      LoadVaccinesGov(json_path, LoadOptions(), &json_report).value();
  for (const LoadReport& report : {csv_report, json_report}) {
    EXPECT_EQ(report.rows_read, 1109);
    EXPECT_EQ(report.rows_loaded, 1109);
    EXPECT_EQ(report.warnings, 0);
    EXPECT_EQ(report.items, 247);
  }
  ASSERT_EQ(from_csv.size(), from_json.size());
  for (size_t i = 0; i < from_csv.size(); ++i) {
    EXPECT_TRUE(SamePharmacy(from_csv[i], from_json[i])) << from_csv[i].id;
  }
  int walmart = 0, known_hours = 0, always_open = 0;
  for (const Pharmacy& p : from_csv) {
    walmart += p.chain == "walmart";
    known_hours += p.store_hours.known;
    always_open += p.store_hours.always_open;
  }
  EXPECT_EQ(walmart, 9);
  // Every hours string parses; weeks with an empty day stay unknown.
  EXPECT_EQ(known_hours, 84);
  EXPECT_EQ(always_open, 6);
}

TEST_F(RealDataTest, Albertsons) {
  REAL_DATA_OR_SKIP(path, kAlbertsons);
  LoadReport report;
  std::vector<Pharmacy> ps =
      LoadAlbertsons(path, LoadOptions(), &report).value();
  EXPECT_EQ(report.rows_read, 1706);
  EXPECT_EQ(ps.size(), 1705);
  EXPECT_THAT(report.skipped_by_reason, ElementsAre(Pair("no coordinates", 1)));
  EXPECT_EQ(report.warnings, 0);
  std::map<std::string, int> zones;
  for (const Pharmacy& p : ps) ++zones[p.time_zone];
  EXPECT_EQ(zones["America/Los_Angeles"], 695);
  EXPECT_EQ(zones["America/Chicago"], 378);  // 379 minus the skipped store.
  EXPECT_EQ(zones["America/Boise"], 3);
}

// In the server's default order (BundledData in server/data_loading.cc).
TEST_F(RealDataTest, DefaultDatasetMerge) {
  REAL_DATA_OR_SKIP(albertsons, kAlbertsons);
  REAL_DATA_OR_SKIP(vgov, kVaccinesGovCsv);
  REAL_DATA_OR_SKIP(hhs, kHhsHead);
  ASSERT_NE(Zips(), nullptr);
  LoadOptions options;
  options.zips = Zips();
  MergeReport report;
  Dataset d =
      MergeSources({LoadAlbertsons(albertsons, options, nullptr).value(),
                    LoadVaccinesGov(vgov, options, nullptr).value(),
                    LoadHhs(hhs, options, nullptr).value()},
                   Zips(), &report)
          .value();
  // No shared ids or NPIs (only HHS has NPIs), but 145 records are a store
  // an earlier source already has at the same address: 7520 -> 7375.
  EXPECT_EQ(report.records, 1705 + 247 + 5568);
  EXPECT_EQ(report.merged_by_id + report.merged_by_npi, 0);
  EXPECT_EQ(report.merged_by_address, 145);
  EXPECT_EQ(d.pharmacies.size(), 7375);
  EXPECT_EQ(report.time_zones_from_zip, 5668);

  // Carrs at 2920 Seward Hwy, Anchorage, is in all three files, up to 457 m
  // apart; it keeps the Albertsons id, location and time zone.
  std::vector<const Pharmacy*> carrs;
  for (const Pharmacy& p : d.pharmacies) {
    if (p.address.zip == "99503" &&
        absl::AsciiStrToUpper(p.address.line1) == "2920 SEWARD HWY") {
      carrs.push_back(&p);
    }
  }
  ASSERT_EQ(carrs.size(), 1);
  EXPECT_EQ(carrs[0]->id, "albertsons-720-P");
  EXPECT_EQ(carrs[0]->npi, "1265084933");  // From HHS.
  EXPECT_DOUBLE_EQ(carrs[0]->latitude, 61.1947423);
  EXPECT_EQ(carrs[0]->time_zone, "America/Anchorage");
  const std::vector<std::string> sources =
      absl::StrSplit(carrs[0]->source, " + ");
  EXPECT_THAT(sources,
              ElementsAre(StartsWith("albertsons:"),
                          StartsWith("vaccines_gov:"), StartsWith("hhs:")));

  // Alaska's Vaccines.gov sites that kept their own id; 17 joined an
  // Albertsons store.
  std::map<std::string, int> alaska;
  for (const Pharmacy& p : d.pharmacies) {
    if (p.id.rfind("vgov-", 0) == 0) ++alaska[p.time_zone];
  }
  EXPECT_THAT(
      alaska,
      ElementsAre(Pair("America/Adak", 1), Pair("America/Anchorage", 158),
                  Pair("America/Chicago", 1), Pair("America/Juneau", 19),
                  Pair("America/Metlakatla", 1), Pair("America/Nome", 24),
                  Pair("America/Sitka", 25), Pair("America/Yakutat", 1)));
}

}  // namespace
}  // namespace rxlocator
