#include "server/availability_watch.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "index/geo.h"
#include "index/membership_at.h"
#include "server/proto_mapping.h"

namespace rxlocator {

AvailabilityWatchers::AvailabilityWatchers(const SnapshotHolder* snapshots,
                                           FreshnessPolicy policy,
                                           size_t max_watches)
    : snapshots_(snapshots), policy_(policy), max_watches_(max_watches) {}

absl::StatusOr<uint64_t> AvailabilityWatchers::Add(AvailabilityWatch watch) {
  absl::MutexLock lock(&mutex_);
  if (ndc_of_.size() >= max_watches_) {
    return absl::ResourceExhaustedError(
        absl::StrCat("this server already has ", max_watches_,
                     " watches open, as many as it takes; try again later"));
  }
  const uint64_t id = next_id_++;
  ndc_of_[id] = watch.ndc;
  by_ndc_[watch.ndc].emplace(id, std::move(watch));
  return id;
}

void AvailabilityWatchers::Remove(uint64_t id) {
  absl::MutexLock lock(&mutex_);
  auto it = ndc_of_.find(id);
  if (it == ndc_of_.end()) return;
  auto watches = by_ndc_.find(it->second);
  watches->second.erase(id);
  if (watches->second.empty()) by_ndc_.erase(watches);
  ndc_of_.erase(it);
}

std::optional<v1::AvailabilityEvent> AvailabilityWatchers::EventFor(
    const Snapshot& snapshot, const AvailabilityWatch& watch,
    absl::string_view pharmacy_id, const StockLevel& level, absl::Time now,
    v1::AvailabilityEvent::Kind kind) const {
  const std::optional<uint32_t> i = snapshot.Lookup(pharmacy_id);
  if (!i) return std::nullopt;
  const Pharmacy& pharmacy = snapshot.pharmacy(*i);
  if (!pharmacy.walk_in) return std::nullopt;
  const double meters = MetersFromChord2(Chord2(
      watch.origin, PointFromDegrees(pharmacy.latitude, pharmacy.longitude)));
  if (meters > watch.radius_meters) return std::nullopt;
  if (watch.plan) {
    const auto plan = snapshot.networks().FindPlan(*watch.plan);
    if (!plan) return std::nullopt;
    const MembershipPeriod* m =
        MembershipAt(snapshot, plan->network, now).Find(*i);
    if (m == nullptr || !(m->fills & Bit(FillKind::kRetail))) {
      return std::nullopt;
    }
  }
  v1::AvailabilityEvent event;
  event.set_kind(kind);
  PharmacyToProto(pharmacy, event.mutable_pharmacy());
  event.set_distance_meters(meters);
  StockStatusToProto(watch.ndc, level, now, policy_, snapshot.drugs(),
                     event.mutable_stock());
  return event;
}

void AvailabilityWatchers::OnApplied(const StockObservation& observation,
                                     const std::optional<StockLevel>& was) {
  absl::MutexLock lock(&mutex_);
  auto watches = by_ndc_.find(observation.ndc);
  if (watches == by_ndc_.end()) return;
  const std::shared_ptr<const Snapshot> snapshot = snapshots_->Get();
  if (!snapshot) return;
  const absl::Time now = absl::Now();
  for (auto& [id, watch] : watches->second) {
    const bool before =
        was && Available(*was, watch.min_quantity, now, policy_);
    const bool after =
        Available(observation.level, watch.min_quantity, now, policy_);
    if (before == after) continue;
    std::optional<v1::AvailabilityEvent> event = EventFor(
        *snapshot, watch, observation.pharmacy_id, observation.level, now,
        after ? v1::AvailabilityEvent::AVAILABLE
              : v1::AvailabilityEvent::RAN_OUT);
    if (event) watch.send(*std::move(event));
  }
}

}  // namespace rxlocator
