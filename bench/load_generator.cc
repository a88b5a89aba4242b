#include "bench/load_generator.h"

#include <sys/prctl.h>

#include <atomic>
#include <memory>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench/percentile.h"

namespace rxlocator {

std::shared_ptr<grpc::Channel> OwnConnection(const std::string& target) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(),
                                   args);
}

// One load's calls in flight and what they measured. Completions arrive on
// the starter's threads (AsyncCalls' drain thread, BlockingCalls' workers),
// and each holds the Run: Finish may return, and its caller drop the Run,
// while the last completion is still unlocking it.
class LoadGenerator::Run : public std::enable_shared_from_this<Run> {
 public:
  explicit Run(const LoadGenerator& load) : load_(load) {}

  // Starts call `index`, timed from `due`; `then` runs after it is recorded.
  void Start(int64_t index, absl::Time due, std::function<void()> then) {
    {
      absl::MutexLock lock(&mu_);
      ++outstanding_;
    }
    load_.start_(static_cast<int>(index % load_.channels_), index,
                 [self = shared_from_this(), due,
                  then = std::move(then)](const grpc::Status& s) {
                   self->Record(due, s.error_code());
                   then();
                   absl::MutexLock lock(&self->mu_);
                   --self->outstanding_;
                 });
  }

  // Waits until no call is outstanding; the result, timed from `start`.
  LoadResult Finish(absl::Time start, int64_t sent_late) {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](int64_t* outstanding) { return *outstanding == 0; },
        &outstanding_));
    LoadResult result;
    result.completed = static_cast<int64_t>(latencies_us_.size());
    result.by_code = by_code_;
    result.elapsed = last_done_ - start;
    result.sent_late = sent_late;
    if (result.completed > 0) {
      result.calls_per_second =
          result.completed / absl::ToDoubleSeconds(result.elapsed);
      result.p50_us = Percentile(latencies_us_, 0.5);
      result.p99_us = Percentile(latencies_us_, 0.99);
      result.p999_us = Percentile(latencies_us_, 0.999);
      result.max_us = latencies_us_.back();
    }
    return result;
  }

 private:
  void Record(absl::Time due, grpc::StatusCode code) {
    const absl::Time now = absl::Now();
    absl::MutexLock lock(&mu_);
    latencies_us_.push_back(absl::ToDoubleMicroseconds(now - due));
    ++by_code_[code];
    last_done_ = now;
  }

  const LoadGenerator& load_;
  absl::Mutex mu_;
  int64_t outstanding_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<double> latencies_us_ ABSL_GUARDED_BY(mu_);
  std::array<int64_t, 17> by_code_ ABSL_GUARDED_BY(mu_){};
  absl::Time last_done_ ABSL_GUARDED_BY(mu_);
};

LoadGenerator::LoadGenerator(int channels, StartCall start)
    : channels_(channels), start_(std::move(start)) {}

LoadResult LoadGenerator::RunClosedLoop(const ClosedLoopOptions& options) {
  const auto run = std::make_shared<Run>(*this);
  std::atomic<int64_t> next{0};
  const absl::Time start = absl::Now();
  const absl::Time end = start + options.duration;
  // Each completion starts the next call, until the time is up.
  std::function<void()> chain = [&] {
    if (absl::Now() >= end) return;
    const int64_t index = next.fetch_add(1);
    run->Start(index, absl::Now(), chain);
  };
  for (int i = 0; i < options.concurrency; ++i) chain();
  return run->Finish(start, /*sent_late=*/0);
}

LoadResult LoadGenerator::RunOpenLoop(const OpenLoopOptions& options) {
  const auto run = std::make_shared<Run>(*this);
  const int64_t calls = static_cast<int64_t>(
      options.rate_per_second * absl::ToDoubleSeconds(options.duration));
  const absl::Duration interval = absl::Seconds(1) / options.rate_per_second;
  int64_t sent_late = 0;
  // Wake-ups as close to when asked as the kernel allows (its default
  // slack is 50 microseconds).
  prctl(PR_SET_TIMERSLACK, 1);
  const absl::Time start = absl::Now();
  for (int64_t i = 0; i < calls; ++i) {
    const absl::Time due = start + i * interval;
    // Sleep, never spin: a spinning pacer takes the core that the client's
    // own threads need when the client has one core (as rxlocator-peers
    // pins it), and their delays then show as the server's latency. Waking
    // tens of microseconds late only sends the calls then due late; their
    // latency still counts from when they were due.
    const absl::Duration wait = due - absl::Now();
    if (wait > absl::ZeroDuration()) absl::SleepFor(wait);
    if (absl::Now() - due > absl::Milliseconds(1)) ++sent_late;
    run->Start(i, due, [] {});
  }
  return run->Finish(start, sent_late);
}

std::string Describe(const LoadResult& r) {
  const auto us = [](double v) {
    return v >= 1000 ? absl::StrFormat("%.1fms", v / 1000)
                     : absl::StrFormat("%.0fus", v);
  };
  std::string line = absl::StrFormat(
      "%d calls in %.1fs: %.0f/s, p50 %s p99 %s p99.9 %s max %s, %d failed",
      r.completed, absl::ToDoubleSeconds(r.elapsed), r.calls_per_second,
      us(r.p50_us), us(r.p99_us), us(r.p999_us), us(r.max_us), r.failed());
  if (r.sent_late > 0) {
    absl::StrAppendFormat(&line, ", %d sent over 1ms late (client behind)",
                          r.sent_late);
  }
  return line;
}

}  // namespace rxlocator
