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

const StockStore::Drug* StockStore::DrugOf(absl::string_view ndc) const
    ABSL_NO_THREAD_SAFETY_ANALYSIS {
  const Shard& shard = ShardOf(ndc);
  auto it = shard.by_ndc.find(ndc);
  return it == shard.by_ndc.end() ? nullptr : &it->second;
}

StockStore::Block& StockStore::Drug::BlockFor(uint32_t block) {
  const uint32_t word = block >> 6;
  if (word >= directory.size()) {
    directory.resize(word + 1,
                     Directory{0, static_cast<uint32_t>(blocks.size())});
  }
  Directory& d = directory[word];
  const uint64_t bit = uint64_t{1} << (block & 63);
  const size_t at = d.rank + std::popcount(d.used & (bit - 1));
  if ((d.used & bit) == 0) {
    d.used |= bit;
    for (uint32_t later = word + 1; later < directory.size(); ++later) {
      ++directory[later].rank;
    }
    blocks.insert(blocks.begin() + at, Block{});
  }
  return blocks[at];
}

uint32_t StockStore::Names::Intern(absl::string_view name) {
  if (std::optional<uint32_t> code = Find(name)) return *code;
  absl::MutexLock lock(&mutex_);
  auto [it, fresh] = codes_.try_emplace(name, names_.size());
  if (fresh) names_.emplace_back(name);
  return it->second;
}

std::optional<uint32_t> StockStore::Names::Find(absl::string_view name) const {
  absl::ReaderMutexLock lock(&mutex_);
  auto it = codes_.find(name);
  if (it == codes_.end()) return std::nullopt;
  return it->second;
}

std::string StockStore::Names::Name(uint32_t code) const {
  absl::ReaderMutexLock lock(&mutex_);
  return names_[code];
}

StockStore::Outcome StockStore::Apply(const StockObservation& observation) {
  const uint32_t key = pharmacies_.Intern(observation.pharmacy_id);
  const Held held{absl::ToUnixMicros(observation.level.observed_at),
                  static_cast<int32_t>(observation.level.quantity),
                  sources_.Intern(observation.level.source)};
  Shard& shard = ShardOf(observation.ndc);
  absl::MutexLock lock(&shard.mutex);
  Drug& drug = shard.by_ndc[observation.ndc];
  Block& block = drug.BlockFor(key >> 6);
  const uint64_t bit = uint64_t{1} << (key & 63);
  const size_t at = std::popcount(block.bits & (bit - 1));
  std::optional<StockLevel> was;
  if (block.bits & bit) {
    Held& level = block.levels[at];
    if (held.observed_micros <= level.observed_micros) return Outcome::kStale;
    if (listener_) was = LevelOf(level);
    level = held;
  } else {
    // Exact growth: a block holds at most 64 levels, and most far fewer.
    block.levels.reserve(block.levels.size() + 1);
    block.levels.insert(block.levels.begin() + at, held);
    block.bits |= bit;
    ++drug.count;
  }
  // Under the lock, so that two threads' changes to one pharmacy's count are
  // heard in the order they were made.
  if (listener_) listener_(observation, was);
  return Outcome::kApplied;
}

std::optional<StockLevel> StockStore::Get(absl::string_view pharmacy_id,
                                          absl::string_view ndc) const {
  const std::optional<uint32_t> key = pharmacies_.Find(pharmacy_id);
  if (!key) return std::nullopt;
  const Shard& shard = ShardOf(ndc);
  absl::ReaderMutexLock lock(&shard.mutex);
  DrugLevels levels;
  levels.drug_ = DrugOf(ndc);
  const Held* held = levels.Find(*key);
  if (held == nullptr) return std::nullopt;
  return LevelOf(*held);
}

std::string StockStore::source_name(uint32_t source) const {
  return sources_.Name(source);
}

std::shared_ptr<const StockStore::Keys> StockStore::KeysFor(
    const Snapshot& snapshot) const {
  {
    absl::ReaderMutexLock lock(&keys_mutex_);
    for (const auto& [version, keys] : keys_by_version_) {
      if (version == snapshot.version()) return keys;
    }
  }
  // Made outside the lock: two callers may both make them, alike.
  auto keys = std::make_shared<Keys>();
  for (const Pharmacy& p : snapshot.pharmacies()) {
    keys->key_of_.push_back(pharmacies_.Intern(p.id));
  }
  const uint32_t most =
      keys->key_of_.empty()
          ? 0
          : *std::max_element(keys->key_of_.begin(), keys->key_of_.end());
  keys->pharmacy_of_.assign(keys->key_of_.empty() ? 0 : most + 1, Keys::kNone);
  for (uint32_t i = 0; i < keys->key_of_.size(); ++i) {
    keys->pharmacy_of_[keys->key_of_[i]] = i;
  }
  absl::MutexLock lock(&keys_mutex_);
  for (const auto& [version, made] : keys_by_version_) {
    if (version == snapshot.version()) return made;
  }
  if (keys_by_version_.size() == 2) {
    keys_by_version_.erase(keys_by_version_.begin());
  }
  keys_by_version_.emplace_back(snapshot.version(), keys);
  return keys;
}

void StockStore::ForEachPharmacy(
    absl::string_view ndc,
    absl::FunctionRef<void(const std::string&, const StockLevel&)> fn) const {
  const Shard& shard = ShardOf(ndc);
  absl::ReaderMutexLock lock(&shard.mutex);
  DrugLevels levels;
  levels.drug_ = DrugOf(ndc);
  pharmacies_.Read([&](const auto& id_of) {
    levels.ForEach(
        [&](uint32_t key, const Held& held) { fn(id_of(key), LevelOf(held)); });
  });
}

void StockStore::ForEach(
    absl::FunctionRef<void(const std::string&, const std::string&,
                           const StockLevel&)>
        fn) const {
  for (const Shard& shard : shards_) {
    absl::ReaderMutexLock lock(&shard.mutex);
    pharmacies_.Read([&](const auto& id_of) {
      // Not a structured binding: clang before 16 cannot capture one.
      for (const auto& entry : shard.by_ndc) {
        const std::string& ndc = entry.first;
        DrugLevels levels;
        levels.drug_ = &entry.second;
        levels.ForEach([&](uint32_t key, const Held& held) {
          fn(id_of(key), ndc, LevelOf(held));
        });
      }
    });
  }
}

size_t StockStore::size() const {
  size_t n = 0;
  for (const Shard& shard : shards_) {
    absl::ReaderMutexLock lock(&shard.mutex);
    for (const auto& [ndc, drug] : shard.by_ndc) n += drug.count;
  }
  return n;
}

}  // namespace rxlocator
