// Request fields that several calls share, checked and resolved the same
// way everywhere: a search origin, a radius, a plan. Errors are
// InvalidArgument naming the field and quoting the value; a well-formed ZIP
// code or plan that is not known is NotFound.
#ifndef RXLOCATOR_SERVER_REQUEST_FIELDS_H_
#define RXLOCATOR_SERVER_REQUEST_FIELDS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "index/network_index.h"
#include "index/plan_key.h"
#include "index/snapshot.h"
#include "rxlocator/v1/pharmacy_locator.pb.h"
#include "s2/s2point.h"

namespace rxlocator {

inline constexpr double kMetersPerMile = 1609.344;
inline constexpr double kDefaultRadiusMeters = 10 * kMetersPerMile;
inline constexpr double kMaxRadiusMeters = 100 * kMetersPerMile;

// A number as it appears in an error: enough digits to show why it is out of
// range (StrCat's six would print 160934.45 as 160934).
std::string Number(double value);

// Five digits, or ZIP+4 with or without its hyphen ("99503",
// "995031234", "99503-1234"), as a caller keys it in.
bool IsKeyedZip(absl::string_view zip);

// Sets *point to the origin (a ZIP code's centroid for a ZIP) and echoes it
// into *echo in degrees.
absl::Status ResolveOrigin(const Snapshot& snapshot, const v1::Origin& origin,
                           S2Point* point, v1::LatLng* echo);

// A Timestamp as an instant; `field` names it in errors. Only 1970 to 2099:
// anything else is a client's bug, not a question.
absl::StatusOr<absl::Time> TimeFromProto(const google::protobuf::Timestamp& t,
                                         absl::string_view field);

// A well-formed Duration from `min` to `max`; errors name `field` and say
// it must be `range` ("a positive duration of at most 24 hours").
absl::StatusOr<absl::Duration> DurationFromProto(
    const google::protobuf::Duration& d, absl::string_view field,
    absl::Duration min, absl::Duration max, absl::string_view range);

// A request's radius_meters: the default when unset, else in (0, 100 mi].
absl::StatusOr<double> RadiusMeters(bool has_radius, double radius);

// The plan a request names; `field` ("plan") names it in errors.
absl::StatusOr<PlanKey> PlanKeyFromProto(const v1::Plan& plan,
                                         absl::string_view field);

// ...and the network it maps to in `snapshot`.
absl::StatusOr<NetworkIndex::ResolvedPlan> ResolvePlan(const Snapshot& snapshot,
                                                       const v1::Plan& plan,
                                                       absl::string_view field);

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_REQUEST_FIELDS_H_
