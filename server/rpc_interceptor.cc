#include "server/rpc_interceptor.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>

#include "absl/random/random.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "server/json_log.h"

namespace rxlocator {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr size_t kMaxRequestIdLength = 64;

LogLevel LevelOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::UNAUTHENTICATED:
      return LogLevel::kInfo;
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::UNIMPLEMENTED:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::DATA_LOSS:
      return LogLevel::kError;
    default:
      return LogLevel::kWarning;
  }
}

// One call's observer: created as the call arrives, destroyed with its
// context. Its hooks run one at a time. On the async API gRPC also makes one
// for each request that a stopping server fails before any call came for
// it; that observer sees no hook and counts nothing.
class RpcObserver final : public grpc::experimental::Interceptor {
 public:
  RpcObserver(const char* method, RpcMetrics* metrics, AccessLog access_log)
      : metrics_(metrics),
        access_log_(access_log),
        slot_(metrics->Slot(method)),
        start_(std::chrono::steady_clock::now()) {
    // A name the metrics do not know is the call's own copy, gone by the
    // time the context (and this) is destroyed.
    if (metrics_->unknown(slot_) && method != nullptr) unknown_method_ = method;
  }
  ~RpcObserver() override {
    if (started_ && !finished_) Finish(grpc::StatusCode::CANCELLED);
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      Start();
      const auto* metadata = methods->GetRecvInitialMetadata();
      std::optional<absl::string_view> sent;
      if (const auto it = metadata->find(kRequestIdKey);
          it != metadata->end()) {
        sent = absl::string_view(it->second.data(), it->second.size());
      }
      request_id_ = RequestId(sent);
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdKey, request_id());
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finish(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  const std::string& request_id() {
    if (request_id_.empty()) request_id_ = RequestId(std::nullopt);
    return request_id_;
  }

  void Start() {
    if (started_) return;
    started_ = true;
    metrics_->Started(slot_);
  }

  void Finish(grpc::StatusCode code) {
    Start();
    finished_ = true;
    const absl::Duration latency =
        absl::FromChrono(std::chrono::steady_clock::now() - start_);
    metrics_->Finished(slot_, code, latency);
    if (access_log_ == AccessLog::kOff ||
        (access_log_ == AccessLog::kErrors && code == grpc::StatusCode::OK)) {
      return;
    }
    Log(LevelOf(code), "rpc",
        {{"rpc",
          unknown_method_.empty() ? metrics_->name(slot_) : unknown_method_},
         {"status", StatusCodeName(code)},
         {"latency_ms",
          std::round(absl::ToDoubleMicroseconds(latency)) / 1000.0},
         {"request_id", request_id()}});
  }

  RpcMetrics* const metrics_;
  const AccessLog access_log_;
  const int slot_;
  const std::chrono::steady_clock::time_point start_;
  std::string unknown_method_;
  std::string request_id_;
  bool started_ = false;
  bool finished_ = false;
};

}  // namespace

std::string RequestId(std::optional<absl::string_view> sent) {
  if (sent.has_value() && !sent->empty() &&
      sent->size() <= kMaxRequestIdLength &&
      std::all_of(sent->begin(), sent->end(),
                  [](char c) { return c >= 0x20 && c <= 0x7E; })) {
    return std::string(*sent);
  }
  thread_local absl::BitGen bits;
  return absl::StrFormat("%016x%016x", absl::Uniform<uint64_t>(bits),
                         absl::Uniform<uint64_t>(bits));
}

grpc::experimental::Interceptor* RpcObserverFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new RpcObserver(info->method(), metrics_, access_log_);
}

}  // namespace rxlocator
