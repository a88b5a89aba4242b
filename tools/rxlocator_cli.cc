// rxlocator: a command-line client for the rxlocator service.
//
//   rxlocator nearest --zip 99503 --limit 5
//   rxlocator nearest --lat 61.19 --lng -149.87 --service drive_thru --json
//   rxlocator nearest --zip 99503 --plan 610014:ABC:GRP1 --preferred-first
//   rxlocator check-network synthetic-mail-1 --plan H4321-001-000
//   rxlocator pharmacy 1740219781
//   rxlocator stock get --pharmacy 1740219781 --drug 00069-1085-30
//   rxlocator stock report counts.csv
//   rxlocator watch --drug 00069-1085-30 --zip 99502 --count 1 --json
//   rxlocator ivr --zip 99503 --count 2 --ssml
//   rxlocator health
//
// Exit codes: 0 success (for check-network: in network); 1 the server
// answered with an error; 2 bad usage or a stock file the client cannot
// read; 3 the server could not be reached in time; 4 check-network answered
// "not in network"; 5 stock report: the server rejected some rows. ivr
// exits 0 whenever the server answered, whatever the outcome.
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
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
#include "absl/time/time.h"
#include "grpc_health_v1.grpc.pb.h"
#include "index/identifiers.h"
#include "index/ndc.h"
#include "index/plan_key.h"
#include "loaders/csv.h"
#include "loaders/rows.h"
#include "rxlocator/v1/inventory.grpc.pb.h"
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
  stock get --pharmacy=ID... --drug=NDC...
      The stock of each drug at each pharmacy (id, NPI or NCPDP id): units
      on hand, how far to trust the count (in stock, low, call to confirm,
      out of stock, no data), when it was counted (UTC) and by which feed;
      and a warning while the server's shared inventory is unreachable.
  stock report FILE [--batch=N]
      Sends the counts in FILE, a stock CSV (gzipped or not) with columns
      pharmacy,ndc,quantity,observed_at[,source] as in docs/formats.md
      ("Stock: native snapshot"), to the server, N rows a call (default
      1000, each call within --timeout), and prints how many it applied,
      ignored as older than what it holds (stale), and rejected, with the
      line and reason of each rejection (exit 5 if any). A row without a
      pharmacy, or with an NDC, quantity (a whole number, 0 or more) or
      observed_at (RFC 3339 with a UTC offset, e.g.
      2026-11-22T14:05:00-09:00) that does not parse is listed as FILE:LINE
      and nothing is sent (exit 2). An empty source is the server's default,
      "feed". With --json, the server's answers summed, a rejection's index
      counting the file's rows from 0. Sending a file again is harmless:
      repeated counts are stale.
  watch --drug=NDC (--zip=ZIP | --lat=DEG --lng=DEG) [--radius-miles=N]
        [--plan=PLAN] [--min-quantity=Q] [--count=C]
      A line whenever the drug becomes AVAILABLE (at least Q units, default
      1, counted recently) or RAN OUT at a pharmacy within the radius
      (default 10 miles; in the plan's network for retail fills, if given).
      It opens with where it is available now, those lines marked
      "at start". Runs until interrupted, or until C events; with --json,
      one JSON object a line. --timeout bounds only the wait to connect.
  ivr --zip=ZIP [--plan=PLAN] [--open-now] [--24-hour]
      [--drug=NDC [--min-quantity=Q]] [--count=N] [--ssml | --sms]
      What a phone caller who keyed in ZIP would hear, a paragraph a line:
      the opening, each pharmacy (N of them, default 3, at most 5) and the
      menu. --ssml prints the whole answer as one SSML document instead,
      --sms the text message offered (nothing when there is none), --json
      the response. --plan, --open-now, --24-hour and --drug keep to
      pharmacies in the plan's network, open now, open around the clock,
      and with at least Q units (default 1) of the drug in stock. ZIP is
      sent as keyed: the server answers a mistyped, unknown or military ZIP
      code with speech that says so, and ivr exits 0; every outcome but
      FOUND is also named on stderr ("rxlocator: outcome INVALID_ZIP").
  health           Whether the server is serving.

PLAN is a commercial plan as BIN:PCN:GROUP (PCN and GROUP may be empty),
e.g. 610014:ABC:GRP1, or a Medicare Part D plan as CONTRACT-PLAN[-SEGMENT],
e.g. H4321-001-000.
--server defaults to $RXLOCATOR_SERVER or localhost:50051.
Exit codes: 0 ok (check-network: in network; ivr: whatever the outcome),
1 error from the server (such as an unknown pharmacy or plan), 2 bad usage
or a stock file that does not parse, 3 server unreachable, 4 check-network:
not in network, 5 stock report: the server rejected some rows (it stored
the others).
)";

constexpr int kUsageError = 2;
constexpr int kUnreachable = 3;
constexpr int kNotInNetwork = 4;
constexpr int kSomeRejected = 5;
constexpr double kMetersPerMile = 1609.344;

// Flags that take no value.
constexpr absl::string_view kSwitches[] = {
    "json",           "help",    "ssml",           "sms",
    "open-now",       "24-hour", "preferred-only", "ninety-day-retail",
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

// A whole-number flag of at least `min`; a usage error otherwise.
int64_t WholeFlag(const Args& args, const std::string& name, int64_t min) {
  int64_t value;
  if (!absl::SimpleAtoi(args.Get(name), &value) || value < min) {
    Usage(absl::StrCat("--", name, " must be a whole number, ", min,
                       " or more, got \"", args.Get(name), "\""));
  }
  return value;
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
  return unreachable ? kUnreachable : 1;
}

// Prints `message` as JSON: indented, or with `one_line` on a line of its
// own (for streams).
void PrintJson(const google::protobuf::Message& message,
               bool one_line = false) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = !one_line;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  std::printf("%s%s", json.c_str(), one_line ? "\n" : "");
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

// The --zip flag, or the --lat and --lng flags, as the origin of a search;
// a usage error naming `command` if there are neither.
v1::Origin OriginFlags(const Args& args, absl::string_view command) {
  v1::Origin origin;
  if (args.Has("zip")) {
    origin.set_zip_code(args.Get("zip"));
  } else if (args.Has("lat") && args.Has("lng")) {
    origin.mutable_lat_lng()->set_latitude(NumberFlag(args, "lat"));
    origin.mutable_lat_lng()->set_longitude(NumberFlag(args, "lng"));
  } else {
    Usage(absl::StrCat(command, " needs --zip, or --lat and --lng"));
  }
  return origin;
}

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

// Where the server is, and how long to wait for it.
struct Connection {
  std::string server;
  std::shared_ptr<grpc::Channel> channel;
  double timeout_seconds;

  std::chrono::system_clock::time_point Deadline() const {
    return std::chrono::system_clock::now() +
           std::chrono::milliseconds(int64_t(timeout_seconds * 1000));
  }
};

// Prints `rows`, the first the header, in columns two spaces apart, each as
// wide as its widest cell.
void PrintColumns(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const std::vector<std::string>& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  for (const std::vector<std::string>& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i + 1 == row.size()) {
        absl::StrAppend(&line, row[i]);
      } else {
        absl::StrAppendFormat(&line, "%-*s  ", widths[i], row[i]);
      }
    }
    std::printf("%s\n", line.c_str());
  }
}

// How far to trust a stock count, in words.
std::string FreshnessName(v1::StockFreshness freshness) {
  switch (freshness) {
    case v1::STOCK_FRESHNESS_IN_STOCK:
      return "in stock";
    case v1::STOCK_FRESHNESS_LOW:
      return "low";
    case v1::STOCK_FRESHNESS_CALL_TO_CONFIRM:
      return "call to confirm";
    case v1::STOCK_FRESHNESS_OUT_OF_STOCK:
      return "out of stock";
    default:
      return "no data";
  }
}

void TimeToTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t seconds = absl::ToUnixSeconds(t);  // Rounded down.
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(t - absl::FromUnixSeconds(seconds))));
}

// When a count was made, in UTC to the minute ("2026-11-22 14:05Z"): the
// pharmacy's own time zone is not in the answer. "-" without a count.
std::string AsOf(const v1::StockStatus& s) {
  if (!s.has_observed_at()) return "-";
  const absl::Time t = absl::FromUnixSeconds(s.observed_at().seconds()) +
                       absl::Nanoseconds(s.observed_at().nanos());
  return absl::FormatTime("%Y-%m-%d %H:%MZ", t, absl::UTCTimeZone());
}

// A --drug flag, checked here so that a mistyped NDC is a usage error.
const std::string& DrugFlag(const std::string& ndc) {
  const absl::StatusOr<std::string> normal = NormalizeNdc(ndc);
  if (!normal.ok()) Usage(absl::StrCat("--drug: ", normal.status().message()));
  return ndc;
}

int StockGet(const Args& args, const Connection& connection) {
  if (args.positional.size() != 2) Usage("stock get takes only flags");
  if (!args.Has("pharmacy") || !args.Has("drug")) {
    Usage("stock get needs --pharmacy and --drug");
  }
  v1::GetStockRequest request;
  for (const std::string& id : args.flags.at("pharmacy")) {
    request.add_pharmacy_ids(id);
  }
  for (const std::string& ndc : args.flags.at("drug")) {
    request.add_ndcs(DrugFlag(ndc));
  }
  grpc::ClientContext context;
  context.set_deadline(connection.Deadline());
  v1::GetStockResponse response;
  const grpc::Status status = v1::Inventory::NewStub(connection.channel)
                                  ->GetStock(&context, request, &response);
  if (!status.ok()) return Failed(status);
  if (args.Has("json")) {
    PrintJson(response);
    return 0;
  }
  std::vector<std::vector<std::string>> rows = {
      {"PHARMACY", "NDC", "DRUG", "QTY", "FRESHNESS", "AS OF", "SOURCE"}};
  for (const v1::PharmacyStock& p : response.pharmacies()) {
    for (const v1::StockStatus& s : p.stock()) {
      const bool counted = s.freshness() != v1::STOCK_FRESHNESS_UNSPECIFIED;
      rows.push_back({p.pharmacy_id(), FormatNdc(s.ndc()),
                      s.drug_name().empty() ? "-" : s.drug_name(),
                      counted ? absl::StrCat(s.quantity()) : "-",
                      FreshnessName(s.freshness()), AsOf(s),
                      s.source().empty() ? "-" : s.source()});
    }
  }
  PrintColumns(rows);
  if (response.stock_stale()) {
    std::printf("stock may be stale: the shared inventory is unreachable\n");
  }
  return 0;
}

// The columns of a stock file (docs/formats.md, "Stock: native snapshot"),
// all but the last required.
enum StockColumn { kPharmacy, kNdc, kQuantity, kObservedAt, kSource };
constexpr absl::string_view kStockColumns[] = {"pharmacy", "ndc", "quantity",
                                               "observed_at", "source"};

// The update a stock file's row asks for, or what keeps it from being sent.
absl::StatusOr<v1::StockUpdate> UpdateFromRow(const CsvTable& table,
                                              const CsvColumns& columns,
                                              const CsvRecord& row) {
  if (absl::Status width = table.CheckWidth(row); !width.ok()) return width;
  v1::StockUpdate update;
  update.set_pharmacy_id(row.Trimmed(columns[kPharmacy]));
  if (update.pharmacy_id().empty()) {
    return absl::InvalidArgumentError("pharmacy is empty");
  }
  absl::StatusOr<std::string> ndc = NormalizeNdc(row.Field(columns[kNdc]));
  if (!ndc.ok()) return ndc.status();
  update.set_ndc(*std::move(ndc));
  const std::string quantity = row.Trimmed(columns[kQuantity]);
  int64_t units;
  if (quantity.empty() || !AllDigits(quantity) ||
      !absl::SimpleAtoi(quantity, &units)) {
    return absl::InvalidArgumentError(
        absl::StrCat("quantity ", Quoted(row.Field(columns[kQuantity])),
                     " is not a whole number, 0 or more"));
  }
  update.set_quantity(units);
  absl::Time observed;
  std::string why;
  if (!absl::ParseTime(absl::RFC3339_full, row.Trimmed(columns[kObservedAt]),
                       &observed, &why)) {
    return absl::InvalidArgumentError(
        absl::StrCat("observed_at ", Quoted(row.Field(columns[kObservedAt])),
                     " is not an RFC 3339 time with a UTC offset, such as "
                     "2026-11-22T14:05:00-09:00 or 2026-11-22T23:05:00Z"));
  }
  TimeToTimestamp(observed, update.mutable_observed_at());
  update.set_source(row.Trimmed(columns[kSource]));
  return update;
}

// A bad stock file: says what is wrong and exits as for bad usage.
[[noreturn]] void BadFile(absl::string_view problem) {
  std::fprintf(stderr, "rxlocator: %s\n", std::string(problem).c_str());
  std::exit(kUsageError);
}

// A stock file's rows as updates, and the line each starts on.
struct StockFile {
  std::vector<v1::StockUpdate> updates;
  std::vector<int> lines;
};

// Reads the stock file at `path`. If any row cannot be sent, lists each as
// "path:line: problem" and exits.
StockFile ReadStockFile(const std::string& path) {
  const absl::StatusOr<CsvTable> table = ReadCsvFile(path);
  if (!table.ok()) BadFile(table.status().message());
  const absl::StatusOr<CsvColumns> columns =
      FindCsvColumns(*table, path, kStockColumns, kSource);
  if (!columns.ok()) BadFile(columns.status().message());
  StockFile file;
  int bad = 0;
  for (const CsvRecord& row : table->rows) {
    absl::StatusOr<v1::StockUpdate> update =
        UpdateFromRow(*table, *columns, row);
    if (update.ok()) {
      file.updates.push_back(*std::move(update));
      file.lines.push_back(row.line);
    } else {
      std::fprintf(stderr, "%s:%d: %s\n", path.c_str(), row.line,
                   std::string(update.status().message()).c_str());
      ++bad;
    }
  }
  if (bad > 0) {
    BadFile(absl::StrCat(path, ": ", bad, bad == 1 ? " bad row" : " bad rows",
                         "; nothing was sent"));
  }
  return file;
}

int StockReport(const Args& args, const Connection& connection) {
  if (args.positional.size() != 3) Usage("stock report needs one FILE");
  const std::string& path = args.positional[2];
  const int64_t batch = args.Has("batch") ? WholeFlag(args, "batch", 1) : 1000;
  const StockFile file = ReadStockFile(path);
  auto stub = v1::Inventory::NewStub(connection.channel);
  v1::ReportStockResponse total;
  for (size_t start = 0; start < file.updates.size(); start += batch) {
    const size_t end = std::min(file.updates.size(), start + size_t(batch));
    grpc::ClientContext context;
    context.set_deadline(connection.Deadline());
    v1::ReportStockResponse response;
    auto writer = stub->ReportStock(&context, &response);
    for (size_t i = start; i < end; ++i) {
      if (!writer->Write(file.updates[i])) break;  // Finish says why.
    }
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    if (!status.ok()) {
      const int exit_code = Failed(status);
      if (start > 0) {
        std::fprintf(stderr,
                     "rxlocator: the rows before line %d were sent and "
                     "answered; sending the whole file again is harmless\n",
                     file.lines[start]);
      }
      return exit_code;
    }
    total.set_received(total.received() + response.received());
    total.set_applied(total.applied() + response.applied());
    total.set_stale(total.stale() + response.stale());
    total.set_rejected(total.rejected() + response.rejected());
    for (v1::ReportStockResponse::Rejection& r :
         *response.mutable_rejections()) {
      // Counted over the whole file.
      r.set_index(r.index() + static_cast<int64_t>(start));
      *total.add_rejections() = std::move(r);
    }
  }
  const int exit_code = total.rejected() > 0 ? kSomeRejected : 0;
  if (args.Has("json")) {
    PrintJson(total);
    return exit_code;
  }
  std::printf("%s: %lld received, %lld applied, %lld stale, %lld rejected\n",
              path.c_str(), static_cast<long long>(total.received()),
              static_cast<long long>(total.applied()),
              static_cast<long long>(total.stale()),
              static_cast<long long>(total.rejected()));
  for (const v1::ReportStockResponse::Rejection& r : total.rejections()) {
    const int line = r.index() >= 0 && size_t(r.index()) < file.lines.size()
                         ? file.lines[r.index()]
                         : 0;
    std::printf("%s:%d: %s\n", path.c_str(), line, r.reason().c_str());
  }
  if (total.rejected() > total.rejections_size()) {
    std::printf(
        "(%lld more rejections not listed)\n",
        static_cast<long long>(total.rejected() - total.rejections_size()));
  }
  return exit_code;
}

int StockCommand(const Args& args, const Connection& connection) {
  const std::string what = args.positional.size() > 1 ? args.positional[1] : "";
  if (what == "get") return StockGet(args, connection);
  if (what == "report") return StockReport(args, connection);
  Usage("stock needs get or report");
}

// "AVAILABLE    5.1 mi  Carrs Pharmacy  4000 W Dimond Blvd, ...  qty 12 in
// stock  as of 2026-11-22 14:05Z  albertsons-1812-P  (at start)"
std::string EventLine(const v1::AvailabilityEvent& e) {
  const v1::StockStatus& s = e.stock();
  std::string line = absl::StrFormat(
      "%-9s  %5.1f mi  %-36.36s  %-45.45s  %-22s  as of %s  %s",
      e.kind() == v1::AvailabilityEvent::RAN_OUT ? "RAN OUT" : "AVAILABLE",
      e.distance_meters() / kMetersPerMile, e.pharmacy().name(),
      OneLineAddress(e.pharmacy().address()),
      absl::StrCat("qty ", s.quantity(), " ", FreshnessName(s.freshness())),
      AsOf(s), e.pharmacy().id());
  if (e.initial()) absl::StrAppend(&line, "  (at start)");
  return line;
}

int Watch(const Args& args, const Connection& connection) {
  if (args.positional.size() != 1) Usage("watch takes only flags");
  if (!args.Has("drug")) Usage("watch needs --drug");
  v1::WatchAvailabilityRequest request;
  request.set_ndc(DrugFlag(args.Get("drug")));
  *request.mutable_origin() = OriginFlags(args, "watch");
  if (args.Has("radius-miles")) {
    request.set_radius_meters(NumberFlag(args, "radius-miles") *
                              kMetersPerMile);
  }
  if (args.Has("plan")) *request.mutable_plan() = PlanFlag(args);
  if (args.Has("min-quantity")) {
    request.set_min_quantity(WholeFlag(args, "min-quantity", 1));
  }
  // -1: until interrupted.
  const int64_t count = args.Has("count") ? WholeFlag(args, "count", 1) : -1;
  // The watch itself has no deadline; only connecting does.
  if (!connection.channel->WaitForConnected(connection.Deadline())) {
    std::fprintf(stderr, "rxlocator: could not connect to %s in %g seconds\n",
                 connection.server.c_str(), connection.timeout_seconds);
    return kUnreachable;
  }
  auto stub = v1::Inventory::NewStub(connection.channel);
  grpc::ClientContext context;
  auto reader = stub->WatchAvailability(&context, request);
  v1::AvailabilityEvent event;
  int64_t seen = 0;
  while (seen != count && reader->Read(&event)) {
    ++seen;
    if (args.Has("json")) {
      PrintJson(event, /*one_line=*/true);
    } else {
      std::printf("%s\n", EventLine(event).c_str());
    }
    std::fflush(stdout);  // Each event as it comes, also into a pipe.
  }
  const bool enough = seen == count;
  if (enough) {
    context.TryCancel();
    while (reader->Read(&event)) {
      // Events already on their way; Finish comes after the last.
    }
  }
  const grpc::Status status = reader->Finish();
  if (enough || status.ok()) return 0;
  return Failed(status);
}

v1::LocateForIvrRequest IvrRequest(const Args& args) {
  if (args.positional.size() != 1) Usage("ivr takes only flags");
  if (!args.Has("zip")) Usage("ivr needs --zip");
  if (args.Has("ssml") + args.Has("sms") + args.Has("json") > 1) {
    Usage("ivr takes one of --ssml, --sms and --json");
  }
  v1::LocateForIvrRequest request;
  // As keyed: what is wrong with it is for the server to say to the caller.
  request.set_zip_code(args.Get("zip"));
  if (args.Has("plan")) *request.mutable_plan() = PlanFlag(args);
  request.set_open_now(args.Has("open-now"));
  request.set_twenty_four_hours_only(args.Has("24-hour"));
  if (args.Has("drug")) request.set_in_stock_ndc(DrugFlag(args.Get("drug")));
  if (args.Has("min-quantity")) {
    if (!args.Has("drug")) Usage("--min-quantity needs --drug");
    request.set_min_quantity(WholeFlag(args, "min-quantity", 1));
  }
  if (args.Has("count")) {
    // The server says how many it reads out at most.
    request.set_count(static_cast<int32_t>(std::min<int64_t>(
        WholeFlag(args, "count", 1), std::numeric_limits<int32_t>::max())));
  }
  return request;
}

// The answer as the caller hears it, a paragraph a line: the opening, each
// pharmacy, the menu. Should those not make up the whole (a server newer
// than this client), the whole on one line.
std::string HeardParagraphs(const v1::LocateForIvrResponse& r) {
  std::vector<absl::string_view> paragraphs;
  auto add = [&paragraphs](const v1::IvrSpeech& s) {
    if (!s.text().empty()) paragraphs.push_back(s.text());
  };
  add(r.intro());
  for (const v1::IvrPharmacy& p : r.pharmacies()) add(p.speech());
  add(r.menu_prompt());
  if (absl::StrJoin(paragraphs, " ") != r.speech().text()) {
    return absl::StrCat(r.speech().text(), "\n");
  }
  return absl::StrCat(absl::StrJoin(paragraphs, "\n"), "\n");
}

int Ivr(const Args& args, v1::PharmacyLocator::Stub& stub,
        grpc::ClientContext* context) {
  const v1::LocateForIvrRequest request = IvrRequest(args);
  v1::LocateForIvrResponse response;
  const grpc::Status status = stub.LocateForIvr(context, request, &response);
  if (!status.ok()) return Failed(status);
  if (args.Has("json")) {
    PrintJson(response);
    return 0;
  }
  if (response.outcome() != v1::LocateForIvrResponse::FOUND) {
    std::fprintf(
        stderr, "rxlocator: outcome %s\n",
        v1::LocateForIvrResponse::Outcome_Name(response.outcome()).c_str());
  }
  if (args.Has("ssml")) {
    std::printf("%s\n", response.speech().ssml().c_str());
  } else if (args.Has("sms")) {
    if (!response.sms_body().empty()) {
      std::printf("%s\n", response.sms_body().c_str());
    }
  } else {
    std::printf("%s", HeardParagraphs(response).c_str());
  }
  return 0;
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
  const Connection connection{
      server, grpc::CreateChannel(server, grpc::InsecureChannelCredentials()),
      args.Has("timeout") ? NumberFlag(args, "timeout") : 10.0};
  const std::string& command = args.positional[0];
  if (command == "stock") return StockCommand(args, connection);
  if (command == "watch") return Watch(args, connection);
  grpc::ClientContext context;
  context.set_deadline(connection.Deadline());
  auto stub = v1::PharmacyLocator::NewStub(connection.channel);
  if (command == "nearest") return Nearest(args, *stub, &context);
  if (command == "pharmacy") return PharmacyCommand(args, *stub, &context);
  if (command == "check-network") {
    return CheckNetworkCommand(args, *stub, &context);
  }
  if (command == "ivr") return Ivr(args, *stub, &context);
  if (command == "health") return Health(args, connection.channel, &context);
  Usage("unknown command \"" + command + "\"");
}

}  // namespace
}  // namespace rxlocator

int main(int argc, char** argv) { return rxlocator::Main(argc, argv); }
