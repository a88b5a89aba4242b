// The rxlocator command-line client against the real server: each
// subcommand's output and the exit codes scripts rely on.
#include <fcntl.h>
#include <google/protobuf/util/json_util.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rxlocator/v1/admin.pb.h"
#include "rxlocator/v1/inventory.pb.h"
#include "rxlocator/v1/pharmacy_locator.pb.h"
#include "tests/integration/server_process.h"

namespace rxlocator {
namespace {

using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// Exit codes of check-network's answer.
constexpr int kInNetwork = 0;
constexpr int kNotInNetwork = 4;
// The exit code of a stock report some rows of which the server rejected.
constexpr int kSomeRejected = 5;
// The exit code of an urgent fill answered without a complete option.
constexpr int kNoCompleteOption = 6;

// Carrs Pharmacy, 4000 W Dimond Blvd, Anchorage (ZIP 99502), by its NPI.
// Each stock test uses NDCs 77777-8888-NN of its own, which no other test
// (nor the bundled data) reports.
constexpr char kCarrsDimond[] = "1740219781";

// Alaska Native Medical Center, Anchorage: open 24 hours, about 3 miles from
// ZIP 99503 and in network national-broad, that of kBroadPlan. The urgent
// fill tests report Paxlovid there; no other test does.
constexpr char kAnmc[] = "vgov-fbeed4a3-d5bb-4c31-bb9d-847d62a34058";
constexpr char kBroadPlan[] = "610014:ABC:GRP1";

using CliRun = BinaryRun;

CliRun Cli(const std::string& args) {
  return RunBinary("tools/rxlocator", args);
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

// A stock file (docs/formats.md, "Stock: native snapshot") in the test's
// temporary directory: the header, then `rows`.
std::string StockFile(const std::string& name, const std::string& rows) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/", name);
  std::ofstream(path) << "pharmacy,ndc,quantity,observed_at,source\n" << rows;
  return path;
}

// A stock file row without a source.
std::string StockRow(const std::string& pharmacy, const std::string& ndc,
                     int quantity, absl::Time observed) {
  return absl::StrCat(
      pharmacy, ",", ndc, ",", quantity, ",",
      absl::FormatTime(absl::RFC3339_full, observed, absl::UTCTimeZone()),
      ",\n");
}

// A stock file row for Carrs Dimond, without a source.
std::string CarrsRow(const std::string& ndc, int quantity,
                     absl::Time observed) {
  return StockRow(kCarrsDimond, ndc, quantity, observed);
}

// The CLI run in the background, its stdout and stderr going to a file: a
// watch that listens while the test reports stock. Killed if still running
// when destroyed.
class BackgroundCli {
 public:
  // `args` are words separated by spaces.
  explicit BackgroundCli(const std::string& args) {
    std::vector<std::string> words =
        absl::StrSplit(args, ' ', absl::SkipEmpty());
    words.insert(words.begin(), BinaryPath("tools/rxlocator"));
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO,
                                     output_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) !=
        0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
  }
  BackgroundCli(const BackgroundCli&) = delete;
  BackgroundCli& operator=(const BackgroundCli&) = delete;
  ~BackgroundCli() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }

  bool started() const { return pid_ > 0 || ended_; }

  // How it ended, once it has; nullopt while it runs.
  std::optional<CliRun> Ended() {
    int status;
    if (pid_ <= 0 || waitpid(pid_, &status, WNOHANG) != pid_) {
      return std::nullopt;
    }
    pid_ = -1;
    ended_ = true;
    std::stringstream output;
    output << std::ifstream(output_path_).rdbuf();
    return CliRun{WIFEXITED(status) ? WEXITSTATUS(status) : -1, output.str()};
  }

 private:
  const std::string output_path_ =
      absl::StrCat(::testing::TempDir(), "/background_cli.out");
  pid_t pid_ = -1;
  bool ended_ = false;
};

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

  // Reports 30 courses of Paxlovid at kAnmc, counted half an hour ago (the
  // count must be recent to fill anything), through `stock report`.
  static void ReportPaxlovidAtAnmc() {
    const CliRun run = Call(absl::StrCat(
        "stock report ",
        StockFile("paxlovid.csv", StockRow(kAnmc, "00069-1085-30", 30,
                                           absl::Now() - absl::Minutes(30)))));
    ASSERT_EQ(run.exit_code, 0) << run.output;
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

TEST_F(CliTest, StockReportedFromAFileIsReadBack) {
  const std::string ndc = "77777-8888-01";
  const std::string file =
      StockFile("fresh.csv", CarrsRow(ndc, 12, absl::Now() - absl::Minutes(1)));
  CliRun run = Call("stock report " + file);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output,
            file + ": 1 received, 1 applied, 0 stale, 0 rejected\n");
  // Sending it again is harmless.
  run = Call("stock report " + file);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output,
            file + ": 1 received, 0 applied, 1 stale, 0 rejected\n");

  const std::string get =
      absl::StrCat("stock get --pharmacy ", kCarrsDimond, " --drug ", ndc);
  run = Call(get);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, StartsWith("PHARMACY  "));
  EXPECT_THAT(run.output, ContainsRegex("NDC  +DRUG  +QTY  +FRESHNESS  +AS OF  "
                                        "+SOURCE\n"));
  // No drug name: the catalog does not know this NDC. Source: the default.
  EXPECT_THAT(run.output,
              ContainsRegex("  77777-8888-01  +-  +12  +in stock  +"
                            "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}Z  "
                            "+feed\n$"));
  EXPECT_THAT(run.output, Not(HasSubstr("stale")));

  const auto response = FromJson<v1::GetStockResponse>(Call(get + " --json"));
  ASSERT_EQ(response.pharmacies_size(), 1);
  ASSERT_EQ(response.pharmacies(0).stock_size(), 1);
  const v1::StockStatus& stock = response.pharmacies(0).stock(0);
  EXPECT_EQ(stock.ndc(), "77777888801");
  EXPECT_EQ(stock.quantity(), 12);
  EXPECT_EQ(stock.freshness(), v1::STOCK_FRESHNESS_IN_STOCK);
  EXPECT_EQ(stock.source(), "feed");

  // A watch opens with it, marked as the present.
  run = Call("watch --drug " + ndc + " --zip 99502 --count 1");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, StartsWith("AVAILABLE "));
  EXPECT_THAT(run.output, HasSubstr(" mi  Carrs Pharmacy  "));
  EXPECT_THAT(run.output, HasSubstr("4000 W Dimond Blvd, Anchorage, AK 99502"));
  EXPECT_THAT(run.output, HasSubstr("  qty 12 in stock  "));
  EXPECT_THAT(run.output, EndsWith("  (at start)\n"));
}

TEST_F(CliTest, StockReportListsTheServersRejectionsByLine) {
  const absl::Time at = absl::Now() - absl::Minutes(1);
  const std::string file =
      StockFile("rejected.csv", CarrsRow("77777-8888-02", 4, at) +
                                    "no-such-pharmacy,77777-8888-02,4," +
                                    absl::FormatTime(at) + ",\n");
  // One row a call: the rejection is the second call's first update.
  CliRun run = Call("stock report --batch 1 " + file);
  EXPECT_EQ(run.exit_code, kSomeRejected) << run.output;
  EXPECT_EQ(
      run.output,
      absl::StrCat(file, ": 2 received, 1 applied, 0 stale, 1 rejected\n", file,
                   ":3: pharmacy_id \"no-such-pharmacy\" is not the id, "
                   "NPI or NCPDP id of any pharmacy\n"));

  run = Call("--json stock report " + file);
  EXPECT_EQ(run.exit_code, kSomeRejected) << run.output;
  const auto response = FromJson<v1::ReportStockResponse>(run);
  EXPECT_EQ(response.stale(), 1);
  ASSERT_EQ(response.rejections_size(), 1);
  EXPECT_EQ(response.rejections(0).index(), 1);
}

TEST_F(CliTest, StockReportWithABadRowSendsNothing) {
  const std::string ndc = "77777-8888-03";
  const absl::Time at = absl::Now() - absl::Minutes(1);
  const std::string file =
      StockFile("bad.csv", CarrsRow(ndc, 5, at) +
                               absl::StrCat(kCarrsDimond, ",", ndc, ",many,",
                                            absl::FormatTime(at), ",\n") +
                               CarrsRow(ndc, 6, at));
  CliRun run = Call("stock report " + file);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr(file + ":3: quantity \"many\" is not a whole number"));
  EXPECT_THAT(run.output, HasSubstr(file + ": 1 bad row; nothing was sent"));

  run = Call(
      absl::StrCat("stock get --pharmacy ", kCarrsDimond, " --drug ", ndc));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, ContainsRegex("  -  +no data  +-  +-\n$"));
}

TEST_F(CliTest, WatchPrintsAnEventWhenADrugArrives) {
  const std::string ndc = "77777-8888-04";
  BackgroundCli watch(absl::StrCat("--server=", server().address(),
                                   " --json watch --drug ", ndc,
                                   " --zip 99502 --radius-miles 10 --count 1"));
  ASSERT_TRUE(watch.started());
  // The watch may register after the first reports, so the feed alternates
  // out and in with ever newer counts until the watch hears one and ends.
  const absl::Time start = absl::Now() - absl::Minutes(1);
  std::optional<CliRun> watched;
  for (int k = 0; k < 100; ++k) {
    watched = watch.Ended();
    if (watched) break;
    const CliRun report = Call(absl::StrCat(
        "stock report ",
        StockFile("feed.csv", CarrsRow(ndc, k % 2 == 0 ? 0 : 12,
                                       start + absl::Seconds(k)))));
    ASSERT_EQ(report.exit_code, 0) << report.output;
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_TRUE(watched.has_value()) << "the watch heard nothing";
  EXPECT_EQ(watched->exit_code, 0) << watched->output;
  EXPECT_EQ(std::count(watched->output.begin(), watched->output.end(), '\n'), 1)
      << watched->output;
  // Heard live, or (had it registered after a count of 12) as the present.
  const auto event = FromJson<v1::AvailabilityEvent>(*watched);
  EXPECT_EQ(event.kind(), v1::AvailabilityEvent::AVAILABLE);
  EXPECT_EQ(event.pharmacy().npi(), kCarrsDimond);
  EXPECT_EQ(event.stock().ndc(), "77777888804");
  EXPECT_EQ(event.stock().quantity(), 12);
}

TEST_F(CliTest, StockGetOfAnUnknownPharmacyExitsOne) {
  const CliRun run =
      Call("stock get --pharmacy no-such-id --drug 77777-8888-01");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr("pharmacy_ids[0] \"no-such-id\" is not the id, NPI or "
                        "NCPDP id of any pharmacy (gRPC code 5)"));
}

// Anchorage: pharmacies within 5 miles, so the outcome is FOUND. Hours
// change with the time of day, so only the shape of each paragraph is fixed.
TEST_F(CliTest, IvrSaysWhatTheCallerHears) {
  const CliRun run = Call("ivr --zip 99503 --count 2");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const std::vector<std::string> lines =
      absl::StrSplit(run.output, '\n', absl::SkipEmpty());
  EXPECT_THAT(
      lines,
      ElementsAre("For ZIP code 9 9 5 0 3, here are the 2 nearest pharmacies.",
                  StartsWith("Number 1: "), StartsWith("Number 2: "),
                  "Press 1 to hear these again, 2 to get them by text "
                  "message, or 3 to search another ZIP code."))
      << run.output;
}

TEST_F(CliTest, IvrSsmlAndSms) {
  CliRun run = Call("ivr --zip 99503 --count 2 --ssml");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, StartsWith("<speak"));
  EXPECT_THAT(run.output, HasSubstr("<say-as interpret-as=\"telephone\">"));
  EXPECT_THAT(run.output, EndsWith("</speak>\n"));

  run = Call("ivr --zip 99503 --count 2 --sms");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, StartsWith("Pharmacies near ZIP 99503:\n1. "));
  EXPECT_THAT(run.output, HasSubstr("\n2. "));
  EXPECT_THAT(run.output, Not(HasSubstr("\n3. ")));
}

TEST_F(CliTest, IvrJson) {
  const CliRun run = Call("ivr --zip 99503 --json");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const auto response = FromJson<v1::LocateForIvrResponse>(run);
  EXPECT_EQ(response.outcome(), v1::LocateForIvrResponse::FOUND);
  EXPECT_EQ(response.pharmacies_size(), 3);  // The server's default.
}

// What the caller keys is the server's to judge: an answer, exit 0, with
// the outcome on stderr.
TEST_F(CliTest, IvrAnswersAMistypedZip) {
  CliRun run = Call("ivr --zip 9950");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("rxlocator: outcome INVALID_ZIP\n"));
  EXPECT_THAT(run.output,
              HasSubstr("We heard 9 9 5 0, which is not a ZIP code. A ZIP "
                        "code has five digits.\nPress 1 to hear this again, "
                        "or 3 to search another ZIP code.\n"));

  run = Call("ivr --zip 00000 --sms");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "rxlocator: outcome UNKNOWN_ZIP\n");
}

TEST_F(CliTest, IvrErrorsAreTheServers) {
  const CliRun run = Call("ivr --zip 99503 --count 6");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("count must be in [0, 5]"));
}

TEST_F(CliTest, IvrUsageErrorsExitTwo) {
  for (const char* args :
       {"ivr", "ivr 99503", "ivr --zip 99503 --count 0",
        "ivr --zip 99503 --min-quantity 2", "ivr --zip 99503 --drug 123",
        "ivr --zip 99503 --ssml --sms", "ivr --zip 99503 --plan 61001:ABC:G"}) {
    const CliRun run = Call(args);
    EXPECT_EQ(run.exit_code, 2) << args << ": " << run.output;
  }
}

TEST_F(CliTest, UrgentPrintsTheSummaryThenEachOption) {
  ReportPaxlovidAtAnmc();
  const CliRun run = Call(absl::StrCat("urgent --zip 99503 --plan ", kBroadPlan,
                                       " --drug paxlovid:20"));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, StartsWith("Alaska Native Medical Center can fill "
                                     "everything: arrive about "));
  EXPECT_THAT(run.output,
              HasSubstr("\n\n1. COMPLETE: In stock, standard pharmacy, open "
                        "24 hours\n   Alaska Native Medical Center  "));
  EXPECT_THAT(run.output,
              ContainsRegex(" mi  arrive [0-9]+:[0-9]{2} [AP]M AKST\n"));
  EXPECT_THAT(run.output,
              HasSubstr(absl::StrCat("  phone 907-729-3300  ", kAnmc, "\n")));
  EXPECT_THAT(run.output, HasSubstr("\n     paxlovid x20: qty 30 in stock, NDC "
                                    "00069-1085-30, as of "));
  EXPECT_THAT(run.output, Not(HasSubstr("stale")));
}

// An NDC nobody stocks: the summary says why nothing fits, and the options
// are the fallbacks: the nearest 24-hour pharmacy and, with three days to
// go, mail order.
TEST_F(CliTest, UrgentWithoutACompleteOptionExitsSixWithTheFallbacks) {
  const CliRun run =
      Call(absl::StrCat("urgent --zip 99503 --plan ", kBroadPlan,
                        " --drug 77777-8888-20:5 --within-hours 72"));
  EXPECT_EQ(run.exit_code, kNoCompleteOption) << run.output;
  EXPECT_THAT(run.output, StartsWith("Of the "));
  EXPECT_THAT(run.output,
              HasSubstr("0 have NDC 77777-8888-20. Other options follow.\n"));
  EXPECT_THAT(run.output, HasSubstr("\n\n1. 24-HOUR: Open 24 hours, "));
  EXPECT_THAT(run.output,
              HasSubstr("\n\n2. MAIL ORDER: Mail order through your plan"));
  EXPECT_THAT(run.output,
              HasSubstr("   RxLocator Mail Service Pharmacy (synthetic)  "));
  EXPECT_THAT(run.output, ContainsRegex(" mi  delivers\n"));
  EXPECT_THAT(run.output, HasSubstr("\n     77777-8888-20 x5: no data\n"));
  EXPECT_THAT(run.output, Not(HasSubstr("COMPLETE")));
}

TEST_F(CliTest, UrgentJson) {
  ReportPaxlovidAtAnmc();
  const absl::Time need_by = absl::Now() + absl::Hours(3);
  CliRun run = Call(absl::StrCat(
      "--json urgent --zip 99503 --plan ", kBroadPlan,
      " --drug 00069-1085-30:20 --limit 1 --need-by ",
      absl::FormatTime(absl::RFC3339_sec, need_by, absl::UTCTimeZone())));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  auto response = FromJson<v1::UrgentFillResponse>(run);
  EXPECT_EQ(response.need_by().seconds(), absl::ToUnixSeconds(need_by));
  EXPECT_EQ(response.plan_network().network_id(), "national-broad");
  ASSERT_EQ(response.options_size(), 1) << run.output;
  const v1::UrgentOption& option = response.options(0);
  EXPECT_EQ(option.kind(), v1::URGENT_OPTION_KIND_COMPLETE);
  ASSERT_EQ(option.stops_size(), 1);
  EXPECT_EQ(option.stops(0).pharmacy().id(), kAnmc);
  ASSERT_EQ(option.stops(0).items_size(), 1);
  EXPECT_EQ(option.stops(0).items(0).requested(), "00069108530");
  EXPECT_EQ(option.stops(0).items(0).stock().quantity(), 30);

  // Without a complete option, still the answer, and exit 6.
  run = Call(absl::StrCat("--json urgent --zip 99503 --plan ", kBroadPlan,
                          " --drug 77777-8888-21"));
  EXPECT_EQ(run.exit_code, kNoCompleteOption) << run.output;
  response = FromJson<v1::UrgentFillResponse>(run);
  EXPECT_THAT(response.summary(), HasSubstr("NDC 77777-8888-21"));
  EXPECT_GT(response.options_size(), 0) << run.output;
  for (const v1::UrgentOption& o : response.options()) {
    EXPECT_NE(o.kind(), v1::URGENT_OPTION_KIND_COMPLETE);
  }
}

TEST_F(CliTest, UrgentUsageErrorsNameTheFlag) {
  const std::string urgent = "urgent --zip 99503 --plan 610014:ABC:GRP1 ";
  for (const auto& [args, problem] :
       std::vector<std::pair<std::string, std::string>>{
           {"urgent --zip 99503 --drug paxlovid", "urgent needs --plan"},
           {"urgent --zip 99503 --plan 610014:ABC:GRP1", "urgent needs --drug"},
           {"urgent --plan 610014:ABC:GRP1 --drug paxlovid",
            "urgent needs --zip, or --lat and --lng"},
           {urgent + "--drug paxlovid:x",
            "--drug \"paxlovid:x\": QUANTITY must be a whole number, 1 or "
            "more, got \"x\""},
           {urgent + "--drug paxlovid:0", "QUANTITY must be a whole number"},
           {urgent + "--drug :3", "--drug \":3\" needs an NDC or a drug name"},
           {urgent + "--drug 123", "--drug: ndc \"123\""},
           {urgent + "--drug paxlovid --need-by tomorrow",
            "--need-by \"tomorrow\" is not an RFC 3339 time"},
           {urgent + "--drug paxlovid --need-by 2026-11-22T20:00:00Z "
                     "--within-hours 3",
            "urgent takes --need-by or --within-hours, not both"},
           {urgent + "--drug paxlovid --within-hours 0",
            "--within-hours must be a whole number, 1 or more"},
           {urgent + "--drug paxlovid --pickup-minutes x",
            "--pickup-minutes must be a whole number"},
           {urgent + "--drug paxlovid --limit 0",
            "--limit must be a whole number, 1 or more"},
           {"urgent --zip 99503 --plan 61001:ABC:G --drug paxlovid",
            "--plan \"61001:ABC:G\""},
           {"urgent 99503 --plan 610014:ABC:GRP1 --drug paxlovid",
            "urgent takes only flags"}}) {
    const CliRun run = Call(args);
    EXPECT_EQ(run.exit_code, 2) << args << ": " << run.output;
    EXPECT_THAT(run.output, HasSubstr(problem)) << args;
  }
}

TEST_F(CliTest, UrgentErrorsAreTheServers) {
  const CliRun run = Call(absl::StrCat("urgent --zip 99503 --plan ", kBroadPlan,
                                       " --drug Tamiflu:10"));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr("items[0].drug_name \"Tamiflu\" is not the name of a "
                        "drug in the catalog"));
}

TEST_F(CliTest, HealthSaysServing) {
  const CliRun run = Call("health");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.output, "SERVING\n");
}

// The bundled files again: the same data, so the same version.
TEST_F(CliTest, ReloadPrintsTheVersionsCountsAndTime) {
  CliRun run = Call("--json stats");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const v1::GetStatsResponse before = FromJson<v1::GetStatsResponse>(run);
  const std::string& version = before.data_version();
  run = Call("reload");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output,
              StartsWith(absl::StrCat("data version ", version, " -> ", version,
                                      " (the same data), loaded in ")));
  EXPECT_THAT(run.output,
              ContainsRegex(absl::StrCat(
                  "loaded in [0-9]+\\.[0-9]{3}s\n",
                  before.counts().pharmacies(), " pharmacies \\(",
                  before.counts().walk_in_pharmacies(), " walk-in\\), ")));

  run = Call("--json reload");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(FromJson<v1::ReloadResponse>(run).new_data_version(), version);
  run = Call("--json stats");
  EXPECT_EQ(FromJson<v1::GetStatsResponse>(run).reloads_ok(),
            before.reloads_ok() + 2);
}

TEST_F(CliTest, StatsPrintsABlock) {
  const CliRun run = Call("stats");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  for (const char* line :
       {"data version +[0-9a-f]{16}\n",
        "loaded at +[0-9-]+ [0-9:]+Z, ([0-9hms]+ ago|just now), in "
        "[0-9]+\\.[0-9]{3}s\n",
        "pharmacies +[0-9]+ \\([0-9]+ walk-in\\)\n", "networks +[0-9]+\n",
        "ZIP codes +[0-9]+\n", "reloads +[0-9]+ ok, 0 failed\n",
        "stock levels +[0-9]+\n", "redis +no\n"}) {
    EXPECT_THAT(run.output, ContainsRegex(line));
  }
}

TEST_F(CliTest, ReloadAndStatsTakeNoArguments) {
  for (const char* args : {"reload now", "stats 99503"}) {
    const CliRun run = Call(args);
    EXPECT_EQ(run.exit_code, 2) << args << ": " << run.output;
    EXPECT_THAT(run.output, HasSubstr("takes no arguments")) << args;
  }
}

// A server of its own, whose pharmacy file the test breaks: the reload
// fails naming the line, and the old data keeps serving.
TEST(CliReloadTest, AFailedReloadExitsOneNamingTheFileAndLine) {
  const std::string path =
      absl::StrCat(::testing::TempDir(), "/cli_reload_pharmacies.csv");
  const std::string good =
      "id,name,zip,latitude,longitude\n"
      "p1,Midtown Pharmacy,99503,61.19,-149.88\n";
  std::ofstream(path) << good;
  ServerProcess server({"--pharmacies=native:" + path,
                        absl::StrCat("--zips=", RXLOCATOR_SOURCE_DIR,
                                     "/data/zip_latlng_timezone.csv.gz")});
  ASSERT_TRUE(server.WaitUntilServing()) << server.output();
  const std::string at = absl::StrCat("--server=", server.address(), " ");
  std::ofstream(path) << good << "p2,Nowhere,99503,95.5,-149.88\n";

  CliRun run = Cli(at + "reload");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("reload failed, still serving data "
                                    "version "));
  EXPECT_THAT(run.output, HasSubstr(path + ":3: "));
  run = Cli(at + "stats");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, ContainsRegex("reloads +0 ok, 1 failed\n"));
  EXPECT_THAT(run.output, ContainsRegex("last failure +[0-9-]+ [0-9:]+Z\n"));
  EXPECT_THAT(run.output, HasSubstr(path + ":3: "));
  run = Cli(at + "pharmacy p1");
  EXPECT_EQ(run.exit_code, 0) << run.output;
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
  for (const char* args :
       {"", "nearest", "nearest --lat x --lng 1", "frobnicate",
        "nearest --zip 99503 --service spa", "check-network",
        "check-network synthetic-mail-1",
        "check-network --plan 610014:ABC:GRP1",
        "nearest --zip 99503 --plan 610014:ABC:GRP1 "
        "--preferred-allowance-miles 1",
        "stock", "stock get --drug 77777-8888-01",
        "stock get --pharmacy 1740219781 --drug 123", "stock report",
        "stock report /no/such/file.csv", "watch --zip 99502",
        "watch --drug 77777-8888-01",
        "watch --drug 77777-8888-01 --zip 99502 --count 0"}) {
    const CliRun run = Call(args);
    EXPECT_EQ(run.exit_code, 2) << args << ": " << run.output;
  }
}

TEST(CliUnreachableTest, ExitsThreeWhenNoServerAnswers) {
  // Port 1 on loopback: nothing listens there.
  for (const char* command :
       {"health", "stock get --pharmacy 1740219781 --drug 77777-8888-01",
        "watch --drug 77777-8888-01 --zip 99502", "ivr --zip 99503",
        "urgent --zip 99503 --plan 610014:ABC:GRP1 --drug paxlovid"}) {
    const CliRun run =
        Cli(absl::StrCat("--server=127.0.0.1:1 --timeout=2 ", command));
    EXPECT_EQ(run.exit_code, 3) << command << ": " << run.output;
  }
}

}  // namespace
}  // namespace rxlocator
