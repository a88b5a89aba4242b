// HealthService: grpc.health.v1.Health on the async API
// (server/serving_queues.h), in place of gRPC's default health service,
// which is a callback service. Check answers a service's status; Watch
// streams it, at once and at every change. The services are "" (the server
// as a whole) and those named at construction, all NOT_SERVING until
// SetServing(true); any other name is unknown (Check: NOT_FOUND; Watch:
// SERVICE_UNKNOWN, and the stream stays open, as the protocol says).
//
//   HealthService health({"rxlocator.v1.PharmacyLocator", ...});
//   builder.RegisterService(health.grpc_service());
//   ... BuildAndStart ...
//   queues.Start([&](ServingQueue queue) { health.Serve(queue); });
//   health.SetServing(true);
//   ...
//   health.Shutdown();  // Stopping: NOT_SERVING from now on.
//   ... the lame duck ...
//   health.EndWatches();
//   server->Shutdown(deadline);
//
// Thread-safe.
#ifndef RXLOCATOR_SERVER_HEALTH_SERVICE_H_
#define RXLOCATOR_SERVER_HEALTH_SERVICE_H_

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "grpc_health_v1.grpc.pb.h"
#include "server/serving_queues.h"

namespace rxlocator {

class HealthService {
 public:
  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

  explicit HealthService(std::vector<std::string> services);

  // To register with the server's builder.
  grpc::Service* grpc_service() { return &service_; }

  // Keeps a request for each method's next call waiting on `queue`.
  void Serve(ServingQueue queue);

  // Every service's status, until Shutdown.
  void SetServing(bool serving);
  // NOT_SERVING from now on, whatever SetServing says.
  void Shutdown();
  // Ends every watch, and any that starts later, with UNAVAILABLE: a
  // watch never ends by itself, and a server draining its calls would wait
  // for it to the end of the drain.
  void EndWatches();

  // A service's status now: SERVICE_UNKNOWN if it is not one of ours.
  ServingStatus StatusOf(const std::string& service) const;

 private:
  class WatchCall;

  ServingStatus StatusOfLocked(const std::string& service) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Sends each watch its service's status, if that changed.
  void UpdateWatchesLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  grpc::health::v1::Health::AsyncService service_;
  const absl::flat_hash_set<std::string> services_;
  mutable absl::Mutex mutex_;
  bool serving_ ABSL_GUARDED_BY(mutex_) = false;
  bool shut_down_ ABSL_GUARDED_BY(mutex_) = false;
  bool watches_ended_ ABSL_GUARDED_BY(mutex_) = false;
  absl::flat_hash_set<WatchCall*> watches_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_HEALTH_SERVICE_H_
