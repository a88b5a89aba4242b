#include "index/stock_store.h"

#include "absl/hash/hash.h"

namespace rxlocator {

size_t StockStore::ShardIndex(absl::string_view ndc) {
  return absl::Hash<absl::string_view>()(ndc) % kShards;
}

void StockStore::LockShared(size_t shard) const ABSL_NO_THREAD_SAFETY_ANALYSIS {
  shards_[shard].mutex.ReaderLock();
}

void StockStore::UnlockShared(size_t shard) const
    ABSL_NO_THREAD_SAFETY_ANALYSIS {
  shards_[shard].mutex.ReaderUnlock();
}

const StockStore::Levels* StockStore::LevelsOf(absl::string_view ndc) const
    ABSL_NO_THREAD_SAFETY_ANALYSIS {
  const Shard& shard = ShardOf(ndc);
  auto it = shard.by_ndc.find(ndc);
  return it == shard.by_ndc.end() ? nullptr : &it->second;
}

StockStore::Outcome StockStore::Apply(const StockObservation& observation) {
  Shard& shard = ShardOf(observation.ndc);
  absl::MutexLock lock(&shard.mutex);
  Levels& levels = shard.by_ndc[observation.ndc];
  auto [it, fresh] =
      levels.try_emplace(observation.pharmacy_id, observation.level);
  std::optional<StockLevel> was;
  if (!fresh) {
    if (!Newer(observation.level, it->second)) return Outcome::kStale;
    was = std::move(it->second);
    it->second = observation.level;
  }
  // Under the lock, so that two threads' changes to one pharmacy's count are
  // heard in the order they were made.
  if (listener_) listener_(observation, was);
  return Outcome::kApplied;
}

std::optional<StockLevel> StockStore::Get(absl::string_view pharmacy_id,
                                          absl::string_view ndc) const {
  const Shard& shard = ShardOf(ndc);
  absl::ReaderMutexLock lock(&shard.mutex);
  auto levels = shard.by_ndc.find(ndc);
  if (levels == shard.by_ndc.end()) return std::nullopt;
  auto it = levels->second.find(pharmacy_id);
  if (it == levels->second.end()) return std::nullopt;
  return it->second;
}

size_t StockStore::size() const {
  size_t n = 0;
  for (const Shard& shard : shards_) {
    absl::ReaderMutexLock lock(&shard.mutex);
    for (const auto& [ndc, levels] : shard.by_ndc) n += levels.size();
  }
  return n;
}

}  // namespace rxlocator
