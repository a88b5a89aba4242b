// UrgentFill: where a member can pick up every item of a prescription
// soonest, in network, before a time, with honest fallbacks when no single
// pharmacy can. docs/urgent_fill.md states the rules this implements and
// how the planner chooses between scanning a drug's stock list and
// searching outward from the member.
//
//   UrgentFillQuery q{.origin = PointFromDegrees(61.19, -149.87),
//                     .network = plan->network,
//                     .items = {{.ndcs = {"00069108530"}, .quantity = 30}},
//                     .now = absl::Now(),
//                     .need_by = absl::Now() + absl::Hours(4),
//                     .store = &stock};
//   UrgentFillAnswer a = UrgentFill(*snapshot, q);
//   if (a.options.empty()) ... a.shortfall says why ...
//
// UrgentFill is thread-safe: it reads the snapshot and the stock store.
#ifndef RXLOCATOR_INDEX_URGENT_FILL_H_
#define RXLOCATOR_INDEX_URGENT_FILL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "index/network_index.h"
#include "index/snapshot.h"
#include "index/stock.h"
#include "index/stock_store.h"
#include "s2/s2point.h"

namespace rxlocator {

// How the member travels: a straight-line estimate, the great-circle
// distance times a detour factor (roads and paths are not straight) at an
// average door-to-door speed.
struct TravelMode {
  double meters_per_second;
  double detour_factor;
};
// 40 km/h door to door (town driving with stops and parking), detour 1.3.
inline constexpr TravelMode kDriving{40000.0 / 3600, 1.3};
// 4.8 km/h (3 mph), detour 1.3.
inline constexpr TravelMode kWalking{4800.0 / 3600, 1.3};

// How long it takes to travel `meters` of great-circle distance.
absl::Duration TravelTime(double meters, const TravelMode& mode);

// One item of the prescription.
struct UrgentItem {
  // The NDCs that fill it as asked (the NDC requested, or every NDC of a
  // drug name), 11 digits each, at least one, in order of preference.
  std::vector<std::string> ndcs;
  // NDCs of the same product that may be dispensed instead (substitution
  // allowed), none of them in `ndcs`, in order of preference.
  std::vector<std::string> substitutes;
  // Dispensing units needed, at least 1; one NDC's count must cover them.
  int64_t quantity = 1;
  // A specialty drug: the plan's specialty pharmacy is a fallback route.
  bool specialty = false;
};

struct UrgentFillQuery {
  S2Point origin;                 // Unit vector.
  uint32_t network;               // The plan's network, a NetworkIndex code.
  std::vector<UrgentItem> items;  // At least one.
  absl::Time now;
  // The member must have picked everything up by this instant; after now.
  absl::Time need_by;
  // How long the member needs at the counter: a pharmacy must be open from
  // the arrival for this long, and the pickup must end by need_by.
  absl::Duration pickup_window = absl::Minutes(15);
  TravelMode travel = kDriving;
  // At most this many options of each kind that can have several (complete
  // and partial). Default 5.
  int max_options = 5;
  // Pharmacies farther than this are never considered. Default 100 miles.
  double max_distance_meters = 160934.4;
  const StockStore* store;  // Not owned.
  FreshnessPolicy freshness;
  // How long a mail-order fill takes to arrive: offered when need_by is at
  // least this far off. Default 2 days.
  absl::Duration mail_delivery = absl::Hours(48);
};

// How far an item's count at a pharmacy can be trusted for this fill.
enum class FillState {
  kFresh,    // Counted recently (in stock or low) with enough units.
  kConfirm,  // Enough units when last counted, but that was too long ago.
  kNone,     // Not enough, out, or nothing on file.
};

// One item at one pharmacy.
struct ItemFill {
  int item;  // Index into UrgentFillQuery::items.
  FillState state = FillState::kNone;
  // The NDC whose count is shown: the one that fills the item (the first
  // fresh one of ndcs, then of substitutes, then the first that needs
  // confirming), or, when none fills it, the first of ndcs with a count
  // within the horizon; empty when there is none.
  std::string ndc;
  bool substitute = false;  // `ndc` is one of the item's substitutes.
  StockLevel level;         // The count of `ndc`, when it is set.
  Freshness freshness = Freshness::kOut;  // Likewise.
};

// A pharmacy the member goes to (or orders from).
struct UrgentStop {
  uint32_t pharmacy;       // Index into Snapshot::pharmacies().
  double distance_meters;  // Great-circle, from the origin.
  // When the member gets there; unset for fills that are delivered (mail
  // order, a specialty pharmacy that does not serve walk-ins).
  std::optional<absl::Time> arrival;
  // The pharmacy's membership in the plan's network on its local date now;
  // nullptr for an out-of-network option.
  const MembershipPeriod* membership = nullptr;
  // The items this stop is for, in item order (see UrgentOption).
  std::vector<ItemFill> items;
};

enum class UrgentOptionKind {
  kComplete,        // One pharmacy fills every item.
  kPartial,         // One pharmacy fills some items.
  kSplit,           // Two pharmacies, one after the other, fill them all.
  kTwentyFourHour,  // The nearest open 24-hour in-network pharmacy.
  kSpecialty,       // The plan's nearest specialty pharmacy.
  kMailOrder,       // The plan's mail-order pharmacy.
  kOutOfNetwork,    // The soonest pharmacy that fills every item, outside
                    // the plan's network: an emergency fill.
};

struct UrgentOption {
  UrgentOptionKind kind;
  // One stop, or two for a split (in the order visited). A complete,
  // partial or out-of-network stop lists every item; a split stop the items
  // it fills; a 24-hour stop every item with whatever count it has on file;
  // a specialty stop the specialty items; a mail-order stop every item with
  // whatever counts it has on file.
  std::vector<UrgentStop> stops;
  // Some item it relies on needs confirming (FillState::kConfirm).
  bool confirm = false;
};

// Why no pharmacy fills everything: counts over the walk-in in-network
// pharmacies the member can reach before need_by.
struct UrgentShortfall {
  int reachable = 0;  // Within reach in time (and distance).
  int open = 0;       // ...and open for the pickup window at arrival.
  // ...and filling item i (fresh or needing confirmation).
  std::vector<int> filling;
};

// How the complete options were looked for (see docs/urgent_fill.md);
// kSearchOutward when no pharmacy could be reached in time, so none was.
enum class UrgentStrategy { kScanStock, kSearchOutward };

struct UrgentFillAnswer {
  // Complete options first (fresh before confirm, then soonest arrival, then
  // pharmacy id). Only when there is none: partial options, a split, a
  // 24-hour pharmacy, a specialty pharmacy, mail order and an
  // out-of-network option, in that order, each where one exists.
  std::vector<UrgentOption> options;
  // Set when there is no complete option.
  std::optional<UrgentShortfall> shortfall;
  UrgentStrategy strategy = UrgentStrategy::kSearchOutward;
  // The store's stale() flag when read: counts may be missing updates.
  bool stock_stale = false;
};

UrgentFillAnswer UrgentFill(const Snapshot& snapshot,
                            const UrgentFillQuery& query);

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_URGENT_FILL_H_
