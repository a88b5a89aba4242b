// The soak's load on a SoakCluster: stock feeds whose every acknowledged
// update can be checked afterwards, readers that make the calls members'
// apps, the portal and the IVR make, and availability watches; then the
// check that both replicas hold every acknowledged update.
//
//   absl::StatusOr<SoakData> data = SoakData::Load(seed);
//   Caller caller(&cluster, &tally, &phases, absl::Now());
//   Feed feed(0, &*data, &caller, seed);
//   std::thread t([&] { feed.Run(stop); });
//   ... RunReader(0, *data, {&feed}, &caller, seed, stop) ...
//   CheckResult check = CheckAcknowledged(cluster, *data, {&feed}, bound);
//
// Feeds, readers and watchers run on threads of their own; Caller is
// thread-safe.
#ifndef RXLOCATOR_BENCH_SOAK_LOAD_H_
#define RXLOCATOR_BENCH_SOAK_LOAD_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "bench/soak_cluster.h"
#include "bench/soak_tally.h"
#include "rxlocator/v1/inventory.pb.h"
#include "rxlocator/v1/pharmacy_locator.pb.h"

namespace rxlocator {

// What the load asks about, from the bundled data the replicas serve.
struct SoakData {
  // Every pharmacy's id, in an order shuffled by the seed: the feeds go
  // through them in this order, so that every region gets stock early.
  std::vector<std::string> pharmacy_ids;
  // NPIs, for GetPharmacy by NPI.
  std::vector<std::string> npis;
  // ZIP codes of walk-in pharmacies that the ZIP table places.
  std::vector<std::string> zips;
  // The bundled plans (data/synthetic_plans.csv.gz and the Part D file).
  std::vector<v1::Plan> plans;
  // When update 0 of every feed was observed; update j 1 µs later per j.
  absl::Time observed_base;

  // Loads the bundled data as the replicas do.
  static absl::StatusOr<SoakData> Load(uint64_t seed);

  // Update j of feed f sets pharmacy_ids[j % P]'s count of NDC
  // Ndc(f, j / P) (a distinct NDC per feed and per pass over the P
  // pharmacies), so every update is a distinct (pharmacy, NDC) pair with a
  // known count and time.
  v1::StockUpdate Update(int feed, int64_t j) const;
  std::string Ndc(int feed, int64_t pass) const;
  int64_t Quantity(int feed, int64_t j) const;
  absl::Time Observed(int64_t j) const;
};

// Makes calls on the cluster's replicas and tallies them: routes each to
// the replica asked for, or to the other when that one is stopping; sets
// the deadline; classifies the outcome; measures reads.
class Caller {
 public:
  Caller(SoakCluster* cluster, Tally* tally, FaultPhases* phases,
         absl::Time start)
      : cluster_(cluster), tally_(tally), phases_(phases), start_(start) {}

  struct Options {
    std::string kind;  // As tallied, e.g. "GetStock".
    bool read = true;
    int replica = 0;  // Preferred; the other if it is stopping.
    absl::Duration deadline = absl::Seconds(3);
    // A code the API tells callers to retry (ReportStock's UNAVAILABLE):
    // tallied as retried, not failed.
    grpc::StatusCode retry_code = grpc::StatusCode::OK;
    // Whether to call the other replica when `replica` is stopping;
    // otherwise the call is not made.
    bool fall_back = true;
  };
  // Fills *stale from the answer.
  using Call = std::function<grpc::Status(
      const ReplicaStubs& stubs, grpc::ClientContext& context, bool* stale)>;
  struct Result {
    grpc::Status status;
    int replica = -1;  // -1: neither replica was up; nothing was called.
  };
  Result Make(const Options& options, const Call& call);

  SoakCluster& cluster() { return *cluster_; }
  Tally& tally() { return *tally_; }
  FaultPhases& phases() { return *phases_; }
  // Since the soak started.
  absl::Duration Elapsed() const;

 private:
  SoakCluster* const cluster_;
  Tally* const tally_;
  FaultPhases* const phases_;
  const absl::Time start_;
};

// One stock feed: ReportStock calls of a few updates at a time, taking
// turns between the replicas, each batch sent again (with backoff) until a
// replica acknowledges it, then the next.
class Feed {
 public:
  Feed(int index, const SoakData* data, Caller* caller, uint64_t seed)
      : index_(index), data_(data), caller_(caller), seed_(seed) {}

  // Until `stop`; a batch under way when it comes is not sent again.
  void Run(const std::atomic<bool>& stop);

  int index() const { return index_; }
  // Updates 0 to acknowledged() - 1 were acknowledged, and no other.
  int64_t acknowledged() const { return acknowledged_.load(); }
  // Calls that were sent again after failing.
  int64_t retried_calls() const { return retried_calls_.load(); }

 private:
  const int index_;
  const SoakData* const data_;
  Caller* const caller_;
  const uint64_t seed_;
  std::atomic<int64_t> acknowledged_{0};
  std::atomic<int64_t> retried_calls_{0};
};

// A reader: until `stop`, one call after another (a few ms apart) of a
// random kind on a random replica, with a deadline: FindPharmacies (plain,
// in a plan, open now, in stock of a drug the feeds report), GetStock,
// UrgentFill, GetPharmacy (by id or NPI), LocateForIvr.
void RunReader(int index, const SoakData& data,
               const std::vector<const Feed*>& feeds, Caller* caller,
               uint64_t seed, const std::atomic<bool>& stop);

// A WatchAvailability stream on one replica for the drug that feed 0 is
// reporting, near a ZIP code, opened again whenever it ends. Stop() ends
// it.
class Watcher {
 public:
  Watcher(int replica, const SoakData* data, const Feed* feed, Caller* caller,
          uint64_t seed)
      : replica_(replica),
        data_(data),
        feed_(feed),
        caller_(caller),
        seed_(seed) {}

  void Run();
  void Stop();

  int64_t events() const { return events_.load(); }

 private:
  const int replica_;
  const SoakData* const data_;
  const Feed* const feed_;
  Caller* const caller_;
  const uint64_t seed_;
  std::atomic<int64_t> events_{0};
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  grpc::ClientContext* context_ ABSL_GUARDED_BY(mu_) = nullptr;
};

// Whether each replica holds every acknowledged update, with its count and
// time, checked over gRPC (GetStock) again and again until all are there
// or `bound` has passed.
struct CheckResult {
  int64_t acknowledged = 0;
  std::vector<int64_t> missing;       // By replica, at the end.
  int64_t lost = 0;                   // Missing from either replica.
  absl::Duration waited;              // Until the last pass.
  std::vector<std::string> examples;  // A few lost updates, described.
  std::vector<std::string> errors;    // Checks that could not be made.
};
CheckResult CheckAcknowledged(SoakCluster& cluster, const SoakData& data,
                              const std::vector<const Feed*>& feeds,
                              absl::Duration bound);

}  // namespace rxlocator

#endif  // RXLOCATOR_BENCH_SOAK_LOAD_H_
