// The HHS Paxlovid files read as a stock feed against real pharmacy data:
// the bundled head file against the pharmacies the server builds from all
// the bundled sources (so rows resolve through merged ids, as they will in
// production), and the whole published history replayed in time order.
// Skips when the bundled data is not there.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/identifiers.h"
#include "index/pharmacy_directory.h"
#include "index/stock_store.h"
#include "loaders/csv.h"
#include "loaders/hhs_locator.h"
#include "loaders/merge.h"
#include "loaders/stock_loader.h"
#include "loaders/zip_loader.h"
#include "server/data_loading.h"

namespace rxlocator {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::SizeIs;

const std::string kDataDir = RXLOCATOR_SOURCE_DIR "/data";
const std::string kPaxlovid = kDataDir + "/paxlovid-data_2022-03-18.csv.gz";

absl::Time Utc(int y, int m, int d) {
  return absl::FromCivil(absl::CivilDay(y, m, d), absl::UTCTimeZone());
}

// Carrs Pharmacy, 4000 W Dimond Blvd, Anchorage: checked by hand in the
// files. The 2022-03-18 row reads "CARRS PHARMACY,4000 W DIMOND
// BLVD,,Anchorage,Anchorage,AK,99502,00069-1085-30,Paxlovid,17,...,
// 1740219781.0,...,2022-03-11T00:00:00.000".
const std::string kDimondHhsId =
    HhsRowFacilityId("CARRS PHARMACY", "4000 W DIMOND BLVD", "99502");

class StockRealDataTest : public ::testing::Test {
 protected:
  // The server's snapshot of the bundled data, loaded once.
  static void SetUpTestSuite() {
    if (!std::filesystem::exists(kPaxlovid)) return;
    absl::StatusOr<LoadedData> loaded = LoadSnapshot(BundledData(kDataDir));
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    snapshot_ = new std::shared_ptr<const Snapshot>(loaded->snapshot);
    directory_ = new PharmacyDirectory(Pharmacies());
  }

  void SetUp() override {
    if (snapshot_ == nullptr) GTEST_SKIP() << kPaxlovid << " is not here";
  }

  static const std::vector<Pharmacy>& Pharmacies() {
    return (*snapshot_)->pharmacies();
  }

  static std::shared_ptr<const Snapshot>* snapshot_;
  static PharmacyDirectory* directory_;
};

std::shared_ptr<const Snapshot>* StockRealDataTest::snapshot_ = nullptr;
PharmacyDirectory* StockRealDataTest::directory_ = nullptr;

TEST_F(StockRealDataTest, PaxlovidResolvesNearlyEveryRow) {
  LoadOptions options;
  options.max_examples = 50;
  LoadReport report;
  const std::vector<StockObservation> stock =
      LoadHhsStock(kPaxlovid, Pharmacies(), *directory_, options, &report)
          .value();
  // What did not resolve, and why.
  std::cout << report.Summary();

  EXPECT_EQ(report.rows_read, 5571);
  EXPECT_EQ(report.rows_loaded, 5570);
  EXPECT_EQ(report.warnings, 0);
  // Line 5572, "Panola Pharmacy", has no address at all, so LoadHhs could
  // not place it and it is no pharmacy.
  EXPECT_THAT(report.skipped_by_reason,
              ElementsAre(Pair("unknown pharmacy", 1)));
  EXPECT_THAT(report.examples,
              ElementsAre(::testing::EndsWith(
                  ".csv.gz:5572: no known pharmacy has this row's "
                  "id hhs-799b671b628c52dc (from provider_name, "
                  "address1 and zip) or its NPI 1902454523")));
  ASSERT_THAT(stock, SizeIs(5570));
  // Lines 163-164 and 3120-3121 each list one site twice (two grantee
  // codes, address1 in other case): in the store, 164 repeats 163 and 3121
  // is older than 3120.
  StockStore store;
  std::vector<std::pair<std::string, absl::Time>> stale;
  for (const StockObservation& o : stock) {
    if (store.Apply(o) == StockStore::Outcome::kStale) {
      stale.emplace_back(o.pharmacy_id, o.level.observed_at);
    }
  }
  EXPECT_THAT(stale,
              ElementsAre(Pair("hhs-fc7d5611dc358c97", Utc(2022, 3, 11)),
                          Pair("hhs-86d50dfcb5a68d19", Utc(2022, 3, 9))));
  EXPECT_EQ(store.size(), 5568u);

  // How the rows resolve, worked out here from the rows themselves: by the
  // HHS record's own id, or by the id of an HHS record merged into an
  // Albertsons or Vaccines.gov one. None needs the NPI.
  const CsvTable table = ReadCsvFile(kPaxlovid).value();
  const int name = table.Column("provider_name");
  const int address1 = table.Column("address1");
  const int zip = table.Column("zip");
  const int npi = table.Column("npi");
  int by_id = 0, by_merged_id = 0, by_npi_only = 0, neither = 0;
  for (const CsvRecord& row : table.rows) {
    const std::string id =
        HhsRowFacilityId(row.Field(name), row.Field(address1), row.Field(zip));
    if (std::optional<uint32_t> i = directory_->Find(id)) {
      ++(Pharmacies()[*i].id == id ? by_id : by_merged_id);
    } else if (absl::StatusOr<std::string> n = NormalizeNpi(row.Field(npi));
               n.ok() && directory_->Find(*n).has_value()) {
      ++by_npi_only;
    } else {
      ++neither;
    }
  }
  EXPECT_EQ(by_id, 5442);
  EXPECT_EQ(by_merged_id, 128);
  EXPECT_EQ(by_npi_only, 0);
  EXPECT_EQ(neither, 1);
  int merged = 0;
  for (const StockObservation& o : stock) {
    if (o.pharmacy_id.rfind("hhs-", 0) != 0) ++merged;
  }
  EXPECT_EQ(merged, 128);
}

TEST_F(StockRealDataTest, CarrsDimondHandChecked) {
  const std::vector<StockObservation> stock =
      LoadHhsStock(kPaxlovid, Pharmacies(), *directory_, {}, nullptr).value();
  // The Albertsons record won the merge; the HHS record's id finds it.
  const std::optional<uint32_t> i = directory_->Find(kDimondHhsId);
  ASSERT_TRUE(i.has_value());
  const Pharmacy& carrs = Pharmacies()[*i];
  EXPECT_EQ(carrs.id, "albertsons-1812-P");
  EXPECT_EQ(carrs.npi, "1740219781");
  EXPECT_EQ(directory_->Find("1740219781"), i);
  std::cout << carrs.id << " " << carrs.name << ", " << carrs.address.line1
            << ": " << carrs.source << "\n";
  std::vector<const StockObservation*> found;
  for (const StockObservation& o : stock) {
    if (o.pharmacy_id == carrs.id) found.push_back(&o);
  }
  ASSERT_THAT(found, SizeIs(1));
  EXPECT_EQ(found[0]->ndc, "00069108530");
  EXPECT_EQ(found[0]->level.quantity, 17);
  EXPECT_EQ(found[0]->level.observed_at, Utc(2022, 3, 11));
  EXPECT_EQ(found[0]->level.source, "hhs");
}

// Every published version of the file, oldest first, read as a stream of
// stock reports against the pharmacies of all versions merged (the head
// snapshot lacks the ~2,400 sites that left the program before 2022-03-16).
TEST(StockHistoryTest, ReplayEveryVersion) {
  const std::string dir = kDataDir + "/history/paxlovid";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << dir << " is not here";
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());  // By commit time.
  ASSERT_THAT(paths, SizeIs(12));
  paths.push_back(kPaxlovid);
  // Rows for a pharmacy and NDC that an earlier row of the file has named.
  constexpr int kRepeats[13] = {2, 9, 9, 10, 2, 2, 2, 2, 2, 4, 4, 5, 5};

  const ZipTable zips =
      LoadZipTable({kDataDir + "/zip_latlng_timezone.csv.gz"}, {}, nullptr)
          .value();
  LoadOptions options;
  options.zips = &zips;
  std::vector<std::vector<Pharmacy>> sources;
  std::vector<LoadReport> site_reports(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    sources.push_back(LoadHhs(paths[i], options, &site_reports[i]).value());
  }
  const Dataset merged =
      MergeSources(std::move(sources), &zips, nullptr).value();
  const PharmacyDirectory directory(merged.pharmacies);

  // The stock store's rule: per (pharmacy, NDC) the newest level wins.
  std::map<std::pair<std::string, std::string>, StockLevel> store;
  std::vector<std::pair<absl::Time, int64_t>> dimond;  // Levels as they land.
  const std::optional<uint32_t> dimond_index = directory.Find(kDimondHhsId);
  ASSERT_TRUE(dimond_index.has_value());
  for (size_t i = 0; i < paths.size(); ++i) {
    SCOPED_TRACE(paths[i]);
    LoadReport report;
    const std::vector<StockObservation> stock =
        LoadHhsStock(paths[i], merged.pharmacies, directory, {}, &report)
            .value();
    std::cout << report.Summary();
    // A row resolves unless LoadHhs could not place its site either.
    EXPECT_EQ(report.skipped_by_reason["unknown pharmacy"],
              site_reports[i].skipped_by_reason["no coordinates"]);
    // Repeats: the site rows LoadHhs skips as duplicate facilities, plus
    // the sites one version lists twice under two spellings, which
    // MergeSources joins by NPI across versions ("EDGEMONT PHARMACY, 3661 N
    // CANYON ROAD" and "Edgemont Pharmacy, 3661 N Canyon Rd" in 2022-03-18).
    std::set<std::pair<std::string, std::string>> pairs;
    for (const StockObservation& o : stock) {
      pairs.emplace(o.pharmacy_id, o.ndc);
    }
    const int repeats = static_cast<int>(stock.size() - pairs.size());
    EXPECT_GE(repeats, site_reports[i].skipped_by_reason["duplicate facility"]);
    EXPECT_EQ(repeats, kRepeats[i]);
    for (const StockObservation& o : stock) {
      auto [it, fresh] = store.try_emplace({o.pharmacy_id, o.ndc}, o.level);
      if (!fresh && Newer(o.level, it->second)) it->second = o.level;
      if (o.pharmacy_id == merged.pharmacies[*dimond_index].id) {
        dimond.emplace_back(o.level.observed_at, o.level.quantity);
      }
    }
  }
  // Carrs Dimond joins on 2022-02-16 with no count; then 17 courses as of
  // 2022-02-20, 18 as of 02-22 (in two versions), 17 as of 03-02, 03-07 and
  // 03-11 (in two versions).
  EXPECT_THAT(
      dimond,
      ElementsAre(Pair(Utc(2022, 2, 20), 17), Pair(Utc(2022, 2, 22), 18),
                  Pair(Utc(2022, 2, 22), 18), Pair(Utc(2022, 3, 2), 17),
                  Pair(Utc(2022, 3, 7), 17), Pair(Utc(2022, 3, 11), 17),
                  Pair(Utc(2022, 3, 11), 17)));
  const StockLevel& last =
      store.at({merged.pharmacies[*dimond_index].id, "00069108530"});
  EXPECT_EQ(last.quantity, 17);
  EXPECT_EQ(last.observed_at, Utc(2022, 3, 11));
  EXPECT_EQ(store.size(), 6895u);
}

}  // namespace
}  // namespace rxlocator
