// The UrgentFill rules of docs/urgent_fill.md by brute force, for the
// differential test: every pharmacy of the snapshot is looked at for every
// query, with no spatial index, no planner, no weekly-hours column and no
// per-zone shortcuts. It shares only the public model with the engine:
// pharmacy records, OpeningHours' OpenThroughout, FreshnessAt, the stock
// store's Get, NetworkIndex::On and the geo.h distance, so that a distance
// or a time at a boundary comes out the same bit for bit. Arrivals follow
// the documented formula, now + distance x detour / speed.
#ifndef RXLOCATOR_TESTS_INTEGRATION_URGENT_ORACLE_H_
#define RXLOCATOR_TESTS_INTEGRATION_URGENT_ORACLE_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "index/geo.h"
#include "index/opening_hours.h"
#include "index/pharmacy.h"
#include "index/snapshot.h"
#include "index/stock.h"
#include "index/urgent_fill.h"

namespace rxlocator {

// What UrgentFill should answer, found the slow way.
//
//   UrgentOracle oracle(*snapshot);
//   UrgentFillAnswer want = oracle.Answer(query);
//
// Reads the snapshot and the query's stock store; Answer is const and
// thread-safe.
class UrgentOracle {
 public:
  explicit UrgentOracle(const Snapshot& snapshot) : snapshot_(snapshot) {
    for (const Pharmacy& p : snapshot.pharmacies()) {
      points_.push_back(PointFromDegrees(p.latitude, p.longitude));
      absl::TimeZone zone;
      zones_.push_back(!p.time_zone.empty() &&
                               absl::LoadTimeZone(p.time_zone, &zone)
                           ? std::optional<absl::TimeZone>(zone)
                           : std::nullopt);
      walk_in_ += p.walk_in;
    }
  }

  UrgentFillAnswer Answer(const UrgentFillQuery& q) const {
    UrgentFillAnswer answer;
    answer.stock_stale = q.store->stale();
    // With the pickup window longer than the time left, no pharmacy is
    // within reach and nothing is planned: the strategy keeps its default.
    if (q.need_by - q.pickup_window >= q.now) answer.strategy = Strategy(q);
    std::vector<Site> sites;
    for (uint32_t i = 0; i < points_.size(); ++i) sites.push_back(Look(i, q));
    const int items = static_cast<int>(q.items.size());

    // Complete options, and the same without the network condition.
    std::vector<const Site*> complete, outside;
    for (const Site& s : sites) {
      if (!s.open || Filled(s.fills) < items) continue;
      (InNetwork(s) ? complete : outside).push_back(&s);
    }
    const auto by_fill = [&](const Site* a, const Site* b) {
      return std::make_tuple(Confirm(a->fills), a->arrival, std::cref(Id(*a))) <
             std::make_tuple(Confirm(b->fills), b->arrival, std::cref(Id(*b)));
    };
    SortBy(complete, by_fill);
    for (const Site* s : First(complete, q.max_options)) {
      answer.options.push_back(Option(UrgentOptionKind::kComplete,
                                      {Stop(*s, s->fills, true, true)}));
    }
    if (!complete.empty()) return answer;

    // Partial options: most items first, then as complete options.
    std::vector<const Site*> partial;
    for (const Site& s : sites) {
      if (s.open && InNetwork(s) && Filled(s.fills) > 0) partial.push_back(&s);
    }
    SortBy(partial, [&](const Site* a, const Site* b) {
      return std::make_tuple(-Filled(a->fills), Confirm(a->fills), a->arrival,
                             std::cref(Id(*a))) <
             std::make_tuple(-Filled(b->fills), Confirm(b->fills), b->arrival,
                             std::cref(Id(*b)));
    });
    for (const Site* s : First(partial, q.max_options)) {
      answer.options.push_back(
          Option(UrgentOptionKind::kPartial, {Stop(*s, s->fills, true, true)}));
    }

    if (items >= 2) {
      if (std::optional<UrgentOption> split = Split(sites, q)) {
        answer.options.push_back(*std::move(split));
      }
    }

    // The nearest 24-hour pharmacy that counts.
    const Site* all_day = nullptr;
    for (const Site& s : sites) {
      if (!s.open || !InNetwork(s) ||
          !(snapshot_.pharmacy(s.pharmacy).services &
            Bit(Service::kTwentyFourHour))) {
        continue;
      }
      if (all_day == nullptr || std::tie(s.arrival, Id(s)) <
                                    std::tie(all_day->arrival, Id(*all_day))) {
        all_day = &s;
      }
    }
    if (all_day != nullptr) {
      answer.options.push_back(
          Option(UrgentOptionKind::kTwentyFourHour,
                 {Stop(*all_day, all_day->fills, true, true)}));
    }

    // The nearest specialty pharmacy, for the specialty items.
    std::vector<int> specialty_items;
    for (int j = 0; j < items; ++j) {
      if (q.items[j].specialty) specialty_items.push_back(j);
    }
    if (!specialty_items.empty()) {
      const Site* nearest = nullptr;
      for (const Site& s : sites) {
        if (s.membership == nullptr ||
            !(s.membership->fills & Bit(FillKind::kSpecialty))) {
          continue;
        }
        if (nearest == nullptr || std::tie(s.meters, Id(s)) <
                                      std::tie(nearest->meters, Id(*nearest))) {
          nearest = &s;
        }
      }
      if (nearest != nullptr) {
        std::vector<ItemFill> fills;
        for (int j : specialty_items) {
          fills.push_back(Fill(Id(*nearest), j, q));
        }
        answer.options.push_back(
            Option(UrgentOptionKind::kSpecialty,
                   {Stop(*nearest, fills, nearest->open, true)}));
      }
    }

    // Mail order: preferred tier first, then id; its stock is not tracked.
    if (q.need_by - q.now >= q.mail_delivery) {
      const Site* mail = nullptr;
      const auto key = [&](const Site& s) {
        return std::make_tuple(s.membership->tier != Tier::kPreferred,
                               std::cref(Id(s)));
      };
      for (const Site& s : sites) {
        if (s.membership == nullptr ||
            !(s.membership->fills & Bit(FillKind::kMail))) {
          continue;
        }
        if (mail == nullptr || key(s) < key(*mail)) mail = &s;
      }
      if (mail != nullptr) {
        std::vector<ItemFill> fills;
        for (int j = 0; j < items; ++j) fills.push_back(ItemFill{.item = j});
        answer.options.push_back(Option(UrgentOptionKind::kMailOrder,
                                        {Stop(*mail, fills, false, true)}));
      }
    }

    SortBy(outside, by_fill);
    if (!outside.empty()) {
      answer.options.push_back(Option(
          UrgentOptionKind::kOutOfNetwork,
          {Stop(*outside.front(), outside.front()->fills, true, false)}));
    }

    UrgentShortfall& shortfall = answer.shortfall.emplace();
    shortfall.filling.assign(items, 0);
    for (const Site& s : sites) {
      if (!s.reachable || !InNetwork(s)) continue;
      ++shortfall.reachable;
      if (!s.open) continue;
      ++shortfall.open;
      for (int j = 0; j < items; ++j) {
        shortfall.filling[j] += s.fills[j].state != FillState::kNone;
      }
    }
    return answer;
  }

 private:
  // A pharmacy as the query sees it.
  struct Site {
    uint32_t pharmacy;
    double meters;  // From the origin.
    absl::Time arrival;
    // The period in effect on the pharmacy's local date now, whatever it
    // allows; nullptr if none.
    const MembershipPeriod* membership;
    bool reachable;  // Walk-in, within the distance, done by need_by.
    bool open;       // Reachable and open for the pickup window at arrival.
    std::vector<ItemFill> fills;  // Every item's, when open.
  };

  const std::string& Id(const Site& s) const {
    return snapshot_.pharmacy(s.pharmacy).id;
  }

  template <typename Cmp>
  static void SortBy(std::vector<const Site*>& v, Cmp by) {
    std::sort(v.begin(), v.end(),
              [&](const Site* a, const Site* b) { return by(a, b); });
  }

  static std::vector<const Site*> First(const std::vector<const Site*>& v,
                                        int n) {
    return {v.begin(), v.begin() + std::min<size_t>(v.size(), n)};
  }

  absl::Duration Travel(double meters, const UrgentFillQuery& q) const {
    return absl::Seconds(meters * q.travel.detour_factor /
                         q.travel.meters_per_second);
  }

  Site Look(uint32_t i, const UrgentFillQuery& q) const {
    const Pharmacy& p = snapshot_.pharmacy(i);
    Site s{.pharmacy = i};
    s.meters = MetersFromChord2(Chord2(q.origin, points_[i]));
    s.arrival = q.now + Travel(s.meters, q);
    // A pharmacy without a zone has its dates on UTC's calendar
    // (index/membership_at.h).
    const absl::CivilDay today =
        absl::ToCivilDay(q.now, zones_[i].value_or(absl::UTCTimeZone()));
    s.membership = snapshot_.networks().On(q.network, i, today);
    s.reachable = p.walk_in && s.meters <= q.max_distance_meters &&
                  s.arrival + q.pickup_window <= q.need_by;
    s.open =
        s.reachable && zones_[i].has_value() &&
        OpenThroughout(CounterHours(p), s.arrival, q.pickup_window, *zones_[i]);
    if (s.open) {
      for (int j = 0; j < static_cast<int>(q.items.size()); ++j) {
        s.fills.push_back(Fill(p.id, j, q));
      }
    }
    return s;
  }

  static bool InNetwork(const Site& s) {
    return s.membership != nullptr &&
           (s.membership->fills & Bit(FillKind::kRetail));
  }

  static int Filled(const std::vector<ItemFill>& fills) {
    return std::count_if(fills.begin(), fills.end(), [](const ItemFill& f) {
      return f.state != FillState::kNone;
    });
  }

  static bool Confirm(const std::vector<ItemFill>& fills) {
    return std::any_of(fills.begin(), fills.end(), [](const ItemFill& f) {
      return f.state == FillState::kConfirm;
    });
  }

  static int Rank(FillState state) {
    return state == FillState::kFresh     ? 2
           : state == FillState::kConfirm ? 1
                                          : 0;
  }

  // Item j at the pharmacy, by the five rules of "When a pharmacy can fill
  // an item".
  ItemFill Fill(const std::string& pharmacy, int j,
                const UrgentFillQuery& q) const {
    const UrgentItem& item = q.items[j];
    struct Count {
      const std::string* ndc;
      bool substitute;
      StockLevel level;
      Freshness freshness;
      FillState state;
    };
    std::vector<Count> counts;  // Within the horizon, ndcs then substitutes.
    for (bool substitute : {false, true}) {
      for (const std::string& ndc : substitute ? item.substitutes : item.ndcs) {
        const std::optional<StockLevel> level = q.store->Get(pharmacy, ndc);
        if (!level.has_value()) continue;
        const std::optional<Freshness> f =
            FreshnessAt(*level, q.now, q.freshness);
        if (!f.has_value()) continue;
        FillState state = FillState::kNone;
        if (level->quantity >= item.quantity) {
          if (*f == Freshness::kInStock || *f == Freshness::kLow) {
            state = FillState::kFresh;
          } else if (*f == Freshness::kCallToConfirm) {
            state = FillState::kConfirm;
          }
        }
        counts.push_back({&ndc, substitute, *level, *f, state});
      }
    }
    const auto shown = [&](const Count& c, FillState state) {
      return ItemFill{.item = j,
                      .state = state,
                      .ndc = *c.ndc,
                      .substitute = c.substitute,
                      .level = c.level,
                      .freshness = c.freshness};
    };
    for (FillState state : {FillState::kFresh, FillState::kConfirm}) {
      for (bool substitute : {false, true}) {
        for (const Count& c : counts) {
          if (c.state == state && c.substitute == substitute) {
            return shown(c, state);
          }
        }
      }
    }
    for (const Count& c : counts) {
      if (!c.substitute) return shown(c, FillState::kNone);
    }
    return ItemFill{.item = j};
  }

  // The best two-stop visit, or nullopt.
  std::optional<UrgentOption> Split(const std::vector<Site>& sites,
                                    const UrgentFillQuery& q) const {
    const int items = static_cast<int>(q.items.size());
    std::vector<const Site*> candidates;
    for (int j = 0; j < items; ++j) {
      std::vector<const Site*> filling;
      for (const Site& s : sites) {
        if (s.open && InNetwork(s) && s.fills[j].state != FillState::kNone) {
          filling.push_back(&s);
        }
      }
      SortBy(filling, [&](const Site* a, const Site* b) {
        return std::make_tuple(a->fills[j].state != FillState::kFresh,
                               a->arrival, std::cref(Id(*a))) <
               std::make_tuple(b->fills[j].state != FillState::kFresh,
                               b->arrival, std::cref(Id(*b)));
      });
      for (const Site* s : First(filling, 8)) {
        if (std::find(candidates.begin(), candidates.end(), s) ==
            candidates.end()) {
          candidates.push_back(s);
        }
      }
    }
    std::optional<UrgentOption> best;
    std::tuple<bool, absl::Time, std::string, std::string> best_key;
    for (const Site* a : candidates) {
      for (const Site* b : candidates) {
        if (a == b) continue;
        const absl::Time arrival_b =
            a->arrival + q.pickup_window +
            Travel(MetersFromChord2(
                       Chord2(points_[a->pharmacy], points_[b->pharmacy])),
                   q);
        if (arrival_b + q.pickup_window > q.need_by ||
            !OpenThroughout(CounterHours(snapshot_.pharmacy(b->pharmacy)),
                            arrival_b, q.pickup_window, *zones_[b->pharmacy])) {
          continue;
        }
        std::vector<ItemFill> at_a, at_b;
        bool all = true;
        for (int j = 0; j < items; ++j) {
          const ItemFill& fa = a->fills[j];
          const ItemFill& fb = b->fills[j];
          const ItemFill& f = Rank(fa.state) >= Rank(fb.state) ? fa : fb;
          all = all && f.state != FillState::kNone;
          (&f == &fa ? at_a : at_b).push_back(f);
        }
        if (!all) continue;
        auto key = std::make_tuple(Confirm(at_a) || Confirm(at_b), arrival_b,
                                   Id(*a), Id(*b));
        if (best.has_value() && !(key < best_key)) continue;
        best_key = std::move(key);
        UrgentStop second = Stop(*b, at_b, true, true);
        second.arrival = arrival_b;
        best = Option(UrgentOptionKind::kSplit,
                      {Stop(*a, at_a, true, true), second});
      }
    }
    return best;
  }

  // The strategy docs/urgent_fill.md prescribes: scan the rarest item's
  // stock list of L pharmacies when L^2 <= k * N, N being the walk-in
  // pharmacies.
  UrgentStrategy Strategy(const UrgentFillQuery& q) const {
    size_t rarest = SIZE_MAX;
    for (const UrgentItem& item : q.items) {
      absl::flat_hash_set<std::string> listed;
      for (const auto* ndcs : {&item.ndcs, &item.substitutes}) {
        for (const std::string& ndc : *ndcs) {
          q.store->ForEachPharmacy(
              ndc, [&](const std::string& id, const StockLevel&) {
                listed.insert(id);
              });
        }
      }
      rarest = std::min(rarest, listed.size());
    }
    return static_cast<double>(rarest) * rarest <=
                   static_cast<double>(q.max_options) * walk_in_
               ? UrgentStrategy::kScanStock
               : UrgentStrategy::kSearchOutward;
  }

  // A stop at the site for `fills`; with its arrival if it `arrives`, with
  // its membership if `in_network`.
  static UrgentStop Stop(const Site& s, std::vector<ItemFill> fills,
                         bool arrives, bool in_network) {
    return UrgentStop{.pharmacy = s.pharmacy,
                      .distance_meters = s.meters,
                      .arrival = arrives ? std::optional<absl::Time>(s.arrival)
                                         : std::nullopt,
                      .membership = in_network ? s.membership : nullptr,
                      .items = std::move(fills)};
  }

  static UrgentOption Option(UrgentOptionKind kind,
                             std::vector<UrgentStop> stops) {
    bool confirm = false;
    for (const UrgentStop& stop : stops) confirm |= Confirm(stop.items);
    return UrgentOption{
        .kind = kind, .stops = std::move(stops), .confirm = confirm};
  }

  const Snapshot& snapshot_;
  std::vector<S2Point> points_;
  std::vector<std::optional<absl::TimeZone>> zones_;
  int64_t walk_in_ = 0;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTS_INTEGRATION_URGENT_ORACLE_H_
