// StockStore: the in-process live stock of every pharmacy, the store that
// queries read. With Redis configured it mirrors Redis (see
// server/redis_stock.h); without, it is the only copy.
//
//   StockStore store;
//   StockStore::Outcome o = store.Apply({"rx-1", "00069108530",
//                                        {17, observed, "hhs"}});
//   std::optional<StockLevel> level = store.Get("rx-1", "00069108530");
//
// Levels are kept per NDC, each NDC's pharmacies in one hash map, so a query
// about a drug finds its pharmacies in one place; NDCs are spread over
// shards, each behind its own reader-writer lock.
//
// Thread-safe: any number of threads may read and apply at once.
#ifndef RXLOCATOR_INDEX_STOCK_STORE_H_
#define RXLOCATOR_INDEX_STOCK_STORE_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "index/stock.h"

namespace rxlocator {

class StockStore {
 public:
  enum class Outcome {
    kApplied,  // Newer than what was held (or the first): now held.
    kStale,    // Not newer than what is held (older, or a repeat): ignored.
  };

  StockStore() = default;
  StockStore(const StockStore&) = delete;
  StockStore& operator=(const StockStore&) = delete;

  // Called after each applied observation with the level it replaced
  // (nullopt if none), outside the store's locks, on the applying thread.
  using Listener = std::function<void(const StockObservation& observation,
                                      const std::optional<StockLevel>& was)>;
  // Set before the store is shared between threads.
  void set_listener(Listener listener) { listener_ = std::move(listener); }

  // Keeps the observation if it is newer (see Newer()) than the level held
  // for its pharmacy and NDC. The caller has validated it.
  Outcome Apply(const StockObservation& observation);

  // Whether updates may be missing: set while the shared inventory this
  // store mirrors is unreachable. Default false.
  bool stale() const { return stale_.load(std::memory_order_relaxed); }
  void set_stale(bool stale) { stale_.store(stale, std::memory_order_relaxed); }

  std::optional<StockLevel> Get(absl::string_view pharmacy_id,
                                absl::string_view ndc) const;

  // Calls fn(pharmacy_id, level) for every pharmacy with a level of `ndc`,
  // under the NDC's reader lock: fn must not call back into the store.
  template <typename Fn>
  void ForEachPharmacy(absl::string_view ndc, Fn fn) const {
    const Shard& shard = ShardOf(ndc);
    absl::ReaderMutexLock lock(&shard.mutex);
    auto it = shard.by_ndc.find(ndc);
    if (it == shard.by_ndc.end()) return;
    for (const auto& [pharmacy, level] : it->second) fn(pharmacy, level);
  }

  // Every level held, as observations, in no particular order.
  template <typename Fn>
  void ForEach(Fn fn) const {
    for (const Shard& shard : shards_) {
      absl::ReaderMutexLock lock(&shard.mutex);
      for (const auto& [ndc, levels] : shard.by_ndc) {
        for (const auto& [pharmacy, level] : levels) fn(pharmacy, ndc, level);
      }
    }
  }

  // How many (pharmacy, NDC) levels are held.
  size_t size() const;

 private:
  static constexpr size_t kShards = 64;
  using Levels = absl::flat_hash_map<std::string, StockLevel>;  // By pharmacy.
  struct Shard {
    mutable absl::Mutex mutex;
    absl::flat_hash_map<std::string, Levels> by_ndc ABSL_GUARDED_BY(mutex);
  };
  const Shard& ShardOf(absl::string_view ndc) const;
  Shard& ShardOf(absl::string_view ndc);

  std::array<Shard, kShards> shards_;
  Listener listener_;
  std::atomic<bool> stale_{false};
};

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_STOCK_STORE_H_
