#include "server/inventory_handlers.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "index/identifiers.h"
#include "index/ndc.h"
#include "server/proto_mapping.h"
#include "server/request_fields.h"

namespace rxlocator {
namespace {

constexpr size_t kMaxSourceLength = 64;

}  // namespace

absl::StatusOr<std::vector<std::string>> ParseNdcs(
    absl::string_view field,
    const google::protobuf::RepeatedPtrField<std::string>& ndcs, int min,
    int max) {
  if (ndcs.size() < min || ndcs.size() > max) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, " must list ", min, " to ", max, " NDCs, got ", ndcs.size()));
  }
  std::vector<std::string> parsed;
  parsed.reserve(ndcs.size());
  for (int i = 0; i < ndcs.size(); ++i) {
    absl::StatusOr<std::string> ndc = NormalizeNdc(ndcs[i]);
    if (!ndc.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, "[", i, "]: ", ndc.status().message()));
    }
    parsed.push_back(*std::move(ndc));
  }
  return parsed;
}

absl::Status GetStock(const Snapshot& snapshot, const StockStore& stock,
                      const v1::GetStockRequest& request, absl::Time now,
                      const FreshnessPolicy& policy,
                      v1::GetStockResponse* response) {
  const int pharmacies = request.pharmacy_ids_size();
  if (pharmacies < 1 || pharmacies > kMaxStockPharmacies) {
    return absl::InvalidArgumentError(
        absl::StrCat("pharmacy_ids must list 1 to ", kMaxStockPharmacies,
                     " pharmacies, got ", pharmacies));
  }
  absl::StatusOr<std::vector<std::string>> ndcs =
      ParseNdcs("ndcs", request.ndcs(), 1, kMaxStockNdcs);
  if (!ndcs.ok()) return ndcs.status();
  std::vector<uint32_t> found;
  for (int i = 0; i < pharmacies; ++i) {
    if (request.pharmacy_ids(i).empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("pharmacy_ids[", i,
                       "] is empty: give a pharmacy id, a 10-digit NPI or a "
                       "7-digit NCPDP id"));
    }
    const std::optional<uint32_t> p = snapshot.Lookup(request.pharmacy_ids(i));
    if (!p) {
      return absl::NotFoundError(absl::StrCat(
          "pharmacy_ids[", i, "] ", Quoted(request.pharmacy_ids(i)),
          " is not the id, NPI or NCPDP id of any pharmacy"));
    }
    found.push_back(*p);
  }
  for (uint32_t p : found) {
    v1::PharmacyStock* out = response->add_pharmacies();
    const std::string& id = snapshot.pharmacy(p).id;
    out->set_pharmacy_id(id);
    for (const std::string& ndc : *ndcs) {
      StockStatusToProto(ndc, stock.Get(id, ndc), now, policy, snapshot.drugs(),
                         out->add_stock());
    }
  }
  response->set_stock_stale(stock.stale());
  return absl::OkStatus();
}

absl::StatusOr<StockObservation> ObservationFromUpdate(
    const Snapshot& snapshot, const v1::StockUpdate& update, absl::Time now) {
  if (update.pharmacy_id().empty()) {
    return absl::InvalidArgumentError("pharmacy_id is required");
  }
  const std::optional<uint32_t> pharmacy =
      snapshot.Lookup(update.pharmacy_id());
  if (!pharmacy) {
    return absl::InvalidArgumentError(
        absl::StrCat("pharmacy_id ", Quoted(update.pharmacy_id()),
                     " is not the id, NPI or NCPDP id of any pharmacy"));
  }
  absl::StatusOr<std::string> ndc = NormalizeNdc(update.ndc());
  if (!ndc.ok()) return ndc.status();
  if (update.quantity() < 0 || update.quantity() > kMaxStockQuantity) {
    return absl::InvalidArgumentError(absl::StrCat("quantity must be 0 to ",
                                                   kMaxStockQuantity, ", got ",
                                                   update.quantity()));
  }
  if (!update.has_observed_at()) {
    return absl::InvalidArgumentError(
        "observed_at is required: when the pharmacy counted the stock");
  }
  const google::protobuf::Timestamp& at = update.observed_at();
  constexpr int64_t kYear2100 = 4102444800;
  const bool in_range = at.seconds() >= 0 && at.seconds() < kYear2100 &&
                        at.nanos() >= 0 && at.nanos() <= 999999999;
  const absl::Time observed =
      in_range
          ? absl::FromUnixMicros(at.seconds() * 1000000 + at.nanos() / 1000)
          : absl::InfinitePast();
  if (!in_range || observed > now + kMaxClockSkew) {
    return absl::InvalidArgumentError(absl::StrCat(
        "observed_at must be a valid time from 1970 up to 5 minutes from "
        "now, got ",
        at.seconds(), "s ", at.nanos(), "ns"));
  }
  if (update.source().size() > kMaxSourceLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("source ", Quoted(update.source()), " is longer than ",
                     kMaxSourceLength, " characters"));
  }
  return StockObservation{
      .pharmacy_id = snapshot.pharmacy(*pharmacy).id,
      .ndc = *std::move(ndc),
      .level = {.quantity = update.quantity(),
                .observed_at = observed,
                .source = update.source().empty() ? "feed" : update.source()}};
}

absl::StatusOr<AvailabilityWatch> WatchFromRequest(
    const Snapshot& snapshot, const v1::WatchAvailabilityRequest& request,
    std::function<void(v1::AvailabilityEvent)> send) {
  AvailabilityWatch watch;
  absl::StatusOr<std::string> ndc = NormalizeNdc(request.ndc());
  if (!ndc.ok()) return ndc.status();
  watch.ndc = *std::move(ndc);
  v1::LatLng echo;
  if (absl::Status s =
          ResolveOrigin(snapshot, request.origin(), &watch.origin, &echo);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<double> radius =
      RadiusMeters(request.has_radius_meters(), request.radius_meters());
  if (!radius.ok()) return radius.status();
  watch.radius_meters = *radius;
  if (request.has_plan()) {
    // Known now; each event resolves it again against the data it sees.
    absl::StatusOr<NetworkIndex::ResolvedPlan> plan =
        ResolvePlan(snapshot, request.plan(), "plan");
    if (!plan.ok()) return plan.status();
    watch.plan = plan->mapping->plan;
  }
  if (request.min_quantity() < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "min_quantity must be 0 or more, got ", request.min_quantity()));
  }
  watch.min_quantity = std::max<int64_t>(1, request.min_quantity());
  watch.send = std::move(send);
  return watch;
}

std::vector<v1::AvailabilityEvent> InitialEvents(
    const Snapshot& snapshot, const StockStore& stock,
    const AvailabilityWatchers& watchers, const AvailabilityWatch& watch,
    absl::Time now) {
  std::vector<std::pair<std::string, StockLevel>> levels;
  stock.ForEachPharmacy(
      watch.ndc, [&](const std::string& pharmacy, const StockLevel& level) {
        if (Available(level, watch.min_quantity, now, watchers.policy())) {
          levels.emplace_back(pharmacy, level);
        }
      });
  std::vector<v1::AvailabilityEvent> events;
  for (const auto& [pharmacy, level] : levels) {
    std::optional<v1::AvailabilityEvent> event =
        watchers.EventFor(snapshot, watch, pharmacy, level, now,
                          v1::AvailabilityEvent::AVAILABLE);
    if (!event) continue;
    event->set_initial(true);
    events.push_back(*std::move(event));
  }
  std::sort(events.begin(), events.end(), [](const auto& a, const auto& b) {
    return a.distance_meters() != b.distance_meters()
               ? a.distance_meters() < b.distance_meters()
               : a.pharmacy().id() < b.pharmacy().id();
  });
  return events;
}

}  // namespace rxlocator
