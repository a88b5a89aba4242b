#include "server/rpc_metrics.h"

#include <google/protobuf/descriptor.h>

#include <utility>

#include "absl/hash/hash.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace rxlocator {
namespace {

constexpr char kUnknown[] = "unknown";

}  // namespace

std::vector<std::string> MethodsOf(
    std::initializer_list<absl::string_view> services) {
  std::vector<std::string> methods;
  for (absl::string_view name : services) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            std::string(name));
    for (int i = 0; service != nullptr && i < service->method_count(); ++i) {
      methods.push_back(absl::StrCat("/", service->full_name(), "/",
                                     service->method(i)->name()));
    }
  }
  return methods;
}

absl::string_view StatusCodeName(grpc::StatusCode code) {
  static const auto* const kNames = [] {
    auto* names = new std::array<std::string, kStatusCodes>;
    for (int i = 0; i < kStatusCodes; ++i) {
      (*names)[i] = absl::StatusCodeToString(static_cast<absl::StatusCode>(i));
    }
    return names;
  }();
  return code >= 0 && code < kStatusCodes
             ? (*kNames)[code]
             : (*kNames)[grpc::StatusCode::UNKNOWN];
}

RpcMetrics::MethodSlot::MethodSlot(std::string name)
    : name(std::move(name)),
      latency(std::vector<double>(std::begin(kLatencyBounds),
                                  std::end(kLatencyBounds))) {}

RpcMetrics::RpcMetrics(std::vector<std::string> methods) {
  for (std::string& method : methods) {
    if (slot_by_name_.contains(method)) continue;
    slot_by_name_[method] = slots_.size();
    slots_.push_back(std::make_unique<MethodSlot>(std::move(method)));
  }
  slots_.push_back(std::make_unique<MethodSlot>(kUnknown));
}

int RpcMetrics::SlotByName(absl::string_view method) const {
  const auto it = slot_by_name_.find(method);
  return it == slot_by_name_.end() ? unknown_slot() : it->second;
}

int RpcMetrics::Slot(const char* method) {
  if (method == nullptr) return unknown_slot();
  const size_t start = absl::Hash<const char*>()(method);
  for (size_t i = 0; i < kCacheSize; ++i) {
    const CacheEntry& entry = cache_[(start + i) % kCacheSize];
    const char* cached = entry.method.load(std::memory_order_acquire);
    if (cached == nullptr) break;
    if (cached == method) {
      const int slot = entry.slot.load(std::memory_order_acquire);
      if (slot >= 0) return slot;
      break;  // Being remembered by another thread just now.
    }
  }
  const int slot = SlotByName(method);
  // An unknown name may be a call's own copy, at an address that another
  // name takes later: only the names of registered methods are remembered.
  if (!unknown(slot)) Remember(method, slot);
  return slot;
}

void RpcMetrics::Remember(const char* method, int slot) {
  const size_t start = absl::Hash<const char*>()(method);
  for (size_t i = 0; i < kCacheSize; ++i) {
    CacheEntry& entry = cache_[(start + i) % kCacheSize];
    const char* expected = nullptr;
    if (entry.method.compare_exchange_strong(expected, method,
                                             std::memory_order_acq_rel)) {
      entry.slot.store(slot, std::memory_order_release);
      return;
    }
    if (expected == method) return;  // Another thread took it.
  }
  // The table is full; this address is looked up by name every time.
}

void RpcMetrics::Started(int slot) {
  slots_[slot]->in_flight.fetch_add(1, std::memory_order_relaxed);
}

void RpcMetrics::Finished(int slot, grpc::StatusCode code,
                          absl::Duration latency) {
  MethodSlot& s = *slots_[slot];
  const int c = code >= 0 && code < kStatusCodes ? code : grpc::UNKNOWN;
  s.handled[c].fetch_add(1, std::memory_order_relaxed);
  s.latency.Observe(absl::ToDoubleSeconds(latency));
  s.in_flight.fetch_sub(1, std::memory_order_relaxed);
}

void RpcMetrics::Write(MetricWriter& out) const {
  out.Family("rxlocator_rpc_handled_total", MetricType::kCounter,
             "gRPC calls finished, by full method name and status code.");
  for (const std::unique_ptr<MethodSlot>& s : slots_) {
    for (int code = 0; code < kStatusCodes; ++code) {
      const uint64_t n = s->handled[code].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out.Sample(
          "rxlocator_rpc_handled_total",
          {{"method", s->name},
           {"code", StatusCodeName(static_cast<grpc::StatusCode>(code))}},
          n);
    }
  }
  out.Family("rxlocator_rpc_duration_seconds", MetricType::kHistogram,
             "How long gRPC calls took, from arrival to status, by full "
             "method name.");
  for (const std::unique_ptr<MethodSlot>& s : slots_) {
    const HistogramData latency = s->latency.Read();
    uint64_t calls = 0;
    for (uint64_t n : latency.counts) calls += n;
    if (calls == 0) continue;
    out.HistogramSamples("rxlocator_rpc_duration_seconds",
                         {{"method", s->name}}, latency);
  }
  out.Family("rxlocator_rpc_in_flight", MetricType::kGauge,
             "gRPC calls started and not yet finished, by full method name "
             "(open WatchAvailability streams are the active watchers).");
  for (const std::unique_ptr<MethodSlot>& s : slots_) {
    out.Sample("rxlocator_rpc_in_flight", {{"method", s->name}},
               s->in_flight.load(std::memory_order_relaxed));
  }
}

}  // namespace rxlocator
