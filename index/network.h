// Plan networks as the loaders produce them: which pharmacies a network
// counts in, at which tier, for which kinds of fill, and when.
//
// Plain data, no behaviour. A plan (see plan_key.h) maps to one network by
// its id; the Snapshot builder resolves memberships to pharmacy indices and
// lays them out for the search (see network_index.h).
#ifndef RXLOCATOR_INDEX_NETWORK_H_
#define RXLOCATOR_INDEX_NETWORK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "index/plan_key.h"

namespace rxlocator {

enum class Tier : uint8_t { kStandard = 0, kPreferred = 1 };

// What a member may fill at the pharmacy under this network, as bits.
enum class FillKind : uint8_t {
  kRetail = 1u << 0,           // Walk-in retail fills.
  kMail = 1u << 1,             // Mail order.
  kNinetyDayRetail = 1u << 2,  // 90-day supplies at the retail counter.
  kSpecialty = 1u << 3,        // Specialty drugs.
};
using FillKinds = uint8_t;
inline constexpr FillKinds Bit(FillKind k) { return static_cast<FillKinds>(k); }

// Open-ended membership dates.
inline constexpr absl::CivilDay kFirstDay = absl::CivilDay(1900, 1, 1);
inline constexpr absl::CivilDay kLastDay = absl::CivilDay(2999, 12, 31);

struct Membership {
  std::string pharmacy_id;  // Pharmacy::id, resolved by the loader.
  Tier tier = Tier::kStandard;
  FillKinds fills = Bit(FillKind::kRetail);
  // In effect from `effective` through `end`, both included, on the
  // pharmacy's local calendar.
  absl::CivilDay effective = kFirstDay;
  absl::CivilDay end = kLastDay;
  std::string source;  // Where the row came from: "native:networks.csv:12".
};

struct Network {
  std::string id;  // e.g. "national-broad" or "H4321-001-000".
  std::string name;
  std::vector<Membership> members;
};

// One plan's network: every member of `plan` uses network `network_id`.
struct PlanMapping {
  PlanKey plan;
  std::string network_id;
  std::string name;    // e.g. "Example Health Commercial PPO".
  std::string source;  // "plans.csv:4".
};

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_NETWORK_H_
