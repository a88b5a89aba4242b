// Random FindPharmacies requests for differential tests, and the same query
// phrased for the brute-force oracle.
#ifndef RXLOCATOR_TESTS_INTEGRATION_RANDOM_QUERIES_H_
#define RXLOCATOR_TESTS_INTEGRATION_RANDOM_QUERIES_H_

#include <random>

#include "absl/time/time.h"
#include "index/snapshot.h"
#include "rxlocator/v1/pharmacy_locator.pb.h"
#include "server/locator_handlers.h"
#include "server/proto_mapping.h"
#include "tests/integration/brute_force.h"

namespace rxlocator {

// Origins near pharmacies, at ZIP codes and anywhere in the US; radii from
// tiny to the maximum or unset; limits 0 to 100; filters on services and
// chains half the time, on opening hours (open now, at an instant within
// half a year of `now`, for up to three hours) a third of the time.
inline v1::FindPharmaciesRequest RandomRequest(std::mt19937_64& rng,
                                               const Snapshot& snapshot,
                                               absl::Time now) {
  std::uniform_real_distribution<double> unit(0, 1);
  v1::FindPharmaciesRequest r;
  const double kind = unit(rng);
  if (kind < 0.4) {
    const Pharmacy& p = snapshot.pharmacy(rng() % snapshot.pharmacies().size());
    auto* at = r.mutable_origin()->mutable_lat_lng();
    at->set_latitude(p.latitude + (unit(rng) - 0.5) * 0.1);
    at->set_longitude(p.longitude + (unit(rng) - 0.5) * 0.1);
  } else if (kind < 0.7) {
    const auto& zips = snapshot.zips().entries();
    const ZipInfo* z = &zips[rng() % zips.size()];
    while (!z->has_location) z = &zips[rng() % zips.size()];
    r.mutable_origin()->set_zip_code(z->zip);
  } else {
    auto* at = r.mutable_origin()->mutable_lat_lng();
    at->set_latitude(25 + unit(rng) * 24);
    at->set_longitude(-125 + unit(rng) * 58);
  }
  if (unit(rng) < 0.75) {
    r.set_radius_meters(
        std::max(1.0, unit(rng) * unit(rng) * kMaxRadiusMeters));
  }
  r.set_max_results(rng() % 101);
  if (unit(rng) < 0.5) {
    auto* filter = r.mutable_filter();
    for (int service = 1; service <= 5; ++service) {
      if (unit(rng) < 0.15) {
        filter->add_required_services(static_cast<v1::Service>(service));
      }
    }
    const double hours = unit(rng);
    if (hours < 0.15) {
      filter->set_open_now(true);
    } else if (hours < 0.3) {
      filter->mutable_open_at()->set_seconds(absl::ToUnixSeconds(
          now + absl::Seconds(static_cast<int64_t>((unit(rng) - 0.5) * 3e7))));
    }
    if (hours < 0.3 && unit(rng) < 0.3) {
      filter->mutable_open_for()->set_seconds(1 + rng() % (3 * 3600));
    }
    const auto& chains = snapshot.chains();
    for (int n = rng() % 3; chains.size() > 1 && n > 0; --n) {
      const std::string& chain = chains[1 + rng() % (chains.size() - 1)];
      if (unit(rng) < 0.5) {
        filter->add_include_chains(chain);
      } else {
        filter->add_exclude_chains(chain);
      }
    }
  }
  return r;
}

// The oracle's reading of a valid first-page request asked at `now`.
inline BruteForceQuery OracleQuery(const v1::FindPharmaciesRequest& r,
                                   const Snapshot& snapshot, absl::Time now) {
  BruteForceQuery q;
  const v1::PharmacyFilter& f = r.filter();
  if (f.open_now() || f.has_open_at() || f.has_open_for()) {
    q.open_at =
        f.has_open_at() ? absl::FromUnixSeconds(f.open_at().seconds()) : now;
    q.open_for = absl::Seconds(f.open_for().seconds());
  }
  if (r.origin().has_lat_lng()) {
    q.latitude = r.origin().lat_lng().latitude();
    q.longitude = r.origin().lat_lng().longitude();
  } else {
    const ZipInfo* z = snapshot.zips().Find(r.origin().zip_code());
    q.latitude = z->latitude;
    q.longitude = z->longitude;
  }
  q.radius_meters =
      r.has_radius_meters() ? r.radius_meters() : kDefaultRadiusMeters;
  for (int s : r.filter().required_services()) {
    q.required_services |= Bit(*ServiceFromProto(s));
  }
  q.include_chains.insert(r.filter().include_chains().begin(),
                          r.filter().include_chains().end());
  q.exclude_chains.insert(r.filter().exclude_chains().begin(),
                          r.filter().exclude_chains().end());
  return q;
}

inline size_t Limit(const v1::FindPharmaciesRequest& r) {
  return r.max_results() == 0 ? kDefaultMaxResults : r.max_results();
}

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTS_INTEGRATION_RANDOM_QUERIES_H_
