// The soak's faults: a schedule that depends only on the run's length and
// the seed, and their injection into a SoakCluster, each bracketed in
// FaultPhases from its start until the system has recovered.
//
//   std::vector<Fault> schedule = FaultSchedule(absl::Minutes(10), seed);
//   FaultInjector injector(&caller);
//   for (const Fault& fault : schedule) {
//     ... wait until fault.at ...
//     FaultReport report = injector.Inject(fault);
//   }
//
// Not thread-safe: the one thread that owns the cluster's processes
// injects.
#ifndef RXLOCATOR_BENCH_SOAK_FAULTS_H_
#define RXLOCATOR_BENCH_SOAK_FAULTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "bench/soak_load.h"

namespace rxlocator {

enum class FaultKind {
  kRedisKill,       // SIGKILL redis-server, start it again after `length`.
  kRedisSlow,       // The proxy holds every chunk 200 ms each way.
  kRedisPause,      // SIGSTOP redis-server for `length`, then SIGCONT.
  kSighupReload,    // SIGHUP to a replica: it reloads its data files.
  kAdminReload,     // Admin.Reload on a replica over gRPC.
  kReplicaRestart,  // SIGTERM a replica and start it again.
};
inline constexpr int kFaultKinds = 6;

struct Fault {
  FaultKind kind;
  absl::Duration at;      // Since the soak started.
  absl::Duration length;  // How long Redis is down, slow or paused.
  int replica = 0;        // For the replica faults.
};

// Every kind at least once, in an order and at times drawn from `seed`:
// the run from 10% of its length (at least 2 s in) to 85% is cut into
// slots of about 30 s (at least six), one fault early in each, the kinds
// taking turns in shuffled rounds. Redis is down for up to 1 s, slow for
// up to 10 s and paused for up to 2 s, less in short slots.
std::vector<Fault> FaultSchedule(absl::Duration run, uint64_t seed);

// e.g. "redis paused (SIGSTOP) for 2s", "replica B restarted".
std::string Describe(const Fault& fault);

struct FaultReport {
  absl::Duration began, ended;  // Since the soak started.
  bool ok = true;      // False if the fault could not be injected or undone.
  std::string detail;  // What happened, e.g. restart and recovery times.
  // For kReplicaRestart: how long the replica served no calls.
  absl::Duration restart;
};

class FaultInjector {
 public:
  explicit FaultInjector(Caller* caller) : caller_(caller) {}

  // Injects `fault` now and returns once the system has recovered (bounded):
  // Redis answering and both replicas reporting fresh stock again, a reload
  // seen in the replica's stats, a restarted replica serving.
  FaultReport Inject(const Fault& fault);

 private:
  // Waits until both replicas' GetStats say stock is not stale; how long
  // that took, or an error after `bound`.
  absl::StatusOr<absl::Duration> WaitFresh(absl::Duration bound);
  // The replica's GetStats, or an error.
  absl::StatusOr<v1::GetStatsResponse> Stats(int replica);

  Caller* const caller_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_BENCH_SOAK_FAULTS_H_
