#include "bench/soak_faults.h"

#include <signal.h>

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace rxlocator {
namespace {

constexpr absl::Duration kSlot = absl::Seconds(30);
constexpr absl::Duration kSlowDelay = absl::Milliseconds(200);
// How long recovery may take before the fault counts as not undone.
constexpr absl::Duration kRecoveryBound = absl::Seconds(60);
constexpr absl::Duration kReloadDeadline = absl::Seconds(60);

std::string Seconds(absl::Duration d) {
  return absl::StrFormat("%.2fs", absl::ToDoubleSeconds(d));
}

}  // namespace

std::vector<Fault> FaultSchedule(absl::Duration run, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const absl::Duration begin = std::max(absl::Seconds(2), run / 10);
  const absl::Duration end = run * 0.85;
  const int slots = std::max<int64_t>(kFaultKinds, (end - begin) / kSlot);
  const absl::Duration slot = (end - begin) / slots;
  std::vector<FaultKind> kinds;
  while (kinds.size() < static_cast<size_t>(slots)) {
    std::vector<FaultKind> round;
    for (int k = 0; k < kFaultKinds; ++k) {
      round.push_back(static_cast<FaultKind>(k));
    }
    std::shuffle(round.begin(), round.end(), rng);
    kinds.insert(kinds.end(), round.begin(), round.end());
  }
  std::vector<Fault> faults;
  for (int i = 0; i < slots; ++i) {
    Fault fault{.kind = kinds[i]};
    const int64_t jitter_ms = absl::ToInt64Milliseconds(slot / 4);
    fault.at = begin + i * slot +
               absl::Milliseconds(
                   std::uniform_int_distribution<int64_t>(0, jitter_ms)(rng));
    fault.replica = std::uniform_int_distribution<int>(0, 1)(rng);
    switch (fault.kind) {
      case FaultKind::kRedisKill:
        fault.length = std::min(absl::Seconds(1), slot * 0.3);
        break;
      case FaultKind::kRedisSlow:
        fault.length = std::min(absl::Seconds(10), slot / 2);
        break;
      case FaultKind::kRedisPause:
        fault.length = std::min(absl::Seconds(2), slot * 0.4);
        break;
      default:
        break;
    }
    faults.push_back(fault);
  }
  return faults;
}

std::string Describe(const Fault& fault) {
  const char replica = static_cast<char>('A' + fault.replica);
  switch (fault.kind) {
    case FaultKind::kRedisKill:
      return absl::StrCat("redis SIGKILL, restarted after ",
                          Seconds(fault.length));
    case FaultKind::kRedisSlow:
      return absl::StrCat("redis slowed ",
                          absl::ToInt64Milliseconds(kSlowDelay),
                          " ms each way for ", Seconds(fault.length));
    case FaultKind::kRedisPause:
      return absl::StrCat("redis paused (SIGSTOP) for ", Seconds(fault.length));
    case FaultKind::kSighupReload:
      return absl::StrCat("SIGHUP reload of replica ", std::string(1, replica));
    case FaultKind::kAdminReload:
      return absl::StrCat("Admin.Reload of replica ", std::string(1, replica));
    case FaultKind::kReplicaRestart:
      return absl::StrCat("replica ", std::string(1, replica),
                          " restarted (SIGTERM)");
  }
  return "?";
}

absl::StatusOr<v1::GetStatsResponse> FaultInjector::Stats(int replica) {
  v1::GetStatsResponse stats;
  const Caller::Result result = caller_->Make(
      {.kind = "Admin.GetStats",
       .read = false,
       .replica = replica,
       .fall_back = false},
      [&](const ReplicaStubs& stubs, grpc::ClientContext& context,
          bool* stale) {
        v1::GetStatsRequest request;
        grpc::Status s = stubs.admin->GetStats(&context, request, &stats);
        *stale = stats.stock_stale();
        return s;
      });
  if (!result.status.ok()) {
    return absl::Status(
        static_cast<absl::StatusCode>(result.status.error_code()),
        result.status.error_message());
  }
  return stats;
}

absl::StatusOr<absl::Duration> FaultInjector::WaitFresh(absl::Duration bound) {
  const absl::Time start = absl::Now();
  for (;;) {
    bool fresh = true;
    for (int r = 0; r < SoakCluster::kReplicas; ++r) {
      absl::StatusOr<v1::GetStatsResponse> stats = Stats(r);
      fresh = fresh && stats.ok() && !stats->stock_stale();
    }
    if (fresh) return absl::Now() - start;
    if (absl::Now() - start > bound) {
      return absl::DeadlineExceededError(absl::StrCat(
          "a replica's stock was still stale after ", Seconds(bound)));
    }
    absl::SleepFor(absl::Milliseconds(100));
  }
}

FaultReport FaultInjector::Inject(const Fault& fault) {
  SoakCluster& cluster = caller_->cluster();
  Replica& replica = cluster.replica(fault.replica);
  FaultReport report;
  caller_->phases().Begin();
  report.began = caller_->Elapsed();
  const auto fail = [&report](std::string why) {
    report.ok = false;
    report.detail = std::move(why);
  };
  // After a Redis fault: both replicas fresh again.
  const auto recover = [&] {
    absl::StatusOr<absl::Duration> fresh = WaitFresh(kRecoveryBound);
    if (!fresh.ok()) return fail(std::string(fresh.status().message()));
    absl::StrAppend(&report.detail, report.detail.empty() ? "" : "; ",
                    "both replicas fresh ", Seconds(*fresh), " later");
  };
  switch (fault.kind) {
    case FaultKind::kRedisKill: {
      cluster.redis().Kill();
      absl::SleepFor(fault.length);
      const absl::Time start = absl::Now();
      if (!cluster.redis().Restart()) {
        fail(absl::StrCat("redis-server did not start again:\n",
                          cluster.redis().log()));
        break;
      }
      report.detail =
          absl::StrCat("redis answering again ", Seconds(absl::Now() - start),
                       " after its restart");
      recover();
      break;
    }
    case FaultKind::kRedisSlow:
      cluster.proxy().set_delay(kSlowDelay);
      absl::SleepFor(fault.length);
      cluster.proxy().set_delay(absl::ZeroDuration());
      recover();
      break;
    case FaultKind::kRedisPause:
      cluster.redis().Pause();
      absl::SleepFor(fault.length);
      cluster.redis().Resume();
      recover();
      break;
    case FaultKind::kSighupReload: {
      absl::StatusOr<v1::GetStatsResponse> before = Stats(fault.replica);
      if (!before.ok()) {
        fail(std::string(before.status().message()));
        break;
      }
      const absl::Time start = absl::Now();
      replica.Signal(SIGHUP);
      for (;;) {
        absl::StatusOr<v1::GetStatsResponse> now = Stats(fault.replica);
        if (now.ok() && now->reloads_failed() > before->reloads_failed()) {
          fail(absl::StrCat("the reload failed: ", now->last_reload_error()));
          break;
        }
        if (now.ok() && now->reloads_ok() > before->reloads_ok()) {
          report.detail = absl::StrCat("reload seen in its stats ",
                                       Seconds(absl::Now() - start), " later");
          break;
        }
        if (absl::Now() - start > kReloadDeadline) {
          fail("no reload seen in its stats");
          break;
        }
        absl::SleepFor(absl::Milliseconds(50));
      }
      break;
    }
    case FaultKind::kAdminReload: {
      v1::ReloadResponse response;
      const Caller::Result result = caller_->Make(
          {.kind = "Admin.Reload",
           .read = false,
           .replica = fault.replica,
           .deadline = kReloadDeadline,
           .fall_back = false},
          [&](const ReplicaStubs& stubs, grpc::ClientContext& context, bool*) {
            v1::ReloadRequest request;
            return stubs.admin->Reload(&context, request, &response);
          });
      if (!result.status.ok()) {
        fail(absl::StrCat(CodeName(result.status.error_code()), " ",
                          result.status.error_message()));
        break;
      }
      report.detail = absl::StrCat(
          "data ", response.old_data_version(), " -> ",
          response.new_data_version(), ", loaded in ",
          Seconds(absl::Seconds(response.load_duration().seconds()) +
                  absl::Nanoseconds(response.load_duration().nanos())));
      break;
    }
    case FaultKind::kReplicaRestart: {
      absl::StatusOr<Replica::RestartTimes> times = replica.Restart();
      if (!times.ok()) {
        fail(std::string(times.status().message()));
        break;
      }
      report.restart = times->stop + times->start;
      report.detail = absl::StrCat(
          "stopped in ", Seconds(times->stop), " (exit status ",
          times->exit_status, "), serving again ", Seconds(times->start),
          " after its start: out of service for ", Seconds(report.restart));
      if (times->exit_status != 0) {
        report.ok = false;
        absl::StrAppend(&report.detail, "; it did not exit cleanly");
      }
      break;
    }
  }
  report.ended = caller_->Elapsed();
  caller_->phases().End();
  return report;
}

}  // namespace rxlocator
