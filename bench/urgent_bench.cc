// urgent_bench: UrgentFill on the national synthetic set (70,000 pharmacies,
// 50 plan networks, 1,000 NDCs, 20 million stock rows; see
// bench/national_dataset.h), in process and over gRPC, against issue 6's
// target: a median in-process time of at most 20 us for one item.
//
// Each query is one member near a random ZIP centroid, in the first broad
// network's plan, at 6:30 PM Eastern on a Wednesday (when most pharmacies
// are open and some have closed), asking for 10 units of:
//   one NDC     a random NDC of the catalog, as asked: rare ones (scanned)
//               and common ones (searched for) in the catalog's proportions;
//   one common  the most stocked NDC;
//   +subst      a random NDC with substitution allowed (5-6 NDCs a product);
//   three NDCs  three random NDCs at once (often no complete option: the
//               fallbacks run).
// Every query is timed alone and the percentiles reported, with the plain
// k=5 nearest query over the same origins as the in-process baseline and
// GetPharmacy as the gRPC one (the cost of a call that does no search), all
// in the same run, since absolute times drift on a shared machine. A plain
// program, not Google Benchmark, because the target is a median per query.
//
//   flock /tmp/rx-build.lock build/bench/urgent_bench
//   build/bench/urgent_bench --quick   # 200,000 stock rows, a smoke run
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "bench/bench_data.h"
#include "bench/national_dataset.h"
#include "bench/percentile.h"
#include "index/geo.h"
#include "index/nearest_query.h"
#include "index/snapshot.h"
#include "index/stock_store.h"
#include "index/urgent_fill.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "server/pharmacy_locator_service.h"
#include "server/serving_queues.h"
#include "server/snapshot_holder.h"

namespace rxlocator {
namespace {

// Wednesday 2026-11-18 23:30 UTC, 6:30 PM Eastern; the stock is counted in
// the days before it.
const absl::Time kNow = absl::FromUnixSeconds(1795044600);
constexpr int64_t kQuantity = 10;

struct Flags {
  int pharmacies = 70000;
  int64_t stock_rows = 20'000'000;
  int queries = 20000;
};

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    const std::vector<std::string> kv =
        absl::StrSplit(argv[i], absl::MaxSplits('=', 1));
    bool ok = true;
    if (kv[0] == "--quick") {
      flags.stock_rows = 200000;
      flags.queries = 2000;
    } else if (kv.size() == 2 && kv[0] == "--stock_rows") {
      ok = absl::SimpleAtoi(kv[1], &flags.stock_rows);
    } else if (kv.size() == 2 && kv[0] == "--queries") {
      ok = absl::SimpleAtoi(kv[1], &flags.queries) && flags.queries > 0;
    } else {
      ok = false;
    }
    if (!ok) {
      std::fprintf(stderr,
                   "usage: urgent_bench [--quick] [--stock_rows=N] "
                   "[--queries=N]\n");
      std::exit(2);
    }
  }
  return flags;
}

// One query's items: NDCs with their substitutes.
using Items = std::vector<UrgentItem>;

struct World {
  std::shared_ptr<const Snapshot> snapshot;
  StockStore stock;
  PlanKey plan;
  uint32_t network;
  std::vector<ZipInfo> origins;
  std::vector<std::string> ndcs;  // Every NDC, most stocked first.
};

UrgentItem ItemOf(const Snapshot& snapshot, const std::string& ndc,
                  bool substitution) {
  UrgentItem item{.ndcs = {ndc}, .quantity = kQuantity};
  for (const Drug* same : snapshot.drugs().SameProduct(ndc)) {
    if (substitution && same->ndc != ndc) item.substitutes.push_back(same->ndc);
    item.specialty |= same->specialty;
  }
  return item;
}

UrgentFillQuery QueryOf(const World& w, const ZipInfo& origin, Items items) {
  return UrgentFillQuery{
      .origin = PointFromDegrees(origin.latitude, origin.longitude),
      .network = w.network,
      .items = std::move(items),
      .now = kNow,
      .need_by = kNow + absl::Hours(4),
      .store = &w.stock};
}

double MicrosSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::micro>(
             std::chrono::steady_clock::now() - start)
      .count();
}

struct Timing {
  std::vector<double> micros;
  int scanned = 0;   // Queries the planner answered by scanning stock.
  int complete = 0;  // Queries with a complete option.
};

// Times `run` on each query i in [0, n), after a warm-up pass.
template <typename Run>
Timing Time(int n, Run run) {
  Timing t;
  for (int i = 0; i < n / 10; ++i) run(i, nullptr);
  for (int i = 0; i < n; ++i) {
    const auto start = std::chrono::steady_clock::now();
    run(i, &t);
    t.micros.push_back(MicrosSince(start));
  }
  return t;
}

void Report(const char* label, Timing t, double baseline_p50) {
  const size_t n = t.micros.size();
  const double p50 = Percentile(t.micros, 0.5);
  std::printf("  %-24s p50 %7.2f us  p90 %7.2f  p99 %8.2f  x%.1f baseline",
              label, p50, Percentile(t.micros, 0.9), Percentile(t.micros, 0.99),
              p50 / baseline_p50);
  if (t.scanned >= 0 && n > 0) {
    std::printf("  scanned %4.1f%%  complete %5.1f%%", 100.0 * t.scanned / n,
                100.0 * t.complete / n);
  }
  std::printf("\n");
}

void Build(const Flags& flags, World& w) {
  const ZipTable zips = BundledZipTable();
  Dataset d = NationalDataset(zips, flags.pharmacies, /*seed=*/1);
  AddNationalNetworks(zips, /*seed=*/1, d);
  d.drugs = NationalDrugs();
  for (const PlanMapping& m : d.plans) {
    if (absl::StartsWith(m.network_id, "syn-broad")) {
      w.plan = m.plan;
      break;
    }
  }
  w.origins = RandomOrigins(zips, flags.queries, /*seed=*/7);
  w.snapshot = *Snapshot::Build(std::move(d), zips);
  w.network = w.snapshot->networks().FindPlan(w.plan)->network;
  const NationalStockOptions stock{.now = kNow, .rows = flags.stock_rows};
  const auto start = std::chrono::steady_clock::now();
  const int64_t rows = FillNationalStock(
      w.snapshot->pharmacies(), w.snapshot->drugs().drugs(), stock, w.stock);
  std::printf("%zu pharmacies, %zu NDCs, %lld stock rows (filled in %.1f s)\n",
              w.snapshot->pharmacies().size(), w.snapshot->drugs().size(),
              static_cast<long long>(rows), MicrosSince(start) / 1e6);
  for (const NationalNdcStock& s : PlanNationalStock(
           w.snapshot->pharmacies(), w.snapshot->drugs().drugs(), stock)) {
    w.ndcs.push_back(s.ndc);
  }
}

// Random items for every query, each of another product (a request may not
// ask for one drug twice), the same in process and over gRPC.
std::vector<Items> RandomItems(const World& w, int n, int per_query,
                               bool substitution, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Items> all(n);
  for (Items& items : all) {
    std::vector<std::string> products;
    while (items.size() < size_t(per_query)) {
      const std::string& ndc = w.ndcs[rng() % w.ndcs.size()];
      const std::string& product = w.snapshot->drugs().Find(ndc)->product;
      if (std::find(products.begin(), products.end(), product) !=
          products.end()) {
        continue;
      }
      products.push_back(product);
      items.push_back(ItemOf(*w.snapshot, ndc, substitution));
    }
  }
  return all;
}

void InProcess(const World& w, const std::vector<Items>& one,
               const std::vector<Items>& common,
               const std::vector<Items>& substituted,
               const std::vector<Items>& three) {
  const int n = static_cast<int>(w.origins.size());
  Timing nearest = Time(n, [&](int i, Timing*) {
    const ZipInfo& o = w.origins[i];
    FindNearest(*w.snapshot, NearestQuery{.origin = PointFromDegrees(
                                              o.latitude, o.longitude),
                                          .radius_meters = 160934.4,
                                          .max_results = 5});
  });
  nearest.scanned = -1;
  const double baseline = Percentile(nearest.micros, 0.5);
  std::printf("in process (baseline: plain k=5 nearest)\n");
  Report("nearest k=5 (baseline)", nearest, baseline);
  const auto urgent = [&](const std::vector<Items>& items) {
    return Time(n, [&](int i, Timing* t) {
      const UrgentFillAnswer a =
          UrgentFill(*w.snapshot, QueryOf(w, w.origins[i], items[i]));
      if (t == nullptr) return;
      t->scanned += a.strategy == UrgentStrategy::kScanStock;
      t->complete += !a.shortfall.has_value();
    });
  };
  Report("one NDC", urgent(one), baseline);
  Report("one common NDC", urgent(common), baseline);
  Report("one NDC +subst", urgent(substituted), baseline);
  Report("three NDCs", urgent(three), baseline);
}

v1::UrgentFillRequest RequestOf(const World& w, const ZipInfo& origin,
                                const Items& items) {
  v1::UrgentFillRequest r;
  r.mutable_origin()->mutable_lat_lng()->set_latitude(origin.latitude);
  r.mutable_origin()->mutable_lat_lng()->set_longitude(origin.longitude);
  v1::Plan::Commercial* plan = r.mutable_plan()->mutable_commercial();
  plan->set_bin(w.plan.bin);
  plan->set_pcn(w.plan.pcn);
  plan->set_group(w.plan.group);
  for (const UrgentItem& item : items) {
    v1::UrgentItem* out = r.add_items();
    out->set_ndc(item.ndcs.front());
    out->set_quantity(item.quantity);
  }
  r.mutable_need_by()->set_seconds(absl::ToUnixSeconds(kNow + absl::Hours(4)));
  return r;
}

// Over gRPC to a server in this process on loopback, whose clock starts at
// kNow as the in-process queries' does.
void OverGrpc(World& w, const std::vector<Items>& one,
              const std::vector<Items>& three) {
  SnapshotHolder snapshots;
  snapshots.Publish(w.snapshot);
  const absl::Duration behind = absl::Now() - kNow;
  PharmacyLocatorService service(&snapshots, &w.stock, LocatorOptions{},
                                 [behind] { return absl::Now() - behind; });
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  ServingQueues queues(&builder, 1);
  builder.RegisterService(service.grpc_service());
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  queues.Start([&](ServingQueue queue) { service.Serve(queue); });
  auto stub = v1::PharmacyLocator::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  const int n = static_cast<int>(w.origins.size());
  const auto call = [&](auto method, const auto& request, auto* response) {
    grpc::ClientContext context;
    const grpc::Status s = ((*stub).*method)(&context, request, response);
    if (!s.ok()) {
      std::fprintf(stderr, "call failed: %s\n", s.error_message().c_str());
      std::exit(1);
    }
  };
  Timing get = Time(n, [&](int i, Timing*) {
    v1::GetPharmacyRequest r;
    r.set_id(w.snapshot->pharmacy(i % w.snapshot->pharmacies().size()).id);
    v1::Pharmacy p;
    call(&v1::PharmacyLocator::Stub::GetPharmacy, r, &p);
  });
  get.scanned = -1;
  const double baseline = Percentile(get.micros, 0.5);
  std::printf("over gRPC, loopback (baseline: GetPharmacy)\n");
  Report("GetPharmacy (baseline)", get, baseline);
  const auto urgent = [&](const std::vector<Items>& items) {
    Timing t = Time(n, [&](int i, Timing* t) {
      v1::UrgentFillResponse response;
      call(&v1::PharmacyLocator::Stub::UrgentFill,
           RequestOf(w, w.origins[i], items[i]), &response);
      if (t == nullptr) return;
      t->complete +=
          response.options_size() > 0 &&
          response.options(0).kind() == v1::URGENT_OPTION_KIND_COMPLETE;
    });
    t.scanned = 0;
    return t;
  };
  Report("one NDC", urgent(one), baseline);
  Report("three NDCs", urgent(three), baseline);
  server->Shutdown();
  queues.Stop();
}

}  // namespace
}  // namespace rxlocator

int main(int argc, char** argv) {
  using namespace rxlocator;
  // Debian's abseil is a debug build: its deadlock detection would time
  // the detector, not the store.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  const Flags flags = ParseFlags(argc, argv);
  World world;
  Build(flags, world);
  const int n = flags.queries;
  const std::vector<Items> one = RandomItems(world, n, 1, false, 11);
  const std::vector<Items> common(
      n, Items{ItemOf(*world.snapshot, world.ndcs.front(), false)});
  const std::vector<Items> substituted = RandomItems(world, n, 1, true, 11);
  const std::vector<Items> three = RandomItems(world, n, 3, false, 13);
  InProcess(world, one, common, substituted, three);
  OverGrpc(world, one, three);
  return 0;
}
