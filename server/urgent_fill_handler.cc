#include "server/urgent_fill_handler.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "index/identifiers.h"
#include "index/ndc.h"
#include "index/urgent_fill.h"
#include "server/proto_mapping.h"
#include "server/request_fields.h"

namespace rxlocator {
namespace {

// An item as the engine takes it, with how the member named it.
struct ResolvedItem {
  UrgentItem item;
  std::string requested;  // The NDC (11 digits) or the name as asked.
  std::string label;      // For sentences: "Paxlovid", "NDC 12345-6789-01".
};

// "Atorvastatin 10 mg tablet": a drug as a member tells products apart.
std::string ProductLabel(const Drug& d) {
  std::string label = d.name;
  for (const std::string* part : {&d.strength, &d.form}) {
    if (!part->empty()) absl::StrAppend(&label, " ", *part);
  }
  return label;
}

// The NDCs a drug name stands for: the drugs with exactly that name, else
// those whose name starts with it; either way they must be one product, so
// that a name never lets one strength stand in for another.
absl::StatusOr<std::vector<std::string>> NdcsOfName(const DrugCatalog& drugs,
                                                    absl::string_view name,
                                                    absl::string_view field) {
  if (absl::StripAsciiWhitespace(name).empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is empty"));
  }
  std::vector<const Drug*> found = drugs.FindByName(name);
  if (found.empty()) {
    return absl::NotFoundError(absl::StrCat(
        field, " ", Quoted(name), " is not the name of a drug in the catalog"));
  }
  const absl::string_view asked = absl::StripAsciiWhitespace(name);
  if (absl::EqualsIgnoreCase(found.front()->name, asked)) {
    found.erase(std::find_if(found.begin(), found.end(),
                             [&](const Drug* d) {
                               return !absl::EqualsIgnoreCase(d->name, asked);
                             }),
                found.end());
  }
  std::set<std::string> products, labels;
  for (const Drug* d : found) {
    products.insert(d->product.empty() ? d->ndc : d->product);
    labels.insert(ProductLabel(*d));
  }
  if (products.size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, " ", Quoted(name), " names several products (",
        absl::StrJoin(labels, ", "), "): give a fuller name or an NDC"));
  }
  std::vector<std::string> ndcs;
  for (const Drug* d : found) ndcs.push_back(d->ndc);
  std::sort(ndcs.begin(), ndcs.end());
  return ndcs;
}

// An NDC that can fill both items, if any.
std::optional<std::string> SharedNdc(const UrgentItem& a, const UrgentItem& b) {
  for (const auto* list_a : {&a.ndcs, &a.substitutes}) {
    for (const std::string& ndc : *list_a) {
      for (const auto* list_b : {&b.ndcs, &b.substitutes}) {
        if (std::find(list_b->begin(), list_b->end(), ndc) != list_b->end()) {
          return ndc;
        }
      }
    }
  }
  return std::nullopt;
}

absl::StatusOr<std::vector<ResolvedItem>> ResolveItems(
    const DrugCatalog& drugs, const v1::UrgentFillRequest& request) {
  const int count = request.items_size();
  if (count < 1 || count > kMaxUrgentItems) {
    return absl::InvalidArgumentError(absl::StrCat(
        "items must list 1 to ", kMaxUrgentItems, " items, got ", count));
  }
  std::vector<ResolvedItem> items;
  for (int i = 0; i < count; ++i) {
    const v1::UrgentItem& asked = request.items(i);
    const std::string field = absl::StrCat("items[", i, "]");
    if (asked.quantity() < 1 || asked.quantity() > kMaxUrgentQuantity) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".quantity must be 1 to ", kMaxUrgentQuantity,
                       " units, got ", asked.quantity()));
    }
    ResolvedItem resolved;
    resolved.item.quantity = asked.quantity();
    switch (asked.drug_case()) {
      case v1::UrgentItem::kNdc: {
        absl::StatusOr<std::string> ndc = NormalizeNdc(asked.ndc());
        if (!ndc.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat(field, ".ndc: ", ndc.status().message()));
        }
        const Drug* drug = drugs.Find(*ndc);
        resolved.label = drug != nullptr
                             ? ProductLabel(*drug)
                             : absl::StrCat("NDC ", FormatNdc(*ndc));
        resolved.requested = *ndc;
        resolved.item.ndcs = {*std::move(ndc)};
        break;
      }
      case v1::UrgentItem::kDrugName: {
        absl::StatusOr<std::vector<std::string>> ndcs = NdcsOfName(
            drugs, asked.drug_name(), absl::StrCat(field, ".drug_name"));
        if (!ndcs.ok()) return ndcs.status();
        resolved.label = ProductLabel(*drugs.Find(ndcs->front()));
        resolved.requested = asked.drug_name();
        resolved.item.ndcs = *std::move(ndcs);
        break;
      }
      case v1::UrgentItem::DRUG_NOT_SET:
        return absl::InvalidArgumentError(
            absl::StrCat(field, " must give an ndc or a drug_name"));
    }
    for (const std::string& ndc : resolved.item.ndcs) {
      const Drug* drug = drugs.Find(ndc);
      if (drug != nullptr && drug->specialty) resolved.item.specialty = true;
      if (!request.allow_substitution()) continue;
      for (const Drug* same : drugs.SameProduct(ndc)) {
        std::vector<std::string>& subs = resolved.item.substitutes;
        const std::vector<std::string>& asked_ndcs = resolved.item.ndcs;
        if (std::find(asked_ndcs.begin(), asked_ndcs.end(), same->ndc) ==
                asked_ndcs.end() &&
            std::find(subs.begin(), subs.end(), same->ndc) == subs.end()) {
          subs.push_back(same->ndc);
        }
      }
    }
    // The same drug twice would be checked twice against one count.
    for (size_t earlier = 0; earlier < items.size(); ++earlier) {
      if (const std::optional<std::string> shared =
              SharedNdc(items[earlier].item, resolved.item)) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, " and items[", earlier, "] both ask for NDC ",
                         FormatNdc(*shared),
                         ": give the drug once with the total quantity"));
      }
    }
    items.push_back(std::move(resolved));
  }
  return items;
}

// The request's scalar fields, checked, into *query.
absl::Status ParseTerms(const v1::UrgentFillRequest& request, absl::Time now,
                        UrgentFillQuery* query) {
  query->need_by = now + kDefaultNeedBy;
  if (request.has_need_by()) {
    absl::StatusOr<absl::Time> need_by =
        TimeFromProto(request.need_by(), "need_by");
    if (!need_by.ok()) return need_by.status();
    if (*need_by <= now || *need_by > now + kMaxNeedBy) {
      constexpr char kUtc[] = "%Y-%m-%dT%H:%M:%E*SZ";
      return absl::InvalidArgumentError(absl::StrCat(
          "need_by must be after now and at most 30 days off, got ",
          absl::FormatTime(kUtc, *need_by, absl::UTCTimeZone()), " (now is ",
          absl::FormatTime(kUtc, now, absl::UTCTimeZone()), ")"));
    }
    query->need_by = *need_by;
  }
  if (request.has_pickup_window()) {
    absl::StatusOr<absl::Duration> window = DurationFromProto(
        request.pickup_window(), "pickup_window", absl::Minutes(1),
        absl::Hours(2), "from 1 minute to 2 hours");
    if (!window.ok()) return window.status();
    query->pickup_window = *window;
  }
  switch (request.travel_mode()) {
    case v1::TRAVEL_MODE_UNSPECIFIED:
    case v1::TRAVEL_MODE_DRIVING:
      query->travel = kDriving;
      break;
    case v1::TRAVEL_MODE_WALKING:
      query->travel = kWalking;
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("travel_mode must be DRIVING or WALKING, got ",
                       static_cast<int>(request.travel_mode())));
  }
  const int max_options = request.max_options();
  if (max_options < 0 || max_options > kMaxUrgentOptions) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max_options must be 0 (the default, ", kDefaultUrgentOptions, ") to ",
        kMaxUrgentOptions, ", got ", max_options));
  }
  query->max_options = max_options == 0 ? kDefaultUrgentOptions : max_options;
  return absl::OkStatus();
}

void StopToProto(const Snapshot& snapshot, const UrgentStop& stop,
                 const std::vector<ResolvedItem>& items, absl::Time now,
                 const FreshnessPolicy& policy, v1::UrgentStop* out) {
  const Pharmacy& p = snapshot.pharmacy(stop.pharmacy);
  const absl::TimeZone* zone = snapshot.zone(stop.pharmacy);
  PharmacyToProto(p, out->mutable_pharmacy());
  out->set_distance_meters(stop.distance_meters);
  if (stop.arrival) {
    TimeToProto(*stop.arrival, out->mutable_arrival());
    if (zone != nullptr) {
      out->set_arrival_local_text(LocalTimeText(*stop.arrival, now, *zone));
    }
  }
  OpenStatusToProto(CounterHours(p), zone, stop.arrival.value_or(now),
                    out->mutable_open_status());
  out->set_in_network(stop.membership != nullptr);
  if (stop.membership != nullptr) {
    MembershipToProto(*stop.membership, out->mutable_network());
  }
  for (const ItemFill& fill : stop.items) {
    v1::UrgentItemFill* item = out->add_items();
    item->set_item(fill.item);
    item->set_requested(items[fill.item].requested);
    item->set_filled(fill.state == FillState::kFresh);
    item->set_call_to_confirm(fill.state == FillState::kConfirm);
    item->set_substituted(fill.substitute);
    if (!fill.ndc.empty()) {
      StockStatusToProto(fill.ndc, fill.level, now, policy, snapshot.drugs(),
                         item->mutable_stock());
    }
  }
}

v1::UrgentOptionKind KindToProto(UrgentOptionKind kind) {
  switch (kind) {
    case UrgentOptionKind::kComplete:
      return v1::URGENT_OPTION_KIND_COMPLETE;
    case UrgentOptionKind::kPartial:
      return v1::URGENT_OPTION_KIND_PARTIAL;
    case UrgentOptionKind::kSplit:
      return v1::URGENT_OPTION_KIND_SPLIT;
    case UrgentOptionKind::kTwentyFourHour:
      return v1::URGENT_OPTION_KIND_TWENTY_FOUR_HOUR;
    case UrgentOptionKind::kSpecialty:
      return v1::URGENT_OPTION_KIND_SPECIALTY;
    case UrgentOptionKind::kMailOrder:
      return v1::URGENT_OPTION_KIND_MAIL_ORDER;
    case UrgentOptionKind::kOutOfNetwork:
      return v1::URGENT_OPTION_KIND_OUT_OF_NETWORK;
  }
  return v1::URGENT_OPTION_KIND_UNSPECIFIED;
}

// ---- Sentences ----

std::string Labels(const std::vector<ResolvedItem>& items,
                   const std::vector<int>& which) {
  std::vector<std::string> labels;
  for (int i : which) labels.push_back(items[i].label);
  return absl::StrJoin(labels, ", ");
}

std::vector<int> AllItems(const v1::UrgentStop& stop) {
  std::vector<int> out;
  for (const v1::UrgentItemFill& f : stop.items()) out.push_back(f.item());
  return out;
}

// The items of a stop with (filled) or without a usable count.
std::vector<int> ItemsOf(const v1::UrgentStop& stop, bool filled) {
  std::vector<int> out;
  for (const v1::UrgentItemFill& f : stop.items()) {
    if ((f.filled() || f.call_to_confirm()) == filled) out.push_back(f.item());
  }
  return out;
}

std::string HoursPhrase(const v1::UrgentStop& stop) {
  const v1::OpenStatus& hours = stop.open_status();
  if (hours.open_24_hours()) return "open 24 hours";
  if (hours.state() != v1::OpenStatus::OPEN) return "";
  if (hours.has_closes_at()) {
    return absl::StrCat("open until ", hours.closes_at().local_text());
  }
  return "open";
}

std::string TierPhrase(const v1::UrgentStop& stop) {
  if (!stop.in_network()) return "not in your plan's network";
  return stop.network().tier() == v1::NETWORK_TIER_PREFERRED
             ? "preferred pharmacy"
             : "standard pharmacy";
}

// "30 hours ago", "4 days ago".
std::string Ago(absl::Duration age) {
  const int64_t hours = absl::ToInt64Hours(age);
  if (hours < 48)
    return absl::StrCat(hours, hours == 1 ? " hour" : " hours", " ago");
  return absl::StrCat(hours / 24, " days ago");
}

// Whether any item of the stop needs a call to confirm.
bool ToConfirm(const v1::UrgentStop& stop) {
  return std::any_of(
      stop.items().begin(), stop.items().end(),
      [](const v1::UrgentItemFill& f) { return f.call_to_confirm(); });
}

// "In stock", or how long ago the count to confirm was taken.
std::string StockPhrase(const v1::UrgentStop& stop, absl::Time now) {
  std::optional<absl::Time> oldest;
  bool substituted = false;
  for (const v1::UrgentItemFill& f : stop.items()) {
    substituted |= f.substituted();
    if (!f.call_to_confirm()) continue;
    const absl::Time at =
        absl::FromUnixSeconds(f.stock().observed_at().seconds());
    if (!oldest || at < *oldest) oldest = at;
  }
  if (oldest) {
    return absl::StrCat("enough at the last count, ", Ago(now - *oldest),
                        ": call to confirm");
  }
  return substituted ? "in stock as another package of the same product"
                     : "in stock";
}

std::string Sentence(std::vector<std::string> parts) {
  parts.erase(std::remove(parts.begin(), parts.end(), ""), parts.end());
  std::string text = absl::StrJoin(parts, ", ");
  if (!text.empty()) text[0] = absl::ascii_toupper(text[0]);
  return text;
}

std::string Reason(const v1::UrgentOption& option,
                   const std::vector<ResolvedItem>& items, absl::Time now,
                   const UrgentFillQuery& query) {
  const v1::UrgentStop& stop = option.stops(0);
  switch (option.kind()) {
    case v1::URGENT_OPTION_KIND_COMPLETE:
      return Sentence(
          {StockPhrase(stop, now), TierPhrase(stop), HoursPhrase(stop)});
    case v1::URGENT_OPTION_KIND_PARTIAL:
      return Sentence({absl::StrCat("has ", ItemsOf(stop, true).size(), " of ",
                                    items.size(), " items (",
                                    Labels(items, ItemsOf(stop, true)), ")"),
                       ToConfirm(stop) ? StockPhrase(stop, now) : "",
                       TierPhrase(stop), HoursPhrase(stop)});
    case v1::URGENT_OPTION_KIND_SPLIT: {
      const v1::UrgentStop& second = option.stops(1);
      return absl::StrCat(
          "No single pharmacy has everything: ",
          Labels(items, ItemsOf(stop, true)), " at ", stop.pharmacy().name(),
          ", then ", Labels(items, ItemsOf(second, true)), " at ",
          second.pharmacy().name(), ", arriving about ",
          second.arrival_local_text(),
          option.call_to_confirm() ? "; call to confirm: a count is old" : "");
    }
    case v1::URGENT_OPTION_KIND_TWENTY_FOUR_HOUR:
      return Sentence(
          {"open 24 hours", TierPhrase(stop),
           absl::StrCat("no recent count shows enough ",
                        Labels(items, ItemsOf(stop, false)), ": call ahead")});
    case v1::URGENT_OPTION_KIND_SPECIALTY:
      return Sentence({absl::StrCat("your plan's specialty pharmacy for ",
                                    Labels(items, AllItems(stop))),
                       stop.has_arrival() ? HoursPhrase(stop)
                                          : "call to arrange delivery"});
    case v1::URGENT_OPTION_KIND_MAIL_ORDER:
      return absl::StrCat("Mail order through your plan: about ",
                          absl::ToInt64Hours(query.mail_delivery) / 24,
                          " days to arrive, before you need it");
    case v1::URGENT_OPTION_KIND_OUT_OF_NETWORK:
      return Sentence(
          {"not in your plan's network: an emergency fill you may "
           "pay for in full",
           StockPhrase(stop, now), HoursPhrase(stop)});
    default:
      return "";
  }
}

std::string Summary(const UrgentFillAnswer& answer,
                    const v1::UrgentFillResponse& response,
                    const std::vector<ResolvedItem>& items) {
  if (!answer.shortfall) {
    const v1::UrgentStop& soonest = response.options(0).stops(0);
    std::string text = absl::StrCat(
        soonest.pharmacy().name(), " can fill everything",
        response.options(0).call_to_confirm() ? " (call to confirm first)" : "",
        ": arrive about ", soonest.arrival_local_text(), ".");
    if (response.options_size() > 1) {
      absl::StrAppend(&text, " ", response.options_size() - 1,
                      response.options_size() == 2 ? " more option follows."
                                                   : " more options follow.");
    }
    return text;
  }
  const UrgentShortfall& s = *answer.shortfall;
  std::string text;
  if (s.reachable == 0) {
    text =
        "No in-network pharmacy can be reached, with time at the counter, "
        "before need_by.";
  } else if (s.open == 0) {
    text = s.reachable == 1
               ? "The one in-network pharmacy within reach is not open for "
                 "pickup when you would get there."
               : absl::StrCat("None of the ", s.reachable,
                              " in-network pharmacies within reach is open "
                              "for pickup when you would get there.");
  } else {
    std::vector<std::string> counts;
    for (size_t i = 0; i < items.size(); ++i) {
      counts.push_back(absl::StrCat(s.filling[i],
                                    s.filling[i] == 1 ? " has " : " have ",
                                    items[i].label));
    }
    text = absl::StrCat(
        "Of the ",
        s.reachable == 1 ? "one in-network pharmacy"
                         : absl::StrCat(s.reachable, " in-network pharmacies"),
        " within reach, ", s.open, s.open == 1 ? " is" : " are",
        " open when you would get there, but none has everything: ",
        absl::StrJoin(counts, ", "), ".");
  }
  absl::StrAppend(&text, response.options_size() > 0
                             ? " Other options follow."
                             : " There is no other option either.");
  return text;
}

}  // namespace

absl::Status UrgentFill(const Snapshot& snapshot, const StockStore& stock,
                        const v1::UrgentFillRequest& request, absl::Time now,
                        const LocatorOptions& options,
                        v1::UrgentFillResponse* response) {
  UrgentFillQuery query{
      .now = now, .store = &stock, .freshness = options.freshness};
  if (absl::Status s = ResolveOrigin(snapshot, request.origin(), &query.origin,
                                     response->mutable_origin());
      !s.ok()) {
    return s;
  }
  if (!request.has_plan()) {
    return absl::InvalidArgumentError(
        "plan is required: an urgent fill looks for pharmacies in the "
        "member's network");
  }
  absl::StatusOr<NetworkIndex::ResolvedPlan> plan =
      ResolvePlan(snapshot, request.plan(), "plan");
  if (!plan.ok()) return plan.status();
  query.network = plan->network;
  absl::StatusOr<std::vector<ResolvedItem>> items =
      ResolveItems(snapshot.drugs(), request);
  if (!items.ok()) return items.status();
  for (const ResolvedItem& item : *items) query.items.push_back(item.item);
  if (absl::Status s = ParseTerms(request, now, &query); !s.ok()) return s;

  const UrgentFillAnswer answer = rxlocator::UrgentFill(snapshot, query);
  for (const UrgentOption& option : answer.options) {
    v1::UrgentOption* out = response->add_options();
    out->set_kind(KindToProto(option.kind));
    out->set_call_to_confirm(option.confirm);
    std::vector<bool> filled(items->size());
    for (const UrgentStop& stop : option.stops) {
      StopToProto(snapshot, stop, *items, now, options.freshness,
                  out->add_stops());
      for (const ItemFill& f : stop.items) {
        if (f.state != FillState::kNone) filled[f.item] = true;
      }
    }
    for (size_t i = 0; i < filled.size(); ++i) {
      if (!filled[i]) out->add_missing_items(static_cast<int>(i));
    }
    out->set_reason(Reason(*out, *items, now, query));
  }
  response->set_summary(Summary(answer, *response, *items));
  TimeToProto(query.need_by, response->mutable_need_by());
  PlanNetworkToProto(snapshot.networks(), *plan,
                     response->mutable_plan_network());
  response->set_data_version(snapshot.version_text());
  response->set_stock_stale(answer.stock_stale);
  return absl::OkStatus();
}

}  // namespace rxlocator
