// rxlocator-loadgen: load on a running rxlocator-server over gRPC, closed
// loop (the most it serves) or open loop at a fixed rate (latency without
// coordinated omission; see bench/load_generator.h).
//
//   rxlocator-loadgen --server=localhost:50051 --query=plan_open --closed
//   rxlocator-loadgen --server=localhost:50051 --query=plan_open --rate=5000
//
// Origins are ZIP centroids of the bundled ZIP table, jittered by up to a
// mile, drawn from the seed, so every run asks the same questions.
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/random/random.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "bench/async_calls.h"
#include "bench/bench_data.h"
#include "bench/load_generator.h"
#include "bench/peer_query.h"
#include "bench/rxlocator_peer.h"
#include "grpc_health_v1.grpc.pb.h"
#include "index/plan_key.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "server/command_main.h"
#include "server/proto_mapping.h"

namespace rxlocator {
namespace {

constexpr char kUsage[] = R"(Usage: rxlocator-loadgen [flags]

  --server=HOST:PORT   the server (default localhost:50051)
  --query=KIND         what to ask (default plain):
                         plain            FindPharmacies, 10 nearest
                         plan             ... in the plan's network
                         plan_open        ... and open now
                         plan_open_stock  ... and with the drug in stock
                         urgent           UrgentFill of the drug, 1 unit
                         health           grpc.health.v1 Check: the cost of
                                          a call that does nothing
  --plan=PLAN          BIN:PCN:GROUP or CONTRACT-PLAN[-SEGMENT]
                       (default 610014:ABC:GRP1, a bundled plan)
  --ndc=NDC            the drug (default 00069-1085-30, Paxlovid)
  --closed             closed loop: --concurrency calls always outstanding
  --concurrency=N      (default 64)
  --rate=R             open loop: R calls a second (default 1000)
  --seconds=S          how long (default 10)
  --warmup_seconds=S   a closed-loop warm-up first, not reported (default 1)
  --channels=N         connections to spread calls over (default 4)
  --deadline_ms=N      each call's deadline (default 5000)
  --seed=N             (default 1)
  --help               this text

Prints one line: calls, rate, latency percentiles and failures (by code).
Exits 1 if any call failed.
)";

struct Flags {
  std::string server = "localhost:50051";
  std::string query = "plain";
  std::string plan = "610014:ABC:GRP1";
  std::string ndc = "00069-1085-30";
  bool closed = false;
  int concurrency = 64;
  double rate = 1000;
  double seconds = 10;
  double warmup_seconds = 1;
  int channels = 4;
  int deadline_ms = 5000;
  uint64_t seed = 1;
};

absl::StatusOr<Flags> ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    const std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(argv[i], absl::MaxSplits('=', 1));
    const auto [name, value] = kv;
    bool ok = true;
    if (name == "--server") {
      flags.server = std::string(value);
    } else if (name == "--query") {
      flags.query = std::string(value);
      ok = flags.query == "urgent" || flags.query == "health" ||
           QueryKindNamed(flags.query).value_or(QueryKind::kNull) !=
               QueryKind::kNull;
    } else if (name == "--plan") {
      flags.plan = std::string(value);
      ok = ParsePlanKey(value).ok();
    } else if (name == "--ndc") {
      flags.ndc = std::string(value);
    } else if (name == "--closed") {
      flags.closed = true;
    } else if (name == "--concurrency") {
      ok = absl::SimpleAtoi(value, &flags.concurrency) && flags.concurrency > 0;
    } else if (name == "--rate") {
      ok = absl::SimpleAtod(value, &flags.rate) && flags.rate > 0;
    } else if (name == "--seconds") {
      ok = absl::SimpleAtod(value, &flags.seconds) && flags.seconds > 0;
    } else if (name == "--warmup_seconds") {
      ok = absl::SimpleAtod(value, &flags.warmup_seconds) &&
           flags.warmup_seconds >= 0;
    } else if (name == "--channels") {
      ok = absl::SimpleAtoi(value, &flags.channels) && flags.channels > 0;
    } else if (name == "--deadline_ms") {
      ok = absl::SimpleAtoi(value, &flags.deadline_ms) && flags.deadline_ms > 0;
    } else if (name == "--seed") {
      ok = absl::SimpleAtoi(value, &flags.seed);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag \"", argv[i], "\" (see --help)"));
    }
    if (!ok) {
      return absl::InvalidArgumentError(
          absl::StrCat("bad value for ", name, ": \"", value, "\""));
    }
  }
  return flags;
}

// The requests the load sends, drawn from the seed; call i sends request
// i modulo their number.
struct Requests {
  std::vector<v1::FindPharmaciesRequest> find;
  std::vector<v1::UrgentFillRequest> urgent;
};

Requests MakeRequests(const Flags& flags) {
  Requests requests;
  if (flags.query == "health") return requests;  // It sends no request.
  const ZipTable zips = BundledZipTable();
  std::mt19937_64 bits(flags.seed);
  const v1::Plan plan = PlanToProto(*ParsePlanKey(flags.plan));
  for (int i = 0; i < 10000; ++i) {
    const ZipInfo* zip;
    do {
      zip = &zips.entries()[absl::Uniform<size_t>(bits, 0, zips.size())];
    } while (!zip->has_location);
    // Up to about a mile from the centroid.
    const double lat = zip->latitude + absl::Uniform(bits, -0.015, 0.015);
    const double lng = zip->longitude + absl::Uniform(bits, -0.015, 0.015);
    if (flags.query == "urgent") {
      v1::UrgentFillRequest& r = requests.urgent.emplace_back();
      r.mutable_origin()->mutable_lat_lng()->set_latitude(lat);
      r.mutable_origin()->mutable_lat_lng()->set_longitude(lng);
      *r.mutable_plan() = plan;
      v1::UrgentItem* item = r.add_items();
      item->set_ndc(flags.ndc);
      item->set_quantity(1);
      continue;
    }
    PeerQuery query;
    query.kind = *QueryKindNamed(flags.query);
    query.latitude = lat;
    query.longitude = lng;
    query.plan = flags.plan;
    query.ndc = flags.ndc;
    requests.find.push_back(FindRequestFor(query));
  }
  return requests;
}

int Run(const Flags& flags) {
  const Requests requests = MakeRequests(flags);
  std::vector<std::unique_ptr<v1::PharmacyLocator::Stub>> locators;
  std::vector<std::unique_ptr<grpc::health::v1::Health::Stub>> healths;
  for (int c = 0; c < flags.channels; ++c) {
    const std::shared_ptr<grpc::Channel> channel = OwnConnection(flags.server);
    locators.push_back(v1::PharmacyLocator::NewStub(channel));
    healths.push_back(grpc::health::v1::Health::NewStub(channel));
  }
  const absl::Duration deadline = absl::Milliseconds(flags.deadline_ms);
  AsyncCalls calls;
  LoadGenerator load(flags.channels, [&](int c, int64_t i,
                                         LoadGenerator::Done done) {
    if (flags.query == "health") {
      calls.Start<grpc::health::v1::HealthCheckResponse>(
          [&](auto... a) { return healths[c]->PrepareAsyncCheck(a...); },
          grpc::health::v1::HealthCheckRequest(), deadline, std::move(done));
    } else if (flags.query == "urgent") {
      calls.Start<v1::UrgentFillResponse>(
          [&](auto... a) { return locators[c]->PrepareAsyncUrgentFill(a...); },
          requests.urgent[i % requests.urgent.size()], deadline,
          std::move(done));
    } else {
      calls.Start<v1::FindPharmaciesResponse>(
          [&](auto... a) {
            return locators[c]->PrepareAsyncFindPharmacies(a...);
          },
          requests.find[i % requests.find.size()], deadline, std::move(done));
    }
  });
  if (flags.warmup_seconds > 0) {
    load.RunClosedLoop({.concurrency = flags.concurrency,
                        .duration = absl::Seconds(flags.warmup_seconds)});
  }
  const absl::Duration duration = absl::Seconds(flags.seconds);
  const LoadResult result =
      flags.closed ? load.RunClosedLoop({.concurrency = flags.concurrency,
                                         .duration = duration})
                   : load.RunOpenLoop(
                         {.rate_per_second = flags.rate, .duration = duration});
  std::string failures;
  for (int code = 1; code < static_cast<int>(result.by_code.size()); ++code) {
    if (result.by_code[code] > 0) {
      absl::StrAppendFormat(&failures, " code %d: %d;", code,
                            result.by_code[code]);
    }
  }
  std::printf("%s %s: %s%s\n", flags.query.c_str(),
              flags.closed
                  ? absl::StrCat("closed loop x", flags.concurrency).c_str()
                  : absl::StrFormat("open loop at %.0f/s", flags.rate).c_str(),
              Describe(result).c_str(), failures.c_str());
  return result.failed() > 0 ? 1 : 0;
}

}  // namespace
}  // namespace rxlocator

int main(int argc, char** argv) {
  return rxlocator::CommandMain<rxlocator::Flags>(
      argc, argv, "rxlocator-loadgen", rxlocator::kUsage, rxlocator::ParseFlags,
      rxlocator::Run);
}
