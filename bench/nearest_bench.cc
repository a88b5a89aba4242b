// k=10 nearest over 70,000 synthetic pharmacies placed by ZIP centroid:
// rxlocator's engine (unfiltered, with a 10%-selective drive-thru filter,
// open now, in a plan network that holds 30% of the pharmacies, and with a
// drug in stock at 30% of them) against
// S2ClosestPointQuery over an S2PointIndex of the same points and a
// brute-force scan, all in one run. Prints each comparison as a ratio, since
// absolute times on a shared machine drift.
//
//   build/bench/nearest_bench --benchmark_min_time=0.5
//       --benchmark_repetitions=9 --benchmark_enable_random_interleaving=true
//       --benchmark_display_aggregates_only=true
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "bench/bench_data.h"
#include "bench/national_dataset.h"
#include "index/fingerprint.h"
#include "index/geo.h"
#include "index/nearest_query.h"
#include "index/plan_key.h"
#include "index/snapshot.h"
#include "index/stock.h"
#include "index/stock_store.h"
#include "s2/s1angle.h"
#include "s2/s2closest_point_query.h"
#include "s2/s2point_index.h"

namespace rxlocator {
namespace {

constexpr int kPharmacies = 70000;
constexpr int kOrigins = 4096;
constexpr int kK = 10;
constexpr double kRadiusMeters = 100 * 1609.344;

struct Fixture {
  std::shared_ptr<const Snapshot> snapshot;
  StockStore stock;             // kInStockNdc at 30% of the pharmacies.
  std::vector<S2Point> points;  // Of the snapshot's pharmacies, in order.
  S2PointIndex<uint32_t> s2_index;
  std::vector<S2Point> origins;
};

// A plan network of every pharmacy whose id hashes into 3 of 10 buckets,
// its plan 610014:BENCH:.
void AddThirtyPercentNetwork(Dataset& d) {
  Network network{.id = "bench-30pct"};
  for (const Pharmacy& p : d.pharmacies) {
    if (Fingerprint().Add(p.id).value() % 10 < 3) {
      network.members.push_back({.pharmacy_id = p.id});
    }
  }
  d.networks.push_back(std::move(network));
  d.plans.push_back({*ParsePlanKey("610014:BENCH:"), "bench-30pct"});
}

// Wednesday 2026-11-18 23:30 UTC: early evening across the US, when most
// pharmacies are open and some have closed.
const absl::Time kEvening = absl::FromUnixSeconds(1795044600);

constexpr char kInStockNdc[] = "00069108530";

// kInStockNdc in stock (10 units, counted an hour before kEvening) at every
// pharmacy whose id, salted so that the set is unrelated to the plan
// network's, hashes into 3 of 10 buckets.
void StockThirtyPercent(const Snapshot& snapshot, StockStore& store) {
  for (const Pharmacy& p : snapshot.pharmacies()) {
    if (Fingerprint().Add(p.id).Add("stock").value() % 10 < 3) {
      store.Apply({p.id,
                   kInStockNdc,
                   {.quantity = 10,
                    .observed_at = kEvening - absl::Hours(1),
                    .source = "bench"}});
    }
  }
}

const Fixture& GetFixture() {
  static const Fixture* fixture = [] {
    auto* f = new Fixture;
    const ZipTable zips = BundledZipTable();
    Dataset dataset = NationalDataset(zips, kPharmacies, 1);
    AddThirtyPercentNetwork(dataset);
    absl::StatusOr<std::shared_ptr<const Snapshot>> snapshot =
        Snapshot::Build(std::move(dataset), ZipTable());
    if (!snapshot.ok()) {
      std::fprintf(stderr, "%s\n",
                   std::string(snapshot.status().message()).c_str());
      std::exit(1);
    }
    f->snapshot = *std::move(snapshot);
    StockThirtyPercent(*f->snapshot, f->stock);
    for (const Pharmacy& p : f->snapshot->pharmacies()) {
      f->points.push_back(PointFromDegrees(p.latitude, p.longitude));
      f->s2_index.Add(f->points.back(), f->points.size() - 1);
    }
    for (const ZipInfo& z : RandomOrigins(zips, kOrigins, 2)) {
      f->origins.push_back(PointFromDegrees(z.latitude, z.longitude));
    }
    return f;
  }();
  return *fixture;
}

void BM_Rxlocator(benchmark::State& state, ServiceMask required, bool open_now,
                  bool plan, bool in_stock) {
  const Fixture& f = GetFixture();
  NearestQuery query{.radius_meters = kRadiusMeters,
                     .max_results = kK,
                     .required_services = required};
  if (open_now) query.open_at = kEvening;
  if (plan) query.plan = PlanFilter{.network = 0, .as_of = kEvening};
  if (in_stock) {
    query.stock =
        StockFilter{.store = &f.stock, .ndcs = {kInStockNdc}, .now = kEvening};
  }
  size_t i = 0, found = 0;
  for (auto _ : state) {
    query.origin = f.origins[i++ % f.origins.size()];
    found += FindNearest(*f.snapshot, query).results.size();
  }
  state.counters["results/query"] = double(found) / state.iterations();
}
BENCHMARK_CAPTURE(BM_Rxlocator, unfiltered, 0, false, false, false);
BENCHMARK_CAPTURE(BM_Rxlocator, drive_thru_10pct, Bit(Service::kDriveThru),
                  false, false, false);
BENCHMARK_CAPTURE(BM_Rxlocator, open_now, 0, true, false, false);
BENCHMARK_CAPTURE(BM_Rxlocator, plan_30pct, 0, false, true, false);
BENCHMARK_CAPTURE(BM_Rxlocator, in_stock_30pct, 0, false, false, true);

void BM_S2ClosestPointQuery(benchmark::State& state) {
  const Fixture& f = GetFixture();
  S2ClosestPointQuery<uint32_t> query(&f.s2_index);
  query.mutable_options()->set_max_results(kK);
  query.mutable_options()->set_max_distance(
      S1Angle::Radians(kRadiusMeters / kEarthRadiusMeters));
  size_t i = 0, found = 0;
  for (auto _ : state) {
    S2ClosestPointQuery<uint32_t>::PointTarget target(
        f.origins[i++ % f.origins.size()]);
    found += query.FindClosestPoints(&target).size();
  }
  state.counters["results/query"] = double(found) / state.iterations();
}
BENCHMARK(BM_S2ClosestPointQuery);

void BM_BruteForce(benchmark::State& state) {
  const Fixture& f = GetFixture();
  const double max_chord2 = Chord2FromMeters(kRadiusMeters);
  std::vector<std::pair<double, uint32_t>> best;
  size_t i = 0;
  for (auto _ : state) {
    const S2Point& origin = f.origins[i++ % f.origins.size()];
    best.clear();
    for (uint32_t p = 0; p < f.points.size(); ++p) {
      const double d = Chord2(f.points[p], origin);
      if (d <= max_chord2) best.emplace_back(d, p);
    }
    const size_t k = std::min<size_t>(kK, best.size());
    std::partial_sort(best.begin(), best.begin() + k, best.end());
    benchmark::DoNotOptimize(best.data());
  }
}
BENCHMARK(BM_BruteForce);

// Keeps each benchmark's time, the median over repetitions where there are
// several, to print the ratios at the end.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  RatioReporter() : ConsoleReporter(OO_Tabular) {}  // No colour codes in logs.

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      const std::string name = run.run_name.str();
      if (run.run_type == Run::RT_Iteration) {
        times_[name].push_back(run.GetAdjustedRealTime());
      } else if (run.aggregate_name == "median") {
        medians_[name] = run.GetAdjustedRealTime();
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
  void PrintRatio(const std::string& slow, const std::string& fast,
                  double target) const {
    const double slow_time = Time(slow), fast_time = Time(fast);
    if (!(slow_time > 0 && fast_time > 0)) return;  // Not run (filtered out).
    const double ratio = slow_time / fast_time;
    std::printf("%-24s / %-30s = %6.2fx  (target >= %.1fx: %s)\n", slow.c_str(),
                fast.c_str(), ratio, target,
                ratio >= target ? "met" : "MISSED");
  }

 private:
  double Time(const std::string& name) const {
    if (auto it = medians_.find(name); it != medians_.end()) return it->second;
    auto it = times_.find(name);
    if (it == times_.end()) return 0;
    std::vector<double> t = it->second;
    std::nth_element(t.begin(), t.begin() + t.size() / 2, t.end());
    return t[t.size() / 2];
  }

  std::map<std::string, std::vector<double>> times_;
  std::map<std::string, double> medians_;
};

}  // namespace
}  // namespace rxlocator

int main(int argc, char** argv) {
  // As the server does: Debian's abseil checks every lock for deadlocks.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  benchmark::Initialize(&argc, argv);
  rxlocator::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintRatio("BM_S2ClosestPointQuery", "BM_Rxlocator/unfiltered", 8);
  reporter.PrintRatio("BM_S2ClosestPointQuery", "BM_Rxlocator/drive_thru_10pct",
                      4);
  reporter.PrintRatio("BM_BruteForce", "BM_Rxlocator/unfiltered", 1);
  // Open now may cost at most twice the plain query.
  reporter.PrintRatio("BM_Rxlocator/unfiltered", "BM_Rxlocator/open_now", 0.5);
  // So may a plan network holding 30% of the pharmacies.
  reporter.PrintRatio("BM_Rxlocator/unfiltered", "BM_Rxlocator/plan_30pct",
                      0.5);
  // And, our own target (the issue sets none), a drug in stock at 30%.
  reporter.PrintRatio("BM_Rxlocator/unfiltered", "BM_Rxlocator/in_stock_30pct",
                      0.5);
  benchmark::Shutdown();
  return 0;
}
