#include "server/proto_mapping.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

namespace rxlocator {
namespace {

// absl::Weekday order: Monday first.
constexpr const char* kWeekdayNames[] = {"Mon", "Tue", "Wed", "Thu",
                                         "Fri", "Sat", "Sun"};

constexpr std::pair<Service, v1::Service> kServices[] = {
    {Service::kTwentyFourHour, v1::SERVICE_TWENTY_FOUR_HOUR},
    {Service::kDriveThru, v1::SERVICE_DRIVE_THRU},
    {Service::kDelivery, v1::SERVICE_DELIVERY},
    {Service::kVaccinations, v1::SERVICE_VACCINATIONS},
    {Service::kCompounding, v1::SERVICE_COMPOUNDING},
};

void ChangeToProto(const HoursChange& change, absl::Time asked,
                   const absl::TimeZone& zone, v1::HoursChange* out) {
  out->mutable_time()->set_seconds(absl::ToUnixSeconds(change.at));
  out->set_local_text(LocalTimeText(change.at, asked, zone));
}

}  // namespace

std::string LocalTimeText(absl::Time t, absl::Time asked,
                          const absl::TimeZone& zone) {
  const absl::CivilSecond local = zone.At(t).cs;
  const int hour = local.hour() % 12 == 0 ? 12 : local.hour() % 12;
  std::string text = absl::StrCat(
      hour, ":", absl::Dec(local.minute(), absl::kZeroPad2),
      local.hour() < 12 ? " AM " : " PM ", absl::FormatTime("%Z", t, zone));
  const absl::CivilDay day(local), asked_day(zone.At(asked).cs);
  if (day == asked_day + 1) {
    absl::StrAppend(&text, " tomorrow");
  } else if (day != asked_day) {
    text = absl::StrCat(kWeekdayNames[static_cast<int>(absl::GetWeekday(day))],
                        " ", text);
  }
  return text;
}

void OpenStatusToProto(const OpeningHours& hours, const absl::TimeZone* zone,
                       absl::Time at, v1::OpenStatus* out) {
  if (!hours.known || zone == nullptr) {
    out->set_hours_today("Hours unknown");
    return;
  }
  const HoursAnswer answer = Evaluate(hours, at, *zone);
  out->set_state(answer.state == OpenState::kOpen ? v1::OpenStatus::OPEN
                                                  : v1::OpenStatus::CLOSED);
  if (answer.change) {
    ChangeToProto(*answer.change, at, *zone,
                  answer.state == OpenState::kOpen
                      ? out->mutable_closes_at()
                      : out->mutable_next_opens_at());
  }
  out->set_hours_today(HoursTextForDay(hours, at, *zone));
  if (hours.permanently_closed) {
    out->set_business_status(v1::BUSINESS_STATUS_PERMANENTLY_CLOSED);
  } else if (hours.closed_until &&
             absl::CivilDay(zone->At(at).cs) < *hours.closed_until) {
    out->set_business_status(v1::BUSINESS_STATUS_TEMPORARILY_CLOSED);
  } else {
    out->set_business_status(v1::BUSINESS_STATUS_OPERATIONAL);
  }
  // A closed business is not "open 24 hours", whatever its usual hours.
  out->set_open_24_hours(hours.always_open &&
                         out->business_status() ==
                             v1::BUSINESS_STATUS_OPERATIONAL);
}

void PharmacyToProto(const Pharmacy& p, v1::Pharmacy* out) {
  out->set_id(p.id);
  out->set_name(p.name);
  out->set_npi(p.npi);
  out->set_ncpdp_id(p.ncpdp_id);
  v1::PostalAddress* address = out->mutable_address();
  address->set_line1(p.address.line1);
  address->set_line2(p.address.line2);
  address->set_city(p.address.city);
  address->set_state(p.address.state);
  address->set_zip_code(p.address.zip);
  out->set_phone(p.phone);
  out->mutable_location()->set_latitude(p.latitude);
  out->mutable_location()->set_longitude(p.longitude);
  out->set_time_zone(p.time_zone);
  for (const auto& [bit, api] : kServices) {
    if (p.services & Bit(bit)) out->add_services(api);
  }
  out->set_chain(p.chain);
  out->set_walk_in(p.walk_in);
}

void MembershipToProto(const MembershipPeriod& period,
                       v1::NetworkMembership* out) {
  out->set_tier(period.tier == Tier::kPreferred ? v1::NETWORK_TIER_PREFERRED
                                                : v1::NETWORK_TIER_STANDARD);
  const auto has = [&](FillKind kind) {
    return (period.fills & Bit(kind)) != 0;
  };
  out->set_retail(has(FillKind::kRetail));
  out->set_mail(has(FillKind::kMail));
  out->set_ninety_day_retail(has(FillKind::kNinetyDayRetail));
  out->set_specialty(has(FillKind::kSpecialty));
  if (period.effective != DayNumber(kFirstDay)) {
    out->set_effective_date(
        absl::FormatCivilTime(CivilDayOf(period.effective)));
  }
  if (period.end != DayNumber(kLastDay)) {
    out->set_end_date(absl::FormatCivilTime(CivilDayOf(period.end)));
  }
}

void PlanNetworkToProto(const NetworkIndex& networks,
                        const NetworkIndex::ResolvedPlan& plan,
                        v1::PlanNetwork* out) {
  out->set_plan(plan.mapping->plan.ToString());
  out->set_plan_name(plan.mapping->name);
  out->set_network_id(networks.network_id(plan.network));
  out->set_network_name(networks.network_name(plan.network));
}

v1::Plan PlanToProto(const PlanKey& key) {
  v1::Plan plan;
  if (key.kind == PlanKey::Kind::kCommercial) {
    v1::Plan::Commercial* commercial = plan.mutable_commercial();
    commercial->set_bin(key.bin);
    commercial->set_pcn(key.pcn);
    commercial->set_group(key.group);
  } else {
    v1::Plan::Medicare* medicare = plan.mutable_medicare();
    medicare->set_contract_id(key.contract);
    medicare->set_plan_id(key.plan);
    medicare->set_segment_id(key.segment);
  }
  return plan;
}

void TimeToProto(absl::Time t, google::protobuf::Timestamp* out) {
  // ToUnixSeconds rounds toward the past, so nanos are never negative.
  const int64_t seconds = absl::ToUnixSeconds(t);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(t - absl::FromUnixSeconds(seconds))));
}

void StockStatusToProto(absl::string_view ndc,
                        const std::optional<StockLevel>& level, absl::Time now,
                        const FreshnessPolicy& policy, const DrugCatalog& drugs,
                        v1::StockStatus* out) {
  out->set_ndc(std::string(ndc));
  if (const Drug* drug = drugs.Find(ndc)) out->set_drug_name(drug->name);
  if (!level) return;
  const std::optional<Freshness> freshness = FreshnessAt(*level, now, policy);
  if (!freshness) return;
  out->set_quantity(level->quantity);
  TimeToProto(level->observed_at, out->mutable_observed_at());
  switch (*freshness) {
    case Freshness::kInStock:
      out->set_freshness(v1::STOCK_FRESHNESS_IN_STOCK);
      break;
    case Freshness::kLow:
      out->set_freshness(v1::STOCK_FRESHNESS_LOW);
      break;
    case Freshness::kCallToConfirm:
      out->set_freshness(v1::STOCK_FRESHNESS_CALL_TO_CONFIRM);
      break;
    case Freshness::kOut:
      out->set_freshness(v1::STOCK_FRESHNESS_OUT_OF_STOCK);
      break;
  }
  out->set_source(level->source);
}

std::optional<Service> ServiceFromProto(int value) {
  for (const auto& [bit, api] : kServices) {
    if (api == value) return bit;
  }
  return std::nullopt;
}

}  // namespace rxlocator
