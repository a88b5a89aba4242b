// What the soak counts: every call it makes, by kind, with its outcome and
// (for reads) its latency, told apart by whether a fault was under way.
//
//   FaultPhases phases;
//   Tally tally;
//   const FaultPhases::Mark before = phases.Now();
//   ... make the call ...
//   tally.Record({.kind = "GetStock", .read = true, .code =
//   status.error_code(),
//                 .outcome = Outcome::kOk,
//                 .during_fault = FaultPhases::Overlapped(before,
//                 phases.Now()), .latency = elapsed});
//   tally.Print(stdout);
//
// Thread-safe.
#ifndef RXLOCATOR_BENCH_SOAK_TALLY_H_
#define RXLOCATOR_BENCH_SOAK_TALLY_H_

#include <grpcpp/support/status.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace rxlocator {

// Whether a fault is under way: the fault thread brackets each fault, from
// its injection until the system has recovered, with Begin and End.
class FaultPhases {
 public:
  struct Mark {
    int64_t changes = 0;  // Begins and Ends so far.
    int active = 0;       // Faults under way.
  };
  void Begin();
  void End();
  Mark Now() const;
  // Whether a call that started at `start` and ended at `end` overlapped a
  // fault in any part.
  static bool Overlapped(const Mark& start, const Mark& end) {
    return start.active > 0 || end.active > 0 || start.changes != end.changes;
  }

 private:
  mutable absl::Mutex mu_;
  Mark mark_ ABSL_GUARDED_BY(mu_);
};

enum class Outcome {
  kOk,
  // Failed, and nothing excuses it: the soak fails.
  kFailed,
  // Failed on a replica that was known to be stopping: the caller moves on.
  kExcused,
  // Failed as the API says callers must expect and retry: ReportStock's
  // UNAVAILABLE while Redis is down.
  kRetried,
};

// One finished call.
struct CallRecord {
  std::string kind;   // e.g. "FindPharmacies in-stock"
  bool read = false;  // Latencies are kept for reads only.
  grpc::StatusCode code = grpc::StatusCode::OK;
  Outcome outcome = Outcome::kOk;
  bool stale = false;  // The answer was marked stock_stale.
  bool during_fault = false;
  absl::Duration latency;
  std::string error;  // The status message, for failures.
  absl::Duration at;  // Since the soak started, for failures.
};

class Tally {
 public:
  void Record(const CallRecord& call);

  int64_t calls() const;
  int64_t failed() const;  // Outcome::kFailed.
  int64_t stale_reads() const;

  // The table of calls by kind, the failures (the first few with their
  // message and time), and read latency p50/p99/max by phase.
  void Print(FILE* out) const;

 private:
  struct Kind {
    bool read = false;
    int64_t calls = 0, ok = 0, failed = 0, excused = 0, retried = 0, stale = 0;
    std::map<grpc::StatusCode, int64_t> failed_codes;  // kFailed only.
    std::map<grpc::StatusCode, int64_t> other_codes;   // Excused, retried.
    // Milliseconds: [0] normal, [1] during faults.
    std::array<std::vector<double>, 2> latency_ms;
  };

  mutable absl::Mutex mu_;
  std::map<std::string, Kind> kinds_ ABSL_GUARDED_BY(mu_);
  std::vector<CallRecord> first_failures_ ABSL_GUARDED_BY(mu_);
};

// "UNAVAILABLE", "DEADLINE_EXCEEDED", ...
std::string CodeName(grpc::StatusCode code);

}  // namespace rxlocator

#endif  // RXLOCATOR_BENCH_SOAK_TALLY_H_
