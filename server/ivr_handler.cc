#include "server/ivr_handler.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "index/geo.h"
#include "index/ndc.h"
#include "index/nearest_query.h"
#include "index/zip_table.h"
#include "server/ivr_speech.h"
#include "server/proto_mapping.h"
#include "server/request_fields.h"

namespace rxlocator {
namespace {

using Response = v1::LocateForIvrResponse;

Response::Outcome OutcomeToProto(IvrOutcome outcome) {
  switch (outcome) {
    case IvrOutcome::kFound:
      return Response::FOUND;
    case IvrOutcome::kWidened:
      return Response::WIDENED;
    case IvrOutcome::kNoneNearby:
      return Response::NONE_NEARBY;
    case IvrOutcome::kUnknownZip:
      return Response::UNKNOWN_ZIP;
    case IvrOutcome::kMilitaryZip:
      return Response::MILITARY_ZIP;
    case IvrOutcome::kInvalidZip:
      return Response::INVALID_ZIP;
  }
  return Response::OUTCOME_UNSPECIFIED;
}

Response::MenuAction MenuActionToProto(IvrMenuAction action) {
  switch (action) {
    case IvrMenuAction::kRepeat:
      return Response::REPEAT;
    case IvrMenuAction::kSendText:
      return Response::SEND_TEXT;
    case IvrMenuAction::kNewZip:
      return Response::NEW_ZIP;
  }
  return Response::MENU_ACTION_UNSPECIFIED;
}

void SpeechToProto(const Speech& speech, v1::IvrSpeech* out) {
  out->set_text(speech.text);
  out->set_ssml(speech.ssml);
}

// The fields the IVR system chooses (not the caller): errors when wrong.
// Fills the query's filters and limit, and the plan's network.
absl::Status ParseIntegrationFields(const Snapshot& snapshot,
                                    const StockStore& stock,
                                    const v1::LocateForIvrRequest& request,
                                    absl::Time now,
                                    const LocatorOptions& options,
                                    NearestQuery* query, Response* response) {
  if (request.count() < 0 || request.count() > kMaxIvrCount) {
    return absl::InvalidArgumentError(
        absl::StrCat("count must be in [0, ", kMaxIvrCount, "] (0 means ",
                     kDefaultIvrCount, "), got ", request.count()));
  }
  query->max_results =
      request.count() == 0 ? kDefaultIvrCount : request.count();
  if (request.min_quantity() < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "min_quantity must be 0 or more, got ", request.min_quantity()));
  }
  if (request.in_stock_ndc().empty() && request.min_quantity() > 0) {
    return absl::InvalidArgumentError("min_quantity needs in_stock_ndc");
  }
  if (!request.in_stock_ndc().empty()) {
    absl::StatusOr<std::string> ndc = NormalizeNdc(request.in_stock_ndc());
    if (!ndc.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("in_stock_ndc: ", ndc.status().message()));
    }
    query->stock = StockFilter{
        .store = &stock,
        .ndcs = {*std::move(ndc)},
        .min_quantity = std::max<int64_t>(1, request.min_quantity()),
        .now = now,
        .policy = options.freshness};
  }
  if (request.has_plan()) {
    absl::StatusOr<NetworkIndex::ResolvedPlan> plan =
        ResolvePlan(snapshot, request.plan(), "plan");
    if (!plan.ok()) return plan.status();
    query->plan = PlanFilter{.network = plan->network, .as_of = now};
    PlanNetworkToProto(snapshot.networks(), *plan,
                       response->mutable_plan_network());
  }
  if (request.open_now()) query->open_at = now;
  if (request.twenty_four_hours_only()) {
    query->required_services = Bit(Service::kTwentyFourHour);
  }
  return absl::OkStatus();
}

// Up to query.max_results matches within the query's radius, nearest first,
// leaving out pharmacies closed for good (page after page until enough).
std::vector<NearestResult> OpenForBusiness(const Snapshot& snapshot,
                                           NearestQuery query) {
  std::vector<NearestResult> found;
  const size_t wanted = query.max_results;
  while (true) {
    const NearestPage page = FindNearest(snapshot, query);
    for (const NearestResult& r : page.results) {
      if (CounterHours(snapshot.pharmacy(r.pharmacy)).permanently_closed) {
        continue;
      }
      found.push_back(r);
      if (found.size() == wanted) return found;
    }
    if (!page.next) return found;
    query.after = page.next;
  }
}

// The zone of a ZIP code, if a pharmacy of the snapshot shares it (the
// serving path loads no zone files); else null.
const absl::TimeZone* ZoneNamed(const Snapshot& snapshot,
                                absl::string_view name) {
  if (name.empty()) return nullptr;
  for (const absl::TimeZone& zone : snapshot.zones()) {
    if (zone.name() == name) return &zone;
  }
  return nullptr;
}

// The pharmacy's zone as spoken when its clock differs from the caller's
// ("Central time"), else "".
std::string ZoneNameToSay(const absl::TimeZone* pharmacy,
                          const absl::TimeZone* caller, absl::Time now) {
  if (pharmacy == nullptr || caller == nullptr ||
      pharmacy->At(now).offset == caller->At(now).offset) {
    return "";
  }
  return SpokenZoneName(pharmacy->At(now).zone_abbr);
}

// Searches from the ZIP code's centroid, widening the radius while nothing
// matches; fills the pharmacies into the response and the facts.
void Search(const Snapshot& snapshot, const StockStore& stock,
            const ZipInfo& zip, NearestQuery query, absl::Time now,
            const LocatorOptions& options, IvrAnswerFacts* facts,
            Response* response) {
  response->mutable_origin()->set_latitude(zip.latitude);
  response->mutable_origin()->set_longitude(zip.longitude);
  query.origin = PointFromDegrees(zip.latitude, zip.longitude);
  std::vector<NearestResult> found;
  for (const int miles : kIvrRadiiMiles) {
    query.radius_meters = miles * kMetersPerMile;
    facts->searched_radius_miles = miles;
    found = OpenForBusiness(snapshot, query);
    if (!found.empty()) break;
  }
  response->set_searched_radius_meters(query.radius_meters);
  facts->first_radius_miles = kIvrRadiiMiles[0];
  facts->outcome = found.empty() ? IvrOutcome::kNoneNearby
                   : facts->searched_radius_miles == kIvrRadiiMiles[0]
                       ? IvrOutcome::kFound
                       : IvrOutcome::kWidened;
  if (query.stock) response->set_stock_stale(stock.stale());

  const absl::TimeZone* caller_zone = ZoneNamed(snapshot, zip.time_zone);
  for (const NearestResult& r : found) {
    const Pharmacy& pharmacy = snapshot.pharmacy(r.pharmacy);
    const absl::TimeZone* zone = snapshot.zone(r.pharmacy);
    const IvrPharmacyFacts& f = facts->pharmacies.emplace_back(IvrPharmacyFacts{
        .name = SpokenName(pharmacy.name),
        .distance_meters = r.distance_meters,
        .spoken_address = SpokenAddress(pharmacy.address),
        .written_address = WrittenAddress(pharmacy.address),
        .hours = HoursPhrase(CounterHours(pharmacy), zone, now,
                             ZoneNameToSay(zone, caller_zone, now)),
        .phone_digits = PhoneDigits(pharmacy.phone)});
    v1::IvrPharmacy* out = response->add_pharmacies();
    PharmacyToProto(pharmacy, out->mutable_pharmacy());
    out->set_distance_meters(r.distance_meters);
    out->set_distance_miles_text(MilesText(r.distance_meters));
    out->set_spoken_name(f.name);
    out->set_spoken_address(f.spoken_address);
    out->set_hours_phrase(f.hours);
    OpenStatusToProto(CounterHours(pharmacy), zone, now,
                      out->mutable_open_status());
    out->set_phone_digits(f.phone_digits);
    if (r.membership != nullptr) {
      MembershipToProto(*r.membership, out->mutable_network());
    }
    if (query.stock) {
      const std::string& ndc = query.stock->ndcs.front();
      StockStatusToProto(ndc, stock.Get(pharmacy.id, ndc), now,
                         options.freshness, snapshot.drugs(),
                         out->mutable_stock());
    }
  }
}

}  // namespace

absl::Status LocateForIvr(const Snapshot& snapshot, const StockStore& stock,
                          const v1::LocateForIvrRequest& request,
                          absl::Time now, const LocatorOptions& options,
                          v1::LocateForIvrResponse* response) {
  NearestQuery query;
  if (absl::Status s = ParseIntegrationFields(snapshot, stock, request, now,
                                              options, &query, response);
      !s.ok()) {
    return s;
  }
  response->set_data_version(snapshot.version_text());

  IvrAnswerFacts facts;
  facts.keyed = request.zip_code();
  facts.conditions = {.in_network = query.plan.has_value(),
                      .open_now = request.open_now(),
                      .twenty_four_hours = request.twenty_four_hours_only(),
                      .in_stock = query.stock.has_value()};
  if (!IsKeyedZip(request.zip_code())) {
    facts.outcome = IvrOutcome::kInvalidZip;
  } else {
    facts.zip = request.zip_code().substr(0, 5);
    response->set_zip_code(facts.zip);
    const ZipInfo* zip = snapshot.zips().Find(facts.zip);
    if (zip != nullptr && zip->type == ZipType::kMilitary) {
      facts.outcome = IvrOutcome::kMilitaryZip;
    } else if (zip == nullptr || !zip->has_location) {
      facts.outcome = IvrOutcome::kUnknownZip;
    } else {
      facts.po_box = zip->type == ZipType::kPoBox;
      facts.city = zip->city;
      response->set_po_box_zip(facts.po_box);
      Search(snapshot, stock, *zip, query, now, options, &facts, response);
    }
  }

  const IvrAnswerSpeech speech = ComposeIvrAnswer(facts);
  response->set_outcome(OutcomeToProto(facts.outcome));
  SpeechToProto(speech.whole, response->mutable_speech());
  SpeechToProto(speech.intro, response->mutable_intro());
  SpeechToProto(speech.menu, response->mutable_menu_prompt());
  for (int i = 0; i < response->pharmacies_size(); ++i) {
    SpeechToProto(speech.pharmacies[i],
                  response->mutable_pharmacies(i)->mutable_speech());
  }
  for (const IvrMenuAction action : speech.menu_actions) {
    Response::MenuOption* option = response->add_menu_options();
    option->set_key(std::string(1, static_cast<char>(action)));
    option->set_action(MenuActionToProto(action));
  }
  response->set_sms_body(speech.sms);
  return absl::OkStatus();
}

}  // namespace rxlocator
