// Conversions between the model (index/) and the public API messages.
#ifndef RXLOCATOR_SERVER_PROTO_MAPPING_H_
#define RXLOCATOR_SERVER_PROTO_MAPPING_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "index/drug_catalog.h"
#include "index/network_index.h"
#include "index/opening_hours.h"
#include "index/pharmacy.h"
#include "index/plan_key.h"
#include "index/stock.h"
#include "rxlocator/v1/pharmacy_locator.pb.h"
#include "rxlocator/v1/stock.pb.h"

namespace rxlocator {

void PharmacyToProto(const Pharmacy& pharmacy, v1::Pharmacy* out);

// An instant's local time for people, with the day when it is not the day
// of `asked` there: "9:00 PM AKST", "8:00 AM AKST tomorrow",
// "Mon 8:00 AM AKST".
std::string LocalTimeText(absl::Time t, absl::Time asked,
                          const absl::TimeZone& zone);

// The pharmacy counter's hours as they stand at `at`; `zone` may be null
// (the data gives none), which leaves the state unknown.
void OpenStatusToProto(const OpeningHours& hours, const absl::TimeZone* zone,
                       absl::Time at, v1::OpenStatus* out);

// A membership period's terms; open-ended dates are left empty.
void MembershipToProto(const MembershipPeriod& period,
                       v1::NetworkMembership* out);

// The network `plan` resolved to in `networks`, named.
void PlanNetworkToProto(const NetworkIndex& networks,
                        const NetworkIndex::ResolvedPlan& plan,
                        v1::PlanNetwork* out);

// The plan as the API names it (the inverse of PlanKeyFromProto).
v1::Plan PlanToProto(const PlanKey& key);

void TimeToProto(absl::Time t, google::protobuf::Timestamp* out);

// A drug's stock at a pharmacy at `now`, named from `drugs`; `level`
// nullopt when none is held (or it is past the policy's horizon: then only
// the NDC and name are set).
void StockStatusToProto(absl::string_view ndc,
                        const std::optional<StockLevel>& level, absl::Time now,
                        const FreshnessPolicy& policy, const DrugCatalog& drugs,
                        v1::StockStatus* out);

// The model's bit for an API service; empty for SERVICE_UNSPECIFIED and
// values this server does not know.
std::optional<Service> ServiceFromProto(int value);

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_PROTO_MAPPING_H_
