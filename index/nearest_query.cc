#include "index/nearest_query.h"

#include <algorithm>
#include <optional>

#include "absl/time/civil_time.h"
#include "index/geo.h"
#include "index/membership_at.h"
#include "index/opening_hours.h"
#include "index/weekly_hours_column.h"

namespace rxlocator {
namespace {

// Which chain codes a query admits; empty when every chain is allowed.
std::vector<bool> AllowedChains(const Snapshot& snapshot,
                                const NearestQuery& query) {
  if (query.include_chains.empty() && query.exclude_chains.empty()) return {};
  std::vector<bool> allowed(snapshot.chains().size(),
                            query.include_chains.empty());
  for (uint32_t code : query.include_chains) allowed[code] = true;
  for (uint32_t code : query.exclude_chains) allowed[code] = false;
  return allowed;
}

// Whether a pharmacy's counter is open at one instant, and for a while
// after: the instant is converted to each time zone once, when a pharmacy
// in that zone is first asked about; plain weekly hours are answered from
// the snapshot's compact column, the rest by full evaluation.
class OpenFilter {
 public:
  OpenFilter(const Snapshot& snapshot, absl::Time at, absl::Duration open_for)
      : snapshot_(snapshot), at_(at), open_for_(open_for) {
    local_.assign(snapshot.zones().size(), std::nullopt);
  }

  bool operator()(uint32_t i) {
    const uint32_t zone = snapshot_.zone_code(i);
    if (zone == Snapshot::kNoZone) return false;
    if (!local_[zone]) {
      const absl::CivilSecond local = snapshot_.zones()[zone].At(at_).cs;
      local_[zone] = Local{local, MinuteOfWeek(local)};
    }
    const std::optional<bool> plain =
        snapshot_.weekly_hours().OpenAt(i, local_[zone]->minute_of_week);
    const OpeningHours* hours = nullptr;
    if (plain.has_value()) {
      if (!*plain) return false;
    } else {
      hours = &CounterHours(snapshot_.pharmacy(i));
      if (StateAt(*hours, local_[zone]->civil) != OpenState::kOpen) {
        return false;
      }
    }
    if (open_for_ <= absl::ZeroDuration()) return true;
    if (hours == nullptr) hours = &CounterHours(snapshot_.pharmacy(i));
    return OpenThroughout(*hours, at_, open_for_, snapshot_.zones()[zone]);
  }

 private:
  struct Local {
    absl::CivilSecond civil;
    int minute_of_week;
  };
  const Snapshot& snapshot_;
  const absl::Time at_;
  const absl::Duration open_for_;
  std::vector<std::optional<Local>> local_;  // By zone code.
};

// Every condition of a query that the searched index does not already
// guarantee, cheapest first, live stock (behind locks) last.
class Conditions {
 public:
  // `levels`: the stock filter's drugs, read-locked (StockStore::ReadLevels),
  // and `keys` the snapshot's pharmacies in the store.
  Conditions(const Snapshot& snapshot, const NearestQuery& query,
             ServiceMask unchecked, const StockStore::Keys* keys,
             absl::Span<const StockStore::DrugLevels> levels)
      : snapshot_(snapshot),
        unchecked_(unchecked),
        allowed_(AllowedChains(snapshot, query)),
        stock_(query.stock ? &*query.stock : nullptr),
        keys_(keys),
        levels_(levels) {
    if (query.open_at) open_.emplace(snapshot, *query.open_at, query.open_for);
    if (query.plan) {
      membership_.emplace(snapshot, query.plan->network, query.plan->as_of);
      fills_ = Bit(FillKind::kRetail);
      if (query.plan->ninety_day_retail)
        fills_ |= Bit(FillKind::kNinetyDayRetail);
      if (query.plan->preferred_only) tier_ = Tier::kPreferred;
    }
  }

  // Whether the searched index's pharmacies all qualify.
  bool trivial() const {
    return unchecked_ == 0 && allowed_.empty() && !open_ && !membership_ &&
           stock_ == nullptr;
  }
  // Admits only this tier from now on (no effect without a plan).
  void RequireTier(Tier tier) { tier_ = tier; }

  bool operator()(uint32_t i) {
    return (snapshot_.services(i) & unchecked_) == unchecked_ &&
           (allowed_.empty() || allowed_[snapshot_.chain_code(i)]) &&
           (!membership_ || InPlan(i)) && (!open_ || (*open_)(i)) &&
           (stock_ == nullptr || InStock(i));
  }

  // The plan membership of a pharmacy that passed; nullptr without a plan.
  const MembershipPeriod* Membership(uint32_t i) {
    return membership_ ? membership_->Find(i) : nullptr;
  }

 private:
  bool InPlan(uint32_t i) {
    const MembershipPeriod* m = membership_->Find(i);
    return m != nullptr && (m->fills & fills_) == fills_ &&
           (!tier_ || m->tier == *tier_);
  }

  bool InStock(uint32_t i) const {
    const uint32_t key = keys_->key(i);
    for (const StockStore::DrugLevels& drug : levels_) {
      const StockStore::Held* held = drug.Find(key);
      if (held == nullptr ||
          !Available(held->quantity, held->observed_at(), stock_->min_quantity,
                     stock_->now, stock_->policy)) {
        return false;
      }
    }
    return true;
  }

  const Snapshot& snapshot_;
  const ServiceMask unchecked_;
  const std::vector<bool> allowed_;
  const StockFilter* const stock_;
  const StockStore::Keys* const keys_;
  const absl::Span<const StockStore::DrugLevels> levels_;
  std::optional<OpenFilter> open_;
  std::optional<MembershipAt> membership_;
  FillKinds fills_ = 0;
  std::optional<Tier> tier_;
};

struct Ranked {
  RankKey key;
  uint32_t pharmacy;
  double chord2;
};

// Nearest first: the rank key is the spatial index's own key.
void ByDistance(const SpatialIndex& index, const SpatialIndex::Query& search,
                Conditions& conditions, std::vector<Ranked>* ranked) {
  thread_local std::vector<SpatialIndex::Neighbor> found;
  if (conditions.trivial()) {
    index.FindNearest(
        search, [](uint32_t) { return true; }, &found);
  } else {
    index.FindNearest(search, conditions, &found);
  }
  ranked->clear();
  for (const SpatialIndex::Neighbor& n : found) {
    ranked->push_back({{n.key.chord2, n.key.tie_break}, n.id, n.key.chord2});
  }
}

// The first search.k pharmacies passing `conditions` whose rank key, meters
// less `allowance`, comes after `after`. The index orders by distance, and
// the rank key follows it, so the search starts a hair before the distance
// `after` stands for and drops what does not come after it, asking for more
// while it dropped too many.
std::vector<Ranked> AfterWithAllowance(const SpatialIndex& index,
                                       SpatialIndex::Query search,
                                       const std::optional<RankKey>& after,
                                       double allowance,
                                       Conditions& conditions) {
  const size_t wanted = search.k;
  if (after && after->value + allowance > 0) {
    search.after = SpatialIndex::Key{
        Chord2FromMeters(after->value + allowance) * (1 - 1e-9), 0};
  }
  std::vector<Ranked> ranked;
  std::vector<SpatialIndex::Neighbor> found;
  for (;;) {
    index.FindNearest(search, conditions, &found);
    ranked.clear();
    for (const SpatialIndex::Neighbor& n : found) {
      const RankKey key{MetersFromChord2(n.key.chord2) - allowance,
                        n.key.tie_break};
      if (!after || *after < key) ranked.push_back({key, n.id, n.key.chord2});
    }
    if (ranked.size() >= wanted || found.size() < size_t(search.k)) break;
    search.k *= 2;
  }
  if (ranked.size() > wanted) ranked.resize(wanted);
  return ranked;
}

// Preferred first within the allowance: the preferred and the standard
// pharmacies searched apart, each in rank order, merged.
std::vector<Ranked> PreferredFirst(const SpatialIndex& index,
                                   const SpatialIndex::Query& search,
                                   const NearestQuery& query,
                                   Conditions& conditions) {
  conditions.RequireTier(Tier::kPreferred);
  std::vector<Ranked> preferred =
      AfterWithAllowance(index, search, query.after,
                         *query.plan->preferred_allowance_meters, conditions);
  std::vector<Ranked> standard;
  if (!query.plan->preferred_only) {
    conditions.RequireTier(Tier::kStandard);
    standard = AfterWithAllowance(index, search, query.after, 0, conditions);
  }
  std::vector<Ranked> merged(preferred.size() + standard.size());
  std::merge(preferred.begin(), preferred.end(), standard.begin(),
             standard.end(), merged.begin(),
             [](const Ranked& a, const Ranked& b) { return a.key < b.key; });
  if (merged.size() > size_t(search.k)) merged.resize(search.k);
  return merged;
}

// FindNearest with the stock filter's drugs read (or none).
NearestPage Search(const Snapshot& snapshot, const NearestQuery& query,
                   const StockStore::Keys* keys,
                   absl::Span<const StockStore::DrugLevels> levels) {
  const Snapshot::ServiceIndex searched =
      snapshot.IndexFor(query.required_services);
  // What the index does not already guarantee is checked per candidate.
  Conditions conditions(snapshot, query,
                        query.required_services & ~searched.services, keys,
                        levels);
  // One more than asked tells whether another page follows.
  SpatialIndex::Query search{
      .origin = query.origin,
      .max_chord2 = Chord2FromMeters(query.radius_meters),
      .k = query.max_results + 1};
  const bool preferred_first =
      query.plan && query.plan->preferred_allowance_meters;
  thread_local std::vector<Ranked> found;
  if (preferred_first) {
    found = PreferredFirst(*searched.index, search, query, conditions);
  } else {
    if (query.after) {
      search.after =
          SpatialIndex::Key{query.after->value, query.after->tie_break};
    }
    ByDistance(*searched.index, search, conditions, &found);
  }

  NearestPage page;
  const size_t shown = std::min<size_t>(found.size(), query.max_results);
  page.results.reserve(shown);
  for (size_t r = 0; r < shown; ++r) {
    page.results.push_back({found[r].pharmacy,
                            MetersFromChord2(found[r].chord2),
                            conditions.Membership(found[r].pharmacy)});
  }
  if (found.size() > shown && shown > 0) page.next = found[shown - 1].key;
  return page;
}

}  // namespace

NearestPage FindNearest(const Snapshot& snapshot, const NearestQuery& query) {
  if (!query.stock) return Search(snapshot, query, nullptr, {});
  const StockStore& store = *query.stock->store;
  const std::shared_ptr<const StockStore::Keys> keys = store.KeysFor(snapshot);
  NearestPage page;
  store.ReadLevels(query.stock->ndcs,
                   [&](absl::Span<const StockStore::DrugLevels> levels) {
                     page = Search(snapshot, query, keys.get(), levels);
                   });
  return page;
}

}  // namespace rxlocator
