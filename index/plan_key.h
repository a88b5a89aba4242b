// PlanKey: how a pharmacy claim names a member's plan, in one of the two
// forms the API accepts.
//
//   - Commercial plans: BIN (6 digits), PCN (up to 10 letters or digits) and
//     group (up to 15 letters, digits or '-'), as on the member's card.
//     Text form "BIN:PCN:GROUP", e.g. "610014:RXLOC:GRP1". A plan mapping
//     may leave PCN or group empty ("610014::") to cover every value.
//   - Medicare Part D: contract (H, R, S or E and 4 digits), plan (3 digits)
//     and segment (3 digits). Text form "H4321-001-000"; the segment may be
//     left out and is then "000".
//
//   absl::StatusOr<PlanKey> plan = ParsePlanKey("610014:rxloc:grp1");
//   // plan->ToString() == "610014:RXLOC:GRP1"
//
// Plain values and pure functions; thread-safe.
#ifndef RXLOCATOR_INDEX_PLAN_KEY_H_
#define RXLOCATOR_INDEX_PLAN_KEY_H_

#include <string>
#include <tuple>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rxlocator {

struct PlanKey {
  enum class Kind { kCommercial, kMedicare };
  Kind kind = Kind::kCommercial;
  // kCommercial only; upper case; pcn and group may be empty.
  std::string bin, pcn, group;
  // kMedicare only; upper case.
  std::string contract, plan, segment;

  // The text form above.
  std::string ToString() const;

  friend bool operator==(const PlanKey& x, const PlanKey& y) {
    return std::tie(x.kind, x.bin, x.pcn, x.group, x.contract, x.plan,
                    x.segment) == std::tie(y.kind, y.bin, y.pcn, y.group,
                                           y.contract, y.plan, y.segment);
  }
  template <typename H>
  friend H AbslHashValue(H h, const PlanKey& k) {
    return H::combine(std::move(h), k.kind, k.bin, k.pcn, k.group, k.contract,
                      k.plan, k.segment);
  }
};

// A plan from its text form, case-insensitive. InvalidArgument naming the
// part that is wrong and quoting `text` otherwise.
absl::StatusOr<PlanKey> ParsePlanKey(absl::string_view text);

// A commercial plan from its three parts; errors name "bin", "pcn" or
// "group" and quote the value.
absl::StatusOr<PlanKey> CommercialPlan(absl::string_view bin,
                                       absl::string_view pcn,
                                       absl::string_view group);

// A Medicare plan from its three parts; an empty segment is "000". Errors
// name "contract_id", "plan_id" or "segment_id" and quote the value.
absl::StatusOr<PlanKey> MedicarePlan(absl::string_view contract_id,
                                     absl::string_view plan_id,
                                     absl::string_view segment_id);

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_PLAN_KEY_H_
