// The rxlocator command-line client against the real server: each
// subcommand's output and the exit codes scripts rely on.
#include <google/protobuf/util/json_util.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rxlocator/v1/pharmacy_locator.pb.h"
#include "tests/integration/server_process.h"

namespace rxlocator {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// Exit codes of check-network's answer.
constexpr int kInNetwork = 0;
constexpr int kNotInNetwork = 4;

struct CliRun {
  int exit_code;
  std::string output;  // stdout and stderr together.
};

CliRun Cli(const std::string& args) {
  const std::string command =
      absl::StrCat(BinaryPath("tools/rxlocator"), " ", args, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  std::array<char, 4096> buffer;
  for (size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
    output.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// A --json run's output read back as the response it prints.
template <typename Response>
Response FromJson(const CliRun& run) {
  Response response;
  EXPECT_TRUE(
      google::protobuf::util::JsonStringToMessage(run.output, &response).ok())
      << run.output;
  return response;
}

class CliTest : public BundledServerTest {
 protected:
  static CliRun Call(const std::string& args) {
    return Cli(absl::StrCat("--server=", server().address(), " ", args));
  }

  // `nearest ARGS --json`, its output read back as the response.
  static v1::FindPharmaciesResponse NearestJson(const std::string& args) {
    const CliRun run = Call(absl::StrCat("nearest ", args, " --json"));
    EXPECT_EQ(run.exit_code, 0) << args << ": " << run.output;
    return FromJson<v1::FindPharmaciesResponse>(run);
  }
};

TEST_F(CliTest, NearestPrintsATable) {
  const CliRun run = Call("nearest --zip 99503 --limit 3");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, StartsWith("MILES  NAME"));
  EXPECT_THAT(run.output, HasSubstr("AK 995"));
  EXPECT_THAT(run.output, HasSubstr("more: --page-token="));
}

TEST_F(CliTest, NearestJsonAndFilters) {
  const CliRun run = Call(
      "--json nearest --lat 61.19 --lng -149.87 --radius-miles 2 "
      "--service vaccinations --open-for-minutes 30 --limit 2");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("\"data_version\""));
}

// The synthetic networks (data/SOURCES.md): narrow-preferred leaves out
// every albertsons pharmacy, several of which are near 99503. Memberships
// there are open-ended from 2026-01-01, so the answer holds on any day since.
TEST_F(CliTest, NearestWithAPlanKeepsToItsNetwork) {
  const std::string near = "--zip 99503 --limit 20";
  const v1::FindPharmaciesResponse any = NearestJson(near);
  int albertsons = 0;
  for (const v1::PharmacyResult& r : any.results()) {
    albertsons += r.pharmacy().chain() == "albertsons";
  }
  ASSERT_GT(albertsons, 0) << "no albertsons pharmacy near 99503 to leave out";

  const v1::FindPharmaciesResponse narrow =
      NearestJson(near + " --plan 610014:NARROW:G7");
  EXPECT_EQ(narrow.plan_network().network_id(), "narrow-preferred");
  ASSERT_EQ(narrow.results_size(), 20);
  for (const v1::PharmacyResult& r : narrow.results()) {
    EXPECT_NE(r.pharmacy().chain(), "albertsons") << r.pharmacy().id();
    EXPECT_NE(r.network().tier(), v1::NETWORK_TIER_UNSPECIFIED)
        << r.pharmacy().id();
  }
}

TEST_F(CliTest, NearestPreferredOnly) {
  const v1::FindPharmaciesResponse response = NearestJson(
      "--zip 99503 --limit 10 --plan 610014:NARROW:G7 --preferred-only "
      "--ninety-day-retail");
  ASSERT_EQ(response.results_size(), 10);
  for (const v1::PharmacyResult& r : response.results()) {
    EXPECT_EQ(r.network().tier(), v1::NETWORK_TIER_PREFERRED)
        << r.pharmacy().id();
    EXPECT_TRUE(r.network().ninety_day_retail()) << r.pharmacy().id();
  }
}

TEST_F(CliTest, NearestWithAPlanPrintsItsNetworkAndTiers) {
  CliRun run = Call("nearest --zip 99503 --limit 3 --plan 610014:abc:grp1");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output,
              StartsWith("Plan 610014:ABC:GRP1 (Example Commercial Broad "
                         "Plan): network national-broad (National Broad "
                         "Network)\nMILES  TIER       NAME"));
  EXPECT_THAT(run.output, HasSubstr("  standard   "));
  EXPECT_THAT(run.output, Not(HasSubstr("RANKED")));

  run = Call(
      "nearest --zip 99503 --limit 3 --plan 610014:NARROW:G7 "
      "--preferred-first --preferred-allowance-miles 1.5");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("RANKED"));
  EXPECT_THAT(run.output,
              HasSubstr("preferred pharmacy: ranked as if 1.5 mi nearer"));
}

TEST_F(CliTest, NearestPlanErrors) {
  CliRun run = Call("nearest --zip 99503 --plan 61001:ABC:G");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr("--plan \"61001:ABC:G\": bin \"61001\" must be 6 "
                        "digits"));

  run = Call("nearest --zip 99503 --plan 999999:X:Y");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr("plan 999999:X:Y is not a plan this service knows"));

  for (const char* flag : {"--preferred-only", "--preferred-first"}) {
    run = Call(absl::StrCat("nearest --zip 99503 ", flag));
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_THAT(run.output, HasSubstr(absl::StrCat(flag, " needs --plan")));
  }
}

TEST_F(CliTest, CheckNetworkInNetworkForMail) {
  const CliRun run = Call(
      "check-network synthetic-mail-1 --plan 610014:ABC:GRP1 "
      "--date 2026-11-01");
  EXPECT_EQ(run.exit_code, kInNetwork) << run.output;
  // The third line is the server's explanation, passed through.
  EXPECT_THAT(run.output,
              StartsWith("RxLocator Mail Service Pharmacy (synthetic) "
                         "(synthetic-mail-1)\n"
                         "Plan 610014:ABC:GRP1 (Example Commercial Broad "
                         "Plan): network national-broad (National Broad "
                         "Network)\n"
                         "In network on 2026-11-01 at the standard tier"));
  EXPECT_THAT(run.output, EndsWith(".\ntier standard  fills mail-order\n"));
}

TEST_F(CliTest, CheckNetworkMedicarePreferredByNpi) {
  // NPI 1619994753 is a Walmart pharmacy, preferred in the Part D file.
  const CliRun run =
      Call("check-network 1619994753 --plan H4321-001 --date 2026-11-01");
  EXPECT_EQ(run.exit_code, kInNetwork) << run.output;
  EXPECT_THAT(run.output, HasSubstr("Walmart"));
  EXPECT_THAT(run.output, HasSubstr("network H4321-001-000"));
  EXPECT_THAT(run.output, HasSubstr("tier preferred  fills retail"));
}

TEST_F(CliTest, CheckNetworkNotInNetworkExitsFour) {
  // A Carrs (albertsons) store in Anchorage: never in narrow-preferred, so
  // the answer does not depend on the day.
  CliRun run = Call("check-network albertsons-720-P --plan 610014:NARROW:G7");
  EXPECT_EQ(run.exit_code, kNotInNetwork) << run.output;
  EXPECT_THAT(run.output, HasSubstr("(albertsons-720-P)\n"));
  EXPECT_THAT(run.output, HasSubstr("network narrow-preferred"));
  EXPECT_THAT(run.output, HasSubstr("Not in network on "));
  EXPECT_THAT(run.output, Not(HasSubstr("tier ")));

  run = Call("--json check-network albertsons-720-P --plan 610014:NARROW:");
  EXPECT_EQ(run.exit_code, kNotInNetwork) << run.output;
  const auto response = FromJson<v1::CheckNetworkResponse>(run);
  EXPECT_FALSE(response.in_network());
  EXPECT_EQ(response.pharmacy().id(), "albertsons-720-P");
}

TEST_F(CliTest, CheckNetworkOnADate) {
  // albertsons-1118-P joins national-broad on 2026-07-01.
  const std::string check =
      "check-network albertsons-1118-P --plan 610014:ABC:GRP1 --date ";
  CliRun run = Call(check + "2026-06-30");
  EXPECT_EQ(run.exit_code, kNotInNetwork) << run.output;
  EXPECT_THAT(run.output, HasSubstr("Not in network on 2026-06-30."));
  run = Call(check + "2026-07-01");
  EXPECT_EQ(run.exit_code, kInNetwork) << run.output;
  EXPECT_THAT(run.output, HasSubstr("In network on 2026-07-01"));
}

TEST_F(CliTest, CheckNetworkErrors) {
  CliRun run = Call("check-network no-such-id --plan 610014:ABC:GRP1");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr("pharmacy_id \"no-such-id\" is not the id"));

  run = Call("check-network synthetic-mail-1 --plan 999999:X:Y");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr("plan 999999:X:Y is not a plan this service knows"));

  run = Call("check-network synthetic-mail-1 --plan H4321-1");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_THAT(run.output, HasSubstr("plan_id \"1\" must be 3 digits"));
}

TEST_F(CliTest, PharmacyByNpi) {
  const CliRun run = Call("pharmacy 1740219781");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("npi 1740219781"));
  EXPECT_THAT(run.output, HasSubstr("America/Anchorage"));
}

TEST_F(CliTest, HealthSaysServing) {
  const CliRun run = Call("health");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.output, "SERVING\n");
}

TEST_F(CliTest, ServerErrorsExitOneWithTheServersMessage) {
  CliRun run = Call("pharmacy no-such-id");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.output, HasSubstr("\"no-such-id\" is not the id, NPI"));
  run = Call("nearest --lat 95 --lng 0");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.output, HasSubstr("origin.lat_lng.latitude"));
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  for (const char* args : {"", "nearest", "nearest --lat x --lng 1",
                           "frobnicate", "nearest --zip 99503 --service spa",
                           "check-network", "check-network synthetic-mail-1",
                           "check-network --plan 610014:ABC:GRP1",
                           "nearest --zip 99503 --plan 610014:ABC:GRP1 "
                           "--preferred-allowance-miles 1"}) {
    const CliRun run = Call(args);
    EXPECT_EQ(run.exit_code, 2) << args << ": " << run.output;
  }
}

TEST(CliUnreachableTest, ExitsThreeWhenNoServerAnswers) {
  // Port 1 on loopback: nothing listens there.
  const CliRun run = Cli("--server=127.0.0.1:1 --timeout=2 health");
  EXPECT_EQ(run.exit_code, 3) << run.output;
}

}  // namespace
}  // namespace rxlocator
