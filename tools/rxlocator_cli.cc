// rxlocator: a command-line client for the rxlocator service.
//
//   rxlocator nearest --zip 99503 --limit 5
//   rxlocator nearest --lat 61.19 --lng -149.87 --service drive_thru --json
//   rxlocator nearest --zip 99503 --plan 610014:ABC:GRP1 --preferred-first
//   rxlocator check-network synthetic-mail-1 --plan H4321-001-000
//   rxlocator pharmacy 1740219781
//   rxlocator health
//
// Exit codes: 0 success (for check-network: in network); 1 the server
// answered with an error; 2 bad usage; 3 the server could not be reached in
// time; 4 check-network answered "not in network".
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "grpc_health_v1.grpc.pb.h"
#include "index/plan_key.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"

namespace rxlocator {
namespace {

constexpr char kUsage[] =
    R"(Usage: rxlocator [--server=HOST:PORT] [--json] [--timeout=SECONDS] COMMAND ...

Commands:
  nearest (--zip=ZIP | --lat=DEG --lng=DEG) [--radius-miles=N] [--limit=N]
          [--service=NAME]... [--chain=KEY]... [--exclude-chain=KEY]...
          [--open-now] [--open-for-minutes=N] [--page-token=TOKEN]
          [--plan=PLAN [--preferred-only] [--ninety-day-retail]
           [--preferred-first [--preferred-allowance-miles=N]]]
      Pharmacies nearest first. Services: 24_hour, drive_thru, delivery,
      vaccinations, compounding. With --plan, only pharmacies in the plan's
      network for retail fills, each with its TIER (preferred or standard);
      --preferred-first ranks a preferred pharmacy as if it were N miles
      nearer (default the server's allowance) and says why each ranks where
      it does.
  check-network ID --plan=PLAN [--date=YYYY-MM-DD]
      Whether a pharmacy (id, NPI or NCPDP id) is in the plan's network on
      the date (default today where the pharmacy is), at which tier and for
      which fills. Exits 0 if in network, 4 if not.
  pharmacy ID      One pharmacy by id, NPI or NCPDP id.
  health           Whether the server is serving.

PLAN is a commercial plan as BIN:PCN:GROUP (PCN and GROUP may be empty),
e.g. 610014:ABC:GRP1, or a Medicare Part D plan as CONTRACT-PLAN[-SEGMENT],
e.g. H4321-001-000.
--server defaults to $RXLOCATOR_SERVER or localhost:50051.
Exit codes: 0 ok (check-network: in network), 1 error from the server
(such as an unknown pharmacy or plan), 2 bad usage, 3 server unreachable,
4 check-network: not in network.
)";

constexpr int kUsageError = 2;
constexpr int kNotInNetwork = 4;
constexpr double kMetersPerMile = 1609.344;

// Flags that take no value.
constexpr absl::string_view kSwitches[] = {
    "json",           "help", "open-now", "preferred-only", "ninety-day-retail",
    "preferred-first"};

// Flags as name -> values, in order; positional arguments apart.
struct Args {
  std::map<std::string, std::vector<std::string>> flags;
  std::vector<std::string> positional;

  bool Has(const std::string& name) const { return flags.count(name) > 0; }
  std::string Get(const std::string& name, std::string fallback = "") const {
    auto it = flags.find(name);
    return it == flags.end() ? fallback : it->second.back();
  }
};

Args ParseArgs(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) {
      args.positional.push_back(arg);
      continue;
    }
    const size_t eq = arg.find('=');
    std::string name = arg.substr(2, eq == std::string::npos ? eq : eq - 2);
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (!absl::c_linear_search(kSwitches, name) && i + 1 < argc) {
      value = argv[++i];
    }
    args.flags[name].push_back(value);
  }
  return args;
}

[[noreturn]] void Usage(const std::string& problem) {
  std::fprintf(stderr, "rxlocator: %s\n\n%s", problem.c_str(), kUsage);
  std::exit(kUsageError);
}

double NumberFlag(const Args& args, const std::string& name) {
  double value;
  if (!absl::SimpleAtod(args.Get(name), &value)) {
    Usage(absl::StrCat("--", name, " must be a number, got \"", args.Get(name),
                       "\""));
  }
  return value;
}

// The --plan flag as the API's Plan; a usage error if it does not parse.
v1::Plan PlanFlag(const Args& args) {
  const absl::StatusOr<PlanKey> key = ParsePlanKey(args.Get("plan"));
  if (!key.ok()) Usage(absl::StrCat("--", key.status().message()));
  v1::Plan plan;
  if (key->kind == PlanKey::Kind::kCommercial) {
    auto* commercial = plan.mutable_commercial();
    commercial->set_bin(key->bin);
    commercial->set_pcn(key->pcn);
    commercial->set_group(key->group);
  } else {
    auto* medicare = plan.mutable_medicare();
    medicare->set_contract_id(key->contract);
    medicare->set_plan_id(key->plan);
    medicare->set_segment_id(key->segment);
  }
  return plan;
}

// Prints the server's error and returns the exit code for it.
int Failed(const grpc::Status& status) {
  std::fprintf(stderr, "rxlocator: %s (gRPC code %d)\n",
               status.error_message().c_str(), status.error_code());
  const bool unreachable =
      status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
  return unreachable ? 3 : 1;
}

void PrintJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  std::printf("%s", json.c_str());
}

std::string OneLineAddress(const v1::PostalAddress& a) {
  return absl::StrCat(a.line1(), a.line2().empty() ? "" : " ", a.line2(), ", ",
                      a.city(), ", ", a.state(), " ", a.zip_code());
}

// "open until 9:00 PM AKST", "closed, opens Mon 9:00 AM EST", ...
std::string HoursSummary(const v1::OpenStatus& s) {
  switch (s.state()) {
    case v1::OpenStatus::OPEN:
      if (!s.has_closes_at()) return "open 24 hours";
      return "open until " + s.closes_at().local_text();
    case v1::OpenStatus::CLOSED:
      if (!s.has_next_opens_at()) return "closed";
      return "closed, opens " + s.next_opens_at().local_text();
    default:
      return "hours unknown";
  }
}

v1::FindPharmaciesRequest NearestRequest(const Args& args) {
  static const std::map<std::string, v1::Service> kServices = {
      {"24_hour", v1::SERVICE_TWENTY_FOUR_HOUR},
      {"drive_thru", v1::SERVICE_DRIVE_THRU},
      {"delivery", v1::SERVICE_DELIVERY},
      {"vaccinations", v1::SERVICE_VACCINATIONS},
      {"compounding", v1::SERVICE_COMPOUNDING}};
  v1::FindPharmaciesRequest request;
  if (args.Has("zip")) {
    request.mutable_origin()->set_zip_code(args.Get("zip"));
  } else if (args.Has("lat") && args.Has("lng")) {
    auto* at = request.mutable_origin()->mutable_lat_lng();
    at->set_latitude(NumberFlag(args, "lat"));
    at->set_longitude(NumberFlag(args, "lng"));
  } else {
    Usage("nearest needs --zip, or --lat and --lng");
  }
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

// "Plan 610014:ABC:GRP1 (Example Commercial Broad Plan): network
// national-broad (National Broad Network)"
std::string PlanNetworkLine(const v1::PlanNetwork& p) {
  return absl::StrCat("Plan ", p.plan(), " (", p.plan_name(), "): network ",
                      p.network_id(), " (", p.network_name(), ")");
}

std::string TierName(v1::NetworkTier tier) {
  switch (tier) {
    case v1::NETWORK_TIER_PREFERRED:
      return "preferred";
    case v1::NETWORK_TIER_STANDARD:
      return "standard";
    default:
      return "unknown";
  }
}

// "retail, 90-day retail", in the words of the server's explanations.
std::string FillKinds(const v1::NetworkMembership& m) {
  std::vector<std::string> fills;
  for (const auto& [offered, name] :
       {std::pair{m.retail(), "retail"}, std::pair{m.mail(), "mail-order"},
        std::pair{m.ninety_day_retail(), "90-day retail"},
        std::pair{m.specialty(), "specialty"}}) {
    if (offered) fills.push_back(name);
  }
  return fills.empty() ? "none" : absl::StrJoin(fills, ", ");
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

int Nearest(const Args& args, v1::PharmacyLocator::Stub& stub,
            grpc::ClientContext* context) {
  const v1::FindPharmaciesRequest request = NearestRequest(args);
  v1::FindPharmaciesResponse response;
  const grpc::Status status = stub.FindPharmacies(context, request, &response);
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

int PharmacyCommand(const Args& args, v1::PharmacyLocator::Stub& stub,
                    grpc::ClientContext* context) {
  if (args.positional.size() != 2) Usage("pharmacy needs one ID");
  v1::GetPharmacyRequest request;
  request.set_id(args.positional[1]);
  v1::Pharmacy p;
  const grpc::Status status = stub.GetPharmacy(context, request, &p);
  if (!status.ok()) return Failed(status);
  if (args.Has("json")) {
    PrintJson(p);
    return 0;
  }
  std::printf(
      "%s (%s)\n%s\nphone %s  npi %s  ncpdp %s  chain %s\n"
      "at %.6f, %.6f  time zone %s\n",
      p.name().c_str(), p.id().c_str(), OneLineAddress(p.address()).c_str(),
      p.phone().c_str(), p.npi().c_str(), p.ncpdp_id().c_str(),
      p.chain().c_str(), p.location().latitude(), p.location().longitude(),
      p.time_zone().c_str());
  return 0;
}

int CheckNetworkCommand(const Args& args, v1::PharmacyLocator::Stub& stub,
                        grpc::ClientContext* context) {
  if (args.positional.size() != 2) Usage("check-network needs one ID");
  if (!args.Has("plan")) Usage("check-network needs --plan");
  v1::CheckNetworkRequest request;
  request.set_pharmacy_id(args.positional[1]);
  *request.mutable_plan() = PlanFlag(args);
  request.set_date(args.Get("date"));
  v1::CheckNetworkResponse response;
  const grpc::Status status = stub.CheckNetwork(context, request, &response);
  if (!status.ok()) return Failed(status);
  const int exit_code = response.in_network() ? 0 : kNotInNetwork;
  if (args.Has("json")) {
    PrintJson(response);
    return exit_code;
  }
  const v1::Pharmacy& p = response.pharmacy();
  std::printf("%s (%s)\n%s\n%s\n", p.name().c_str(), p.id().c_str(),
              PlanNetworkLine(response.plan_network()).c_str(),
              response.explanation().c_str());
  if (response.in_network()) {
    std::printf("tier %s  fills %s\n",
                TierName(response.membership().tier()).c_str(),
                FillKinds(response.membership()).c_str());
  }
  return exit_code;
}

int Health(const Args& args, const std::shared_ptr<grpc::Channel>& channel,
           grpc::ClientContext* context) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(context, request, &response);
  if (!status.ok()) return Failed(status);
  std::printf("%s\n", grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
                          response.status())
                          .c_str());
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING
             ? 0
             : 1;
}

int Main(int argc, char** argv) {
  const Args args = ParseArgs(argc, argv);
  if (args.Has("help") || args.positional.empty()) {
    std::printf("%s", kUsage);
    return args.Has("help") ? 0 : kUsageError;
  }
  const char* env_server = std::getenv("RXLOCATOR_SERVER");
  const std::string server =
      args.Get("server", env_server ? env_server : "localhost:50051");
  const double timeout =
      args.Has("timeout") ? NumberFlag(args, "timeout") : 10.0;
  auto channel =
      grpc::CreateChannel(server, grpc::InsecureChannelCredentials());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(int64_t(timeout * 1000)));
  auto stub = v1::PharmacyLocator::NewStub(channel);
  const std::string& command = args.positional[0];
  if (command == "nearest") return Nearest(args, *stub, &context);
  if (command == "pharmacy") return PharmacyCommand(args, *stub, &context);
  if (command == "check-network") {
    return CheckNetworkCommand(args, *stub, &context);
  }
  if (command == "health") return Health(args, channel, &context);
  Usage("unknown command \"" + command + "\"");
}

}  // namespace
}  // namespace rxlocator

int main(int argc, char** argv) { return rxlocator::Main(argc, argv); }
