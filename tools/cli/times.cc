// Converting times for the API.
#include "tools/cli/times.h"

#include <cstdint>

namespace rxlocator::cli {

void TimeToTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t seconds = absl::ToUnixSeconds(t);  // Rounded down.
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(t - absl::FromUnixSeconds(seconds))));
}

}  // namespace rxlocator::cli
