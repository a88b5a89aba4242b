// The soak's system under test: a real redis-server that keeps an
// append-only file fsynced before each reply, a LatencyProxy in front of
// it, and two rxlocator-server replicas on the bundled data that reach
// Redis only through the proxy. The soak's load calls whichever replica is
// up; its faults stop, slow, pause and restart the pieces.
//
//   SoakCluster cluster;
//   if (absl::Status s = cluster.Start(); !s.ok()) ...
//   std::optional<Route> route = cluster.replica(0).route();
//   if (route) route->stubs->locator->GetPharmacy(...);
//
// Thread-safe as far as the load goes: any thread may take routes and ask
// whether a replica stopped since. The methods that change processes
// (Start, Replica::Restart, the Redis and proxy accessors) belong to one
// thread, the one that injects faults.
#ifndef RXLOCATOR_BENCH_SOAK_CLUSTER_H_
#define RXLOCATOR_BENCH_SOAK_CLUSTER_H_

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "rxlocator/v1/admin.grpc.pb.h"
#include "rxlocator/v1/inventory.grpc.pb.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "testing/latency_proxy.h"
#include "testing/redis_process.h"
#include "testing/server_process.h"

namespace rxlocator {

// Stubs on one channel to one run of a replica.
struct ReplicaStubs {
  std::unique_ptr<v1::PharmacyLocator::Stub> locator;
  std::unique_ptr<v1::Inventory::Stub> inventory;
  std::unique_ptr<v1::Admin::Stub> admin;
};

// How to call a replica now: its stubs, and the generation they belong to,
// for Replica::StoppedSince once the call has finished.
struct Route {
  std::shared_ptr<const ReplicaStubs> stubs;
  int64_t generation = 0;
};

// One rxlocator-server process, restarted at will on a new port.
class Replica {
 public:
  Replica(std::string name, std::vector<std::string> args)
      : name_(std::move(name)), args_(std::move(args)) {}

  const std::string& name() const { return name_; }

  // Starts the process and waits until it reports SERVING (bounded); then
  // routes lead to it.
  absl::Status Start();

  // Stops the process (SIGTERM, as a deployment does) and starts it again.
  // From the moment it begins, route() is empty and StoppedSince is true
  // for every earlier route: the load moves to the other replica, and a call
  // that was under way on this one is not the replica's failure. Open
  // watches on it are cancelled, as a client that follows the health
  // service would leave. Returns how long the process took to exit, and
  // how long the new one took to serve.
  struct RestartTimes {
    absl::Duration stop;
    absl::Duration start;
    int exit_status = 0;  // As from waitpid.
  };
  absl::StatusOr<RestartTimes> Restart();

  // Sends `signal` to the running process, e.g. SIGHUP to reload.
  void Signal(int signal);

  // The stubs of the running process; empty while it is stopping or down.
  std::optional<Route> route() const;
  // Whether the replica has begun stopping since `route` was taken.
  bool StoppedSince(const Route& route) const;

  // A streaming call that Restart must cancel; the context must be removed
  // before it is destroyed. Add returns false, and does not add it, if
  // `route` is already stale.
  bool AddStream(const Route& route, grpc::ClientContext* context);
  void RemoveStream(grpc::ClientContext* context);

  // What the process has printed (JSON lines).
  std::string output() const;

 private:
  const std::string name_;
  const std::vector<std::string> args_;
  std::unique_ptr<ServerProcess> process_;  // Fault thread only.

  mutable absl::Mutex mu_;
  std::shared_ptr<const ReplicaStubs> stubs_ ABSL_GUARDED_BY(mu_);
  int64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<grpc::ClientContext*> streams_ ABSL_GUARDED_BY(mu_);
};

class SoakCluster {
 public:
  // How long a replica waits on one Redis read or write
  // (--redis_timeout_ms). Longer than a round trip through the slowed
  // proxy (2 x 200 ms), so a slow Redis is slow and not down; shorter than
  // the 2 s pause, so a hung Redis is treated as down: reads go on marked
  // stale and ReportStock answers UNAVAILABLE.
  static constexpr absl::Duration kRedisTimeout = absl::Milliseconds(1000);

  SoakCluster();

  // Starts Redis, the proxy and both replicas; an error says which failed.
  absl::Status Start();

  Replica& replica(int i) { return *replicas_[i]; }
  const Replica& replica(int i) const { return *replicas_[i]; }
  static constexpr int kReplicas = 2;

  RedisProcess& redis() { return redis_; }
  LatencyProxy& proxy() { return *proxy_; }

 private:
  RedisProcess redis_;
  std::unique_ptr<LatencyProxy> proxy_;
  std::array<std::unique_ptr<Replica>, kReplicas> replicas_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_BENCH_SOAK_CLUSTER_H_
