// PickupHours: whether pharmacies' counters are open for a pickup window from
// each one's own arrival time, fast enough to ask inside a spatial search.
//
// Arrivals differ per pharmacy (they depend on the distance), so the open-now
// trick of converting one instant per zone does not apply. Instead each
// zone's UTC offset at `now` is found once, with the zone's next offset
// change: an arrival window that ends before the change is that offset away
// from local time, and plain weekly hours answer from the snapshot's column.
// Hours with exceptions, and windows across an offset change, get the full
// OpenThroughout.
//
//   PickupHours pickup(snapshot, absl::Now(), absl::Minutes(15));
//   if (pickup.OpenFor(i, arrival)) ...
//
// Keeps a per-zone cache, so one object serves one thread.
#ifndef RXLOCATOR_INDEX_PICKUP_HOURS_H_
#define RXLOCATOR_INDEX_PICKUP_HOURS_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/time/time.h"
#include "index/snapshot.h"

namespace rxlocator {

class PickupHours {
 public:
  // Arrivals asked about must not be before `now`. window > 0.
  PickupHours(const Snapshot& snapshot, absl::Time now, absl::Duration window);

  // Whether pharmacy i's counter is open at every instant of
  // [arrival, arrival + window) (see OpenThroughout); false when its hours
  // or time zone are unknown.
  bool OpenFor(uint32_t i, absl::Time arrival);

 private:
  struct ZoneClock {
    absl::Duration utc_offset;  // At `now`.
    absl::Time offset_until;    // The next offset change, or InfiniteFuture.
  };
  const ZoneClock& Clock(uint32_t zone);

  const Snapshot& snapshot_;
  const absl::Time now_;
  const absl::Duration window_;
  std::vector<std::optional<ZoneClock>> clocks_;  // By zone code.
};

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_PICKUP_HOURS_H_
