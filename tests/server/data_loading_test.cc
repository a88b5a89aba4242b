// LoadStock: stock files read a batch at a time into a store, which decides
// between rows for one pharmacy and NDC, and what the report says of them.
#include "server/data_loading.h"

#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/stock_store.h"
#include "tests/server/anchorage_files.h"

namespace rxlocator {
namespace {

using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::Le;
using ::testing::SizeIs;

std::string Write(const std::string& name, const std::string& text) {
  const std::string path = absl::StrCat(
      ::testing::TempDir(), "/data_loading_test-",
      ::testing::UnitTest::GetInstance()->current_test_info()->name(), "-",
      name);
  std::ofstream(path) << text;
  return path;
}

absl::Time Utc(int y, int m, int d, int hh) {
  return absl::FromCivil(absl::CivilHour(y, m, d, hh), absl::UTCTimeZone());
}

constexpr char kStockHeader[] = "pharmacy,ndc,quantity,observed_at\n";

class LoadStockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.pharmacies = {
        {PharmacyFormat::kNative,
         Write("pharmacies.csv",
               absl::StrCat(kPharmacyHeader, kMidtown, kSpenard))}};
    config_.zip_paths = {Write("zips.csv", kAnchorageZipTable)};
    absl::StatusOr<LoadedData> loaded = LoadSnapshot(config_);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    snapshot_ = loaded->snapshot;
  }

  // LoadStock into store_, noting each batch's size.
  absl::Status Load() {
    return LoadStock(
        config_, *snapshot_,
        [&](const std::vector<StockObservation>& batch) {
          batch_sizes_.push_back(batch.size());
          std::vector<StockStore::Outcome> outcomes;
          for (const StockObservation& o : batch) {
            outcomes.push_back(store_.Apply(o));
          }
          return outcomes;
        },
        &report_);
  }

  DataConfig config_;
  std::shared_ptr<const Snapshot> snapshot_;
  StockStore store_;
  std::vector<size_t> batch_sizes_;
  std::vector<std::string> report_;
};

TEST_F(LoadStockTest, TheNewestCountWinsAcrossRowsAndFiles) {
  const std::string first = Write(
      "first.csv", absl::StrCat(kStockHeader,
                                "p1,00069-1085-30,5,2022-03-11T02:00:00Z\n"
                                "p3,00069-1085-30,1,2022-03-11T01:00:00Z\n"
                                // 4: older than line 2.
                                "p1,00069-1085-30,4,2022-03-11T01:00:00Z\n"
                                // 5: as new as line 2.
                                "p1,00069-1085-30,6,2022-03-11T02:00:00Z\n"));
  const std::string second = Write(
      "second.csv",
      absl::StrCat(kStockHeader, "p1,00069-1085-30,7,2022-03-11T03:00:00Z\n"));
  config_.stock = {{StockFormat::kNative, first},
                   {StockFormat::kNative, second}};
  ASSERT_TRUE(Load().ok());

  EXPECT_EQ(store_.size(), 2u);
  const std::optional<StockLevel> p1 = store_.Get("p1", "00069108530");
  ASSERT_TRUE(p1.has_value());
  EXPECT_EQ(p1->quantity, 7);
  EXPECT_EQ(p1->observed_at, Utc(2022, 3, 11, 3));
  const std::optional<StockLevel> p3 = store_.Get("p3", "00069108530");
  ASSERT_TRUE(p3.has_value());
  EXPECT_EQ(p3->quantity, 1);

  EXPECT_THAT(
      report_,
      ElementsAre(
          first + ": 4 rows read, 4 loaded as 4 stock observations, 0 "
                  "skipped, 0 warnings",
          first + ": 4 observations stored, 2 not newer than the count "
                  "already held",
          "  " + first +
              ":4: pharmacy \"p1\" ndc 00069-1085-30 observed at "
              "2022-03-11T01:00:00+00:00 is not newer than the count already "
              "held",
          "  " + first +
              ":5: pharmacy \"p1\" ndc 00069-1085-30 observed at "
              "2022-03-11T02:00:00+00:00 is not newer than the count already "
              "held",
          second + ": 1 rows read, 1 loaded as 1 stock observations, 0 "
                   "skipped, 0 warnings",
          second + ": 1 observations stored, 0 not newer than the count "
                   "already held"));
}

// A file of 10,000 counts reaches the store in batches, never whole.
std::string TenThousandRows() {
  std::string text = kStockHeader;
  for (int i = 0; i < 10000; ++i) {
    absl::StrAppendFormat(&text, "%s,%011d,%d,2022-03-11T00:00:00Z\n",
                          i % 2 == 0 ? "p1" : "p3", i / 2 + 1, i);
  }
  return text;
}

TEST_F(LoadStockTest, StoresALargeFileABatchAtATime) {
  config_.stock = {
      {StockFormat::kNative, Write("stock.csv", TenThousandRows())}};
  ASSERT_TRUE(Load().ok());
  EXPECT_EQ(store_.size(), 10000u);
  EXPECT_GT(batch_sizes_.size(), 1u);
  EXPECT_THAT(batch_sizes_, Each(Le(4096u)));
  EXPECT_EQ(store_.Get("p3", "00000005000")->quantity, 9999);
}

TEST_F(LoadStockTest, AStoreErrorStopsTheLoad) {
  config_.stock = {
      {StockFormat::kNative, Write("stock.csv", TenThousandRows())}};
  int calls = 0;
  const absl::Status status = LoadStock(
      config_, *snapshot_,
      [&](const std::vector<StockObservation>&)
          -> absl::StatusOr<std::vector<StockStore::Outcome>> {
        ++calls;
        return absl::CancelledError("stopping");
      },
      &report_);
  EXPECT_EQ(status, absl::CancelledError("stopping"));
  EXPECT_EQ(calls, 1);
  EXPECT_THAT(report_, SizeIs(0));
}

TEST_F(LoadStockTest, ABadFileNamesItsLine) {
  config_.strict = true;
  const std::string path = Write(
      "stock.csv",
      absl::StrCat(kStockHeader, "p1,00069-1085-30,5,2022-03-11T02:00:00Z\n",
                   "p9,00069-1085-30,5,2022-03-11T02:00:00Z\n"));
  config_.stock = {{StockFormat::kNative, path}};
  EXPECT_EQ(Load(),
            absl::InvalidArgumentError(
                path + ":3: pharmacy \"p9\" is not a known pharmacy id, NPI "
                       "or NCPDP id"));
}

}  // namespace
}  // namespace rxlocator
