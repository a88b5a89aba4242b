// rxlocator-soak: minutes of mixed load on two replicas sharing stock
// through a real Redis, with faults injected on a schedule; then a check
// that nothing acknowledged was lost.
//
// It starts redis-server (appendonly yes, appendfsync always) behind a
// latency proxy and two rxlocator-server replicas on the bundled data that
// reach Redis through the proxy (bench/soak_cluster.h). Stock feeds send
// ReportStock batches to the replicas in turn, each update a distinct
// (pharmacy, NDC) with a known count, and send a batch again with backoff
// until it is acknowledged; readers call FindPharmacies, GetStock,
// UrgentFill, GetPharmacy and LocateForIvr with deadlines, and a
// WatchAvailability stream stays open on each replica
// (bench/soak_load.h). Meanwhile Redis is killed and restarted, slowed,
// paused, and the replicas are reloaded (SIGHUP and Admin.Reload) and
// restarted (bench/soak_faults.h). At the end both replicas must hold every
// acknowledged update, with its count and time.
//
// A failed call counts against the run unless it was routed to a replica
// that was known to be stopping (the load moves to the other one), or it is
// ReportStock's UNAVAILABLE while Redis is down (the API tells feeds to
// retry it). Exits 1 if any update was lost, any counted call failed or a
// fault could not be injected; 2 on bad flags.
//
//   build/bench/rxlocator-soak                 # 10 minutes
//   build/bench/rxlocator-soak --seconds=20    # the ctest smoke run
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/soak_cluster.h"
#include "bench/soak_faults.h"
#include "bench/soak_load.h"
#include "bench/soak_tally.h"
#include "server/command_main.h"

namespace rxlocator {
namespace {

constexpr char kUsage[] = R"(Usage: rxlocator-soak [flags]

  --minutes=N   how long the load runs (default 10)
  --seconds=N   the same in seconds, for short runs
  --seed=S      the fault schedule and the load's choices (default 1)
  --readers=R   reader threads (default 4)
  --feeds=F     stock feeds (default 2)
  --help        this text

Starts redis-server, a latency proxy and two rxlocator-server replicas on
free loopback ports; needs redis-server on the PATH. Prints each fault as
it is injected, progress every 30 s, then a summary. Exits 1 if an
acknowledged update was lost, a call failed that nothing excuses, or a
fault could not be injected.
)";

// How long both replicas may take to hold every acknowledged update once
// the load has stopped.
constexpr absl::Duration kConvergenceBound = absl::Seconds(60);
constexpr absl::Duration kProgressEvery = absl::Seconds(30);

struct Options {
  absl::Duration run = absl::Minutes(10);
  uint64_t seed = 1;
  int readers = 4;
  int feeds = 2;
};

absl::StatusOr<Options> ParseFlags(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(argv[i], absl::MaxSplits('=', 1));
    int64_t value = 0;
    if (!absl::SimpleAtoi(kv.second, &value) || value < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "expected --flag=N with N a whole number, got ", argv[i]));
    }
    if (kv.first == "--minutes" && value > 0) {
      options.run = absl::Minutes(value);
    } else if (kv.first == "--seconds" && value > 0) {
      options.run = absl::Seconds(value);
    } else if (kv.first == "--seed") {
      options.seed = value;
    } else if (kv.first == "--readers" && value <= 64) {
      options.readers = value;
    } else if (kv.first == "--feeds" && value > 0 && value <= 64) {
      options.feeds = value;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag or value out of range: ", argv[i]));
    }
  }
  return options;
}

// A line of progress, stamped with the time since `start`.
void Say(absl::Time start, const std::string& line) {
  absl::PrintF("[%7.1fs] %s\n", absl::ToDoubleSeconds(absl::Now() - start),
               line.c_str());
  std::fflush(stdout);
}

int64_t Acknowledged(const std::vector<std::unique_ptr<Feed>>& feeds) {
  int64_t n = 0;
  for (const auto& feed : feeds) n += feed->acknowledged();
  return n;
}

int Run(const Options& options) {
  absl::PrintF("rxlocator-soak: %.0f s, seed %d, %d readers, %d feeds\n",
               absl::ToDoubleSeconds(options.run), options.seed,
               options.readers, options.feeds);
  absl::StatusOr<SoakData> data = SoakData::Load(options.seed);
  if (!data.ok()) {
    absl::FPrintF(stderr, "rxlocator-soak: cannot load the bundled data: %s\n",
                  std::string(data.status().message()).c_str());
    return 1;
  }
  SoakCluster cluster;
  if (absl::Status started = cluster.Start(); !started.ok()) {
    absl::FPrintF(stderr, "rxlocator-soak: %s\n",
                  std::string(started.message()).c_str());
    return 1;
  }
  const std::vector<Fault> schedule = FaultSchedule(options.run, options.seed);
  absl::PrintF("Fault schedule (%d):\n", schedule.size());
  for (const Fault& fault : schedule) {
    absl::PrintF("  at %6.1fs  %s\n", absl::ToDoubleSeconds(fault.at),
                 Describe(fault).c_str());
  }

  Tally tally;
  FaultPhases phases;
  const absl::Time start = absl::Now();
  Caller caller(&cluster, &tally, &phases, start);
  std::atomic<bool> stop{false};
  std::vector<std::unique_ptr<Feed>> feeds;
  std::vector<const Feed*> feed_list;
  for (int f = 0; f < options.feeds; ++f) {
    feeds.push_back(std::make_unique<Feed>(f, &*data, &caller, options.seed));
    feed_list.push_back(feeds.back().get());
  }
  std::vector<std::unique_ptr<Watcher>> watchers;
  for (int r = 0; r < SoakCluster::kReplicas; ++r) {
    watchers.push_back(std::make_unique<Watcher>(r, &*data, feeds[0].get(),
                                                 &caller, options.seed));
  }
  std::vector<std::thread> threads;
  for (auto& feed : feeds) {
    threads.emplace_back([&stop, feed = feed.get()] { feed->Run(stop); });
  }
  for (int r = 0; r < options.readers; ++r) {
    threads.emplace_back([&, r] {
      RunReader(r, *data, feed_list, &caller, options.seed, stop);
    });
  }
  for (auto& watcher : watchers) {
    threads.emplace_back([watcher = watcher.get()] { watcher->Run(); });
  }
  Say(start, "load started");

  // Faults in order, each at its time or as soon as the one before has
  // finished; progress in between.
  absl::Time next_progress = start + kProgressEvery;
  const auto wait_until = [&](absl::Time until) {
    while (absl::Now() < until) {
      absl::SleepFor(std::min(until, next_progress) - absl::Now());
      if (absl::Now() >= next_progress) {
        Say(start,
            absl::StrFormat("%d calls, %d failed, %d reads marked stale, %d "
                            "updates acknowledged",
                            tally.calls(), tally.failed(), tally.stale_reads(),
                            Acknowledged(feeds)));
        next_progress += kProgressEvery;
      }
    }
  };
  FaultInjector injector(&caller);
  std::vector<std::pair<Fault, FaultReport>> reports;
  for (size_t i = 0; i < schedule.size(); ++i) {
    const Fault& fault = schedule[i];
    wait_until(start + fault.at);
    Say(start, absl::StrFormat("fault %d of %d: %s", i + 1, schedule.size(),
                               Describe(fault)));
    const FaultReport report = injector.Inject(fault);
    Say(start, absl::StrCat(report.ok ? "  undone: " : "  NOT UNDONE: ",
                            report.detail));
    reports.emplace_back(fault, report);
  }
  wait_until(start + options.run);
  stop = true;
  for (auto& watcher : watchers) watcher->Stop();
  for (std::thread& t : threads) t.join();
  const absl::Duration ran = absl::Now() - start;
  Say(start, absl::StrFormat("load stopped; checking %d acknowledged updates "
                             "on both replicas",
                             Acknowledged(feeds)));
  const CheckResult check =
      CheckAcknowledged(cluster, *data, feed_list, kConvergenceBound);

  // The summary.
  absl::PrintF("\n== Summary ==\n");
  absl::PrintF(
      "Ran %.1f s: seed %d, %d readers, %d feeds, a watch on each "
      "replica\n",
      absl::ToDoubleSeconds(ran), options.seed, options.readers, options.feeds);
  int faults_not_undone = 0;
  absl::PrintF("Faults injected: %d\n", reports.size());
  for (const auto& [fault, report] : reports) {
    faults_not_undone += !report.ok;
    absl::PrintF("  %6.1fs-%6.1fs %s%s: %s\n",
                 absl::ToDoubleSeconds(report.began),
                 absl::ToDoubleSeconds(report.ended), Describe(fault).c_str(),
                 report.ok ? "" : " (NOT UNDONE)", report.detail.c_str());
  }
  absl::PrintF("\n");
  tally.Print(stdout);
  int64_t events = 0;
  for (const auto& watcher : watchers) events += watcher->events();
  int64_t retried = 0;
  for (const auto& feed : feeds) retried += feed->retried_calls();
  absl::PrintF("\nWatch events received: %d\n", events);
  absl::PrintF(
      "Updates: %d acknowledged, %d ReportStock calls sent again, %d lost "
      "(missing on replica A: %d, on replica B: %d; both checked within "
      "%.1f s of the load's end)\n",
      check.acknowledged, retried, check.lost, check.missing[0],
      check.missing[1], absl::ToDoubleSeconds(check.waited));
  for (const std::string& example : check.examples) {
    absl::PrintF("  lost: %s\n", example.c_str());
  }
  for (const std::string& error : check.errors) {
    absl::PrintF("  check failed: %s\n", error.c_str());
  }

  std::vector<std::string> reasons;
  if (check.lost > 0) {
    reasons.push_back(absl::StrCat(check.lost, " acknowledged updates lost"));
  }
  if (tally.failed() > 0) {
    reasons.push_back(absl::StrCat(tally.failed(), " calls failed"));
  }
  if (faults_not_undone > 0) {
    reasons.push_back(absl::StrCat(faults_not_undone, " faults not undone"));
  }
  if (check.acknowledged == 0) reasons.push_back("no update acknowledged");
  if (reasons.empty()) {
    absl::PrintF("\nPASS\n");
    return 0;
  }
  absl::PrintF("\nFAIL: %s\n", absl::StrJoin(reasons, "; ").c_str());
  return 1;
}

}  // namespace
}  // namespace rxlocator

int main(int argc, char** argv) {
  // As the server does: Debian's abseil checks every lock for deadlocks.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  return rxlocator::CommandMain<rxlocator::Options>(
      argc, argv, "rxlocator-soak", rxlocator::kUsage, rxlocator::ParseFlags,
      rxlocator::Run);
}
