// Times as the client reads them (RFC 3339 text, in stock files and in
// --need-by) and as it sends them (protobuf Timestamps).
//
//   absl::Time t;
//   std::string why;
//   if (!absl::ParseTime(absl::RFC3339_full, text, &t, &why)) {
//     Usage(absl::StrCat("--need-by ", Quoted(text), " is not ",
//                        kRfc3339Expected));
//   }
//   TimeToTimestamp(t, request.mutable_need_by());
#ifndef RXLOCATOR_TOOLS_CLI_TIMES_H_
#define RXLOCATOR_TOOLS_CLI_TIMES_H_

#include <google/protobuf/timestamp.pb.h>

#include "absl/time/time.h"

namespace rxlocator::cli {

// What a time given as text must be, for messages about one that is not.
inline constexpr char kRfc3339Expected[] =
    "an RFC 3339 time with a UTC offset, such as 2026-11-22T14:05:00-09:00 or "
    "2026-11-22T23:05:00Z";

// `t` as a Timestamp, to the nanosecond.
void TimeToTimestamp(absl::Time t, google::protobuf::Timestamp* out);

}  // namespace rxlocator::cli

#endif  // RXLOCATOR_TOOLS_CLI_TIMES_H_
