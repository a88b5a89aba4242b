// RpcMetrics: for each method the server serves, the calls finished by
// status code, their latency, and the calls in flight; one more slot,
// method "unknown", counts calls of any other name.
//
//   RpcMetrics metrics(MethodsOf({v1::Admin::service_full_name()}));
//   const int slot = metrics.Slot(info->method());  // As a call starts.
//   metrics.Started(slot);
//   metrics.Finished(slot, grpc::StatusCode::OK, absl::Microseconds(350));
//   metrics.Write(writer);  // For a scrape.
//
// A call costs a few atomic adds. Slot finds the method by the address of
// its name in a lock-free table: gRPC names a registered method with the
// same string, at the same address, for the server's life, so only the
// first call at each address compares names. Hence `methods` must only
// name methods the server registers.
//
// Thread-safe: lock-free; any thread may call any method.
#ifndef RXLOCATOR_SERVER_RPC_METRICS_H_
#define RXLOCATOR_SERVER_RPC_METRICS_H_

#include <grpcpp/support/status_code_enum.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/metrics.h"

namespace rxlocator {

// The full names ("/rxlocator.v1.Admin/Reload") of the methods of
// `services` (full service names) in the generated descriptor pool; a
// service not in it adds none.
std::vector<std::string> MethodsOf(
    std::initializer_list<absl::string_view> services);

// The code's name, as in absl::StatusCodeToString: "NOT_FOUND".
absl::string_view StatusCodeName(grpc::StatusCode code);

// The number of gRPC status codes, OK (0) to UNAUTHENTICATED (16).
inline constexpr int kStatusCodes = grpc::StatusCode::UNAUTHENTICATED + 1;

class RpcMetrics {
 public:
  // Latency buckets, in seconds: 50 us to 10 s.
  static constexpr double kLatencyBounds[] = {
      0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
      0.05,    0.1,    0.25,    0.5,    1,     2.5,    5,     10};

  explicit RpcMetrics(std::vector<std::string> methods);
  RpcMetrics(const RpcMetrics&) = delete;
  RpcMetrics& operator=(const RpcMetrics&) = delete;

  // The slot of the method named `method` (gRPC's string for it), or the
  // unknown slot.
  int Slot(const char* method);
  // The name the slot's metrics carry: the method's, or "unknown".
  const std::string& name(int slot) const { return slots_[slot]->name; }
  bool unknown(int slot) const { return slot == unknown_slot(); }

  void Started(int slot);
  void Finished(int slot, grpc::StatusCode code, absl::Duration latency);

  // The families rxlocator_rpc_handled_total{method,code} (codes with a
  // call only), rxlocator_rpc_duration_seconds{method} (methods with a
  // finished call only) and rxlocator_rpc_in_flight{method} (every method).
  void Write(MetricWriter& out) const;

 private:
  struct MethodSlot {
    explicit MethodSlot(std::string name);
    const std::string name;
    std::array<std::atomic<uint64_t>, kStatusCodes> handled{};
    Histogram latency;
    std::atomic<int64_t> in_flight{0};
  };
  // An address gRPC names a method with, and its slot once known.
  struct CacheEntry {
    std::atomic<const char*> method{nullptr};
    std::atomic<int> slot{-1};
  };
  static constexpr size_t kCacheSize = 256;  // A power of two.

  int unknown_slot() const { return static_cast<int>(slots_.size()) - 1; }
  int SlotByName(absl::string_view method) const;
  void Remember(const char* method, int slot);

  std::vector<std::unique_ptr<MethodSlot>> slots_;  // The unknown slot last.
  absl::flat_hash_map<std::string, int> slot_by_name_;
  std::array<CacheEntry, kCacheSize> cache_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_RPC_METRICS_H_
