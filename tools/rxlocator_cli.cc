// rxlocator: a command-line client for the rxlocator service.
//
//   rxlocator nearest --zip 99503 --limit 5
//   rxlocator nearest --lat 61.19 --lng -149.87 --service drive_thru --json
//   rxlocator pharmacy 1740219781
//   rxlocator health
//
// Exit codes: 0 success; 1 the server answered with an error; 2 bad usage;
// 3 the server could not be reached in time.
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "grpc_health_v1.grpc.pb.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"

namespace rxlocator {
namespace {

constexpr char kUsage[] =
    R"(Usage: rxlocator [--server=HOST:PORT] [--json] [--timeout=SECONDS] COMMAND ...

Commands:
  nearest (--zip=ZIP | --lat=DEG --lng=DEG) [--radius-miles=N] [--limit=N]
          [--service=NAME]... [--chain=KEY]... [--exclude-chain=KEY]...
          [--open-now] [--open-for-minutes=N] [--page-token=TOKEN]
      Pharmacies nearest first. Services: 24_hour, drive_thru, delivery,
      vaccinations, compounding.
  pharmacy ID      One pharmacy by id, NPI or NCPDP id.
  health           Whether the server is serving.

--server defaults to $RXLOCATOR_SERVER or localhost:50051.
Exit codes: 0 ok, 1 error from the server, 2 bad usage, 3 server unreachable.
)";

constexpr int kUsageError = 2;

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
    } else if (name != "json" && name != "help" && name != "open-now" &&
               i + 1 < argc) {
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
    request.set_radius_meters(NumberFlag(args, "radius-miles") * 1609.344);
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
  return request;
}

int Nearest(const Args& args, v1::PharmacyLocator::Stub& stub,
            grpc::ClientContext* context) {
  v1::FindPharmaciesResponse response;
  const grpc::Status status =
      stub.FindPharmacies(context, NearestRequest(args), &response);
  if (!status.ok()) return Failed(status);
  if (args.Has("json")) {
    PrintJson(response);
    return 0;
  }
  std::printf("%5s  %-36s  %-32s  %-45s  %s\n", "MILES", "NAME", "HOURS",
              "ADDRESS", "ID");
  for (const v1::PharmacyResult& r : response.results()) {
    std::printf("%5.1f  %-36.36s  %-32.32s  %-45.45s  %s\n",
                r.distance_meters() / 1609.344, r.pharmacy().name().c_str(),
                HoursSummary(r.open_status()).c_str(),
                OneLineAddress(r.pharmacy().address()).c_str(),
                r.pharmacy().id().c_str());
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
  if (command == "health") return Health(args, channel, &context);
  Usage("unknown command \"" + command + "\"");
}

}  // namespace
}  // namespace rxlocator

int main(int argc, char** argv) { return rxlocator::Main(argc, argv); }
