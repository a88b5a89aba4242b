// MembershipAt: pharmacies' memberships in one network as of an instant,
// each on its own local calendar day.
//
// A membership that starts or ends on a date starts or ends at midnight
// where the pharmacy is, so the day is the pharmacy's local date at the
// instant (UTC's for a pharmacy with no time zone). Most periods span every
// local date the instant can fall on anywhere on Earth; only the few that
// begin or end within that span need the pharmacy's zone.
//
//   MembershipAt membership(snapshot, plan->network, absl::Now());
//   if (const MembershipPeriod* m = membership.Find(i)) { ... m->tier ... }
//
// Reads the snapshot; keeps a per-zone cache, so one object serves one
// thread.
#ifndef RXLOCATOR_INDEX_MEMBERSHIP_AT_H_
#define RXLOCATOR_INDEX_MEMBERSHIP_AT_H_

#include <cstdint>
#include <vector>

#include "absl/time/time.h"
#include "index/network_index.h"
#include "index/snapshot.h"

namespace rxlocator {

class MembershipAt {
 public:
  MembershipAt(const Snapshot& snapshot, uint32_t network, absl::Time at);

  // The pharmacy's membership period in effect, or nullptr.
  const MembershipPeriod* Find(uint32_t pharmacy) {
    for (const MembershipPeriod& p :
         snapshot_.networks().Periods(network_, pharmacy)) {
      if (p.end < earliest_ || p.effective > latest_) continue;
      if ((p.effective <= earliest_ && latest_ <= p.end) ||
          p.Covers(LocalDay(pharmacy))) {
        return &p;
      }
    }
    return nullptr;
  }

  // The pharmacy's local date at the instant, as a DayNumber.
  int32_t LocalDay(uint32_t pharmacy);

 private:
  static constexpr int32_t kUnknown = INT32_MIN;
  const Snapshot& snapshot_;
  const uint32_t network_;
  const absl::Time at_;
  int32_t earliest_, latest_;  // The local dates anywhere at `at_`.
  int32_t utc_day_;
  std::vector<int32_t> day_by_zone_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_MEMBERSHIP_AT_H_
