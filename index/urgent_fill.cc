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

// Whether any of the fills needs confirming.
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
  // StockStore::ReadLevels gives them; `keys` the snapshot's pharmacies in
  // the store.
  Fill(const Snapshot& snapshot, const UrgentFillQuery& query,
       const StockStore::Keys& keys,
       absl::Span<const StockStore::DrugLevels> levels)
      : snapshot_(snapshot),
        query_(query),
        keys_(keys),
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
  const StockStore::Keys& keys() const { return keys_; }
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
  bool OpenFor(uint32_t i, absl::Time arrival) {
    return pickup_.OpenFor(i, arrival);
  }

  // The item's fill at pharmacy i, as docs/urgent_fill.md orders them.
  ItemFill FillOf(uint32_t i, int item) const {
    const uint32_t key = keys_.key(i);
    const UrgentItem& asked = query_.items[item];
    ItemFill fill{.item = item};
    const size_t begin = item_levels_[item];
    const size_t substitutes = begin + asked.ndcs.size();
    // The first NDC in [from, to) whose count fills the item in `state`.
    const auto first = [&](size_t from, size_t to, FillState state) {
      for (size_t k = from; k < to; ++k) {
        const StockStore::Held* held = levels_[k].Find(key);
        if (held != nullptr && StateOf(*held, asked.quantity) == state) {
          Show(k, *held, k >= substitutes, &fill);
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
      const StockStore::Held* held = levels_[k].Find(key);
      if (held != nullptr && FreshnessAt(held->quantity, held->observed_at(),
                                         query_.now, query_.freshness)) {
        Show(k, *held, false, &fill);
        break;
      }
    }
    return fill;
  }

  // The item's fill state at pharmacy i, without building the fill.
  FillState ItemState(uint32_t i, size_t item) const {
    const uint32_t key = keys_.key(i);
    FillState best = FillState::kNone;
    for (size_t k = item_levels_[item]; k < item_levels_[item + 1]; ++k) {
      const StockStore::Held* held = levels_[k].Find(key);
      if (held == nullptr) continue;
      const FillState s = StateOf(*held, query_.items[item].quantity);
      if (Better(s, best)) best = s;
      if (best == FillState::kFresh) break;
    }
    return best;
  }

  // The worst of the items' fill states at pharmacy i (kNone if one is not
  // filled): the stock test of a search.
  FillState WorstFill(uint32_t i) const {
    FillState worst = FillState::kFresh;
    for (size_t item = 0; item < query_.items.size(); ++item) {
      const FillState best = ItemState(i, item);
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
  FillState StateOf(const StockStore::Held& held, int64_t quantity) const {
    if (held.quantity < quantity) return FillState::kNone;
    const std::optional<Freshness> f = FreshnessAt(
        held.quantity, held.observed_at(), query_.now, query_.freshness);
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

  void Show(size_t k, const StockStore::Held& held, bool substitute,
            ItemFill* fill) const {
    fill->ndc = NdcAt(k);
    fill->substitute = substitute;
    fill->level = {held.quantity, held.observed_at(),
                   query_.store->source_name(held.source)};
    fill->freshness = *FreshnessAt(fill->level, query_.now, query_.freshness);
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
  const StockStore::Keys& keys_;
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
  // Pharmacy i at squared chord `chord2` from the origin, if it counts and
  // fills every item with the worst of them `worst` (either state for
  // nullopt); the fills are not built. The cheap tests come first.
  std::optional<Candidate> Counts(uint32_t i, double chord2,
                                  std::optional<FillState> worst) {
    const MembershipPeriod* m = nullptr;
    if (in_network_ && (m = fill_.RetailMembership(i)) == nullptr) {
      return std::nullopt;
    }
    const FillState stock = fill_.WorstFill(i);
    if (stock == FillState::kNone || (worst && stock != *worst)) {
      return std::nullopt;
    }
    const double meters = MetersFromChord2(chord2);
    const absl::Time arrival = fill_.Arrival(meters);
    if (!fill_.InReach(meters, arrival) || !fill_.OpenFor(i, arrival)) {
      return std::nullopt;
    }
    return Candidate{i, meters, arrival, m, {}};
  }

  // Every pharmacy on the item's stock list, checked one by one.
  std::vector<Candidate> Scan(size_t item, int k) {
    const Snapshot& snapshot = fill_.snapshot();
    std::vector<uint32_t> listed;
    for (const StockStore::DrugLevels& levels : fill_.LevelsOf(item)) {
      levels.ForEach([&](uint32_t key, const StockStore::Held&) {
        const std::optional<uint32_t> i = fill_.keys().pharmacy(key);
        if (i && snapshot.pharmacy(*i).walk_in) listed.push_back(*i);
      });
    }
    std::sort(listed.begin(), listed.end());
    listed.erase(std::unique(listed.begin(), listed.end()), listed.end());
    const S2Point& origin = fill_.query().origin;
    std::vector<Candidate> found;
    for (uint32_t i : listed) {
      if (std::optional<Candidate> c =
              Counts(i, Chord2(origin, snapshot.point(i)), std::nullopt)) {
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
          return Counts(i, key.chord2, worst).has_value();
        },
        &nearest);
    std::vector<Candidate> found;
    for (const SpatialIndex::Neighbor& n : nearest) {
      found.push_back(*Counts(n.id, n.key.chord2, worst));
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

// The in-network pharmacies within reach and open for pickup, for the
// fallbacks: each with its items' fill states, kept flat so that thousands
// cost no allocation each; fills are built only for the few shown.
class Reached {
 public:
  struct Pharmacy {
    uint32_t pharmacy;
    double meters;
    absl::Time arrival;
    const MembershipPeriod* membership;
    int filled;    // Items filled, fresh or needing confirmation.
    bool confirm;  // One of those needs confirmation.
  };

  explicit Reached(size_t items) : items_(items) {}

  void Add(const Fill& fill, uint32_t i, double meters, absl::Time arrival,
           const MembershipPeriod* m) {
    Pharmacy p{i, meters, arrival, m, 0, false};
    for (size_t item = 0; item < items_; ++item) {
      const FillState s = fill.ItemState(i, item);
      states_.push_back(s);
      p.filled += s != FillState::kNone;
      p.confirm |= s == FillState::kConfirm;
    }
    all_.push_back(p);
  }

  const std::vector<Pharmacy>& all() const { return all_; }
  FillState state(size_t p, size_t item) const {
    return states_[p * items_ + item];
  }
  Candidate Describe(const Fill& fill, size_t p) const {
    const Pharmacy& r = all_[p];
    return fill.Describe(r.pharmacy, r.meters, r.arrival, r.membership);
  }

 private:
  const size_t items_;
  std::vector<Pharmacy> all_;
  std::vector<FillState> states_;  // By pharmacy, then item.
};

// The best split of the items over two of the reached pharmacies, visited
// one after the other.
std::optional<UrgentOption> BestSplit(Fill& fill, const Reached& reached) {
  const Snapshot& snapshot = fill.snapshot();
  const UrgentFillQuery& query = fill.query();
  const size_t items = query.items.size();
  if (items < 2) return std::nullopt;
  const auto id = [&](size_t p) -> const std::string& {
    return snapshot.pharmacy(reached.all()[p].pharmacy).id;
  };
  // Each item's first pharmacies in complete-option order by that item.
  std::vector<size_t> pool;
  for (size_t item = 0; item < items; ++item) {
    std::vector<size_t> filling;
    for (size_t p = 0; p < reached.all().size(); ++p) {
      if (reached.state(p, item) != FillState::kNone) filling.push_back(p);
    }
    const auto order = [&](size_t a, size_t b) {
      return std::forward_as_tuple(reached.state(a, item),
                                   reached.all()[a].arrival, id(a)) <
             std::forward_as_tuple(reached.state(b, item),
                                   reached.all()[b].arrival, id(b));
    };
    const size_t kept = std::min(filling.size(), kSplitCandidatesPerItem);
    std::partial_sort(filling.begin(), filling.begin() + kept, filling.end(),
                      order);
    pool.insert(pool.end(), filling.begin(), filling.begin() + kept);
  }
  std::sort(pool.begin(), pool.end());
  pool.erase(std::unique(pool.begin(), pool.end()), pool.end());

  struct Split {
    bool confirm;
    absl::Time second_arrival;
    size_t first, second;
  };
  const auto key = [&](const Split& s) {
    return std::forward_as_tuple(s.confirm, s.second_arrival, id(s.first),
                                 id(s.second));
  };
  std::optional<Split> best;
  for (size_t a : pool) {
    for (size_t b : pool) {
      if (a == b) continue;
      Split split{false, {}, a, b};
      bool all = true;
      for (size_t item = 0; item < items && all; ++item) {
        const FillState used =
            std::min(reached.state(a, item), reached.state(b, item));
        all = used != FillState::kNone;
        split.confirm |= used == FillState::kConfirm;
      }
      if (!all) continue;
      const Reached::Pharmacy &first = reached.all()[a],
                              &second = reached.all()[b];
      split.second_arrival =
          first.arrival + query.pickup_window +
          TravelTime(MetersFromChord2(Chord2(snapshot.point(first.pharmacy),
                                             snapshot.point(second.pharmacy))),
                     query.travel);
      if (split.second_arrival + query.pickup_window > query.need_by) continue;
      if (best && !(key(split) < key(*best))) continue;
      if (!fill.OpenFor(second.pharmacy, split.second_arrival)) continue;
      best = split;
    }
  }
  if (!best) return std::nullopt;
  // Each item at the first stop if it fills it at least as well.
  UrgentOption option{UrgentOptionKind::kSplit, {}, best->confirm};
  Candidate first = reached.Describe(fill, best->first);
  Candidate second = reached.Describe(fill, best->second);
  second.arrival = best->second_arrival;
  std::vector<ItemFill> at_first, at_second;
  for (size_t item = 0; item < items; ++item) {
    if (Better(second.fills[item].state, first.fills[item].state)) {
      at_second.push_back(std::move(second.fills[item]));
    } else {
      at_first.push_back(std::move(first.fills[item]));
    }
  }
  first.fills = std::move(at_first);
  second.fills = std::move(at_second);
  option.stops.push_back(StopOf(std::move(first)));
  option.stops.push_back(StopOf(std::move(second)));
  return option;
}

// The plan's nearest specialty pharmacy when an item is a specialty drug,
// and its mail-order pharmacy (preferred first, then by id) when need_by
// leaves time for delivery, among every member. Reads no stock.
struct Routes {
  std::optional<Candidate> specialty, mail;
};
Routes NoTripRoutes(const Snapshot& snapshot, const UrgentFillQuery& query) {
  const bool specialty =
      std::any_of(query.items.begin(), query.items.end(),
                  [](const UrgentItem& item) { return item.specialty; });
  const bool mail = query.need_by - query.now >= query.mail_delivery;
  Routes routes;
  if (!specialty && !mail) return routes;
  MembershipAt membership(snapshot, query.network, query.now);
  for (uint32_t i = 0; i < snapshot.pharmacies().size(); ++i) {
    const MembershipPeriod* m = membership.Find(i);
    if (m == nullptr) continue;
    const std::string& id = snapshot.pharmacy(i).id;
    if (specialty && (m->fills & Bit(FillKind::kSpecialty))) {
      const double meters =
          MetersFromChord2(Chord2(query.origin, snapshot.point(i)));
      std::optional<Candidate>& best = routes.specialty;
      if (!best ||
          std::tie(meters, id) <
              std::tie(best->meters, snapshot.pharmacy(best->pharmacy).id)) {
        best = Candidate{i, meters, {}, m, {}};
      }
    }
    if (mail && (m->fills & Bit(FillKind::kMail))) {
      std::optional<Candidate>& best = routes.mail;
      const bool preferred = m->tier == Tier::kPreferred;
      const bool best_preferred =
          best && best->membership->tier == Tier::kPreferred;
      if (!best || preferred > best_preferred ||
          (preferred == best_preferred &&
           id < snapshot.pharmacy(best->pharmacy).id)) {
        best =
            Candidate{i,
                      MetersFromChord2(Chord2(query.origin, snapshot.point(i))),
                      {},
                      m,
                      {}};
      }
    }
  }
  return routes;
}

// Every fallback of docs/urgent_fill.md, for a query no pharmacy fills
// completely, `routes` found beforehand; appended to answer->options.
void AddFallbacks(Fill& fill, const Routes& routes, UrgentFillAnswer* answer) {
  const Snapshot& snapshot = fill.snapshot();
  const UrgentFillQuery& query = fill.query();
  const size_t items = query.items.size();
  UrgentShortfall shortfall;
  shortfall.filling.assign(items, 0);

  // One pass over the in-network pharmacies within reach.
  Reached reached(items);
  if (fill.reach_meters() >= 0) {
    SpatialIndex::Query everything{
        .origin = query.origin,
        .max_chord2 = Chord2FromMeters(fill.reach_meters()) * (1 + 1e-9),
        .k = 1};
    std::vector<SpatialIndex::Neighbor> none;
    snapshot.IndexFor(0).index->FindNearest(
        everything,
        [&](uint32_t i, const SpatialIndex::Key& key) {
          const MembershipPeriod* m = fill.RetailMembership(i);
          if (m == nullptr) return false;
          const double meters = MetersFromChord2(key.chord2);
          const absl::Time arrival = fill.Arrival(meters);
          if (!fill.InReach(meters, arrival)) return false;
          ++shortfall.reachable;
          if (fill.OpenFor(i, arrival))
            reached.Add(fill, i, meters, arrival, m);
          return false;
        },
        &none);
  }
  shortfall.open = static_cast<int>(reached.all().size());
  const auto sooner = [&](size_t a, size_t b) {
    const Reached::Pharmacy &pa = reached.all()[a], &pb = reached.all()[b];
    return std::tie(pa.arrival, snapshot.pharmacy(pa.pharmacy).id) <
           std::tie(pb.arrival, snapshot.pharmacy(pb.pharmacy).id);
  };
  std::vector<size_t> partial;
  std::optional<size_t> all_night;
  for (size_t p = 0; p < reached.all().size(); ++p) {
    for (size_t item = 0; item < items; ++item) {
      shortfall.filling[item] += reached.state(p, item) != FillState::kNone;
    }
    if (reached.all()[p].filled > 0) partial.push_back(p);
    if ((snapshot.services(reached.all()[p].pharmacy) &
         Bit(Service::kTwentyFourHour)) &&
        (!all_night || sooner(p, *all_night))) {
      all_night = p;
    }
  }

  // Partial options: most items first, then fresh before confirm, then
  // sooner.
  const size_t kept = std::min<size_t>(partial.size(), query.max_options);
  std::partial_sort(partial.begin(), partial.begin() + kept, partial.end(),
                    [&](size_t a, size_t b) {
                      const Reached::Pharmacy &pa = reached.all()[a],
                                              &pb = reached.all()[b];
                      if (pa.filled != pb.filled) return pa.filled > pb.filled;
                      if (pa.confirm != pb.confirm) return pb.confirm;
                      return sooner(a, b);
                    });
  for (size_t k = 0; k < kept; ++k) {
    answer->options.push_back(OptionOf(UrgentOptionKind::kPartial,
                                       reached.Describe(fill, partial[k])));
  }
  if (std::optional<UrgentOption> split = BestSplit(fill, reached)) {
    answer->options.push_back(*std::move(split));
  }
  if (all_night) {
    answer->options.push_back(OptionOf(UrgentOptionKind::kTwentyFourHour,
                                       reached.Describe(fill, *all_night)));
  }

  if (routes.specialty) {
    const uint32_t i = routes.specialty->pharmacy;
    Candidate c = fill.Describe(i, routes.specialty->meters, {},
                                routes.specialty->membership);
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
  if (routes.mail) {
    UrgentOption option =
        OptionOf(UrgentOptionKind::kMailOrder,
                 fill.Describe(routes.mail->pharmacy, routes.mail->meters, {},
                               routes.mail->membership));
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
  const std::shared_ptr<const StockStore::Keys> keys =
      query.store->KeysFor(snapshot);
  query.store->ReadLevels(
      ndcs, [&](absl::Span<const StockStore::DrugLevels> levels) {
        Fill fill(snapshot, query, *keys, levels);
        for (Candidate& c : CompleteSearch(fill, true)
                                .Run(query.max_options, &answer.strategy)) {
          answer.options.push_back(
              OptionOf(UrgentOptionKind::kComplete, std::move(c)));
        }
      });
  if (!answer.options.empty()) return answer;
  // No pharmacy fills everything. What reads no stock runs without the
  // drugs' locks, which writers wait for; the fallbacks read stock again.
  const Routes routes = NoTripRoutes(snapshot, query);
  query.store->ReadLevels(ndcs,
                          [&](absl::Span<const StockStore::DrugLevels> levels) {
                            Fill fill(snapshot, query, *keys, levels);
                            AddFallbacks(fill, routes, &answer);
                          });
  return answer;
}

}  // namespace rxlocator
