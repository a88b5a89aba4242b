// NetworkIndex: plan networks laid out for filtering inside the search.
//
// Each network keeps a bitset over the snapshot's pharmacies (bit i: the
// pharmacy has a membership period in the network) with a rank directory,
// so "is pharmacy i a member" is one bit test and finding its periods is a
// popcount away. Plans resolve to networks by exact key; a commercial plan
// falls back to a mapping that leaves the group, then the PCN, empty.
//
//   absl::StatusOr<NetworkIndex> networks = NetworkIndex::Build(
//       dataset.networks, dataset.plans, directory, pharmacies.size());
//   std::optional<NetworkIndex::ResolvedPlan> plan =
//       networks->FindPlan(*ParsePlanKey("610014:ABC:GRP1"));
//   const MembershipPeriod* m =
//       networks->On(plan->network, pharmacy, absl::CivilDay(2026, 11, 22));
//
// A NetworkIndex is immutable after Build; every method is const and
// thread-safe.
#ifndef RXLOCATOR_INDEX_NETWORK_INDEX_H_
#define RXLOCATOR_INDEX_NETWORK_INDEX_H_

#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "index/network.h"
#include "index/pharmacy_directory.h"
#include "index/plan_key.h"

namespace rxlocator {

// Days since 1970-01-01, the compact form of a civil day.
inline int32_t DayNumber(absl::CivilDay day) {
  return static_cast<int32_t>(day - absl::CivilDay(1970, 1, 1));
}
inline absl::CivilDay CivilDayOf(int32_t day_number) {
  return absl::CivilDay(1970, 1, 1) + day_number;
}

// One membership period of one pharmacy in one network.
struct MembershipPeriod {
  int32_t effective;  // DayNumber of the first day in effect.
  int32_t end;        // DayNumber of the last day in effect.
  Tier tier;
  FillKinds fills;

  bool Covers(int32_t day) const { return effective <= day && day <= end; }
};

class NetworkIndex {
 public:
  NetworkIndex() = default;

  // Resolves each membership's pharmacy id through `directory`, which
  // numbers `pharmacy_count` pharmacies. Networks with the same id (from
  // several files) are combined. Fails with InvalidArgument, naming the
  // sources, when a membership names an unknown pharmacy, allows no fill or
  // ends before it starts, two periods of a pharmacy in a network overlap, a
  // plan is mapped twice, or a plan names a network that no file defines.
  static absl::StatusOr<NetworkIndex> Build(
      const std::vector<Network>& networks,
      const std::vector<PlanMapping>& plans, const PharmacyDirectory& directory,
      size_t pharmacy_count);

  struct ResolvedPlan {
    uint32_t network;  // A code for the methods below.
    const PlanMapping* mapping;
  };
  // The mapping that covers `plan`, most specific first.
  std::optional<ResolvedPlan> FindPlan(const PlanKey& plan) const;

  size_t network_count() const { return networks_.size(); }
  const std::string& network_id(uint32_t network) const {
    return networks_[network].id;
  }
  const std::string& network_name(uint32_t network) const {
    return networks_[network].name;
  }
  // Pharmacies with any period in the network.
  size_t member_count(uint32_t network) const {
    return networks_[network].periods_of.size() - 1;
  }

  // The pharmacy's periods in the network, in date order; empty if it has
  // none.
  absl::Span<const MembershipPeriod> Periods(uint32_t network,
                                             uint32_t pharmacy) const {
    const Column& c = networks_[network];
    const uint64_t word = c.bits[pharmacy >> 6];
    const uint64_t below = (uint64_t{1} << (pharmacy & 63)) - 1;
    if ((word >> (pharmacy & 63) & 1) == 0) return {};
    const uint32_t member = c.rank[pharmacy >> 6] + std::popcount(word & below);
    return absl::MakeConstSpan(c.periods.data() + c.periods_of[member],
                               c.periods_of[member + 1] - c.periods_of[member]);
  }

  // The period in effect on `day`, or nullptr.
  const MembershipPeriod* On(uint32_t network, uint32_t pharmacy,
                             absl::CivilDay day) const;

 private:
  struct Column {
    std::string id;
    std::string name;
    std::vector<uint64_t> bits;
    std::vector<uint32_t> rank;        // Members in the words before.
    std::vector<uint32_t> periods_of;  // By member rank; one past the end.
    std::vector<MembershipPeriod> periods;
  };

  std::vector<Column> networks_;
  std::vector<PlanMapping> plans_;
  absl::flat_hash_map<PlanKey, uint32_t> plan_by_key_;  // Into plans_.
  std::vector<uint32_t> plan_network_;                  // By plans_ index.
};

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_NETWORK_INDEX_H_
