// stock_bench: live stock through the real server binary, against issue 5's
// targets. Starts rxlocator-server on the bundled data, and real
// redis-servers, on free loopback ports, and measures:
//
//   ingest       ReportStock updates/s: N updates in calls of M from C
//                concurrent client streams, each on its own connection;
//                wall time from the first write to the last reply. Every
//                update is a distinct (pharmacy, NDC) pair of the bundled
//                pharmacies, each observed later than the one before, so
//                every one applies, and the replies must say so. Embedded
//                (the server's own store), then through Redis with
//                appendonly yes and appendfsync everysec, then always.
//   baseline     StockStore::Apply in process over the same updates, one
//                thread: what the gRPC ingest is quoted against.
//   propagation  two servers on one Redis: one update at a time through A
//                (a pharmacy's count of a drug, alternately 0 and 10) until
//                B's WatchAvailability stream for that drug near the
//                pharmacy tells of it; from A's reply, and from the send.
//
// Each ingest run is on fresh processes; the configurations take turns for
// R repetitions and the median is reported, with the CPU time each process
// used, since client, servers and Redis share the machine. A plain program,
// not Google Benchmark, because it drives processes. Prints the ratios and
// whether the targets were met. Exits 1 if something did not work (a
// process that did not start, replies that do not account for every update,
// an event that never came), never for a missed target.
//
//   flock /tmp/rx-build.lock build/bench/stock_bench
//   build/bench/stock_bench --quick   # a smoke run of a few seconds
#include <grpcpp/grpcpp.h>
#include <stdlib.h>  // mkstemp
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "bench/percentile.h"
#include "index/snapshot.h"
#include "index/stock.h"
#include "index/stock_store.h"
#include "rxlocator/v1/inventory.grpc.pb.h"
#include "server/data_loading.h"
#include "testing/redis_process.h"
#include "testing/server_process.h"

namespace rxlocator {
namespace {

using Clock = std::chrono::steady_clock;

// Issue 5's targets.
constexpr double kEmbeddedTarget = 200'000;  // Updates/s.
constexpr double kRedisTarget = 100'000;     // Updates/s.
constexpr double kPropagationP99TargetMs = 50;

// The drug of the propagation samples; the ingest's NDCs are 70000dddd01.
constexpr char kWatchedNdc[] = "70001000001";

constexpr char kUsage[] = R"(Usage: stock_bench [flags]

  --updates=N   updates per ingest run (default 200000)
  --batch=M     updates per ReportStock call (default 10000)
  --streams=C   concurrent client streams, one connection each (default 2)
  --samples=K   propagation samples (default 1000)
  --repetitions=R
                ingest runs of each configuration, taking turns; the
                median is reported (default 3)
  --quick       a smoke run: 4000 updates in calls of 500, 40 samples,
                1 repetition
                (flags after it override these)
  --help        this text
)";

struct Options {
  int64_t updates = 200'000;
  int64_t batch = 10'000;
  int64_t streams = 2;
  int64_t samples = 1'000;
  int64_t repetitions = 3;
};

absl::StatusOr<Options> ParseFlags(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (arg == "--help") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    }
    if (arg == "--quick") {
      options = {
          .updates = 4'000, .batch = 500, .samples = 40, .repetitions = 1};
      continue;
    }
    const std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(arg, absl::MaxSplits('=', 1));
    int64_t* value = nullptr;
    if (kv.first == "--updates") value = &options.updates;
    if (kv.first == "--batch") value = &options.batch;
    if (kv.first == "--streams") value = &options.streams;
    if (kv.first == "--samples") value = &options.samples;
    if (kv.first == "--repetitions") value = &options.repetitions;
    if (value == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag ", arg));
    }
    if (!absl::SimpleAtoi(kv.second, value) || *value <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(kv.first, " must be a positive number, got ", arg));
    }
  }
  return options;
}

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

double Millis(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// Progress, as the run goes.
template <typename... Args>
void Log(const absl::FormatSpec<Args...>& format, const Args&... args) {
  std::printf("%s\n", absl::StrFormat(format, args...).c_str());
  std::fflush(stdout);
}

// The CPU time, user and system, that process `pid` has used so far; zero
// if it cannot be read.
absl::Duration CpuTime(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  const std::string stat(std::istreambuf_iterator<char>(in), {});
  // The fields after the command, which is in parentheses and may hold
  // spaces: state (field 3 of proc(5)) first, utime and stime 14 and 15.
  const size_t command_end = stat.rfind(')');
  if (command_end == std::string::npos) return absl::ZeroDuration();
  const std::vector<absl::string_view> fields =
      absl::StrSplit(absl::string_view(stat).substr(command_end + 2), ' ');
  int64_t utime = 0, stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtoi(fields[11], &utime) ||
      !absl::SimpleAtoi(fields[12], &stime)) {
    return absl::ZeroDuration();
  }
  return absl::Seconds(static_cast<double>(utime + stime) /
                       sysconf(_SC_CLK_TCK));
}

// A process whose CPU time a run reports.
struct Process {
  const char* name;
  pid_t pid;
};

void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t micros = absl::ToUnixMicros(t);
  out->set_seconds(micros / 1'000'000);
  out->set_nanos(static_cast<int32_t>(micros % 1'000'000) * 1000);
}

// The ingest's updates, as observations (for the baseline) and as messages.
struct Workload {
  std::vector<StockObservation> observations;
  std::vector<v1::StockUpdate> updates;
  size_t pharmacies = 0;
  size_t ndcs = 0;
};

// `n` updates over every pharmacy of `snapshot`, pharmacy by pharmacy as a
// feed would send them, each pharmacy's NDCs together: as few NDCs as make
// `n` distinct pairs. Update i is observed at `start` + i microseconds.
Workload MakeWorkload(const Snapshot& snapshot, int64_t n, absl::Time start) {
  Workload w;
  w.pharmacies = snapshot.pharmacies().size();
  w.ndcs = (n + w.pharmacies - 1) / w.pharmacies;
  w.observations.reserve(n);
  w.updates.reserve(n);
  for (int64_t i = 0; i < n; ++i) {
    StockObservation o{.pharmacy_id = snapshot.pharmacy(i / w.ndcs).id,
                       .ndc = absl::StrFormat("70000%04d01", i % w.ndcs),
                       .level = {.quantity = i % 50,
                                 .observed_at = start + absl::Microseconds(i),
                                 .source = "stock_bench"}};
    v1::StockUpdate& u = w.updates.emplace_back();
    u.set_pharmacy_id(o.pharmacy_id);
    u.set_ndc(o.ndc);
    u.set_quantity(o.level.quantity);
    SetTimestamp(o.level.observed_at, u.mutable_observed_at());
    u.set_source(o.level.source);
    w.observations.push_back(std::move(o));
  }
  return w;
}

// StockStore::Apply's rate in updates/s, one thread, each time on a fresh
// store: the median of 5 runs.
absl::StatusOr<double> ApplyRate(
    const std::vector<StockObservation>& observations) {
  std::vector<double> rates;
  for (int run = 0; run < 5; ++run) {
    StockStore store;
    size_t applied = 0;
    const Clock::time_point start = Clock::now();
    for (const StockObservation& o : observations) {
      applied += store.Apply(o) == StockStore::Outcome::kApplied;
    }
    rates.push_back(observations.size() / Seconds(Clock::now() - start));
    if (applied != observations.size()) {
      return absl::InternalError(absl::StrCat("StockStore applied ", applied,
                                              " of ", observations.size()));
    }
  }
  return Percentile(rates, 0.5);
}

absl::StatusOr<std::unique_ptr<ServerProcess>> StartServer(
    std::vector<std::string> args) {
  auto server = std::make_unique<ServerProcess>(args);
  if (!server->WaitUntilServing()) {
    return absl::UnavailableError(
        absl::StrCat("rxlocator-server did not start:\n", server->output()));
  }
  return server;
}

// A stub on a connection of its own: separate feeds do not share one.
absl::StatusOr<std::unique_ptr<v1::Inventory::Stub>> ConnectInventory(
    const ServerProcess& server) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  std::shared_ptr<grpc::Channel> channel = grpc::CreateCustomChannel(
      server.address(), grpc::InsecureChannelCredentials(), args);
  if (!channel->WaitForConnected(
          absl::ToChronoTime(absl::Now() + absl::Seconds(10)))) {
    return absl::UnavailableError(
        absl::StrCat("cannot connect to ", server.address()));
  }
  return v1::Inventory::NewStub(channel);
}

// One ReportStock call of `updates`.
grpc::Status Report(v1::Inventory::Stub& stub,
                    absl::Span<const v1::StockUpdate> updates,
                    v1::ReportStockResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Minutes(5)));
  std::unique_ptr<grpc::ClientWriter<v1::StockUpdate>> writer =
      stub.ReportStock(&context, response);
  for (const v1::StockUpdate& u : updates) {
    if (!writer->Write(u)) break;  // Finish says why.
  }
  writer->WritesDone();
  return writer->Finish();
}

// ReportStock's rate in updates/s: `updates` in calls of options.batch from
// options.streams threads, each taking the next call's updates in turn.
// An error unless the replies say that every update was applied. Logs the
// CPU time each of `processes` (and this one) used meanwhile.
absl::StatusOr<double> Ingest(const ServerProcess& server,
                              const std::vector<v1::StockUpdate>& updates,
                              const Options& options,
                              std::vector<Process> processes) {
  std::vector<std::unique_ptr<v1::Inventory::Stub>> stubs;
  for (int s = 0; s < options.streams; ++s) {
    absl::StatusOr<std::unique_ptr<v1::Inventory::Stub>> stub =
        ConnectInventory(server);
    if (!stub.ok()) return stub.status();
    stubs.push_back(*std::move(stub));
  }
  processes.push_back({"stock_bench", getpid()});
  std::vector<absl::Duration> cpu;
  for (const Process& p : processes) cpu.push_back(CpuTime(p.pid));
  const int64_t n = updates.size();
  const int64_t calls = (n + options.batch - 1) / options.batch;
  std::atomic<int64_t> next_call{0};
  absl::Mutex mu;
  v1::ReportStockResponse total;
  absl::Status status;
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> streams;
  for (auto& stub : stubs) {
    streams.emplace_back([&, stub = stub.get()] {
      for (int64_t call; (call = next_call++) < calls;) {
        const int64_t begin = call * options.batch;
        const int64_t end = std::min(n, begin + options.batch);
        v1::ReportStockResponse response;
        const grpc::Status s = Report(
            *stub, absl::MakeConstSpan(updates).subspan(begin, end - begin),
            &response);
        absl::MutexLock lock(&mu);
        if (!s.ok() && status.ok()) {
          status = absl::UnavailableError(
              absl::StrCat("ReportStock failed: ", s.error_message(), "\n",
                           server.output()));
        }
        total.set_received(total.received() + response.received());
        total.set_applied(total.applied() + response.applied());
        total.set_stale(total.stale() + response.stale());
        total.set_rejected(total.rejected() + response.rejected());
        if (total.rejections().empty() && !response.rejections().empty()) {
          *total.mutable_rejections() = response.rejections();
        }
      }
    });
  }
  for (std::thread& t : streams) t.join();
  const double seconds = Seconds(Clock::now() - start);
  if (!status.ok()) return status;
  if (total.received() != n || total.applied() != n || total.stale() != 0 ||
      total.rejected() != 0) {
    return absl::InternalError(absl::StrCat(
        "the replies do not account for the ", n, " updates: received ",
        total.received(), ", applied ", total.applied(), ", stale ",
        total.stale(), ", rejected ", total.rejected(),
        total.rejections().empty()
            ? ""
            : absl::StrCat(" (first: ", total.rejections(0).reason(), ")")));
  }
  std::string used;
  for (size_t i = 0; i < processes.size(); ++i) {
    absl::StrAppendFormat(
        &used, "%s %s %.2f s", i == 0 ? "" : ",", processes[i].name,
        absl::ToDoubleSeconds(CpuTime(processes[i].pid) - cpu[i]));
  }
  Log("  %d updates in %.3f s, every one applied; CPU time:%s", n, seconds,
      used);
  return n / seconds;
}

// The events of a WatchAvailability stream, each with when it arrived, read
// on a thread of their own.
class EventReader {
 public:
  EventReader(v1::Inventory::Stub& stub,
              const v1::WatchAvailabilityRequest& request)
      : reader_(stub.WatchAvailability(&context_, request)), thread_([this] {
          v1::AvailabilityEvent event;
          while (reader_->Read(&event)) {
            const Clock::time_point arrived = Clock::now();
            absl::MutexLock lock(&mu_);
            events_.push_back({std::move(event), arrived});
          }
          absl::MutexLock lock(&mu_);
          ended_ = true;
        }) {}
  ~EventReader() {
    context_.TryCancel();
    thread_.join();
    reader_->Finish().IgnoreError();
  }

  // When an event of `kind` about a count observed at `observed` arrived
  // (others are dropped); nullopt if none came within `timeout` or the
  // stream ended.
  std::optional<Clock::time_point> Await(
      v1::AvailabilityEvent::Kind kind,
      const google::protobuf::Timestamp& observed, absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    const absl::Time deadline = absl::Now() + timeout;
    for (;;) {
      auto ready = [this] { return !events_.empty() || ended_; };
      if (!mu_.AwaitWithDeadline(absl::Condition(&ready), deadline)) {
        return std::nullopt;
      }
      if (events_.empty()) return std::nullopt;  // Ended.
      const auto [event, arrived] = std::move(events_.front());
      events_.pop_front();
      const google::protobuf::Timestamp& at = event.stock().observed_at();
      if (event.kind() == kind && at.seconds() == observed.seconds() &&
          at.nanos() == observed.nanos()) {
        return arrived;
      }
    }
  }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::AvailabilityEvent>> reader_;
  absl::Mutex mu_;
  std::deque<std::pair<v1::AvailabilityEvent, Clock::time_point>> events_
      ABSL_GUARDED_BY(mu_);
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

// Propagation latencies in milliseconds.
struct Latencies {
  std::vector<double> from_reply;  // B's event minus A's reply.
  std::vector<double> from_send;   // B's event minus the start of the call.
};

// `samples` updates of `pharmacy`'s count of kWatchedNdc through `a`, one
// at a time, each timed until `b`'s watch tells of it.
absl::StatusOr<Latencies> Propagation(const ServerProcess& a,
                                      const ServerProcess& b,
                                      const Pharmacy& pharmacy,
                                      int64_t samples) {
  absl::StatusOr<std::unique_ptr<v1::Inventory::Stub>> through_a =
      ConnectInventory(a);
  if (!through_a.ok()) return through_a.status();
  absl::StatusOr<std::unique_ptr<v1::Inventory::Stub>> through_b =
      ConnectInventory(b);
  if (!through_b.ok()) return through_b.status();
  v1::WatchAvailabilityRequest watch;
  watch.set_ndc(kWatchedNdc);
  watch.mutable_origin()->mutable_lat_lng()->set_latitude(pharmacy.latitude);
  watch.mutable_origin()->mutable_lat_lng()->set_longitude(pharmacy.longitude);
  watch.set_radius_meters(1000);
  EventReader events(**through_b, watch);

  absl::Time last_observed = absl::InfinitePast();
  // Sets the count to `quantity` through A; when B tells of it, or an error.
  auto update =
      [&](int64_t quantity, Clock::time_point* sent,
          Clock::time_point* replied) -> absl::StatusOr<Clock::time_point> {
    // Each newer than the last, to the microsecond the server keeps.
    last_observed =
        std::max(absl::Now(), last_observed + absl::Microseconds(1));
    last_observed = absl::FromUnixMicros(absl::ToUnixMicros(last_observed));
    v1::StockUpdate u;
    u.set_pharmacy_id(pharmacy.id);
    u.set_ndc(kWatchedNdc);
    u.set_quantity(quantity);
    SetTimestamp(last_observed, u.mutable_observed_at());
    v1::ReportStockResponse response;
    *sent = Clock::now();
    const grpc::Status s = Report(**through_a, {u}, &response);
    *replied = Clock::now();
    if (!s.ok() || response.applied() != 1) {
      return absl::InternalError(
          absl::StrCat("ReportStock through A: ", s.error_message(),
                       response.ShortDebugString()));
    }
    std::optional<Clock::time_point> arrived =
        events.Await(quantity > 0 ? v1::AvailabilityEvent::AVAILABLE
                                  : v1::AvailabilityEvent::RAN_OUT,
                     u.observed_at(), absl::Seconds(10));
    if (!arrived) {
      return absl::DeadlineExceededError(absl::StrCat(
          "B's watch never told of count ", quantity, " at ", pharmacy.id,
          "\nA:\n", a.output(), "\nB:\n", b.output()));
    }
    return *arrived;
  };

  Clock::time_point sent, replied;
  // Whether the watch is registered before or after B applies this, the
  // stream tells of it.
  absl::StatusOr<Clock::time_point> first = update(10, &sent, &replied);
  if (!first.ok()) return first.status();
  Latencies latencies;
  for (int64_t i = 0; i < samples; ++i) {
    absl::StatusOr<Clock::time_point> arrived =
        update(i % 2 == 0 ? 0 : 10, &sent, &replied);
    if (!arrived.ok()) return arrived.status();
    latencies.from_reply.push_back(Millis(*arrived - replied));
    latencies.from_send.push_back(Millis(*arrived - sent));
  }
  return latencies;
}

// A native stock file with no rows, removed when this goes.
class EmptyStockFile {
 public:
  EmptyStockFile() {
    const char* tmp = std::getenv("TMPDIR");
    path_ =
        absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/rx-stock-bench-XXXXXX");
    const int fd = mkstemp(path_.data());
    if (fd < 0) return;
    constexpr absl::string_view kHeader = "pharmacy,ndc,quantity,observed_at\n";
    ok_ = write(fd, kHeader.data(), kHeader.size()) ==
          static_cast<ssize_t>(kHeader.size());
    close(fd);
  }
  ~EmptyStockFile() { unlink(path_.c_str()); }
  bool ok() const { return ok_; }
  std::string flag() const { return "--stock=native:" + path_; }

 private:
  std::string path_;
  bool ok_ = false;
};

// An ingest configuration's rates (updates/s), one per repetition.
struct Rates {
  std::vector<double> runs;
  double median() const {
    std::vector<double> sorted = runs;
    return Percentile(sorted, 0.5);
  }
  // "  (runs A to B)", or nothing for one run.
  std::string spread() const {
    if (runs.size() < 2) return "";
    const auto [min, max] = std::minmax_element(runs.begin(), runs.end());
    return absl::StrFormat("  (runs %.0f to %.0f)", *min, *max);
  }
};

struct RedisRun {
  const char* appendfsync;
  Rates ingest;
  Latencies propagation;
};

struct Results {
  double apply = 0;  // Updates/s.
  Rates embedded;
  std::vector<RedisRun> redis;
};

const char* Verdict(bool met) { return met ? "met" : "MISSED"; }

void PrintLatencies(const char* label, std::vector<double> ms) {
  const double p99 = Percentile(ms, 0.99);
  absl::PrintF(
      "  %-16s p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %6.2f ms  "
      "(target p99 <= %.0f ms: %s)\n",
      label, Percentile(ms, 0.5), Percentile(ms, 0.9), p99, ms.back(),
      kPropagationP99TargetMs, Verdict(p99 <= kPropagationP99TargetMs));
}

void PrintSummary(const Options& options, const Workload& w, const Results& r) {
  absl::PrintF(
      "\n%d updates over %d pharmacies x %d NDCs, in ReportStock calls of %d "
      "from %d streams; %s\n",
      w.updates.size(), w.pharmacies, w.ndcs, options.batch, options.streams,
      options.repetitions == 1
          ? "one run"
          : absl::StrCat("medians of ", options.repetitions, " runs"));
  if (options.updates < 100'000) {
    absl::PrintF("(a short run: too short to judge the ingest targets)\n");
  }
  absl::PrintF("%-40s %8.0f updates/s  1x\n",
               "StockStore::Apply, in process, 1 thread", r.apply);
  const double embedded = r.embedded.median();
  absl::PrintF("%-40s %8.0f updates/s  %.3fx Apply  (target >= %.0f/s: %s)%s\n",
               "ReportStock, embedded", embedded, embedded / r.apply,
               kEmbeddedTarget, Verdict(embedded >= kEmbeddedTarget),
               r.embedded.spread());
  for (const RedisRun& run : r.redis) {
    const double rate = run.ingest.median();
    absl::PrintF(
        "%-40s %8.0f updates/s  %.2fx embedded  (target >= %.0f/s: %s)%s\n",
        absl::StrCat("ReportStock, Redis appendfsync ", run.appendfsync), rate,
        rate / embedded, kRedisTarget, Verdict(rate >= kRedisTarget),
        run.ingest.spread());
  }
  for (const RedisRun& run : r.redis) {
    absl::PrintF("Propagation A -> B, Redis appendfsync %s, %d samples:\n",
                 run.appendfsync, run.propagation.from_reply.size());
    PrintLatencies("from A's reply:", run.propagation.from_reply);
    PrintLatencies("from the send:", run.propagation.from_send);
  }
}

// The same workload (every update applies again: each server starts on
// a fresh store, or a fresh Redis).
struct Setup {
  const Workload& workload;
  const Options& options;
  const Pharmacy& watched;  // For the propagation samples.
  std::string no_stock;     // The --stock flag.
};

absl::StatusOr<double> IngestEmbedded(const Setup& setup) {
  Log("ReportStock, embedded");
  absl::StatusOr<std::unique_ptr<ServerProcess>> server =
      StartServer({setup.no_stock});
  if (!server.ok()) return server.status();
  return Ingest(**server, setup.workload.updates, setup.options,
                {{"rxlocator-server", (*server)->pid()}});
}

// Ingest through server A on a fresh Redis; then, if `propagation`, the
// propagation samples from A to a server B on the same Redis.
absl::Status IngestRedis(const Setup& setup, bool propagation, RedisRun& run) {
  RedisProcess redis({.appendonly = true, .appendfsync = run.appendfsync});
  if (!redis.running()) {
    return absl::UnavailableError(
        absl::StrCat("redis-server did not start:\n", redis.log()));
  }
  const std::string redis_flag =
      absl::StrCat("--redis=127.0.0.1:", redis.port());
  Log("ReportStock, Redis appendfsync %s", run.appendfsync);
  absl::StatusOr<std::unique_ptr<ServerProcess>> a =
      StartServer({setup.no_stock, redis_flag});
  if (!a.ok()) return a.status();
  absl::StatusOr<double> rate = Ingest(
      **a, setup.workload.updates, setup.options,
      {{"rxlocator-server", (*a)->pid()}, {"redis-server", redis.pid()}});
  if (!rate.ok()) return rate.status();
  run.ingest.runs.push_back(*rate);
  if (!propagation) return absl::OkStatus();

  // B starts after the ingest, so that it does not compete with it; it
  // loads the ingested stock from Redis before it serves.
  Log("Propagation, Redis appendfsync %s", run.appendfsync);
  absl::StatusOr<std::unique_ptr<ServerProcess>> b =
      StartServer({setup.no_stock, redis_flag});
  if (!b.ok()) return b.status();
  absl::StatusOr<Latencies> latencies =
      Propagation(**a, **b, setup.watched, setup.options.samples);
  if (!latencies.ok()) return latencies.status();
  run.propagation = *std::move(latencies);
  return absl::OkStatus();
}

absl::Status Run(const Options& options) {
  absl::StatusOr<LoadedData> loaded =
      LoadSnapshot(BundledData(RXLOCATOR_DATA_DIR));
  if (!loaded.ok()) return loaded.status();
  const Snapshot& snapshot = *loaded->snapshot;
  const Workload workload =
      MakeWorkload(snapshot, options.updates, absl::Now() - absl::Hours(1));
  const EmptyStockFile no_stock;
  if (!no_stock.ok()) return absl::InternalError("cannot write a stock file");
  const Setup setup{workload, options, snapshot.pharmacy(0), no_stock.flag()};
  Results results;
  results.redis = {{"everysec"}, {"always"}};

  Log("StockStore::Apply in process");
  absl::StatusOr<double> apply = ApplyRate(workload.observations);
  if (!apply.ok()) return apply.status();
  results.apply = *apply;

  // The configurations take turns, so that the machine's drift touches
  // them alike.
  for (int64_t repetition = 0; repetition < options.repetitions; ++repetition) {
    Log("Run %d of %d", repetition + 1, options.repetitions);
    absl::StatusOr<double> embedded = IngestEmbedded(setup);
    if (!embedded.ok()) return embedded.status();
    results.embedded.runs.push_back(*embedded);
    for (RedisRun& run : results.redis) {
      absl::Status status = IngestRedis(setup, repetition == 0, run);
      if (!status.ok()) return status;
    }
  }

  PrintSummary(options, workload, results);
  return absl::OkStatus();
}

}  // namespace
}  // namespace rxlocator

int main(int argc, char** argv) {
  // As the server does: Debian's abseil checks every lock for deadlocks.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::StatusOr<rxlocator::Options> options =
      rxlocator::ParseFlags(argc, argv);
  if (!options.ok()) {
    std::fprintf(stderr, "stock_bench: %s\n%s",
                 std::string(options.status().message()).c_str(),
                 rxlocator::kUsage);
    return 2;
  }
  const absl::Status status = rxlocator::Run(*options);
  if (!status.ok()) {
    std::fprintf(stderr, "stock_bench: %s\n",
                 std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}
