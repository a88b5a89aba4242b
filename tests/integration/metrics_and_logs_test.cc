// The metrics endpoint and the JSON logs of the real server binary: known
// calls over real gRPC, a scrape over a real HTTP socket read by an
// independent parser (the Prometheus Python client), and every line the
// server writes on stderr read as JSON.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "rxlocator/v1/inventory.grpc.pb.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "testing/server_process.h"
#include "testing/stock_feed.h"
#include "tests/server/anchorage_files.h"
#include "tests/server/http_get.h"

namespace rxlocator {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

constexpr char kFind[] = "/rxlocator.v1.PharmacyLocator/FindPharmacies";
constexpr char kGet[] = "/rxlocator.v1.PharmacyLocator/GetPharmacy";
constexpr char kCheck[] = "/rxlocator.v1.PharmacyLocator/CheckNetwork";
constexpr char kReport[] = "/rxlocator.v1.Inventory/ReportStock";
constexpr char kPaxlovid[] = "00069108530";

// What callers send that must never reach the log: a member's plan, and
// values that error messages echo.
constexpr char kSecretZip[] = "ZIPSECRET1";
constexpr char kSecretId[] = "MEMBERSECRET2";
constexpr char kSecretPcn[] = "PCNSECRET3";
constexpr char kSecretGroup[] = "GRPSECRET4";

// Debian's python3, where python3-prometheus-client installs (a python3
// found first on PATH may not have it).
constexpr char kPython[] = "/usr/bin/python3";

constexpr char kParseScript[] = R"(
import json, sys
from prometheus_client.parser import text_string_to_metric_families
samples = []
for family in text_string_to_metric_families(open(sys.argv[1]).read()):
    for s in family.samples:
        samples.append({"family": family.name, "type": family.type,
                        "name": s.name, "labels": s.labels,
                        "value": s.value})
print(json.dumps(samples, allow_nan=False))
)";

struct Sample {
  std::string family;
  std::string type;
  std::string name;
  std::map<std::string, std::string> labels;
  double value;
};

// The samples of a scrape as the Prometheus Python client reads them; a
// failure if it cannot.
std::vector<Sample> ParseWithPrometheusClient(const std::string& text) {
  const std::string prefix =
      absl::StrCat(::testing::TempDir(), "/metrics_and_logs_test-", getpid());
  const std::string script = prefix + "-parse.py";
  const std::string scrape = prefix + "-scrape.txt";
  std::ofstream(script) << kParseScript;
  std::ofstream(scrape) << text;
  FILE* pipe = popen(
      absl::StrCat(kPython, " ", script, " ", scrape, " 2>&1").c_str(), "r");
  std::string output;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
    output.append(buffer, n);
  }
  const int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "the Prometheus client cannot parse the scrape:\n"
      << output << "\n"
      << text;
  std::vector<Sample> samples;
  const nlohmann::json parsed = nlohmann::json::parse(output, nullptr, false);
  if (!parsed.is_array()) return samples;
  for (const nlohmann::json& s : parsed) {
    samples.push_back({s["family"].get<std::string>(),
                       s["type"].get<std::string>(),
                       s["name"].get<std::string>(),
                       s["labels"].get<std::map<std::string, std::string>>(),
                       s["value"].get<double>()});
  }
  return samples;
}

// The value of the sample with this name and exactly these labels; -1 if
// there is none.
double Value(const std::vector<Sample>& samples, const std::string& name,
             const std::map<std::string, std::string>& labels = {}) {
  for (const Sample& s : samples) {
    if (s.name == name && s.labels == labels) return s.value;
  }
  return -1;
}

// The codes of the method's rxlocator_rpc_handled_total samples.
std::vector<std::string> Codes(const std::vector<Sample>& samples,
                               const std::string& method) {
  std::vector<std::string> codes;
  for (const Sample& s : samples) {
    if (s.name == "rxlocator_rpc_handled_total" &&
        s.labels.at("method") == method) {
      codes.push_back(s.labels.at("code"));
    }
  }
  return codes;
}

// Each histogram series: its buckets grow with le, and its +Inf bucket is
// its count.
void ExpectHistogramsConsistent(const std::vector<Sample>& samples) {
  int series = 0;
  for (const Sample& count : samples) {
    if (count.type != "histogram" || count.name != count.family + "_count") {
      continue;
    }
    ++series;
    double previous = 0;
    bool saw_inf = false;
    for (const Sample& b : samples) {  // In the order written: le ascending.
      std::map<std::string, std::string> labels = b.labels;
      if (b.name != count.family + "_bucket" || labels.erase("le") != 1 ||
          labels != count.labels) {
        continue;
      }
      EXPECT_GE(b.value, previous) << b.name << " le=" << b.labels.at("le");
      previous = b.value;
      if (b.labels.at("le") == "+Inf") {
        saw_inf = true;
        EXPECT_EQ(b.value, count.value) << count.name;
      }
    }
    EXPECT_TRUE(saw_inf) << count.name;
  }
  EXPECT_GT(series, 0);
}

std::unique_ptr<grpc::ClientContext> Context(
    const std::string& request_id = "") {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(30));
  if (!request_id.empty()) context->AddMetadata("x-request-id", request_id);
  return context;
}

// The response's x-request-id.
std::string SentBack(const grpc::ClientContext& context) {
  const auto& metadata = context.GetServerInitialMetadata();
  const auto it = metadata.find("x-request-id");
  return it == metadata.end()
             ? ""
             : std::string(it->second.data(), it->second.size());
}

class MetricsAndLogsTest : public ::testing::Test {
 protected:
  // Starts the server on three Anchorage pharmacies (two walk-in), with
  // metrics on a free port, then `more` flags.
  void Start(std::vector<std::string> more = {}) {
    const ::testing::TestInfo* test =
        ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string prefix = absl::StrCat(
        ::testing::TempDir(), "/metrics_and_logs_test-", test->name(), "-");
    std::ofstream(prefix + "pharmacies.csv")
        << kPharmacyHeader << kMidtown << kMail << kSpenard;
    std::ofstream(prefix + "zips.csv") << kAnchorageZipTable;
    more.insert(more.begin(),
                {"--metrics_listen=127.0.0.1:0",
                 "--pharmacies=native:" + prefix + "pharmacies.csv",
                 "--zips=" + prefix + "zips.csv"});
    server_ = std::make_unique<ServerProcess>(more);
    ASSERT_TRUE(server_->WaitUntilServing()) << server_->output();
    metrics_port_ = server_->WaitForListener("metrics");
    ASSERT_GT(metrics_port_, 0) << server_->output();
    locator_ = v1::PharmacyLocator::NewStub(server_->Channel());
  }

  grpc::Status Find(const std::string& zip, std::string* data_version) {
    v1::FindPharmaciesRequest request;
    request.mutable_origin()->set_zip_code(zip);
    v1::FindPharmaciesResponse response;
    const grpc::Status status =
        locator_->FindPharmacies(Context().get(), request, &response);
    if (data_version != nullptr) *data_version = response.data_version();
    return status;
  }

  // GetPharmacy with this x-request-id (none if empty); the id sent back.
  std::string Get(const std::string& id, const std::string& request_id,
                  grpc::StatusCode expected) {
    v1::GetPharmacyRequest request;
    request.set_id(id);
    v1::Pharmacy response;
    const auto context = Context(request_id);
    const grpc::Status status =
        locator_->GetPharmacy(context.get(), request, &response);
    EXPECT_EQ(status.error_code(), expected) << status.error_message();
    return SentBack(*context);
  }

  // CheckNetwork at p1 for a plan that is not one: NOT_FOUND, with the
  // plan in the message.
  std::string CheckUnknownPlan(const std::string& request_id) {
    v1::CheckNetworkRequest request;
    request.set_pharmacy_id("p1");
    v1::Plan::Commercial* plan = request.mutable_plan()->mutable_commercial();
    plan->set_bin("610014");
    plan->set_pcn(kSecretPcn);
    plan->set_group(kSecretGroup);
    v1::CheckNetworkResponse response;
    const auto context = Context(request_id);
    const grpc::Status status =
        locator_->CheckNetwork(context.get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    // The message echoes the plan: it must stay out of the log.
    EXPECT_THAT(status.error_message(), HasSubstr(kSecretGroup));
    return SentBack(*context);
  }

  std::vector<Sample> Scrape() {
    const HttpResponse r = HttpRequest(metrics_port_, "GET", "/metrics");
    EXPECT_EQ(r.status, 200);
    EXPECT_THAT(r.headers, HasSubstr("text/plain; version=0.0.4"));
    return ParseWithPrometheusClient(r.body);
  }

  // Stops the server; every line it wrote, each parsed as JSON.
  std::vector<nlohmann::json> StopAndReadLog() {
    locator_.reset();  // The server stops at once with no client connected.
    const int status = server_->Stop();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    std::vector<nlohmann::json> lines;
    for (absl::string_view line :
         absl::StrSplit(server_->output(), '\n', absl::SkipEmpty())) {
      lines.push_back(nlohmann::json::parse(line, nullptr, false));
      EXPECT_TRUE(lines.back().is_object()) << "not JSON: " << line;
    }
    return lines;
  }

  std::unique_ptr<ServerProcess> server_;
  int metrics_port_ = 0;
  std::unique_ptr<v1::PharmacyLocator::Stub> locator_;
};

// The access log lines (msg "rpc") with this request id.
std::vector<nlohmann::json> AccessLines(const std::vector<nlohmann::json>& log,
                                        const std::string& request_id) {
  std::vector<nlohmann::json> found;
  for (const nlohmann::json& line : log) {
    if (line.is_object() && line.value("msg", "") == "rpc" &&
        line.value("request_id", "") == request_id) {
      found.push_back(line);
    }
  }
  return found;
}

TEST_F(MetricsAndLogsTest, CountsEachCallByMethodAndCode) {
  Start();
  std::string data_version;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Find("99503", &data_version).ok());
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(Find(kSecretZip, nullptr).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
    Get(kSecretId, "", grpc::StatusCode::NOT_FOUND);
  }
  CheckUnknownPlan("");
  // A count made 30 seconds ago.
  auto inventory = v1::Inventory::NewStub(server_->Channel());
  v1::ReportStockResponse reported;
  ASSERT_TRUE(ReportStock(*inventory,
                          {StockCount("p1", kPaxlovid, 12,
                                      absl::Now() - absl::Seconds(30))},
                          &reported)
                  .ok());
  ASSERT_EQ(reported.applied(), 1);

  const std::vector<Sample> samples = Scrape();
  ASSERT_FALSE(samples.empty());
  EXPECT_EQ(Value(samples, "rxlocator_rpc_handled_total",
                  {{"method", kFind}, {"code", "OK"}}),
            3);
  EXPECT_EQ(Value(samples, "rxlocator_rpc_handled_total",
                  {{"method", kFind}, {"code", "INVALID_ARGUMENT"}}),
            2);
  EXPECT_EQ(Value(samples, "rxlocator_rpc_handled_total",
                  {{"method", kGet}, {"code", "NOT_FOUND"}}),
            2);
  EXPECT_EQ(Value(samples, "rxlocator_rpc_handled_total",
                  {{"method", kCheck}, {"code", "NOT_FOUND"}}),
            1);
  EXPECT_EQ(Value(samples, "rxlocator_rpc_handled_total",
                  {{"method", kReport}, {"code", "OK"}}),
            1);
  EXPECT_THAT(Codes(samples, kFind),
              UnorderedElementsAre("OK", "INVALID_ARGUMENT"));
  EXPECT_THAT(Codes(samples, kGet), UnorderedElementsAre("NOT_FOUND"));
  EXPECT_THAT(Codes(samples, kCheck), UnorderedElementsAre("NOT_FOUND"));
  // The health checks that waited for the server.
  EXPECT_GE(Value(samples, "rxlocator_rpc_handled_total",
                  {{"method", "/grpc.health.v1.Health/Check"}, {"code", "OK"}}),
            1);
  for (const auto& [method, calls] : {std::pair<std::string, int>{kFind, 5},
                                      {kGet, 2},
                                      {kCheck, 1},
                                      {kReport, 1}}) {
    EXPECT_EQ(Value(samples, "rxlocator_rpc_duration_seconds_count",
                    {{"method", method}}),
              calls)
        << method;
    EXPECT_EQ(Value(samples, "rxlocator_rpc_in_flight", {{"method", method}}),
              0)
        << method;
  }
  // Nothing takes 10 seconds here: every call is in the 10 s bucket.
  EXPECT_EQ(Value(samples, "rxlocator_rpc_duration_seconds_bucket",
                  {{"method", kFind}, {"le", "10"}}),
            5);
  ExpectHistogramsConsistent(samples);

  EXPECT_EQ(Value(samples, "rxlocator_snapshot_info",
                  {{"data_version", data_version}}),
            1);
  EXPECT_EQ(Value(samples, "rxlocator_snapshot_pharmacies"), 3);
  EXPECT_EQ(Value(samples, "rxlocator_snapshot_walk_in_pharmacies"), 2);
  EXPECT_EQ(Value(samples, "rxlocator_snapshot_zip_codes"), 1);
  EXPECT_GE(Value(samples, "rxlocator_snapshot_age_seconds"), 0);
  EXPECT_LT(Value(samples, "rxlocator_snapshot_age_seconds"), 600);
  EXPECT_EQ(Value(samples, "rxlocator_reloads_total", {{"result", "ok"}}), 0);
  EXPECT_EQ(Value(samples, "rxlocator_stock_levels"), 1);
  EXPECT_EQ(Value(samples, "rxlocator_stock_stale"), 0);
  EXPECT_EQ(Value(samples, "rxlocator_redis_connected"), -1);  // No Redis.
  EXPECT_EQ(Value(samples, "rxlocator_stock_updates_applied_total"), 1);
  EXPECT_EQ(Value(samples, "rxlocator_stock_update_lag_seconds_count"), 1);
  EXPECT_EQ(Value(samples, "rxlocator_stock_update_lag_seconds_bucket",
                  {{"le", "15"}}),
            0);
  EXPECT_EQ(Value(samples, "rxlocator_stock_update_lag_seconds_bucket",
                  {{"le", "60"}}),
            1);

  EXPECT_EQ(HttpRequest(metrics_port_, "GET", "/").status, 404);
}

TEST_F(MetricsAndLogsTest, EveryLineIsJsonAndEachCallLogsItsRequestId) {
  Start();
  EXPECT_EQ(Get("p1", "req-ok-1", grpc::StatusCode::OK), "req-ok-1");
  EXPECT_EQ(CheckUnknownPlan("req-nf-2"), "req-nf-2");
  const std::string generated = Get("p1", "", grpc::StatusCode::OK);
  EXPECT_THAT(generated, MatchesRegex("[0-9a-f]{32}"));
  const std::string too_long(65, 'x');
  const std::string replaced = Get("p1", too_long, grpc::StatusCode::OK);
  EXPECT_THAT(replaced, MatchesRegex("[0-9a-f]{32}"));
  EXPECT_NE(replaced, generated);
  const int grpc_port = server_->port();

  const std::vector<nlohmann::json> log = StopAndReadLog();
  ASSERT_GT(log.size(), 5u);
  const std::regex rfc3339(
      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  for (const nlohmann::json& line : log) {
    if (!line.is_object()) continue;  // Failed above.
    ASSERT_TRUE(line.contains("time") && line["time"].is_string()) << line;
    EXPECT_TRUE(std::regex_match(line["time"].get<std::string>(), rfc3339))
        << line;
    EXPECT_THAT(line.value("level", ""),
                ::testing::AnyOf("info", "warning", "error"))
        << line;
    EXPECT_TRUE(line.contains("msg") && line["msg"].is_string()) << line;
  }

  const std::vector<nlohmann::json> ok = AccessLines(log, "req-ok-1");
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0]["rpc"], kGet);
  EXPECT_EQ(ok[0]["status"], "OK");
  EXPECT_EQ(ok[0]["level"], "info");
  ASSERT_TRUE(ok[0]["latency_ms"].is_number()) << ok[0];
  EXPECT_GE(ok[0]["latency_ms"].get<double>(), 0);
  EXPECT_LT(ok[0]["latency_ms"].get<double>(), 30000);
  const std::vector<nlohmann::json> not_found = AccessLines(log, "req-nf-2");
  ASSERT_EQ(not_found.size(), 1u);
  EXPECT_EQ(not_found[0]["rpc"], kCheck);
  EXPECT_EQ(not_found[0]["status"], "NOT_FOUND");
  EXPECT_EQ(AccessLines(log, generated).size(), 1u);
  EXPECT_EQ(AccessLines(log, replaced).size(), 1u);
  EXPECT_TRUE(AccessLines(log, too_long).empty());

  // The ports, as the operator reads them.
  std::map<std::string, int> listening;
  for (const nlohmann::json& line : log) {
    if (line.is_object() && line.value("msg", "") == "listening") {
      listening[line.value("listener", "")] = line.value("port", 0);
    }
  }
  EXPECT_EQ(listening["grpc"], grpc_port);
  EXPECT_EQ(listening["metrics"], metrics_port_);
  EXPECT_EQ(log.back().value("msg", ""), "stopped");
}

// Request fields and status messages (which echo them) never reach the log.
TEST_F(MetricsAndLogsTest, LogsNoRequestFieldNorStatusMessage) {
  Start();
  EXPECT_EQ(Find(kSecretZip, nullptr).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  Get(kSecretId, "req-secret", grpc::StatusCode::NOT_FOUND);
  CheckUnknownPlan("");
  v1::FindPharmaciesRequest request;
  request.mutable_origin()->set_zip_code("99503");
  v1::Plan::Commercial* plan = request.mutable_plan()->mutable_commercial();
  plan->set_bin("610014");
  plan->set_pcn(kSecretPcn);
  plan->set_group(kSecretGroup);
  v1::FindPharmaciesResponse response;
  const grpc::Status status =
      locator_->FindPharmacies(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr(kSecretPcn));

  const std::vector<nlohmann::json> log = StopAndReadLog();
  ASSERT_EQ(AccessLines(log, "req-secret").size(), 1u);  // Logged, then.
  const std::string output = server_->output();
  for (const char* secret : {kSecretZip, kSecretId, kSecretPcn, kSecretGroup}) {
    EXPECT_THAT(output, Not(HasSubstr(secret)));
  }
}

TEST_F(MetricsAndLogsTest, AccessLogErrorsLeavesOutCallsThatSucceed) {
  Start({"--access_log=errors"});
  Get("p1", "req-quiet", grpc::StatusCode::OK);
  Get(kSecretId, "req-loud", grpc::StatusCode::NOT_FOUND);
  const std::vector<nlohmann::json> errors_only = StopAndReadLog();
  EXPECT_TRUE(AccessLines(errors_only, "req-quiet").empty());
  EXPECT_EQ(AccessLines(errors_only, "req-loud").size(), 1u);

  Start({"--access_log=off"});
  EXPECT_EQ(Get(kSecretId, "req-silent", grpc::StatusCode::NOT_FOUND),
            "req-silent");
  EXPECT_TRUE(AccessLines(StopAndReadLog(), "req-silent").empty());
}

TEST(MetricsAndLogsFlagsTest, BadFlagsExitWithAJsonError) {
  for (const std::string flag :
       {"--access_log=some", "--metrics_listen=nowhere",
        "--metrics_listen=127.0.0.1:99999"}) {
    ServerProcess server({flag});
    const int status = server.WaitForExit(absl::Seconds(30));
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2)
        << flag << ": " << status;
    const nlohmann::json line =
        nlohmann::json::parse(server.output(), nullptr, false);
    ASSERT_TRUE(line.is_object()) << flag << ": " << server.output();
    EXPECT_EQ(line["level"], "error");
    EXPECT_THAT(line["msg"].get<std::string>(),
                HasSubstr(flag.substr(0, flag.find('='))));
  }
}

}  // namespace
}  // namespace rxlocator
