#include "bench/soak_tally.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bench/percentile.h"

namespace rxlocator {
namespace {

// Failures printed with their message.
constexpr size_t kFailuresShown = 20;

// e.g. "failed UNAVAILABLE: 2; retried UNAVAILABLE: 11".
std::string Codes(const std::map<grpc::StatusCode, int64_t>& failed,
                  const std::map<grpc::StatusCode, int64_t>& other) {
  std::vector<std::string> parts;
  for (const auto& [label, codes] : {std::pair{"failed", &failed},
                                     std::pair{"excused or retried", &other}}) {
    if (codes->empty()) continue;
    parts.push_back(absl::StrCat(
        label, " ",
        absl::StrJoin(*codes, ", ", [](std::string* out, const auto& code) {
          absl::StrAppend(out, CodeName(code.first), ": ", code.second);
        })));
  }
  return absl::StrJoin(parts, "; ");
}

// "calls p50 p99 max" of `ms`, which it sorts.
std::string Latencies(std::vector<double> ms) {
  if (ms.empty()) return absl::StrFormat("%8d %7s %7s %8s", 0, "-", "-", "-");
  return absl::StrFormat("%8d %7.2f %7.2f %8.1f", ms.size(),
                         Percentile(ms, 0.5), Percentile(ms, 0.99), ms.back());
}

}  // namespace

std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

void FaultPhases::Begin() {
  absl::MutexLock lock(&mu_);
  ++mark_.changes;
  ++mark_.active;
}

void FaultPhases::End() {
  absl::MutexLock lock(&mu_);
  ++mark_.changes;
  --mark_.active;
}

FaultPhases::Mark FaultPhases::Now() const {
  absl::MutexLock lock(&mu_);
  return mark_;
}

void Tally::Record(const CallRecord& call) {
  absl::MutexLock lock(&mu_);
  Kind& kind = kinds_[call.kind];
  kind.read = call.read;
  ++kind.calls;
  kind.stale += call.stale;
  switch (call.outcome) {
    case Outcome::kOk:
      ++kind.ok;
      break;
    case Outcome::kFailed:
      ++kind.failed;
      ++kind.failed_codes[call.code];
      if (first_failures_.size() < kFailuresShown) {
        first_failures_.push_back(call);
      }
      break;
    case Outcome::kExcused:
      ++kind.excused;
      ++kind.other_codes[call.code];
      break;
    case Outcome::kRetried:
      ++kind.retried;
      ++kind.other_codes[call.code];
      break;
  }
  if (call.read) {
    kind.latency_ms[call.during_fault].push_back(
        absl::ToDoubleMilliseconds(call.latency));
  }
}

int64_t Tally::calls() const {
  absl::MutexLock lock(&mu_);
  int64_t n = 0;
  for (const auto& [name, kind] : kinds_) n += kind.calls;
  return n;
}

int64_t Tally::failed() const {
  absl::MutexLock lock(&mu_);
  int64_t n = 0;
  for (const auto& [name, kind] : kinds_) n += kind.failed;
  return n;
}

int64_t Tally::stale_reads() const {
  absl::MutexLock lock(&mu_);
  int64_t n = 0;
  for (const auto& [name, kind] : kinds_) n += kind.read ? kind.stale : 0;
  return n;
}

void Tally::Print(FILE* out) const {
  absl::MutexLock lock(&mu_);
  absl::FPrintF(out, "%-26s %8s %8s %7s %8s %8s %7s  %s\n", "Calls", "made",
                "ok", "failed", "excused", "retried", "stale", "codes");
  Kind total;
  for (const auto& [name, kind] : kinds_) {
    const std::string line =
        absl::StrFormat("  %-24s %8d %8d %7d %8d %8d %7d  %s", name, kind.calls,
                        kind.ok, kind.failed, kind.excused, kind.retried,
                        kind.stale, Codes(kind.failed_codes, kind.other_codes));
    absl::FPrintF(out, "%s\n", absl::StripTrailingAsciiWhitespace(line));
    total.calls += kind.calls;
    total.ok += kind.ok;
    total.failed += kind.failed;
    total.excused += kind.excused;
    total.retried += kind.retried;
    total.stale += kind.stale;
  }
  absl::FPrintF(out, "  %-24s %8d %8d %7d %8d %8d %7d\n", "all", total.calls,
                total.ok, total.failed, total.excused, total.retried,
                total.stale);
  if (!first_failures_.empty()) {
    absl::FPrintF(out, "Failed calls (the first %d):\n", kFailuresShown);
    for (const CallRecord& call : first_failures_) {
      absl::FPrintF(out, "  at %.1fs %s: %s %s\n",
                    absl::ToDoubleSeconds(call.at), call.kind,
                    CodeName(call.code), call.error);
    }
  }

  absl::FPrintF(out, "\n%-26s %-33s   %s\n", "Read latency, ms",
                "   ------------ normal -----------",
                "   -------- during faults --------");
  absl::FPrintF(out, "%-26s %8s %7s %7s %8s   %8s %7s %7s %8s\n", "", "calls",
                "p50", "p99", "max", "calls", "p50", "p99", "max");
  std::array<std::vector<double>, 2> all;
  for (const auto& [name, kind] : kinds_) {
    if (!kind.read) continue;
    absl::FPrintF(out, "  %-24s %s   %s\n", name, Latencies(kind.latency_ms[0]),
                  Latencies(kind.latency_ms[1]));
    for (int phase = 0; phase < 2; ++phase) {
      all[phase].insert(all[phase].end(), kind.latency_ms[phase].begin(),
                        kind.latency_ms[phase].end());
    }
  }
  absl::FPrintF(out, "  %-24s %s   %s\n", "all reads", Latencies(all[0]),
                Latencies(all[1]));
}

}  // namespace rxlocator
