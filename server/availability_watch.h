// AvailabilityWatchers: the WatchAvailability subscriptions, and the
// StockStore listener that tells each one when its drug becomes available
// or runs out at a pharmacy within its radius (in its plan's network).
//
//   AvailabilityWatchers watchers(&snapshots, policy);
//   store.set_listener([&](const StockObservation& o,
//                          const std::optional<StockLevel>& was) {
//     watchers.OnApplied(o, was);
//   });
//   absl::StatusOr<uint64_t> id = watchers.Add({.ndc = ..., .send = ...});
//   ...
//   watchers.Remove(id);  // After it returns, `send` is never called again.
//
// "Available" is Available() in index/stock.h: counted recently, with at
// least the watch's minimum. A count that ages past the freshness
// threshold without a new report is not announced; the next report is.
//
// Thread-safe. `send` runs on the thread that applied the update, under the
// registry's lock: it must only queue the event.
#ifndef RXLOCATOR_SERVER_AVAILABILITY_WATCH_H_
#define RXLOCATOR_SERVER_AVAILABILITY_WATCH_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "index/plan_key.h"
#include "index/stock.h"
#include "index/stock_store.h"
#include "rxlocator/v1/inventory.pb.h"
#include "s2/s2point.h"
#include "server/snapshot_holder.h"

namespace rxlocator {

struct AvailabilityWatch {
  std::string ndc;  // 11 digits.
  S2Point origin;   // Unit vector.
  double radius_meters;
  std::optional<PlanKey> plan;  // Resolved against each event's snapshot.
  int64_t min_quantity = 1;
  std::function<void(v1::AvailabilityEvent)> send;
};

class AvailabilityWatchers {
 public:
  // Each watch costs a stream, a queue and a look at every change of its
  // drug, so a server holds at most this many by default.
  static constexpr size_t kDefaultMaxWatches = 10000;

  // `snapshots` must outlive this.
  AvailabilityWatchers(const SnapshotHolder* snapshots, FreshnessPolicy policy,
                       size_t max_watches = kDefaultMaxWatches);

  // The new watch's id, or RESOURCE_EXHAUSTED when max_watches are open.
  absl::StatusOr<uint64_t> Add(AvailabilityWatch watch);
  void Remove(uint64_t id);

  // The event for a pharmacy where the watch's drug is available now, or
  // nullopt if it is not, or the pharmacy is outside the watch's radius or
  // plan. `kind` is the event's kind if it is sent.
  std::optional<v1::AvailabilityEvent> EventFor(
      const Snapshot& snapshot, const AvailabilityWatch& watch,
      absl::string_view pharmacy_id, const StockLevel& level, absl::Time now,
      v1::AvailabilityEvent::Kind kind) const;

  // The StockStore listener.
  void OnApplied(const StockObservation& observation,
                 const std::optional<StockLevel>& was);

  const FreshnessPolicy& policy() const { return policy_; }

 private:
  const SnapshotHolder* const snapshots_;
  const FreshnessPolicy policy_;
  const size_t max_watches_;
  absl::Mutex mutex_;
  uint64_t next_id_ ABSL_GUARDED_BY(mutex_) = 1;
  // By NDC, then by id: an update touches only its drug's watches.
  absl::flat_hash_map<std::string,
                      absl::flat_hash_map<uint64_t, AvailabilityWatch>>
      by_ndc_ ABSL_GUARDED_BY(mutex_);
  absl::flat_hash_map<uint64_t, std::string> ndc_of_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_AVAILABILITY_WATCH_H_
