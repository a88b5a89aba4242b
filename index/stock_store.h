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

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
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
  // (nullopt if none), on the applying thread, while the NDC's shard is
  // locked: changes to one count are heard in order. It must not call back
  // into the store.
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

  // One drug's levels, read while ReadLevels' callback runs.
  class DrugLevels {
   public:
    // The level held for the pharmacy, or nullptr.
    const StockLevel* Find(absl::string_view pharmacy_id) const {
      if (levels_ == nullptr) return nullptr;
      auto it = levels_->find(pharmacy_id);
      return it == levels_->end() ? nullptr : &it->second;
    }
    // How many pharmacies have a level of the drug.
    size_t size() const { return levels_ == nullptr ? 0 : levels_->size(); }
    // Calls fn(pharmacy_id, level) for each of them.
    template <typename Fn>
    void ForEach(Fn fn) const {
      if (levels_ == nullptr) return;
      for (const auto& [pharmacy, level] : *levels_) fn(pharmacy, level);
    }

   private:
    friend class StockStore;
    const absl::flat_hash_map<std::string, StockLevel>* levels_ = nullptr;
  };

  // Calls fn(levels) with a DrugLevels per NDC of `ndcs`, in order, their
  // shards read-locked for the call: a query reads many pharmacies' levels
  // without a lock and a map lookup for each. fn must not call back into
  // the store.
  template <typename Fn>
  void ReadLevels(absl::Span<const std::string> ndcs, Fn fn) const {
    std::vector<DrugLevels> levels(ndcs.size());
    std::vector<size_t> shards;
    for (const std::string& ndc : ndcs) shards.push_back(ShardIndex(ndc));
    std::sort(shards.begin(), shards.end());
    shards.erase(std::unique(shards.begin(), shards.end()), shards.end());
    // Each shard once (a reader lock taken twice can deadlock behind a
    // waiting writer), in a fixed order.
    for (size_t shard : shards) LockShared(shard);
    for (size_t i = 0; i < ndcs.size(); ++i) {
      levels[i].levels_ = LevelsOf(ndcs[i]);
    }
    fn(absl::MakeConstSpan(levels));
    for (size_t shard : shards) UnlockShared(shard);
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
  static size_t ShardIndex(absl::string_view ndc);
  const Shard& ShardOf(absl::string_view ndc) const {
    return shards_[ShardIndex(ndc)];
  }
  Shard& ShardOf(absl::string_view ndc) { return shards_[ShardIndex(ndc)]; }
  void LockShared(size_t shard) const;
  void UnlockShared(size_t shard) const;
  // The NDC's levels, with its shard locked by the caller; nullptr if none.
  const Levels* LevelsOf(absl::string_view ndc) const;

  std::array<Shard, kShards> shards_;
  Listener listener_;
  std::atomic<bool> stale_{false};
};

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_STOCK_STORE_H_
