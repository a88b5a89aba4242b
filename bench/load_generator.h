// LoadGenerator: drives a gRPC server with asynchronous calls and measures
// what a caller sees.
//
//   LoadGenerator load(channels.size(), [&](int channel, int64_t i,
//                                           LoadGenerator::Done done) {
//     ... start call i on channels[channel] (AsyncCalls, BlockingCalls),
//     then done(status) ...
//   });
//   LoadResult closed = load.RunClosedLoop({.concurrency = 64,
//                                          .duration = absl::Seconds(10)});
//   LoadResult open = load.RunOpenLoop({.rate_per_second = 5000,
//                                      .duration = absl::Seconds(10)});
//
// Closed loop: `concurrency` calls are always outstanding, each started as
// another completes, which finds the most the server serves. Open loop:
// call i is due at start + i / rate whether or not earlier calls have
// finished, and its latency counts from when it was due, not from when it
// was sent, so a stalled server (or client) shows in the latency instead of
// silently lowering the rate (no coordinated omission).
//
// Calls go round-robin over the channels; give each its own connection
// (OwnConnection) so that one HTTP/2 connection is not the bottleneck, and
// make the stubs once, not per call.
// Not thread-safe: one thread runs one load at a time.
#ifndef RXLOCATOR_BENCH_LOAD_GENERATOR_H_
#define RXLOCATOR_BENCH_LOAD_GENERATOR_H_

#include <grpcpp/grpcpp.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace rxlocator {

// What a load saw.
struct LoadResult {
  int64_t completed = 0;  // Calls that finished, whatever their status.
  // Calls by status code (index = grpc::StatusCode).
  std::array<int64_t, 17> by_code{};
  absl::Duration elapsed;       // From the first call due to the last done.
  double calls_per_second = 0;  // Completed / elapsed.
  // Latency of the calls, in microseconds: OK and failed alike.
  double p50_us = 0, p99_us = 0, p999_us = 0, max_us = 0;
  // Open loop: calls that were sent more than 1 ms after they were due,
  // because the client could not keep up (then the rate was not offered).
  int64_t sent_late = 0;

  int64_t failed() const { return completed - by_code[0]; }
};

struct ClosedLoopOptions {
  int concurrency = 64;  // Calls outstanding at once.
  absl::Duration duration = absl::Seconds(10);
};

struct OpenLoopOptions {
  double rate_per_second = 1000;
  absl::Duration duration = absl::Seconds(10);
};

// A channel on a TCP connection of its own (gRPC otherwise shares one
// connection between channels to the same target).
std::shared_ptr<grpc::Channel> OwnConnection(const std::string& target);

class LoadGenerator {
 public:
  using Done = std::function<void(const grpc::Status&)>;
  // Starts call number `index` on channel number `channel` and calls `done`
  // once, from any thread, when it finishes.
  using StartCall = std::function<void(int channel, int64_t index, Done done)>;

  LoadGenerator(int channels, StartCall start);

  LoadResult RunClosedLoop(const ClosedLoopOptions& options);
  LoadResult RunOpenLoop(const OpenLoopOptions& options);

 private:
  class Run;

  const int channels_;
  const StartCall start_;
};

// The result as one line a person reads, e.g.
// "12034 calls in 10.0s: 1203/s, p50 410us p99 1.9ms p99.9 3.1ms max 9.8ms,
//  0 failed".
std::string Describe(const LoadResult& result);

}  // namespace rxlocator

#endif  // RXLOCATOR_BENCH_LOAD_GENERATOR_H_
