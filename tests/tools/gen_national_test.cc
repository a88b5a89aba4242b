// rxlocator-gen-national writes a small national set that the native
// loaders read back strictly as the dataset the benchmarks generate, the
// same for the same flags; and the stock plan's shape.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "bench/bench_data.h"
#include "bench/national_dataset.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/opening_hours.h"
#include "index/pharmacy_directory.h"
#include "index/plan_key.h"
#include "index/snapshot.h"
#include "loaders/drug_catalog_loader.h"
#include "loaders/native_pharmacies.h"
#include "loaders/network_loader.h"
#include "loaders/stock_loader.h"
#include "testing/server_process.h"

namespace rxlocator {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr int kPharmacies = 2000;
constexpr int kCentral = 13;  // Mail-order and specialty pharmacies.
constexpr int64_t kRows = 100000;
constexpr uint64_t kSeed = 7;
const absl::Time kNow = absl::FromUnixSeconds(1795044600);  // The default.

constexpr const char* kFiles[] = {"pharmacies.csv.gz", "networks.csv.gz",
                                  "plans.csv.gz", "drugs.csv.gz",
                                  "stock.csv.gz"};

// Runs the tool into a new directory under the test's temporary one.
std::string Generate(const std::string& name, uint64_t seed) {
  const std::string dir = absl::StrCat(::testing::TempDir(), "/", name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const BinaryRun run = RunBinary(
      "tools/rxlocator-gen-national",
      absl::StrCat("--out_dir=", dir, " --seed=", seed,
                   " --pharmacies=", kPharmacies, " --stock_rows=", kRows));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  return dir + "/";
}

std::string Contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The dataset the tool writes, generated here.
Dataset Expected() {
  const ZipTable zips = BundledZipTable();
  Dataset d = NationalDataset(zips, kPharmacies, kSeed);
  AddNationalNetworks(zips, kSeed, d);
  d.drugs = NationalDrugs();
  return d;
}

LoadOptions Strict() {
  LoadOptions options;
  options.strict = true;
  return options;
}

// Whether two hours are open at the same times of a week, every 30 minutes
// from Monday 00:15 (so also just past midnight).
bool SameWeek(const OpeningHours& a, const OpeningHours& b) {
  if (a.known != b.known) return false;
  const absl::CivilSecond monday(2026, 11, 16, 0, 15, 0);
  for (int step = 0; step < 7 * 48; ++step) {
    const absl::CivilSecond t = monday + step * 30 * 60;
    if (StateAt(a, t) != StateAt(b, t)) return false;
  }
  return true;
}

TEST(GenNationalTest, FilesLoadStrictlyAsTheGeneratedDataset) {
  const std::string dir = Generate("national", kSeed);
  const Dataset expected = Expected();
  ASSERT_THAT(expected.pharmacies, SizeIs(kPharmacies + kCentral));

  LoadReport report;
  absl::StatusOr<std::vector<Pharmacy>> pharmacies =
      LoadNativePharmacies(dir + "pharmacies.csv.gz", Strict(), &report);
  ASSERT_TRUE(pharmacies.ok()) << pharmacies.status();
  ASSERT_THAT(*pharmacies, SizeIs(expected.pharmacies.size()));
  int always_open = 0, past_midnight = 0, walk_in = 0;
  for (size_t i = 0; i < pharmacies->size(); ++i) {
    const Pharmacy& got = (*pharmacies)[i];
    const Pharmacy& want = expected.pharmacies[i];
    ASSERT_EQ(got.id, want.id);
    EXPECT_EQ(std::tie(got.name, got.chain, got.latitude, got.longitude,
                       got.address.city, got.address.state, got.address.zip,
                       got.time_zone, got.services, got.walk_in),
              std::tie(want.name, want.chain, want.latitude, want.longitude,
                       want.address.city, want.address.state, want.address.zip,
                       want.time_zone, want.services, want.walk_in))
        << got.id;
    EXPECT_TRUE(SameWeek(got.store_hours, want.store_hours)) << got.id;
    always_open += want.store_hours.always_open;
    past_midnight += std::any_of(
        want.store_hours.weekly.begin(), want.store_hours.weekly.end(),
        [](const DailySpan& s) { return s.close > kMinutesPerDay; });
    walk_in += want.walk_in;
  }
  // The hours worth checking are there: around the clock and past midnight.
  EXPECT_GT(always_open, kPharmacies / 20);
  EXPECT_GT(past_midnight, kPharmacies / 20);
  EXPECT_EQ(walk_in, kPharmacies);

  const PharmacyDirectory directory(*pharmacies);
  absl::StatusOr<LoadedNetworks> networks =
      LoadNetworks(NetworkFormat(), dir + "networks.csv.gz", *pharmacies,
                   directory, Strict(), &report);
  ASSERT_TRUE(networks.ok()) << networks.status();
  ASSERT_THAT(networks->networks, SizeIs(50));
  for (size_t i = 0; i < expected.networks.size(); ++i) {
    const Network& got = networks->networks[i];
    const Network& want = expected.networks[i];
    ASSERT_EQ(got.id, want.id);
    EXPECT_EQ(got.name, want.name);
    ASSERT_THAT(got.members, SizeIs(want.members.size())) << got.id;
    for (size_t m = 0; m < got.members.size(); ++m) {
      const Membership& g = got.members[m];
      const Membership& w = want.members[m];
      EXPECT_EQ(std::tie(g.pharmacy_id, g.tier, g.fills, g.effective, g.end),
                std::tie(w.pharmacy_id, w.tier, w.fills, w.effective, w.end))
          << got.id << " member " << m;
    }
  }

  absl::StatusOr<std::vector<PlanMapping>> plans =
      LoadPlans(dir + "plans.csv.gz", Strict(), &report);
  ASSERT_TRUE(plans.ok()) << plans.status();
  ASSERT_THAT(*plans, SizeIs(expected.plans.size()));
  for (size_t i = 0; i < plans->size(); ++i) {
    EXPECT_EQ((*plans)[i].plan, expected.plans[i].plan);
    EXPECT_EQ((*plans)[i].network_id, expected.plans[i].network_id);
    EXPECT_EQ((*plans)[i].name, expected.plans[i].name);
  }

  absl::StatusOr<std::vector<Drug>> drugs =
      LoadDrugCatalog(dir + "drugs.csv.gz", Strict(), &report);
  ASSERT_TRUE(drugs.ok()) << drugs.status();
  ASSERT_THAT(*drugs, SizeIs(1000));
  for (size_t i = 0; i < drugs->size(); ++i) {
    const Drug& got = (*drugs)[i];
    const Drug& want = expected.drugs[i];
    EXPECT_EQ(std::tie(got.ndc, got.name, got.strength, got.form, got.product,
                       got.specialty),
              std::tie(want.ndc, want.name, want.strength, want.form,
                       want.product, want.specialty));
  }

  absl::StatusOr<std::vector<StockObservation>> stock = LoadNativeStock(
      dir + "stock.csv.gz", *pharmacies, directory, Strict(), &report);
  ASSERT_TRUE(stock.ok()) << stock.status();
  std::map<std::pair<std::string, std::string>, StockLevel> rows;
  ForEachNationalStockRow(expected.pharmacies, expected.drugs,
                          {.seed = kSeed, .now = kNow, .rows = kRows},
                          [&](const StockObservation& row) {
                            rows[{row.pharmacy_id, row.ndc}] = row.level;
                          });
  EXPECT_NEAR(static_cast<double>(rows.size()), kRows, kRows / 1000);
  ASSERT_THAT(*stock, SizeIs(rows.size()));
  for (const StockObservation& got : *stock) {
    const auto it = rows.find({got.pharmacy_id, got.ndc});
    ASSERT_NE(it, rows.end()) << got.pharmacy_id << " " << got.ndc;
    EXPECT_EQ(
        std::tie(got.level.quantity, got.level.observed_at, got.level.source),
        std::tie(it->second.quantity, it->second.observed_at,
                 it->second.source));
  }

  // The server can index it: every plan finds its network.
  Dataset loaded{.pharmacies = *std::move(pharmacies),
                 .networks = std::move(networks->networks),
                 .plans = *std::move(plans),
                 .drugs = *std::move(drugs)};
  absl::StatusOr<std::shared_ptr<const Snapshot>> snapshot =
      Snapshot::Build(std::move(loaded), ZipTable());
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  for (const PlanMapping& plan : expected.plans) {
    const std::optional<NetworkIndex::ResolvedPlan> found =
        (*snapshot)->networks().FindPlan(plan.plan);
    ASSERT_TRUE(found.has_value()) << plan.plan.ToString();
    EXPECT_EQ((*snapshot)->networks().network_id(found->network),
              plan.network_id);
  }
}

TEST(GenNationalTest, SameFlagsWriteTheSameFiles) {
  const std::string a = Generate("national-a", kSeed);
  const std::string b = Generate("national-b", kSeed);
  const std::string c = Generate("national-c", kSeed + 1);
  for (const char* name : kFiles) {
    EXPECT_EQ(Contents(a + name), Contents(b + name)) << name;
  }
  EXPECT_NE(Contents(a + "stock.csv.gz"), Contents(c + "stock.csv.gz"));
}

TEST(GenNationalTest, RejectsBadFlags) {
  const BinaryRun run = RunBinary("tools/rxlocator-gen-national",
                                  "--out_dir=/tmp --pharmacies=0");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.output, HasSubstr("--pharmacies must be"));
}

TEST(NationalStockTest, PlanIsSkewedAndAddsUpToTheTarget) {
  const Dataset d = Expected();
  const NationalStockOptions options{.seed = kSeed, .now = kNow, .rows = kRows};
  const std::vector<NationalNdcStock> plan =
      PlanNationalStock(d.pharmacies, d.drugs, options);
  ASSERT_THAT(plan, SizeIs(1000));
  int64_t total = 0;
  for (size_t i = 0; i < plan.size(); ++i) {
    total += plan[i].pharmacies;
    if (i > 0) {
      EXPECT_LE(plan[i].pharmacies, plan[i - 1].pharmacies);
    }
  }
  EXPECT_NEAR(static_cast<double>(total), kRows, kRows / 1000);
  EXPECT_EQ(plan.front().pharmacies, kPharmacies * 9 / 10);
  EXPECT_EQ(plan.back().pharmacies, 20);
  // Specialty NDCs are the rarest.
  absl::flat_hash_map<std::string, bool> specialty;
  for (const Drug& drug : d.drugs) specialty[drug.ndc] = drug.specialty;
  const auto first_specialty =
      std::find_if(plan.begin(), plan.end(),
                   [&](const NationalNdcStock& s) { return specialty[s.ndc]; });
  ASSERT_NE(first_specialty, plan.end());
  EXPECT_TRUE(
      std::all_of(first_specialty, plan.end(),
                  [&](const NationalNdcStock& s) { return specialty[s.ndc]; }));
}

TEST(NationalStockTest, RowsDependOnTheSetsNotTheirOrder) {
  const Dataset d = Expected();
  const NationalStockOptions options{.seed = kSeed, .now = kNow, .rows = 5000};
  std::vector<Pharmacy> pharmacies(d.pharmacies.rbegin(), d.pharmacies.rend());
  std::vector<Drug> drugs(d.drugs.rbegin(), d.drugs.rend());
  std::vector<std::tuple<std::string, std::string, int64_t, absl::Time>> a, b;
  ForEachNationalStockRow(
      d.pharmacies, d.drugs, options, [&](const StockObservation& r) {
        a.emplace_back(r.pharmacy_id, r.ndc, r.level.quantity,
                       r.level.observed_at);
      });
  ForEachNationalStockRow(
      pharmacies, drugs, options, [&](const StockObservation& r) {
        b.emplace_back(r.pharmacy_id, r.ndc, r.level.quantity,
                       r.level.observed_at);
      });
  EXPECT_EQ(a, b);

  StockStore store;
  EXPECT_EQ(FillNationalStock(d.pharmacies, d.drugs, options, store), a.size());
  EXPECT_EQ(store.size(), a.size());  // No two rows for one pair.
}

}  // namespace
}  // namespace rxlocator
