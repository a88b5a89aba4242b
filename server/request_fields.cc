#include "server/request_fields.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "index/geo.h"
#include "index/identifiers.h"

namespace rxlocator {
namespace {

absl::Status CheckDegrees(absl::string_view field, double value, double limit) {
  if (std::isfinite(value) && std::abs(value) <= limit) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      absl::StrCat(field, " must be a finite number in [-", limit, ", ", limit,
                   "], got ", Number(value)));
}

}  // namespace

bool IsKeyedZip(absl::string_view zip) {
  auto digits = [](absl::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), absl::ascii_isdigit);
  };
  switch (zip.size()) {
    case 5:
    case 9:
      return digits(zip);
    case 10:
      return zip[5] == '-' && digits(zip.substr(0, 5)) && digits(zip.substr(6));
    default:
      return false;
  }
}

std::string Number(double value) { return absl::StrFormat("%.10g", value); }

absl::Status ResolveOrigin(const Snapshot& snapshot, const v1::Origin& origin,
                           S2Point* point, v1::LatLng* echo) {
  switch (origin.kind_case()) {
    case v1::Origin::kLatLng: {
      const v1::LatLng& at = origin.lat_lng();
      if (absl::Status s =
              CheckDegrees("origin.lat_lng.latitude", at.latitude(), 90);
          !s.ok()) {
        return s;
      }
      if (absl::Status s =
              CheckDegrees("origin.lat_lng.longitude", at.longitude(), 180);
          !s.ok()) {
        return s;
      }
      *echo = at;
      break;
    }
    case v1::Origin::kZipCode: {
      const std::string& zip = origin.zip_code();
      if (!IsKeyedZip(zip)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "origin.zip_code ", Quoted(zip),
            " is not a ZIP code: expected 5 digits or ZIP+4 (99503-1234)"));
      }
      const ZipInfo* info = snapshot.zips().Find(zip.substr(0, 5));
      if (info == nullptr || !info->has_location) {
        return absl::NotFoundError(
            absl::StrCat("origin.zip_code ", Quoted(zip),
                         info == nullptr ? " is not a known ZIP code"
                                         : " has no location on file"));
      }
      echo->set_latitude(info->latitude);
      echo->set_longitude(info->longitude);
      break;
    }
    case v1::Origin::KIND_NOT_SET:
      return absl::InvalidArgumentError(
          "origin is required: set origin.lat_lng or origin.zip_code");
  }
  *point = PointFromDegrees(echo->latitude(), echo->longitude());
  return absl::OkStatus();
}

absl::StatusOr<absl::Time> TimeFromProto(const google::protobuf::Timestamp& t,
                                         absl::string_view field) {
  constexpr int64_t kYear2100 = 4102444800;
  if (t.seconds() < 0 || t.seconds() >= kYear2100 || t.nanos() < 0 ||
      t.nanos() > 999999999) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must be a valid time from 1970 to 2099, got ",
                     t.seconds(), "s ", t.nanos(), "ns"));
  }
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

absl::StatusOr<absl::Duration> DurationFromProto(
    const google::protobuf::Duration& d, absl::string_view field,
    absl::Duration min, absl::Duration max, absl::string_view range) {
  // A well-formed Duration has |nanos| < 1e9 with the sign of seconds.
  const bool well_formed = d.nanos() > -1000000000 && d.nanos() < 1000000000 &&
                           !(d.seconds() > 0 && d.nanos() < 0) &&
                           !(d.seconds() < 0 && d.nanos() > 0);
  const absl::Duration value =
      absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos());
  if (!well_formed || value < min || value > max) {
    return absl::InvalidArgumentError(absl::StrCat(field, " must be ", range,
                                                   ", got ", d.seconds(), "s ",
                                                   d.nanos(), "ns"));
  }
  return value;
}

absl::StatusOr<double> RadiusMeters(bool has_radius, double radius) {
  if (!has_radius) return kDefaultRadiusMeters;
  if (!(radius > 0 && radius <= kMaxRadiusMeters)) {
    return absl::InvalidArgumentError(
        absl::StrCat("radius_meters must be in (0, ", Number(kMaxRadiusMeters),
                     "] (100 miles), got ", Number(radius)));
  }
  return radius;
}

absl::StatusOr<PlanKey> PlanKeyFromProto(const v1::Plan& plan,
                                         absl::string_view field) {
  absl::StatusOr<PlanKey> key;
  switch (plan.id_case()) {
    case v1::Plan::kCommercial:
      key = CommercialPlan(plan.commercial().bin(), plan.commercial().pcn(),
                           plan.commercial().group());
      break;
    case v1::Plan::kMedicare:
      key =
          MedicarePlan(plan.medicare().contract_id(), plan.medicare().plan_id(),
                       plan.medicare().segment_id());
      break;
    case v1::Plan::ID_NOT_SET:
      return absl::InvalidArgumentError(
          absl::StrCat(field,
                       " must set commercial (bin, pcn, group) or medicare "
                       "(contract_id, plan_id, segment_id)"));
  }
  if (!key.ok()) {
    const absl::string_view kind =
        plan.has_commercial() ? ".commercial." : ".medicare.";
    return absl::InvalidArgumentError(
        absl::StrCat(field, kind, key.status().message()));
  }
  return key;
}

absl::StatusOr<NetworkIndex::ResolvedPlan> ResolvePlan(
    const Snapshot& snapshot, const v1::Plan& plan, absl::string_view field) {
  absl::StatusOr<PlanKey> key = PlanKeyFromProto(plan, field);
  if (!key.ok()) return key.status();
  std::optional<NetworkIndex::ResolvedPlan> resolved =
      snapshot.networks().FindPlan(*key);
  if (!resolved) {
    return absl::NotFoundError(absl::StrCat(
        field, " ", key->ToString(), " is not a plan this service knows"));
  }
  return *resolved;
}

}  // namespace rxlocator
