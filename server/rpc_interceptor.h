// RpcObserverFactory: the gRPC server interceptor that sees every call
// through. It gives each call a request id, the caller's x-request-id if it
// is one (RequestId), else a new one, and sends it back in the response's
// initial metadata; counts the call in RpcMetrics; and writes its access
// log line (server/json_log.h):
//
//   {"time":"...","level":"info","msg":"rpc",
//    "rpc":"/rxlocator.v1.PharmacyLocator/GetPharmacy","status":"NOT_FOUND",
//    "latency_ms":0.412,"request_id":"3f2a..."}
//
// and nothing else of the call: never a request field, nor the status
// message, which may echo a member's plan or id. The level is info for OK,
// CANCELLED, INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS and
// UNAUTHENTICATED (the caller's doing), warning for DEADLINE_EXCEEDED,
// PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED,
// OUT_OF_RANGE and UNAVAILABLE, error for UNKNOWN, UNIMPLEMENTED, INTERNAL
// and DATA_LOSS.
//
//   RpcMetrics metrics(methods);
//   std::vector<std::unique_ptr<
//       grpc::experimental::ServerInterceptorFactoryInterface>> creators;
//   creators.push_back(
//       std::make_unique<RpcObserverFactory>(&metrics, AccessLog::kAll));
//   builder.experimental().SetInterceptorCreators(std::move(creators));
//
// A call is counted, and logged, as its status is sent, so a client that
// has its answer finds the call in the metrics; a call that ends without
// one (the server stopping) counts as CANCELLED.
//
// Thread-safe: gRPC creates an interceptor per call, from any thread.
#ifndef RXLOCATOR_SERVER_RPC_INTERCEPTOR_H_
#define RXLOCATOR_SERVER_RPC_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "server/rpc_metrics.h"

namespace rxlocator {

// Which calls get an access log line.
enum class AccessLog { kAll, kErrors, kOff };

// The metadata key of a call's request id.
inline constexpr char kRequestIdKey[] = "x-request-id";

// The request id for a call whose caller sent `sent` (nullopt if none):
// `sent` itself if it is 1 to 64 printable ASCII characters, else a new
// random one of 32 hex digits.
std::string RequestId(std::optional<absl::string_view> sent);

class RpcObserverFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `metrics` must outlive the server.
  RpcObserverFactory(RpcMetrics* metrics, AccessLog access_log)
      : metrics_(metrics), access_log_(access_log) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  RpcMetrics* const metrics_;
  const AccessLog access_log_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_RPC_INTERCEPTOR_H_
