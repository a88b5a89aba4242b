// StockStore: the in-process live stock of every pharmacy, the store that
// queries read. With Redis configured it mirrors Redis (see
// server/redis_stock.h); without, it is the only copy.
//
//   StockStore store;
//   StockStore::Outcome o = store.Apply({"rx-1", "00069108530",
//                                        {17, observed, "hhs"}});
//   std::optional<StockLevel> level = store.Get("rx-1", "00069108530");
//
// Layout, for queries that test thousands of pharmacies against a drug and
// for tens of millions of counts in little memory: pharmacy ids are
// numbered as the store first sees them (keys, stable for the store's life;
// KeysFor maps a snapshot's pharmacies to them). Each NDC holds a bitset
// over the keys in blocks of 64, each block with the levels of its set bits
// in key order, 16 bytes a level; only blocks with a level exist, found
// through a bitset of blocks with a rank per word. "Does this pharmacy have
// a count" is two bit tests, and its count two popcounts away. An NDC costs
// 32 bytes per block in use plus 12 bytes per 4,096 keys. NDCs are spread
// over shards, each behind its own reader-writer lock.
//
// Thread-safe: any number of threads may read and apply at once.
#ifndef RXLOCATOR_INDEX_STOCK_STORE_H_
#define RXLOCATOR_INDEX_STOCK_STORE_H_

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "index/snapshot.h"
#include "index/stock.h"

namespace rxlocator {

class StockStore {
 private:
  struct Drug;  // One NDC's levels, below.

 public:
  enum class Outcome {
    kApplied,  // Newer than what was held (or the first): now held.
    kStale,    // Not newer than what is held (older, or a repeat): ignored.
  };

  // A level as held: compact, with its source as a code (source_name()).
  struct Held {
    int64_t observed_micros;  // Unix microseconds.
    int32_t quantity;
    uint32_t source;
    absl::Time observed_at() const {
      return absl::FromUnixMicros(observed_micros);
    }
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
  // for its pharmacy and NDC, to the microsecond. The caller has validated
  // it: quantity 0 to kMaxStockQuantity.
  Outcome Apply(const StockObservation& observation);

  // Whether updates may be missing: set while the shared inventory this
  // store mirrors is unreachable. Default false.
  bool stale() const { return stale_.load(std::memory_order_relaxed); }
  void set_stale(bool stale) { stale_.store(stale, std::memory_order_relaxed); }

  std::optional<StockLevel> Get(absl::string_view pharmacy_id,
                                absl::string_view ndc) const;

  // The name of a Held level's source.
  std::string source_name(uint32_t source) const;

  // A snapshot's pharmacies as keys of this store, both ways.
  class Keys {
   public:
    uint32_t key(uint32_t pharmacy) const { return key_of_[pharmacy]; }
    // The snapshot's pharmacy with this key, or nullopt.
    std::optional<uint32_t> pharmacy(uint32_t key) const {
      if (key >= pharmacy_of_.size() || pharmacy_of_[key] == kNone) {
        return std::nullopt;
      }
      return pharmacy_of_[key];
    }

   private:
    friend class StockStore;
    static constexpr uint32_t kNone = UINT32_MAX;
    std::vector<uint32_t> key_of_;       // By snapshot index.
    std::vector<uint32_t> pharmacy_of_;  // By key.
  };
  // The keys of `snapshot`'s pharmacies, made on first use for each data
  // version and kept for the last two.
  std::shared_ptr<const Keys> KeysFor(const Snapshot& snapshot) const;

  // One drug's levels, read while ReadLevels' callback runs.
  class DrugLevels {
   public:
    // The level held for the pharmacy with this key, or nullptr.
    const Held* Find(uint32_t key) const {
      if (drug_ == nullptr) return nullptr;
      const Block* b = drug_->BlockOf(key >> 6);
      const uint64_t bit = uint64_t{1} << (key & 63);
      if (b == nullptr || (b->bits & bit) == 0) return nullptr;
      return &b->levels[std::popcount(b->bits & (bit - 1))];
    }
    // How many pharmacies have a level of the drug.
    size_t size() const { return drug_ == nullptr ? 0 : drug_->count; }
    // Calls fn(key, held) for each of them, in key order.
    template <typename Fn>
    void ForEach(Fn fn) const {
      if (drug_ == nullptr) return;
      const Block* b = drug_->blocks.data();
      for (uint32_t word = 0; word < drug_->directory.size(); ++word) {
        for (uint64_t used = drug_->directory[word].used; used != 0;
             used &= used - 1) {
          const uint32_t first_key = (word * 64 + std::countr_zero(used)) * 64;
          size_t k = 0;
          for (uint64_t bits = b->bits; bits != 0; bits &= bits - 1) {
            fn(first_key + std::countr_zero(bits), b->levels[k++]);
          }
          ++b;
        }
      }
    }

   private:
    friend class StockStore;
    const Drug* drug_ = nullptr;
  };

  // Calls fn(levels) with a DrugLevels per NDC of `ndcs`, in order, their
  // shards read-locked for the call: a query reads many pharmacies' levels
  // without a lock for each. Writers to those shards wait meanwhile, so fn
  // should be quick. fn must not call back into the store, except for
  // source_name() (its lock is never held while a shard is locked for
  // writing).
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
    for (size_t i = 0; i < ndcs.size(); ++i) levels[i].drug_ = DrugOf(ndcs[i]);
    fn(absl::MakeConstSpan(levels));
    for (size_t shard : shards) UnlockShared(shard);
  }

  // Calls fn(pharmacy_id, level) for every pharmacy with a level of `ndc`,
  // under the NDC's reader lock: fn must not call back into the store.
  void ForEachPharmacy(absl::string_view ndc,
                       absl::FunctionRef<void(const std::string& pharmacy_id,
                                              const StockLevel& level)>
                           fn) const;

  // Every level held, as (pharmacy_id, ndc, level), in no particular order.
  void ForEach(
      absl::FunctionRef<void(const std::string& pharmacy_id,
                             const std::string& ndc, const StockLevel& level)>
          fn) const;

  // How many (pharmacy, NDC) levels are held.
  size_t size() const;

 private:
  struct Block {
    uint64_t bits = 0;         // Bit k: key 64b + k has a level.
    std::vector<Held> levels;  // Of the set bits, in bit order.
  };
  // Which blocks of 64 are in use (bit b: block 64w + b, keys 4096w + 64b
  // to + 63, for the w-th word), with how many are in use before the word.
  struct Directory {
    uint64_t used = 0;
    uint32_t rank = 0;
  };
  struct Drug {
    std::vector<Directory> directory;
    std::vector<Block> blocks;  // The blocks in use, in block order.
    size_t count = 0;           // Levels held.

    const Block* BlockOf(uint32_t block) const {
      const uint32_t word = block >> 6;
      if (word >= directory.size()) return nullptr;
      const Directory& d = directory[word];
      const uint64_t bit = uint64_t{1} << (block & 63);
      if ((d.used & bit) == 0) return nullptr;
      return &blocks[d.rank + std::popcount(d.used & (bit - 1))];
    }
    // The block, added (empty) if it was not in use.
    Block& BlockFor(uint32_t block);
  };
  static constexpr size_t kShards = 64;
  struct Shard {
    mutable absl::Mutex mutex;
    absl::flat_hash_map<std::string, Drug> by_ndc ABSL_GUARDED_BY(mutex);
  };
  static size_t ShardIndex(absl::string_view ndc);
  const Shard& ShardOf(absl::string_view ndc) const {
    return shards_[ShardIndex(ndc)];
  }
  Shard& ShardOf(absl::string_view ndc) { return shards_[ShardIndex(ndc)]; }
  void LockShared(size_t shard) const;
  void UnlockShared(size_t shard) const;
  // The NDC's levels, with its shard locked by the caller; nullptr if none.
  const Drug* DrugOf(absl::string_view ndc) const;

  // Names (pharmacy ids, sources) numbered in order of first sight.
  class Names {
   public:
    uint32_t Intern(absl::string_view name);
    std::optional<uint32_t> Find(absl::string_view name) const;
    std::string Name(uint32_t code) const;
    // Calls fn with a function from code to name, under the reader lock.
    template <typename Fn>
    void Read(Fn fn) const {
      absl::ReaderMutexLock lock(&mutex_);
      fn([this](uint32_t code) -> const std::string& { return names_[code]; });
    }

   private:
    mutable absl::Mutex mutex_;
    absl::flat_hash_map<std::string, uint32_t> codes_ ABSL_GUARDED_BY(mutex_);
    std::deque<std::string> names_ ABSL_GUARDED_BY(mutex_);
  };
  StockLevel LevelOf(const Held& held) const {
    return StockLevel{held.quantity, held.observed_at(),
                      sources_.Name(held.source)};
  }

  std::array<Shard, kShards> shards_;
  mutable Names pharmacies_;  // KeysFor numbers a snapshot's.
  Names sources_;
  Listener listener_;
  std::atomic<bool> stale_{false};
  mutable absl::Mutex keys_mutex_;  // Never held while interning.
  mutable std::vector<std::pair<uint64_t, std::shared_ptr<const Keys>>>
      keys_by_version_ ABSL_GUARDED_BY(keys_mutex_);
};

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_STOCK_STORE_H_
