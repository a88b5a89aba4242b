// rxlocator-peers: rxlocator side by side with what a team would otherwise
// reach for, on the same data: Redis GEOSEARCH (bench/redis_peer.h) and
// PostgreSQL with PostGIS (bench/postgis_peer.h).
//
//   rxlocator-gen-national --out_dir=/tmp/national --peer_files --now=...
//   rxlocator-peers --data_dir=/tmp/national --csv=/tmp/peers.csv
//
// Starts all three servers on loopback (the rxlocator-server binary, a
// redis-server and a new PostgreSQL cluster), loads the directory's files
// into each, and pins the servers to one CPU and itself to another. Then:
//   1. checks that all three give the same nearest pharmacies for a sample
//      of searches of every kind (peer_query.h), up to near-ties;
//   2. for each kind, in each system: the most calls a second in a closed
//      loop, then open loops at fractions of that rate (latency without
//      coordinated omission: bench/load_generator.h);
//   3. prints throughput and latency as ratios, ours / theirs, and with
//      --csv writes every run for bench/plot_peers.gp.
// Exits 1 if a check disagrees or any call fails.
#include <sched.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "bench/bench_data.h"
#include "bench/blocking_calls.h"
#include "bench/load_generator.h"
#include "bench/national_dataset.h"
#include "bench/peer_loading.h"
#include "bench/peer_query.h"
#include "bench/postgis_peer.h"
#include "bench/redis_peer.h"
#include "bench/rxlocator_peer.h"
#include "index/ndc.h"
#include "index/plan_key.h"
#include "server/command_main.h"
#include "testing/postgres_process.h"
#include "testing/redis_process.h"
#include "testing/server_process.h"

namespace rxlocator {
namespace {

constexpr char kUsage[] = R"(Usage: rxlocator-peers --data_dir=DIR [flags]

Compares rxlocator with Redis GEOSEARCH and PostGIS on the files that
rxlocator-gen-national --peer_files wrote into DIR (give it --now near the
time of the run, so that the stock is fresh).

  --data_dir=DIR        the generated files (required)
  --plan=PLAN           the plan of the filtered searches
                        (default 900202:SYN01:, a broad network)
  --ndc=NDC             the drug of the in-stock search (default
                        70123007301, the most stocked)
  --check_queries=N     searches of each kind compared (default 200)
  --seconds=S           each measured run (default 5)
  --warmup_seconds=S    a closed-loop warm-up first, not reported (default 1)
  --fractions=F,...     open-loop rates, as fractions of each system's
                        closed-loop rate; 0.5 is always run (default
                        0.1,0.25,0.5,0.75,0.9)
  --concurrency=N       calls outstanding in the closed loop; Redis and
                        PostGIS get a connection each (default 32)
  --server_cpu=N        the CPU of the three servers (default 0)
  --client_cpu=N        the CPU of this client (default 1); -1 for either:
                        no pinning
  --csv=FILE            every run, for bench/plot_peers.gp
  --quick               a smoke run: 0.3 s runs, 20 checks, 0.5 only
  --help                this text
)";

struct Flags {
  std::string data_dir;
  std::string plan = "900202:SYN01:";
  std::string ndc = "70123007301";
  int check_queries = 200;
  double seconds = 5;
  double warmup_seconds = 1;
  std::vector<double> fractions = {0.1, 0.25, 0.5, 0.75, 0.9};
  int concurrency = 32;
  int server_cpu = 0;
  int client_cpu = 1;
  std::string csv;
};

absl::StatusOr<Flags> ParseFlags(int argc, char** argv) {
  Flags flags;
  // --quick sets defaults that the other flags, wherever they are, change.
  for (int i = 1; i < argc; ++i) {
    if (absl::string_view(argv[i]) == "--quick") {
      flags.check_queries = 20;
      flags.seconds = 0.3;
      flags.warmup_seconds = 0.1;
      flags.fractions = {0.5};
    }
  }
  for (int i = 1; i < argc; ++i) {
    const std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(argv[i], absl::MaxSplits('=', 1));
    const auto [name, value] = kv;
    bool ok = true;
    if (name == "--data_dir") {
      flags.data_dir = std::string(value);
    } else if (name == "--plan") {
      absl::StatusOr<PlanKey> plan = ParsePlanKey(value);
      ok = plan.ok();
      if (ok) flags.plan = plan->ToString();
    } else if (name == "--ndc") {
      absl::StatusOr<std::string> ndc = NormalizeNdc(value);
      ok = ndc.ok();
      if (ok) flags.ndc = *ndc;
    } else if (name == "--check_queries") {
      ok = absl::SimpleAtoi(value, &flags.check_queries) &&
           flags.check_queries >= 0;
    } else if (name == "--seconds") {
      ok = absl::SimpleAtod(value, &flags.seconds) && flags.seconds > 0;
    } else if (name == "--warmup_seconds") {
      ok = absl::SimpleAtod(value, &flags.warmup_seconds) &&
           flags.warmup_seconds >= 0;
    } else if (name == "--fractions") {
      flags.fractions.clear();
      for (const absl::string_view f : absl::StrSplit(value, ',')) {
        double fraction = 0;
        ok = ok && absl::SimpleAtod(f, &fraction) && fraction > 0 &&
             fraction <= 1;
        flags.fractions.push_back(fraction);
      }
    } else if (name == "--concurrency") {
      // PostgreSQL is started with room for 200 connections.
      ok = absl::SimpleAtoi(value, &flags.concurrency) &&
           flags.concurrency > 0 && flags.concurrency <= 190;
    } else if (name == "--server_cpu") {
      ok = absl::SimpleAtoi(value, &flags.server_cpu) && flags.server_cpu >= -1;
    } else if (name == "--client_cpu") {
      ok = absl::SimpleAtoi(value, &flags.client_cpu) && flags.client_cpu >= -1;
    } else if (name == "--csv") {
      flags.csv = std::string(value);
    } else if (name == "--quick") {
      // Read above.
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag \"", argv[i], "\" (see --help)"));
    }
    if (!ok) {
      return absl::InvalidArgumentError(
          absl::StrCat("bad value for ", name, ": \"", value, "\""));
    }
  }
  if (flags.data_dir.empty()) {
    return absl::InvalidArgumentError("--data_dir=DIR is required");
  }
  if (std::find(flags.fractions.begin(), flags.fractions.end(), 0.5) ==
      flags.fractions.end()) {
    flags.fractions.push_back(0.5);
  }
  std::sort(flags.fractions.begin(), flags.fractions.end());
  return flags;
}

// Pins the calling thread, and what it starts from now on, to `cpu`; -1
// leaves it free.
void PinTo(int cpu) {
  if (cpu < 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) {
    std::fprintf(stderr, "rxlocator-peers: cannot pin to CPU %d\n", cpu);
  }
}

// How far apart two systems' distances to one pharmacy, or to two that tie,
// may be: their Earth radii differ by up to 0.03% (Redis's is 6,372,797.6 m,
// rxlocator's 6,371,010 m, PostGIS's sphere 6,371,008.8 m), and Redis keeps
// coordinates to about half a meter.
double Tolerance(double meters) { return 1 + 0.0003 * meters; }

enum class Verdict { kIdentical, kNearTies, kDisagree };

// Whether `theirs` gives the pharmacies of `ours`: at each place a result
// at the same distance, within Tolerance, and the same id unless the two
// are that near a tie; past the shorter list, only results within
// Tolerance of the radius, which one system counts inside and the other
// outside.
Verdict Compare(const PeerResults& ours, const PeerResults& theirs,
                double radius) {
  bool identical = ours.size() == theirs.size();
  const size_t both = std::min(ours.size(), theirs.size());
  for (size_t i = 0; i < both; ++i) {
    if (std::abs(ours[i].distance_meters - theirs[i].distance_meters) >
        Tolerance(ours[i].distance_meters)) {
      return Verdict::kDisagree;
    }
    identical = identical && ours[i].id == theirs[i].id;
  }
  const PeerResults& longer = ours.size() > both ? ours : theirs;
  for (size_t i = both; i < longer.size(); ++i) {
    if (longer[i].distance_meters < radius - Tolerance(radius)) {
      return Verdict::kDisagree;
    }
  }
  return identical ? Verdict::kIdentical : Verdict::kNearTies;
}

std::string Describe(const PeerResults& results) {
  std::vector<std::string> parts;
  for (const PeerResult& r : results) {
    parts.push_back(absl::StrFormat("%s@%.1f", r.id, r.distance_meters));
  }
  return absl::StrCat("[", absl::StrJoin(parts, " "), "]");
}

// A system under comparison: how to ask it one question (for the check)
// and how to load it.
struct System {
  std::string name;
  std::function<absl::StatusOr<PeerResults>(const PeerQuery&)> find;
  // A load of `kind` over `queries`, and what it needs to run.
  std::function<std::unique_ptr<LoadGenerator>(
      QueryKind kind, const std::vector<PeerQuery>& queries)>
      load;
};

// Checks Redis and PostGIS against rxlocator on every kind; false on any
// disagreement.
bool CheckAgreement(const std::vector<System>& systems,
                    const std::vector<std::vector<PeerQuery>>& by_kind) {
  bool all = true;
  for (const std::vector<PeerQuery>& queries : by_kind) {
    if (queries.empty()) continue;
    // Indexed like `systems`; [0], rxlocator's own, stays empty.
    std::vector<int> identical(systems.size()), near(systems.size());
    std::vector<std::vector<std::string>> problems(systems.size());
    for (const PeerQuery& q : queries) {
      const absl::StatusOr<PeerResults> ours = systems[0].find(q);
      for (size_t s = 1; s < systems.size(); ++s) {
        const absl::StatusOr<PeerResults> theirs = systems[s].find(q);
        if (!ours.ok() || !theirs.ok()) {
          problems[s].push_back(std::string(
              (!ours.ok() ? ours.status() : theirs.status()).message()));
          continue;
        }
        switch (Compare(*ours, *theirs, q.radius_meters)) {
          case Verdict::kIdentical:
            ++identical[s];
            break;
          case Verdict::kNearTies:
            ++near[s];
            break;
          case Verdict::kDisagree:
            problems[s].push_back(absl::StrFormat(
                "at %.5f,%.5f rxlocator %s, %s %s", q.latitude, q.longitude,
                Describe(*ours), systems[s].name, Describe(*theirs)));
        }
      }
    }
    std::vector<std::string> line;
    for (size_t s = 1; s < systems.size(); ++s) {
      line.push_back(absl::StrFormat("%s %d/%zu agree (%d up to near-ties)",
                                     systems[s].name, identical[s] + near[s],
                                     queries.size(), near[s]));
      for (size_t e = 0; e < problems[s].size() && e < 3; ++e) {
        std::printf("  disagreement: %s\n", problems[s][e].c_str());
      }
      all = all && problems[s].empty();
    }
    std::printf("check %-16s %s\n",
                std::string(QueryKindName(queries[0].kind)).c_str(),
                absl::StrJoin(line, "; ").c_str());
  }
  return all;
}

// A load on `workers` of `clients` (RedisPeer or PostgisPeer), call i
// asking queries[i % size]; the workers live as long as the load.
template <typename Client>
std::unique_ptr<LoadGenerator> BlockingLoad(
    int workers, std::vector<Client>& clients,
    const std::vector<PeerQuery>& queries) {
  auto calls = std::make_shared<BlockingCalls>(
      workers, [&clients, &queries](int w, int64_t i) {
        return clients[w].Find(queries[i % queries.size()]).status();
      });
  return std::make_unique<LoadGenerator>(
      1, [calls, start = calls->Starter()](int c, int64_t i,
                                           LoadGenerator::Done done) {
        start(c, i, std::move(done));
      });
}

struct Measured {
  LoadResult closed;
  std::vector<std::pair<double, LoadResult>> open;  // By offered rate.
  size_t half = 0;  // open[half] was offered half the closed loop's rate.
  const LoadResult& AtHalf() const { return open[half].second; }
};

Measured Measure(const Flags& flags, LoadGenerator& load) {
  Measured m;
  if (flags.warmup_seconds > 0) {
    load.RunClosedLoop({.concurrency = flags.concurrency,
                        .duration = absl::Seconds(flags.warmup_seconds)});
  }
  m.closed = load.RunClosedLoop({.concurrency = flags.concurrency,
                                 .duration = absl::Seconds(flags.seconds)});
  for (const double fraction : flags.fractions) {
    const double rate = fraction * m.closed.calls_per_second;
    if (fraction == 0.5) m.half = m.open.size();  // Always among them.
    m.open.emplace_back(
        rate, load.RunOpenLoop({.rate_per_second = rate,
                                .duration = absl::Seconds(flags.seconds)}));
  }
  return m;
}

int Run(const Flags& flags) {
  const std::string dir = flags.data_dir + "/";
  for (const char* name :
       {"pharmacies.csv.gz", "networks.csv.gz", "plans.csv.gz", "drugs.csv.gz",
        "stock.csv.gz", "redis.resp.gz", "postgis.sql.gz"}) {
    if (!std::filesystem::exists(dir + name)) {
      std::fprintf(stderr,
                   "rxlocator-peers: no %s%s (write it with "
                   "rxlocator-gen-national --peer_files)\n",
                   dir.c_str(), name);
      return 1;
    }
  }
  // The servers inherit the CPU of the thread that starts them.
  PinTo(flags.server_cpu);
  const absl::Time start = absl::Now();
  ServerProcess server({"--access_log=off",
                        "--pharmacies=native:" + dir + "pharmacies.csv.gz",
                        "--networks=native:" + dir + "networks.csv.gz",
                        "--plans=" + dir + "plans.csv.gz",
                        "--drug_catalog=" + dir + "drugs.csv.gz",
                        "--stock=native:" + dir + "stock.csv.gz"});
  RedisProcess redis;
  PostgresProcess postgres(
      {.settings = {"fsync=off", "synchronous_commit=off",
                    "full_page_writes=off", "jit=off", "shared_buffers=1GB",
                    "maintenance_work_mem=1GB", "max_connections=200"}});
  PinTo(flags.client_cpu);
  if (!redis.running() || !postgres.running()) {
    std::fprintf(
        stderr, "rxlocator-peers: %s\n",
        !redis.running() ? redis.log().c_str() : postgres.log().c_str());
    return 1;
  }
  absl::Status loaded = LoadIntoRedis(dir, redis.port());
  const absl::Duration redis_load = absl::Now() - start;
  loaded.Update(LoadIntoPostgis(dir, postgres.conninfo()));
  const absl::Duration postgis_load = absl::Now() - start;
  if (!loaded.ok() || !server.WaitUntilServing(absl::Minutes(10))) {
    std::fprintf(stderr, "rxlocator-peers: %s\n",
                 loaded.ok() ? server.output().c_str()
                             : std::string(loaded.message()).c_str());
    return 1;
  }
  std::printf(
      "loaded %s (all three at once): redis after %.1f s, postgis after "
      "%.1f s, rxlocator serving after %.1f s; servers on CPU %d, client on "
      "CPU %d\n",
      flags.data_dir.c_str(), absl::ToDoubleSeconds(redis_load),
      absl::ToDoubleSeconds(postgis_load),
      absl::ToDoubleSeconds(absl::Now() - start), flags.server_cpu,
      flags.client_cpu);

  RxlocatorPeer ours(server.address(), 4);
  std::vector<RedisPeer> redis_clients(flags.concurrency + 1);
  std::vector<PostgisPeer> postgis_clients(flags.concurrency + 1);
  for (RedisPeer& c : redis_clients) loaded.Update(c.Connect(redis.port()));
  for (PostgisPeer& c : postgis_clients) {
    loaded.Update(c.Connect(postgres.conninfo()));
  }
  if (!loaded.ok()) {
    std::fprintf(stderr, "rxlocator-peers: %s\n",
                 std::string(loaded.message()).c_str());
    return 1;
  }
  // The requests of the kind being measured: one load runs at a time.
  std::vector<v1::FindPharmaciesRequest> requests;
  const std::vector<System> systems = {
      {"rxlocator", [&](const PeerQuery& q) { return ours.Find(q); },
       [&](QueryKind kind, const std::vector<PeerQuery>& queries) {
         requests.clear();
         if (kind != QueryKind::kNull) {
           for (const PeerQuery& q : queries) {
             requests.push_back(FindRequestFor(q));
           }
         }
         return std::make_unique<LoadGenerator>(
             4, [&](int c, int64_t i, LoadGenerator::Done done) {
               ours.Start(
                   c,
                   requests.empty() ? nullptr : &requests[i % requests.size()],
                   std::move(done));
             });
       }},
      {"redis",
       [&](const PeerQuery& q) { return redis_clients.back().Find(q); },
       [&](QueryKind, const std::vector<PeerQuery>& queries) {
         return BlockingLoad(flags.concurrency, redis_clients, queries);
       }},
      {"postgis",
       [&](const PeerQuery& q) { return postgis_clients.back().Find(q); },
       [&](QueryKind, const std::vector<PeerQuery>& queries) {
         return BlockingLoad(flags.concurrency, postgis_clients, queries);
       }},
  };

  const ZipTable zips = BundledZipTable();
  auto queries_of = [&](QueryKind kind, int count, uint64_t seed,
                        std::optional<absl::Time> open_at) {
    std::vector<PeerQuery> queries;
    for (const ZipInfo& z : RandomOrigins(zips, count, seed)) {
      queries.push_back({.kind = kind,
                         .latitude = z.latitude,
                         .longitude = z.longitude,
                         .plan = flags.plan,
                         .ndc = flags.ndc,
                         .open_at = open_at});
    }
    return queries;
  };
  std::vector<std::vector<PeerQuery>> checks;
  const absl::Time check_at = absl::Now();
  for (const QueryKind kind : kQueryKinds) {
    if (kind == QueryKind::kNull) continue;
    checks.push_back(queries_of(kind, flags.check_queries, 7, check_at));
  }
  const bool agreed = CheckAgreement(systems, checks);

  std::FILE* csv = nullptr;
  if (!flags.csv.empty()) {
    csv = std::fopen(flags.csv.c_str(), "w");
    if (csv == nullptr) {
      std::fprintf(stderr, "rxlocator-peers: cannot write %s\n",
                   flags.csv.c_str());
      return 1;
    }
    std::fprintf(csv,
                 "system,kind,loop,offered_per_second,calls_per_second,p50_us,"
                 "p99_us,p999_us,failed,sent_late\n");
  }
  int64_t failed = 0;
  for (const QueryKind kind : kQueryKinds) {
    const std::string kind_name(QueryKindName(kind));
    const std::vector<PeerQuery> queries =
        queries_of(kind, 4096, 1, std::nullopt);
    std::printf("\n%s\n  %-10s %12s %12s %22s %14s\n", kind_name.c_str(),
                "system", "calls/s", "ours/theirs", "p50 / p99 at half max",
                "p99 ours/theirs");
    std::optional<Measured> baseline;
    for (const System& system : systems) {
      const std::unique_ptr<LoadGenerator> load = system.load(kind, queries);
      const Measured m = Measure(flags, *load);
      if (!baseline) baseline = m;
      const LoadResult& half = m.AtHalf();
      std::printf("  %-10s %12.0f %11.2fx %10.3f / %6.3f ms %13.2fx\n",
                  system.name.c_str(), m.closed.calls_per_second,
                  baseline->closed.calls_per_second / m.closed.calls_per_second,
                  half.p50_us / 1000, half.p99_us / 1000,
                  baseline->AtHalf().p99_us / half.p99_us);
      std::vector<std::pair<std::string, const LoadResult*>> runs = {
          {"closed", &m.closed}};
      for (const auto& [rate, result] : m.open) {
        runs.emplace_back("open", &result);
      }
      for (size_t r = 0; r < runs.size(); ++r) {
        const LoadResult& result = *runs[r].second;
        failed += result.failed();
        if (csv == nullptr) continue;
        std::fprintf(csv, "%s,%s,%s,%.1f,%.1f,%.1f,%.1f,%.1f,%lld,%lld\n",
                     system.name.c_str(), kind_name.c_str(),
                     runs[r].first.c_str(), r == 0 ? 0.0 : m.open[r - 1].first,
                     result.calls_per_second, result.p50_us, result.p99_us,
                     result.p999_us, static_cast<long long>(result.failed()),
                     static_cast<long long>(result.sent_late));
      }
    }
    std::fflush(stdout);
  }
  if (csv != nullptr) std::fclose(csv);
  if (failed > 0) std::printf("\n%lld calls failed\n", (long long)failed);
  if (!agreed) std::printf("\nthe systems disagree: see above\n");
  return agreed && failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace rxlocator

int main(int argc, char** argv) {
  return rxlocator::CommandMain<rxlocator::Flags>(
      argc, argv, "rxlocator-peers", rxlocator::kUsage, rxlocator::ParseFlags,
      rxlocator::Run);
}
