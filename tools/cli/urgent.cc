// rxlocator urgent: where a member can pick up every drug of a prescription
// soonest, in the plan's network (PharmacyLocator.UrgentFill), and the
// fallbacks when no pharmacy can.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <string>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "index/identifiers.h"
#include "index/ndc.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/exit_codes.h"
#include "tools/cli/output.h"
#include "tools/cli/times.h"

namespace rxlocator::cli {
namespace {

// A --drug flag, NDC_OR_NAME[:QUANTITY], as an item: digits and hyphens are
// an NDC, anything else a drug name; QUANTITY is 1 when not given.
v1::UrgentItem ItemFlag(absl::string_view value) {
  v1::UrgentItem item;
  item.set_quantity(1);
  absl::string_view drug = value;
  if (const size_t colon = value.rfind(':'); colon != value.npos) {
    drug = value.substr(0, colon);
    const absl::string_view quantity = value.substr(colon + 1);
    int64_t units;
    if (!absl::SimpleAtoi(quantity, &units) || units < 1) {
      Usage(absl::StrCat("--drug ", Quoted(value),
                         ": QUANTITY must be a whole number, 1 or more, got ",
                         Quoted(quantity)));
    }
    item.set_quantity(units);
  }
  drug = absl::StripAsciiWhitespace(drug);
  if (drug.empty()) {
    Usage(
        absl::StrCat("--drug ", Quoted(value), " needs an NDC or a drug name"));
  }
  const std::string text(drug);
  if (absl::c_all_of(text, [](char c) {
        return absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '-';
      })) {
    item.set_ndc(DrugFlag(text));
  } else {
    item.set_drug_name(text);
  }
  return item;
}

v1::UrgentFillRequest UrgentRequest(const Args& args) {
  if (args.positional.size() != 1) Usage("urgent takes only flags");
  if (!args.Has("plan")) Usage("urgent needs --plan");
  if (!args.Has("drug")) Usage("urgent needs --drug");
  if (args.Has("need-by") && args.Has("within-hours")) {
    Usage("urgent takes --need-by or --within-hours, not both");
  }
  v1::UrgentFillRequest request;
  *request.mutable_origin() = OriginFlags(args, "urgent");
  *request.mutable_plan() = PlanFlag(args);
  for (const std::string& drug : args.flags.at("drug")) {
    *request.add_items() = ItemFlag(drug);
  }
  if (args.Has("need-by")) {
    absl::Time need_by;
    std::string why;
    if (!absl::ParseTime(absl::RFC3339_full, args.Get("need-by"), &need_by,
                         &why)) {
      Usage(absl::StrCat("--need-by ", Quoted(args.Get("need-by")), " is not ",
                         kRfc3339Expected));
    }
    TimeToTimestamp(need_by, request.mutable_need_by());
  } else if (args.Has("within-hours")) {
    TimeToTimestamp(
        absl::Now() + absl::Hours(WholeFlag(args, "within-hours", 1)),
        request.mutable_need_by());
  }
  request.set_allow_substitution(args.Has("substitute"));
  if (args.Has("walk")) request.set_travel_mode(v1::TRAVEL_MODE_WALKING);
  if (args.Has("pickup-minutes")) {
    // Saturates: the server says how long it may be at most.
    request.mutable_pickup_window()->set_seconds(absl::ToInt64Seconds(
        absl::Minutes(WholeFlag(args, "pickup-minutes", 1))));
  }
  if (args.Has("limit")) {
    // The server says how many it gives at most.
    request.set_max_options(static_cast<int32_t>(std::min<int64_t>(
        WholeFlag(args, "limit", 1), std::numeric_limits<int32_t>::max())));
  }
  return request;
}

// "COMPLETE", "24-HOUR", ...
std::string KindName(v1::UrgentOptionKind kind) {
  switch (kind) {
    case v1::URGENT_OPTION_KIND_COMPLETE:
      return "COMPLETE";
    case v1::URGENT_OPTION_KIND_PARTIAL:
      return "PARTIAL";
    case v1::URGENT_OPTION_KIND_SPLIT:
      return "SPLIT";
    case v1::URGENT_OPTION_KIND_TWENTY_FOUR_HOUR:
      return "24-HOUR";
    case v1::URGENT_OPTION_KIND_SPECIALTY:
      return "SPECIALTY";
    case v1::URGENT_OPTION_KIND_MAIL_ORDER:
      return "MAIL ORDER";
    case v1::URGENT_OPTION_KIND_OUT_OF_NETWORK:
      return "OUT OF NETWORK";
    default:
      return "OTHER";
  }
}

// "paxlovid x20: qty 30 in stock, NDC 00069-1085-30, as of 2026-11-22
// 14:05Z", or "... : no data" without a count on file.
std::string ItemLine(const v1::UrgentFillRequest& request,
                     const v1::UrgentItemFill& fill) {
  std::string line = FormatNdc(fill.requested());
  if (fill.item() >= 0 && fill.item() < request.items_size()) {
    absl::StrAppend(&line, " x", request.items(fill.item()).quantity());
  }
  if (!fill.has_stock()) return absl::StrCat(line, ": no data");
  const v1::StockStatus& s = fill.stock();
  absl::StrAppend(&line, ": qty ", s.quantity(), " ",
                  FreshnessName(s.freshness()), ", NDC ", FormatNdc(s.ndc()),
                  ", as of ", AsOf(s));
  if (fill.substituted()) absl::StrAppend(&line, ", substitute");
  return line;
}

// A stop: where, when, and each drug's count there.
void PrintStop(const v1::UrgentFillRequest& request,
               const v1::UrgentStop& stop) {
  const v1::Pharmacy& p = stop.pharmacy();
  const std::string when =
      stop.has_arrival() ? "arrive " + stop.arrival_local_text() : "delivers";
  std::printf("   %s  %.1f mi  %s\n", p.name().c_str(),
              stop.distance_meters() / kMetersPerMile, when.c_str());
  std::printf("   %s  phone %s  %s\n", OneLineAddress(p.address()).c_str(),
              p.phone().empty() ? "-" : p.phone().c_str(), p.id().c_str());
  for (const v1::UrgentItemFill& fill : stop.items()) {
    std::printf("     %s\n", ItemLine(request, fill).c_str());
  }
}

}  // namespace

int Urgent(const Args& args, const Connection& connection) {
  const v1::UrgentFillRequest request = UrgentRequest(args);
  v1::UrgentFillResponse response;
  const grpc::Status status = CallUnary(
      connection, &v1::PharmacyLocator::Stub::UrgentFill, request, &response);
  if (!status.ok()) return Failed(status);
  const bool complete =
      absl::c_any_of(response.options(), [](const v1::UrgentOption& o) {
        return o.kind() == v1::URGENT_OPTION_KIND_COMPLETE;
      });
  const int exit_code = complete ? 0 : kNoCompleteOption;
  if (args.Has("json")) {
    PrintJson(response);
    return exit_code;
  }
  std::printf("%s\n", response.summary().c_str());
  if (response.stock_stale()) std::printf("(%s)\n", kStaleStock);
  int number = 0;
  for (const v1::UrgentOption& option : response.options()) {
    std::printf("\n%d. %s: %s\n", ++number, KindName(option.kind()).c_str(),
                option.reason().c_str());
    for (const v1::UrgentStop& stop : option.stops()) PrintStop(request, stop);
  }
  return exit_code;
}

}  // namespace rxlocator::cli
