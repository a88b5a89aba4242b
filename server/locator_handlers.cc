#include "server/locator_handlers.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "index/fingerprint.h"
#include "index/geo.h"
#include "index/identifiers.h"
#include "index/nearest_query.h"
#include "index/network_index.h"
#include "index/plan_key.h"
#include "server/inventory_handlers.h"
#include "server/page_token.h"
#include "server/proto_mapping.h"
#include "server/request_fields.h"

namespace rxlocator {
namespace {

absl::Status ParseFilter(const Snapshot& snapshot,
                         const v1::PharmacyFilter& filter,
                         NearestQuery* query) {
  for (int i = 0; i < filter.required_services_size(); ++i) {
    std::optional<Service> service =
        ServiceFromProto(filter.required_services(i));
    if (!service) {
      return absl::InvalidArgumentError(absl::StrCat(
          "filter.required_services[", i, "] must name a service, got ",
          filter.required_services(i)));
    }
    query->required_services |= Bit(*service);
  }
  auto chains = [&](absl::string_view field,
                    const google::protobuf::RepeatedPtrField<std::string>& keys,
                    std::vector<uint32_t>* codes) {
    for (int i = 0; i < keys.size(); ++i) {
      std::optional<uint32_t> code = snapshot.FindChain(keys[i]);
      if (!code || *code == 0) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, "[", i, "] ", Quoted(keys[i]),
                         " is not a chain in this data"));
      }
      codes->push_back(*code);
    }
    return absl::OkStatus();
  };
  if (absl::Status s = chains("filter.include_chains", filter.include_chains(),
                              &query->include_chains);
      !s.ok()) {
    return s;
  }
  return chains("filter.exclude_chains", filter.exclude_chains(),
                &query->exclude_chains);
}

// The instant hours are evaluated at (*asked_at: open_at, else the first
// page's "now", else `now`) and the hours conditions of `filter`.
absl::Status ParseHours(const v1::PharmacyFilter& filter, absl::Time now,
                        const std::optional<PageToken>& token,
                        NearestQuery* query, absl::Time* asked_at) {
  if (filter.open_now() && filter.has_open_at()) {
    return absl::InvalidArgumentError(
        "filter.open_now and filter.open_at cannot both be set: open_at "
        "already says when");
  }
  *asked_at = token ? token->asked_at : now;
  if (filter.has_open_at()) {
    absl::StatusOr<absl::Time> at =
        TimeFromProto(filter.open_at(), "filter.open_at");
    if (!at.ok()) return at.status();
    *asked_at = *at;
  }
  absl::Duration open_for;
  if (filter.has_open_for()) {
    absl::StatusOr<absl::Duration> d = DurationFromProto(
        filter.open_for(), "filter.open_for", absl::Nanoseconds(1),
        absl::Hours(24), "a positive duration of at most 24 hours");
    if (!d.ok()) return d.status();
    open_for = *d;
  }
  if (filter.open_now() || filter.has_open_at() || filter.has_open_for()) {
    query->open_at = *asked_at;
    query->open_for = open_for;
  }
  return absl::OkStatus();
}

// The plan conditions and ranking of a request (plan already resolved, or
// empty when the request has none).
absl::Status ParsePlanOptions(
    const v1::FindPharmaciesRequest& request,
    const std::optional<NetworkIndex::ResolvedPlan>& plan, absl::Time as_of,
    const LocatorOptions& options, NearestQuery* query) {
  const v1::PharmacyFilter& filter = request.filter();
  const v1::Ranking& ranking = request.ranking();
  for (const auto& [set, field] :
       {std::pair{filter.preferred_only(), "filter.preferred_only"},
        std::pair{filter.ninety_day_retail(), "filter.ninety_day_retail"},
        std::pair{ranking.preferred_first(), "ranking.preferred_first"},
        std::pair{ranking.has_preferred_allowance_meters(),
                  "ranking.preferred_allowance_meters"}}) {
    if (set && !plan) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, " needs plan: tiers and fills belong to a plan's network"));
    }
  }
  if (!plan) return absl::OkStatus();
  query->plan = PlanFilter{.network = plan->network,
                           .as_of = as_of,
                           .preferred_only = filter.preferred_only(),
                           .ninety_day_retail = filter.ninety_day_retail()};
  if (ranking.has_preferred_allowance_meters()) {
    const double allowance = ranking.preferred_allowance_meters();
    if (!(allowance >= 0 && allowance <= kMaxRadiusMeters)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "ranking.preferred_allowance_meters must be in [0, ",
          Number(kMaxRadiusMeters), "] (100 miles), got ", Number(allowance)));
    }
    if (!ranking.preferred_first()) {
      return absl::InvalidArgumentError(
          "ranking.preferred_allowance_meters needs ranking.preferred_first");
    }
  }
  if (ranking.preferred_first()) {
    query->plan->preferred_allowance_meters =
        ranking.has_preferred_allowance_meters()
            ? ranking.preferred_allowance_meters()
            : options.preferred_allowance_meters;
  }
  return absl::OkStatus();
}

// The in-stock filter: live stock, judged at `now` (not at open_at: a count
// is as fresh as it is now).
absl::Status ParseStockFilter(const v1::PharmacyFilter& filter,
                              const StockStore& stock, absl::Time now,
                              const LocatorOptions& options,
                              NearestQuery* query) {
  if (filter.min_quantity() < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "filter.min_quantity must be 0 or more, got ", filter.min_quantity()));
  }
  if (filter.in_stock_ndcs().empty()) {
    if (filter.min_quantity() > 0) {
      return absl::InvalidArgumentError(
          "filter.min_quantity needs filter.in_stock_ndcs");
    }
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<std::string>> ndcs = ParseNdcs(
      "filter.in_stock_ndcs", filter.in_stock_ndcs(), 1, kMaxInStockNdcs);
  if (!ndcs.ok()) return ndcs.status();
  query->stock =
      StockFilter{.store = &stock,
                  .ndcs = *std::move(ndcs),
                  .min_quantity = std::max<int64_t>(1, filter.min_quantity()),
                  .now = now,
                  .policy = options.freshness};
  return absl::OkStatus();
}

// Why a result ranks where it does.
void RankReasonToProto(const NearestQuery& query,
                       const MembershipPeriod* membership,
                       v1::PharmacyResult* out) {
  out->set_rank_basis(v1::RANK_BASIS_DISTANCE);
  if (!query.plan || !query.plan->preferred_allowance_meters) {
    out->set_rank_reason("ranked by distance");
  } else if (membership->tier == Tier::kPreferred) {
    out->set_rank_basis(v1::RANK_BASIS_PREFERRED_ALLOWANCE);
    out->set_rank_reason(absl::StrFormat(
        "preferred pharmacy: ranked as if %.1f mi nearer",
        *query.plan->preferred_allowance_meters / kMetersPerMile));
  } else {
    out->set_rank_reason("standard pharmacy: ranked by distance");
  }
}

// What decides a query's result set, to tie page tokens to their query.
uint64_t QueryFingerprint(const NearestQuery& query) {
  Fingerprint f;
  f.Add(query.origin.x()).Add(query.origin.y()).Add(query.origin.z());
  f.Add(query.radius_meters).Add(uint64_t{query.required_services});
  for (const auto* codes : {&query.include_chains, &query.exclude_chains}) {
    f.Add(uint64_t{codes->size()});
    for (uint32_t code : *codes) f.Add(uint64_t{code});
  }
  f.Add(uint64_t{query.open_at.has_value()});
  if (query.open_at) {
    f.Add(uint64_t(absl::ToUnixMicros(*query.open_at)));
    f.Add(uint64_t(absl::ToInt64Microseconds(query.open_for)));
  }
  f.Add(uint64_t{query.plan.has_value()});
  if (query.plan) {
    f.Add(uint64_t{query.plan->network});
    f.Add(uint64_t{query.plan->preferred_only});
    f.Add(uint64_t{query.plan->ninety_day_retail});
    f.Add(query.plan->preferred_allowance_meters.value_or(-1));
  }
  f.Add(uint64_t{query.stock.has_value()});
  if (query.stock) {
    for (const std::string& ndc : query.stock->ndcs) f.Add(ndc);
    f.Add(uint64_t(query.stock->min_quantity));
  }
  return f.value();
}

// A membership's terms and dates as words: "preferred tier for retail and
// 90-day retail fills, from 2026-01-01, with no end date".
std::string Terms(const MembershipPeriod& m) {
  std::vector<absl::string_view> fills;
  for (const auto& [kind, name] :
       {std::pair{FillKind::kRetail, "retail"},
        {FillKind::kMail, "mail-order"},
        {FillKind::kNinetyDayRetail, "90-day retail"},
        {FillKind::kSpecialty, "specialty"}}) {
    if (m.fills & Bit(kind)) fills.push_back(name);
  }
  std::string text =
      absl::StrCat(m.tier == Tier::kPreferred ? "preferred" : "standard",
                   " tier for ", fills.front());
  for (size_t i = 1; i < fills.size(); ++i) {
    absl::StrAppend(&text, i + 1 == fills.size() ? " and " : ", ", fills[i]);
  }
  absl::StrAppend(&text, " fills");
  if (m.effective != DayNumber(kFirstDay)) {
    absl::StrAppend(&text, ", from ",
                    absl::FormatCivilTime(CivilDayOf(m.effective)));
  }
  absl::StrAppend(&text,
                  m.end == DayNumber(kLastDay)
                      ? ", with no end date"
                      : absl::StrCat(", through ",
                                     absl::FormatCivilTime(CivilDayOf(m.end))));
  return text;
}

// A YYYY-MM-DD date from 1970 to 2099, named `field` in errors.
absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view field,
                                         absl::string_view text) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day) || absl::FormatCivilTime(day) != text ||
      day.year() < 1970 || day.year() > 2099) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " ", Quoted(text),
                     " must be a date YYYY-MM-DD from 1970 to 2099"));
  }
  return day;
}

}  // namespace

absl::Status FindPharmacies(const Snapshot& snapshot, const StockStore& stock,
                            const v1::FindPharmaciesRequest& request,
                            absl::Time now, const LocatorOptions& options,
                            v1::FindPharmaciesResponse* response) {
  // A token from other data is stale whatever else the request says, so it
  // is checked before anything is looked up in this data.
  std::optional<PageToken> token;
  if (!request.page_token().empty()) {
    absl::StatusOr<PageToken> decoded = DecodePageToken(request.page_token());
    if (!decoded.ok()) return decoded.status();
    if (decoded->data_version != snapshot.version()) {
      return absl::FailedPreconditionError(
          absl::StrCat("page_token was issued for data version ",
                       absl::Hex(decoded->data_version, absl::kZeroPad16),
                       " but the data is now version ", snapshot.version_text(),
                       ": start the search again without a page_token"));
    }
    token = *decoded;
  }
  // Tokens keep microseconds; so does "now", so every page agrees exactly.
  now = absl::FromUnixMicros(absl::ToUnixMicros(now));
  NearestQuery query;
  if (absl::Status s = ResolveOrigin(snapshot, request.origin(), &query.origin,
                                     response->mutable_origin());
      !s.ok()) {
    return s;
  }
  absl::StatusOr<double> radius =
      RadiusMeters(request.has_radius_meters(), request.radius_meters());
  if (!radius.ok()) return radius.status();
  query.radius_meters = *radius;
  if (request.max_results() < 0 || request.max_results() > kMaxMaxResults) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max_results must be in [0, ", kMaxMaxResults, "] (0 means ",
        kDefaultMaxResults, "), got ", request.max_results()));
  }
  query.max_results =
      request.max_results() == 0 ? kDefaultMaxResults : request.max_results();
  if (absl::Status s = ParseFilter(snapshot, request.filter(), &query);
      !s.ok()) {
    return s;
  }
  absl::Time asked_at;
  if (absl::Status s =
          ParseHours(request.filter(), now, token, &query, &asked_at);
      !s.ok()) {
    return s;
  }
  std::optional<NetworkIndex::ResolvedPlan> plan;
  if (request.has_plan()) {
    absl::StatusOr<NetworkIndex::ResolvedPlan> resolved =
        ResolvePlan(snapshot, request.plan(), "plan");
    if (!resolved.ok()) return resolved.status();
    plan = *resolved;
    PlanNetworkToProto(snapshot.networks(), *plan,
                       response->mutable_plan_network());
  }
  if (absl::Status s =
          ParsePlanOptions(request, plan, asked_at, options, &query);
      !s.ok()) {
    return s;
  }

  if (absl::Status s =
          ParseStockFilter(request.filter(), stock, now, options, &query);
      !s.ok()) {
    return s;
  }

  const uint64_t fingerprint = QueryFingerprint(query);
  if (token) {
    if (token->query_fingerprint != fingerprint) {
      return absl::InvalidArgumentError(
          "page_token belongs to another query: origin, radius_meters, "
          "filter, plan and ranking must be those of the request that "
          "returned it");
    }
    query.after = token->after;
  }

  const NearestPage page = FindNearest(snapshot, query);
  response->mutable_results()->Reserve(page.results.size());
  for (const NearestResult& found : page.results) {
    v1::PharmacyResult* result = response->add_results();
    const Pharmacy& pharmacy = snapshot.pharmacy(found.pharmacy);
    PharmacyToProto(pharmacy, result->mutable_pharmacy());
    result->set_distance_meters(found.distance_meters);
    OpenStatusToProto(CounterHours(pharmacy), snapshot.zone(found.pharmacy),
                      asked_at, result->mutable_open_status());
    if (found.membership != nullptr) {
      result->set_in_network(true);
      MembershipToProto(*found.membership, result->mutable_network());
    }
    RankReasonToProto(query, found.membership, result);
    if (query.stock) {
      for (const std::string& ndc : query.stock->ndcs) {
        StockStatusToProto(ndc, stock.Get(pharmacy.id, ndc), now,
                           options.freshness, snapshot.drugs(),
                           result->add_stock());
      }
    }
  }
  if (query.stock) response->set_stock_stale(stock.stale());
  if (page.next) {
    response->set_next_page_token(
        EncodePageToken({.data_version = snapshot.version(),
                         .query_fingerprint = fingerprint,
                         .after = *page.next,
                         .asked_at = asked_at}));
  }
  response->set_data_version(snapshot.version_text());
  return absl::OkStatus();
}

absl::Status GetPharmacy(const Snapshot& snapshot,
                         const v1::GetPharmacyRequest& request,
                         v1::Pharmacy* response) {
  if (request.id().empty()) {
    return absl::InvalidArgumentError(
        "id is required: a pharmacy id, a 10-digit NPI or a 7-digit NCPDP id");
  }
  std::optional<uint32_t> found = snapshot.Lookup(request.id());
  if (!found) {
    return absl::NotFoundError(
        absl::StrCat("id ", Quoted(request.id()),
                     " is not the id, NPI or NCPDP id of any pharmacy"));
  }
  PharmacyToProto(snapshot.pharmacy(*found), response);
  return absl::OkStatus();
}

absl::Status CheckNetwork(const Snapshot& snapshot,
                          const v1::CheckNetworkRequest& request,
                          absl::Time now, v1::CheckNetworkResponse* response) {
  if (request.pharmacy_id().empty()) {
    return absl::InvalidArgumentError(
        "pharmacy_id is required: a pharmacy id, a 10-digit NPI or a 7-digit "
        "NCPDP id");
  }
  if (!request.has_plan()) {
    return absl::InvalidArgumentError(
        "plan is required: commercial (bin, pcn, group) or medicare "
        "(contract_id, plan_id, segment_id)");
  }
  std::optional<absl::CivilDay> asked;
  if (!request.date().empty()) {
    absl::StatusOr<absl::CivilDay> day = ParseDate("date", request.date());
    if (!day.ok()) return day.status();
    asked = *day;
  }
  absl::StatusOr<NetworkIndex::ResolvedPlan> plan =
      ResolvePlan(snapshot, request.plan(), "plan");
  if (!plan.ok()) return plan.status();
  const std::optional<uint32_t> pharmacy =
      snapshot.Lookup(request.pharmacy_id());
  if (!pharmacy) {
    return absl::NotFoundError(
        absl::StrCat("pharmacy_id ", Quoted(request.pharmacy_id()),
                     " is not the id, NPI or NCPDP id of any pharmacy"));
  }
  const absl::TimeZone* zone = snapshot.zone(*pharmacy);
  const absl::CivilDay day =
      asked.value_or(absl::ToCivilDay(now, zone ? *zone : absl::UTCTimeZone()));

  PharmacyToProto(snapshot.pharmacy(*pharmacy), response->mutable_pharmacy());
  PlanNetworkToProto(snapshot.networks(), *plan,
                     response->mutable_plan_network());
  response->set_date(absl::FormatCivilTime(day));
  const NetworkIndex& networks = snapshot.networks();
  const std::string on = absl::StrCat(" on ", response->date());
  if (const MembershipPeriod* m = networks.On(plan->network, *pharmacy, day)) {
    response->set_in_network(true);
    MembershipToProto(*m, response->mutable_membership());
    response->set_explanation(
        absl::StrCat("In network", on, " at the ", Terms(*m), "."));
    return absl::OkStatus();
  }
  std::string explanation = absl::StrCat("Not in network", on, ".");
  for (const MembershipPeriod& m : networks.Periods(plan->network, *pharmacy)) {
    if (m.effective > DayNumber(day)) {
      MembershipToProto(m, response->mutable_next_membership());
      absl::StrAppend(&explanation, " Joins at the ", Terms(m), ".");
      break;
    }
  }
  response->set_explanation(explanation);
  return absl::OkStatus();
}

}  // namespace rxlocator
