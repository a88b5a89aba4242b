// LatencyProxy: a TCP proxy on a free loopback port that forwards to a
// target port and holds every chunk of bytes, each way, for a delay the
// test sets and changes at will: a slow network, or a slow Redis.
//
//   RedisProcess redis;
//   LatencyProxy proxy(redis.port());
//   ServerProcess server({absl::StrCat("--redis=127.0.0.1:", proxy.port())});
//   proxy.set_delay(absl::Milliseconds(100));  // Each way, from now on.
//
// Each connection gets a thread per direction, which reads a chunk, waits
// out the delay from when it arrived, then writes it on; so a round trip
// takes at least twice the delay. Thread-safe.
#ifndef RXLOCATOR_TESTING_LATENCY_PROXY_H_
#define RXLOCATOR_TESTING_LATENCY_PROXY_H_

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/time/time.h"

namespace rxlocator {

class LatencyProxy {
 public:
  // Listens at once; port() is 0 if it could not.
  explicit LatencyProxy(int target_port);
  // Closes the listener and every connection, and joins their threads.
  ~LatencyProxy();
  LatencyProxy(const LatencyProxy&) = delete;
  LatencyProxy& operator=(const LatencyProxy&) = delete;

  int port() const { return port_; }
  void set_delay(absl::Duration delay) {
    delay_ns_ = absl::ToInt64Nanoseconds(delay);
  }

 private:
  void Accept();
  void Forward(int from, int to);

  const int target_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<int64_t> delay_ns_{0};
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<int> sockets_;             // Guarded by mu_.
  std::vector<std::thread> forwarders_;  // Guarded by mu_.
};

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTING_LATENCY_PROXY_H_
