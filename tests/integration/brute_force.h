// The oracle for differential tests: every pharmacy's haversine distance from
// the origin, filtered, sorted by (distance, id). It shares nothing with the
// index but the data: no S2, no chords, no tree.
#ifndef RXLOCATOR_TESTS_INTEGRATION_BRUTE_FORCE_H_
#define RXLOCATOR_TESTS_INTEGRATION_BRUTE_FORCE_H_

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "index/opening_hours.h"
#include "index/pharmacy.h"

namespace rxlocator {

struct BruteForceHit {
  double meters;
  const Pharmacy* pharmacy;
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
};

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
    if (q.open_at && !OpenAsAsked(p, q)) continue;
    hits.push_back({d, &p});
  }
  std::sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
    return a.meters != b.meters ? a.meters < b.meters
                                : a.pharmacy->id < b.pharmacy->id;
  });
  return hits;
}

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTS_INTEGRATION_BRUTE_FORCE_H_
