#include "index/urgent_fill.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "index/geo.h"
#include "index/membership_at.h"
#include "index/pickup_hours.h"
#include "index/spatial_index.h"

namespace rxlocator {

absl::Duration TravelTime(double meters, const TravelMode& mode) {
  return absl::Seconds(meters * mode.detour_factor / mode.meters_per_second);
}

namespace {

// For a split, how many pharmacies per item are paired up.
constexpr size_t kSplitCandidatesPerItem = 8;

bool Better(FillState a, FillState b) {
  return static_cast<int>(a) < static_cast<int>(b);
}

// A pharmacy that counts (in network unless asked otherwise, within reach,
// open for pickup at its arrival), with its fill of every item.
struct Candidate {
  uint32_t pharmacy;
  double meters;
  absl::Time arrival;
  const MembershipPeriod* membership;
  std::vector<ItemFill> fills;  // By item.
};

// How many items a candidate fills, and whether any of them needs
// confirming.
int FilledCount(const Candidate& c) {
  return static_cast<int>(std::count_if(
      c.fills.begin(), c.fills.end(),
      [](const ItemFill& f) { return f.state != FillState::kNone; }));
}
bool NeedsConfirming(absl::Span<const ItemFill> fills) {
  return std::any_of(fills.begin(), fills.end(), [](const ItemFill& f) {
    return f.state == FillState::kConfirm;
  });
}

// One query's view of the snapshot and the stock: the conditions of
// docs/urgent_fill.md, each answered per pharmacy.
class Fill {
 public:
  // `levels`: every item's NDCs then substitutes, item after item, as
  // StockStore::ReadLevels gives them.
  Fill(const Snapshot& snapshot, const UrgentFillQuery& query,
       absl::Span<const StockStore::DrugLevels> levels)
      : snapshot_(snapshot),
        query_(query),
        levels_(levels),
        membership_(snapshot, query.network, query.now),
        pickup_(snapshot, query.now, query.pickup_window) {
    size_t at = 0;
    for (const UrgentItem& item : query.items) {
      item_levels_.push_back(at);
      at += item.ndcs.size() + item.substitutes.size();
    }
    item_levels_.push_back(at);
    const absl::Duration travel =
        query.need_by - query.pickup_window - query.now;
    reach_meters_ = travel < absl::ZeroDuration()
                        ? -1
                        : std::min(query.max_distance_meters,
                                   absl::ToDoubleSeconds(travel) *
                                       query.travel.meters_per_second /
                                       query.travel.detour_factor);
  }

  const Snapshot& snapshot() const { return snapshot_; }
  const UrgentFillQuery& query() const { return query_; }
  // No pharmacy farther than this is within reach; negative if none is.
  double reach_meters() const { return reach_meters_; }

  absl::Time Arrival(double meters) const {
    return query_.now + TravelTime(meters, query_.travel);
  }
  bool InReach(double meters, absl::Time arrival) const {
    return meters <= query_.max_distance_meters &&
           arrival + query_.pickup_window <= query_.need_by;
  }
  // The membership in effect now if it allows retail fills, else nullptr.
  const MembershipPeriod* RetailMembership(uint32_t i) {
    const MembershipPeriod* m = membership_.Find(i);
    return m != nullptr && (m->fills & Bit(FillKind::kRetail)) ? m : nullptr;
  }
  const MembershipPeriod* Membership(uint32_t i) { return membership_.Find(i); }
  bool OpenFor(uint32_t i, absl::Time arrival) {
    return pickup_.OpenFor(i, arrival);
  }

  // The item's fill at pharmacy i, as docs/urgent_fill.md orders them.
  ItemFill FillOf(uint32_t i, int item) const {
    const std::string& id = snapshot_.pharmacy(i).id;
    const UrgentItem& asked = query_.items[item];
    ItemFill fill{.item = item};
    const size_t begin = item_levels_[item];
    const size_t substitutes = begin + asked.ndcs.size();
    // The first NDC in [from, to) whose count fills the item in `state`.
    const auto first = [&](size_t from, size_t to, FillState state) {
      for (size_t k = from; k < to; ++k) {
        const StockLevel* level = levels_[k].Find(id);
        if (level != nullptr && StateOf(*level, asked.quantity) == state) {
          Show(k, *level, k >= substitutes, &fill);
          fill.state = state;
          return true;
        }
      }
      return false;
    };
    const size_t end = item_levels_[item + 1];
    if (first(begin, substitutes, FillState::kFresh) ||
        first(substitutes, end, FillState::kFresh) ||
        first(begin, substitutes, FillState::kConfirm) ||
        first(substitutes, end, FillState::kConfirm)) {
      return fill;
    }
    for (size_t k = begin; k < substitutes; ++k) {
      const StockLevel* level = levels_[k].Find(id);
      if (level != nullptr &&
          FreshnessAt(*level, query_.now, query_.freshness).has_value()) {
        Show(k, *level, false, &fill);
        break;
      }
    }
    return fill;
  }

  // The worst of the items' fills at pharmacy i (kNone if one is not
  // filled): the stock test of a search, without building the fills.
  FillState WorstFill(uint32_t i) const {
    const std::string& id = snapshot_.pharmacy(i).id;
    FillState worst = FillState::kFresh;
    for (size_t item = 0; item < query_.items.size(); ++item) {
      FillState best = FillState::kNone;
      for (size_t k = item_levels_[item]; k < item_levels_[item + 1]; ++k) {
        const StockLevel* level = levels_[k].Find(id);
        if (level == nullptr) continue;
        const FillState s = StateOf(*level, query_.items[item].quantity);
        if (Better(s, best)) best = s;
        if (best == FillState::kFresh) break;
      }
      if (best == FillState::kNone) return best;
      if (Better(worst, best)) worst = best;
    }
    return worst;
  }

  // Pharmacy i as a candidate: its fills with distance and arrival.
  Candidate Describe(uint32_t i, double meters, absl::Time arrival,
                     const MembershipPeriod* membership) const {
    Candidate c{i, meters, arrival, membership, {}};
    for (size_t item = 0; item < query_.items.size(); ++item) {
      c.fills.push_back(FillOf(i, static_cast<int>(item)));
    }
    return c;
  }

  // The levels of the item's NDCs and substitutes.
  absl::Span<const StockStore::DrugLevels> LevelsOf(size_t item) const {
    return levels_.subspan(item_levels_[item],
                           item_levels_[item + 1] - item_levels_[item]);
  }

 private:
  FillState StateOf(const StockLevel& level, int64_t quantity) const {
    if (level.quantity < quantity) return FillState::kNone;
    const std::optional<Freshness> f =
        FreshnessAt(level, query_.now, query_.freshness);
    if (!f) return FillState::kNone;
    switch (*f) {
      case Freshness::kInStock:
      case Freshness::kLow:
        return FillState::kFresh;
      case Freshness::kCallToConfirm:
        return FillState::kConfirm;
      case Freshness::kOut:
        return FillState::kNone;
    }
    return FillState::kNone;
  }

  void Show(size_t k, const StockLevel& level, bool substitute,
            ItemFill* fill) const {
    fill->ndc = NdcAt(k);
    fill->substitute = substitute;
    fill->level = level;
    fill->freshness = *FreshnessAt(level, query_.now, query_.freshness);
  }

  // The NDC whose levels are levels_[k].
  const std::string& NdcAt(size_t k) const {
    size_t item = 0;
    while (item_levels_[item + 1] <= k) ++item;
    const UrgentItem& asked = query_.items[item];
    const size_t j = k - item_levels_[item];
    return j < asked.ndcs.size() ? asked.ndcs[j]
                                 : asked.substitutes[j - asked.ndcs.size()];
  }

  const Snapshot& snapshot_;
  const UrgentFillQuery& query_;
  const absl::Span<const StockStore::DrugLevels> levels_;
  std::vector<size_t> item_levels_;  // Item i's levels: [i], [i + 1].
  MembershipAt membership_;
  PickupHours pickup_;
  double reach_meters_;
};

// The order of complete options: fresh first, then arrival, then id.
auto CompleteOrder(const Snapshot& snapshot) {
  return [&snapshot](const Candidate& a, const Candidate& b) {
    const bool ca = NeedsConfirming(a.fills), cb = NeedsConfirming(b.fills);
    if (ca != cb) return cb;
    if (a.arrival != b.arrival) return a.arrival < b.arrival;
    return snapshot.pharmacy(a.pharmacy).id < snapshot.pharmacy(b.pharmacy).id;
  };
}

// The first k pharmacies that fill every item, in complete-option order.
// Without `in_network`, any pharmacy counts and none has a membership.
class CompleteSearch {
 public:
  CompleteSearch(Fill& fill, bool in_network)
      : fill_(fill), in_network_(in_network) {}

  std::vector<Candidate> Run(int k, UrgentStrategy* strategy) {
    const Snapshot& snapshot = fill_.snapshot();
    if (fill_.reach_meters() < 0) return {};
    // The rarest item's stock list, and how many pharmacies an outward
    // search would look at to find k that stock it.
    size_t rarest = SIZE_MAX, rarest_item = 0;
    for (size_t item = 0; item < fill_.query().items.size(); ++item) {
      size_t listed = 0;
      for (const StockStore::DrugLevels& l : fill_.LevelsOf(item)) {
        listed += l.size();
      }
      if (listed < rarest) rarest = listed, rarest_item = item;
    }
    const double walk_in = snapshot.IndexFor(0).index->size();
    if (double(rarest) * double(rarest) <= k * walk_in) {
      *strategy = UrgentStrategy::kScanStock;
      return Scan(rarest_item, k);
    }
    *strategy = UrgentStrategy::kSearchOutward;
    // Fresh options rank first: if there are fewer than k, those needing
    // confirmation fill the rest.
    std::vector<Candidate> found = Outward(FillState::kFresh, k);
    if (found.size() < size_t(k)) {
      for (Candidate& c : Outward(FillState::kConfirm, k - found.size())) {
        found.push_back(std::move(c));
      }
    }
    return found;
  }

 private:
  // Pharmacy i at `meters`, if it counts and fills every item with the
  // worst of them `worst` (either state for nullopt); the fills are not
  // built.
  std::optional<Candidate> Counts(uint32_t i, double meters,
                                  std::optional<FillState> worst) {
    const absl::Time arrival = fill_.Arrival(meters);
    if (!fill_.InReach(meters, arrival)) return std::nullopt;
    const MembershipPeriod* m = nullptr;
    if (in_network_ && (m = fill_.RetailMembership(i)) == nullptr) {
      return std::nullopt;
    }
    const FillState stock = fill_.WorstFill(i);
    if (stock == FillState::kNone || (worst && stock != *worst) ||
        !fill_.OpenFor(i, arrival)) {
      return std::nullopt;
    }
    return Candidate{i, meters, arrival, m, {}};
  }

  // Every pharmacy on the item's stock list, checked one by one.
  std::vector<Candidate> Scan(size_t item, int k) {
    const Snapshot& snapshot = fill_.snapshot();
    std::vector<uint32_t> listed;
    for (const StockStore::DrugLevels& levels : fill_.LevelsOf(item)) {
      levels.ForEach([&](const std::string& id, const StockLevel&) {
        const std::optional<uint32_t> i = snapshot.directory().Find(id);
        if (i && snapshot.pharmacy(*i).walk_in) listed.push_back(*i);
      });
    }
    std::sort(listed.begin(), listed.end());
    listed.erase(std::unique(listed.begin(), listed.end()), listed.end());
    const S2Point& origin = fill_.query().origin;
    std::vector<Candidate> found;
    for (uint32_t i : listed) {
      const Pharmacy& p = snapshot.pharmacy(i);
      const double meters = MetersFromChord2(
          Chord2(origin, PointFromDegrees(p.latitude, p.longitude)));
      if (std::optional<Candidate> c = Counts(i, meters, std::nullopt)) {
        found.push_back(*std::move(c));
      }
    }
    return Finish(std::move(found), k);
  }

  // The nearest k that fill every item, the worst of them `worst`.
  std::vector<Candidate> Outward(FillState worst, size_t k) {
    SpatialIndex::Query search{
        .origin = fill_.query().origin,
        // A hair wider: the exact reach test runs on each pharmacy.
        .max_chord2 = Chord2FromMeters(fill_.reach_meters()) * (1 + 1e-9),
        .k = static_cast<int>(k)};
    std::vector<SpatialIndex::Neighbor> nearest;
    fill_.snapshot().IndexFor(0).index->FindNearest(
        search,
        [&](uint32_t i, const SpatialIndex::Key& key) {
          return Counts(i, MetersFromChord2(key.chord2), worst).has_value();
        },
        &nearest);
    std::vector<Candidate> found;
    for (const SpatialIndex::Neighbor& n : nearest) {
      found.push_back(*Counts(n.id, MetersFromChord2(n.key.chord2), worst));
    }
    return Finish(std::move(found), k);
  }

  // The fills built, in order, the first k kept.
  std::vector<Candidate> Finish(std::vector<Candidate> found, size_t k) {
    for (Candidate& c : found) {
      c = fill_.Describe(c.pharmacy, c.meters, c.arrival, c.membership);
    }
    std::sort(found.begin(), found.end(), CompleteOrder(fill_.snapshot()));
    if (found.size() > k) found.resize(k);
    return found;
  }

  Fill& fill_;
  const bool in_network_;
};

UrgentStop StopOf(Candidate c) {
  return UrgentStop{c.pharmacy, c.meters, c.arrival, c.membership,
                    std::move(c.fills)};
}

UrgentOption OptionOf(UrgentOptionKind kind, Candidate c) {
  UrgentOption option{kind, {}, NeedsConfirming(c.fills)};
  option.stops.push_back(StopOf(std::move(c)));
  return option;
}

// The best split of the items over two of `candidates` (which each fill
// some item), visited one after the other.
std::optional<UrgentOption> BestSplit(
    Fill& fill, const std::vector<Candidate>& candidates) {
  const Snapshot& snapshot = fill.snapshot();
  const UrgentFillQuery& query = fill.query();
  const size_t items = query.items.size();
  if (items < 2) return std::nullopt;
  // Each item's first candidates in complete-option order by that item.
  std::vector<size_t> pool;
  for (size_t item = 0; item < items; ++item) {
    std::vector<size_t> filling;
    for (size_t c = 0; c < candidates.size(); ++c) {
      if (candidates[c].fills[item].state != FillState::kNone) {
        filling.push_back(c);
      }
    }
    const auto order = [&](size_t a, size_t b) {
      const Candidate &ca = candidates[a], &cb = candidates[b];
      return std::tie(ca.fills[item].state, ca.arrival,
                      snapshot.pharmacy(ca.pharmacy).id) <
             std::tie(cb.fills[item].state, cb.arrival,
                      snapshot.pharmacy(cb.pharmacy).id);
    };
    std::sort(filling.begin(), filling.end(), order);
    if (filling.size() > kSplitCandidatesPerItem) {
      filling.resize(kSplitCandidatesPerItem);
    }
    pool.insert(pool.end(), filling.begin(), filling.end());
  }
  std::sort(pool.begin(), pool.end());
  pool.erase(std::unique(pool.begin(), pool.end()), pool.end());

  struct Split {
    bool confirm;
    absl::Time second_arrival;
    const std::string* first_id;
    const std::string* second_id;
    size_t first, second;
    std::vector<bool> at_first;  // By item.
  };
  const auto key = [](const Split& s) {
    return std::tie(s.confirm, s.second_arrival, *s.first_id, *s.second_id);
  };
  std::optional<Split> best;
  for (size_t a : pool) {
    for (size_t b : pool) {
      if (a == b) continue;
      const Candidate &first = candidates[a], &second = candidates[b];
      Split split{false,
                  {},
                  &snapshot.pharmacy(first.pharmacy).id,
                  &snapshot.pharmacy(second.pharmacy).id,
                  a,
                  b,
                  std::vector<bool>(items)};
      bool all = true;
      for (size_t item = 0; item < items && all; ++item) {
        const ItemFill &fa = first.fills[item], &fb = second.fills[item];
        split.at_first[item] = !Better(fb.state, fa.state);
        const ItemFill& used = split.at_first[item] ? fa : fb;
        all = used.state != FillState::kNone;
        split.confirm |= used.state == FillState::kConfirm;
      }
      if (!all) continue;
      const Pharmacy &pa = snapshot.pharmacy(first.pharmacy),
                     &pb = snapshot.pharmacy(second.pharmacy);
      split.second_arrival =
          first.arrival + query.pickup_window +
          TravelTime(MetersFromChord2(
                         Chord2(PointFromDegrees(pa.latitude, pa.longitude),
                                PointFromDegrees(pb.latitude, pb.longitude))),
                     query.travel);
      if (split.second_arrival + query.pickup_window > query.need_by) continue;
      if (best && !(key(split) < key(*best))) continue;
      if (!fill.OpenFor(second.pharmacy, split.second_arrival)) continue;
      best = std::move(split);
    }
  }
  if (!best) return std::nullopt;
  UrgentOption option{UrgentOptionKind::kSplit, {}, best->confirm};
  for (const bool at_first : {true, false}) {
    Candidate stop = candidates[at_first ? best->first : best->second];
    if (!at_first) stop.arrival = best->second_arrival;
    std::vector<ItemFill> mine;
    for (size_t item = 0; item < items; ++item) {
      if (best->at_first[item] == at_first) mine.push_back(stop.fills[item]);
    }
    stop.fills = std::move(mine);
    option.stops.push_back(StopOf(std::move(stop)));
  }
  return option;
}

// Every fallback of docs/urgent_fill.md, for a query no pharmacy fills
// completely; appended to answer->options.
void AddFallbacks(Fill& fill, UrgentFillAnswer* answer) {
  const Snapshot& snapshot = fill.snapshot();
  const UrgentFillQuery& query = fill.query();
  const size_t items = query.items.size();
  UrgentShortfall shortfall;
  shortfall.filling.assign(items, 0);

  // One pass over the in-network pharmacies within reach.
  std::vector<Candidate> partial;
  std::optional<Candidate> all_night;
  if (fill.reach_meters() >= 0) {
    SpatialIndex::Query everything{
        .origin = query.origin,
        .max_chord2 = Chord2FromMeters(fill.reach_meters()) * (1 + 1e-9),
        .k = 1};
    std::vector<SpatialIndex::Neighbor> none;
    snapshot.IndexFor(0).index->FindNearest(
        everything,
        [&](uint32_t i, const SpatialIndex::Key& key) {
          const double meters = MetersFromChord2(key.chord2);
          const absl::Time arrival = fill.Arrival(meters);
          const MembershipPeriod* m;
          if (!fill.InReach(meters, arrival) ||
              (m = fill.RetailMembership(i)) == nullptr) {
            return false;
          }
          ++shortfall.reachable;
          if (!fill.OpenFor(i, arrival)) return false;
          ++shortfall.open;
          Candidate c = fill.Describe(i, meters, arrival, m);
          for (size_t item = 0; item < items; ++item) {
            if (c.fills[item].state != FillState::kNone) {
              ++shortfall.filling[item];
            }
          }
          const auto sooner = [&](const Candidate& a, const Candidate& b) {
            return std::tie(a.arrival, snapshot.pharmacy(a.pharmacy).id) <
                   std::tie(b.arrival, snapshot.pharmacy(b.pharmacy).id);
          };
          if ((snapshot.services(i) & Bit(Service::kTwentyFourHour)) &&
              (!all_night || sooner(c, *all_night))) {
            all_night = c;
          }
          if (FilledCount(c) > 0) partial.push_back(std::move(c));
          return false;
        },
        &none);
  }

  // Partial options: most items first, then as complete options.
  std::vector<Candidate> by_items = partial;
  std::sort(by_items.begin(), by_items.end(),
            [&](const Candidate& a, const Candidate& b) {
              const int fa = FilledCount(a), fb = FilledCount(b);
              if (fa != fb) return fa > fb;
              return CompleteOrder(snapshot)(a, b);
            });
  if (by_items.size() > size_t(query.max_options)) {
    by_items.resize(query.max_options);
  }
  for (Candidate& c : by_items) {
    answer->options.push_back(
        OptionOf(UrgentOptionKind::kPartial, std::move(c)));
  }
  if (std::optional<UrgentOption> split = BestSplit(fill, partial)) {
    answer->options.push_back(*std::move(split));
  }
  if (all_night) {
    answer->options.push_back(
        OptionOf(UrgentOptionKind::kTwentyFourHour, *std::move(all_night)));
  }

  // Routes that need no trip: members by their terms, any distance.
  const bool specialty =
      std::any_of(query.items.begin(), query.items.end(),
                  [](const UrgentItem& item) { return item.specialty; });
  const bool mail = query.need_by - query.now >= query.mail_delivery;
  std::optional<Candidate> nearest_specialty, mail_order;
  for (uint32_t i = 0; (specialty || mail) && i < snapshot.pharmacies().size();
       ++i) {
    const MembershipPeriod* m = fill.Membership(i);
    if (m == nullptr) continue;
    const Pharmacy& p = snapshot.pharmacy(i);
    const double meters = MetersFromChord2(
        Chord2(query.origin, PointFromDegrees(p.latitude, p.longitude)));
    if (specialty && (m->fills & Bit(FillKind::kSpecialty)) &&
        (!nearest_specialty ||
         std::tie(meters, p.id) <
             std::tie(nearest_specialty->meters,
                      snapshot.pharmacy(nearest_specialty->pharmacy).id))) {
      nearest_specialty = Candidate{i, meters, {}, m, {}};
    }
    // Mail order: preferred first, then by id.
    if (mail && (m->fills & Bit(FillKind::kMail))) {
      const bool preferred = m->tier == Tier::kPreferred;
      const bool best_preferred =
          mail_order && mail_order->membership->tier == Tier::kPreferred;
      if (!mail_order || preferred > best_preferred ||
          (preferred == best_preferred &&
           p.id < snapshot.pharmacy(mail_order->pharmacy).id)) {
        mail_order = Candidate{i, meters, {}, m, {}};
      }
    }
  }
  if (nearest_specialty) {
    const uint32_t i = nearest_specialty->pharmacy;
    Candidate c = fill.Describe(i, nearest_specialty->meters, {},
                                nearest_specialty->membership);
    UrgentOption option = OptionOf(UrgentOptionKind::kSpecialty, c);
    UrgentStop& stop = option.stops[0];
    stop.items.clear();
    for (size_t item = 0; item < items; ++item) {
      if (query.items[item].specialty) stop.items.push_back(c.fills[item]);
    }
    option.confirm = NeedsConfirming(stop.items);
    const absl::Time arrival = fill.Arrival(c.meters);
    if (snapshot.pharmacy(i).walk_in && fill.InReach(c.meters, arrival) &&
        fill.OpenFor(i, arrival)) {
      stop.arrival = arrival;
    } else {
      stop.arrival.reset();
    }
    answer->options.push_back(std::move(option));
  }
  if (mail_order) {
    UrgentOption option =
        OptionOf(UrgentOptionKind::kMailOrder,
                 fill.Describe(mail_order->pharmacy, mail_order->meters, {},
                               mail_order->membership));
    option.stops[0].arrival.reset();
    answer->options.push_back(std::move(option));
  }

  UrgentStrategy unused;
  std::vector<Candidate> outside = CompleteSearch(fill, false).Run(1, &unused);
  if (!outside.empty()) {
    answer->options.push_back(
        OptionOf(UrgentOptionKind::kOutOfNetwork, std::move(outside[0])));
  }
  answer->shortfall = std::move(shortfall);
}

}  // namespace

UrgentFillAnswer UrgentFill(const Snapshot& snapshot,
                            const UrgentFillQuery& query) {
  std::vector<std::string> ndcs;
  for (const UrgentItem& item : query.items) {
    ndcs.insert(ndcs.end(), item.ndcs.begin(), item.ndcs.end());
    ndcs.insert(ndcs.end(), item.substitutes.begin(), item.substitutes.end());
  }
  UrgentFillAnswer answer;
  answer.stock_stale = query.store->stale();
  query.store->ReadLevels(
      ndcs, [&](absl::Span<const StockStore::DrugLevels> levels) {
        Fill fill(snapshot, query, levels);
        for (Candidate& c : CompleteSearch(fill, true)
                                .Run(query.max_options, &answer.strategy)) {
          answer.options.push_back(
              OptionOf(UrgentOptionKind::kComplete, std::move(c)));
        }
        if (answer.options.empty()) AddFallbacks(fill, &answer);
      });
  return answer;
}

}  // namespace rxlocator
