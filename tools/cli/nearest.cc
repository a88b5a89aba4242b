// rxlocator nearest: pharmacies nearest first, as a table.
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <map>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/output.h"

namespace rxlocator::cli {
namespace {

v1::FindPharmaciesRequest NearestRequest(const Args& args) {
  static const std::map<std::string, v1::Service> kServices = {
      {"24_hour", v1::SERVICE_TWENTY_FOUR_HOUR},
      {"drive_thru", v1::SERVICE_DRIVE_THRU},
      {"delivery", v1::SERVICE_DELIVERY},
      {"vaccinations", v1::SERVICE_VACCINATIONS},
      {"compounding", v1::SERVICE_COMPOUNDING}};
  v1::FindPharmaciesRequest request;
  *request.mutable_origin() = OriginFlags(args, "nearest");
  if (args.Has("radius-miles")) {
    request.set_radius_meters(NumberFlag(args, "radius-miles") *
                              kMetersPerMile);
  }
  if (args.Has("limit")) {
    request.set_max_results(static_cast<int>(NumberFlag(args, "limit")));
  }
  request.set_page_token(args.Get("page-token"));
  auto* filter = request.mutable_filter();
  filter->set_open_now(args.Has("open-now"));
  if (args.Has("open-for-minutes")) {
    filter->mutable_open_for()->set_seconds(
        static_cast<int64_t>(NumberFlag(args, "open-for-minutes") * 60));
  }
  if (args.Has("service")) {
    for (const std::string& name : args.flags.at("service")) {
      auto it = kServices.find(name);
      if (it == kServices.end()) Usage("unknown --service \"" + name + "\"");
      filter->add_required_services(it->second);
    }
  }
  for (const auto& [flag, list] :
       {std::pair{"chain", filter->mutable_include_chains()},
        std::pair{"exclude-chain", filter->mutable_exclude_chains()}}) {
    if (!args.Has(flag)) continue;
    for (const std::string& key : args.flags.at(flag)) *list->Add() = key;
  }
  if (args.Has("plan")) {
    *request.mutable_plan() = PlanFlag(args);
  } else {
    for (const char* flag : {"preferred-only", "ninety-day-retail",
                             "preferred-first", "preferred-allowance-miles"}) {
      if (args.Has(flag)) Usage(absl::StrCat("--", flag, " needs --plan"));
    }
  }
  filter->set_preferred_only(args.Has("preferred-only"));
  filter->set_ninety_day_retail(args.Has("ninety-day-retail"));
  request.mutable_ranking()->set_preferred_first(args.Has("preferred-first"));
  if (args.Has("preferred-allowance-miles")) {
    if (!args.Has("preferred-first")) {
      Usage("--preferred-allowance-miles needs --preferred-first");
    }
    request.mutable_ranking()->set_preferred_allowance_meters(
        NumberFlag(args, "preferred-allowance-miles") * kMetersPerMile);
  }
  return request;
}

// One line of the nearest table. The TIER column is there only with a plan,
// the trailing RANKED column only with --preferred-first.
struct NearestColumns {
  bool tier = false;
  bool ranked = false;
};

std::string NearestLine(const NearestColumns& columns, absl::string_view miles,
                        absl::string_view tier, absl::string_view name,
                        absl::string_view hours, absl::string_view address,
                        absl::string_view id, absl::string_view ranked) {
  std::string line = absl::StrFormat("%5s  ", miles);
  if (columns.tier) absl::StrAppendFormat(&line, "%-9s  ", tier);
  absl::StrAppendFormat(&line, "%-36.36s  %-32.32s  %-45.45s  ", name, hours,
                        address);
  if (columns.ranked) {
    absl::StrAppendFormat(&line, "%-41s  %s", id, ranked);
  } else {
    absl::StrAppend(&line, id);
  }
  return line;
}

}  // namespace

int Nearest(const Args& args, const Connection& connection) {
  const v1::FindPharmaciesRequest request = NearestRequest(args);
  v1::FindPharmaciesResponse response;
  const grpc::Status status =
      CallUnary(connection, &v1::PharmacyLocator::Stub::FindPharmacies, request,
                &response);
  if (!status.ok()) return Failed(status);
  if (args.Has("json")) {
    PrintJson(response);
    return 0;
  }
  const NearestColumns columns{.tier = request.has_plan(),
                               .ranked = request.ranking().preferred_first()};
  if (response.has_plan_network()) {
    std::printf("%s\n", PlanNetworkLine(response.plan_network()).c_str());
  }
  std::printf("%s\n", NearestLine(columns, "MILES", "TIER", "NAME", "HOURS",
                                  "ADDRESS", "ID", "RANKED")
                          .c_str());
  for (const v1::PharmacyResult& r : response.results()) {
    std::printf("%s\n",
                NearestLine(columns,
                            absl::StrFormat(
                                "%.1f", r.distance_meters() / kMetersPerMile),
                            TierName(r.network().tier()), r.pharmacy().name(),
                            HoursSummary(r.open_status()),
                            OneLineAddress(r.pharmacy().address()),
                            r.pharmacy().id(), r.rank_reason())
                    .c_str());
  }
  if (response.results().empty()) std::printf("(no pharmacies found)\n");
  if (!response.next_page_token().empty()) {
    std::printf("more: --page-token=%s\n", response.next_page_token().c_str());
  }
  return 0;
}

}  // namespace rxlocator::cli
