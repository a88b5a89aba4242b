// The oracle for differential tests: every pharmacy's haversine distance from
// the origin, filtered, sorted by (distance, id) or, for a plan ranking
// preferred first, by distance less the allowance. It shares nothing with
// the index but the data: no S2, no chords, no tree, no bitsets; plan
// memberships are joined by pharmacy id and dated with absl's zones.
#ifndef RXLOCATOR_TESTS_INTEGRATION_BRUTE_FORCE_H_
#define RXLOCATOR_TESTS_INTEGRATION_BRUTE_FORCE_H_

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "index/network.h"
#include "index/opening_hours.h"
#include "index/pharmacy.h"

namespace rxlocator {

struct BruteForceHit {
  double meters;
  const Pharmacy* pharmacy;
  // The order key: meters, less the allowance for a preferred pharmacy when
  // the plan ranks preferred first.
  double rank;
  const Membership* membership;  // With a plan: the one in effect.
};

// A plan's network as the oracle reads it: every membership, by pharmacy id.
using MembershipsById =
    absl::flat_hash_map<std::string, std::vector<const Membership*>>;

struct BruteForcePlan {
  const MembershipsById* members;
  absl::Time as_of;
  bool preferred_only = false;
  bool ninety_day_retail = false;
  std::optional<double> allowance_meters;
};

inline double HaversineMeters(double lat1, double lng1, double lat2,
                              double lng2) {
  constexpr double kRadius = 6371010.0, kDeg = M_PI / 180;
  const double dlat = (lat2 - lat1) * kDeg, dlng = (lng2 - lng1) * kDeg;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kDeg) * std::cos(lat2 * kDeg) *
                       std::sin(dlng / 2) * std::sin(dlng / 2);
  return 2 * kRadius * std::asin(std::min(1.0, std::sqrt(h)));
}

struct BruteForceQuery {
  double latitude, longitude, radius_meters;
  ServiceMask required_services = 0;
  std::set<std::string> include_chains, exclude_chains;
  // If set: open at this instant, and for open_for after it.
  std::optional<absl::Time> open_at;
  absl::Duration open_for;
  std::optional<BruteForcePlan> plan;
};

// The membership of `p` in effect on its local date at the plan's instant
// that admits walk-in retail fills as the plan asks, or nullptr.
inline const Membership* PlanMembership(const Pharmacy& p,
                                        const BruteForcePlan& plan) {
  auto it = plan.members->find(p.id);
  if (it == plan.members->end()) return nullptr;
  absl::TimeZone zone = absl::UTCTimeZone();
  if (!p.time_zone.empty()) absl::LoadTimeZone(p.time_zone, &zone);
  const absl::CivilDay today = absl::ToCivilDay(plan.as_of, zone);
  for (const Membership* m : it->second) {
    if (m->effective > today || today > m->end) continue;
    const bool retail = m->fills & Bit(FillKind::kRetail);
    const bool ninety = m->fills & Bit(FillKind::kNinetyDayRetail);
    if (!retail || (plan.ninety_day_retail && !ninety) ||
        (plan.preferred_only && m->tier != Tier::kPreferred)) {
      return nullptr;
    }
    return m;
  }
  return nullptr;
}

// Whether `p`'s counter is open as the query asks, by full evaluation in
// its zone (the search itself uses a shortcut).
inline bool OpenAsAsked(const Pharmacy& p, const BruteForceQuery& q) {
  absl::TimeZone zone;
  if (p.time_zone.empty() || !absl::LoadTimeZone(p.time_zone, &zone)) {
    return false;
  }
  const OpeningHours& hours = CounterHours(p);
  return Evaluate(hours, *q.open_at, zone).state == OpenState::kOpen &&
         (q.open_for <= absl::ZeroDuration() ||
          OpenThroughout(hours, *q.open_at, q.open_for, zone));
}

inline std::vector<BruteForceHit> BruteForce(const std::vector<Pharmacy>& all,
                                             const BruteForceQuery& q) {
  std::vector<BruteForceHit> hits;
  for (const Pharmacy& p : all) {
    const double d =
        HaversineMeters(q.latitude, q.longitude, p.latitude, p.longitude);
    if (d > q.radius_meters) continue;
    if ((p.services & q.required_services) != q.required_services) continue;
    if (!q.include_chains.empty() && !q.include_chains.count(p.chain)) continue;
    if (q.exclude_chains.count(p.chain)) continue;
    if (!p.walk_in) continue;
    if (q.open_at && !OpenAsAsked(p, q)) continue;
    const Membership* m = nullptr;
    double rank = d;
    if (q.plan) {
      m = PlanMembership(p, *q.plan);
      if (m == nullptr) continue;
      if (q.plan->allowance_meters && m->tier == Tier::kPreferred) {
        rank -= *q.plan->allowance_meters;
      }
    }
    hits.push_back({d, &p, rank, m});
  }
  std::sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.pharmacy->id < b.pharmacy->id;
  });
  return hits;
}

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTS_INTEGRATION_BRUTE_FORCE_H_
