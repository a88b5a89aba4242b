// The Admin service of the real server binary over real gRPC: reloads that
// pick up changed files and keep stock, reloads that fail and change
// nothing, SIGHUP, reloads under query load, and the stats.
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rxlocator/v1/admin.grpc.pb.h"
#include "rxlocator/v1/inventory.grpc.pb.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "server/json_log.h"
#include "testing/stock_feed.h"
#include "tests/integration/server_process.h"
#include "tests/server/anchorage_files.h"

namespace rxlocator {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kPaxlovid[] = "00069108530";

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(30));
  return context;
}

// A server on small files of the test's own, which the test rewrites.
class AdminTest : public ::testing::Test {
 protected:
  // Writes `text` to the file `name` in the test's directory; its path.
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = Path(name);
    std::ofstream(path) << text;
    return path;
  }
  std::string Path(const std::string& name) const {
    const ::testing::TestInfo* test =
        ::testing::UnitTest::GetInstance()->current_test_info();
    return absl::StrCat(::testing::TempDir(), "/admin_test-", test->name(), "-",
                        name);
  }

  // Starts the server on pharmacies.csv (`pharmacies` after the header)
  // and a ZIP table of one ZIP code, then `more` flags.
  void Start(const std::string& pharmacies,
             std::vector<std::string> more = {}) {
    more.push_back("--pharmacies=native:" +
                   Write("pharmacies.csv", kPharmacyHeader + pharmacies));
    more.push_back("--zips=" + Write("zips.csv", kAnchorageZipTable));
    server_ = std::make_unique<ServerProcess>(more);
    ASSERT_TRUE(server_->WaitUntilServing()) << server_->output();
    admin_ = v1::Admin::NewStub(server_->Channel());
    locator_ = v1::PharmacyLocator::NewStub(server_->Channel());
    inventory_ = v1::Inventory::NewStub(server_->Channel());
  }

  void Rewrite(const std::string& pharmacies) {
    Write("pharmacies.csv", kPharmacyHeader + pharmacies);
  }

  grpc::Status Reload(v1::ReloadResponse* response) {
    return admin_->Reload(Context().get(), v1::ReloadRequest(), response);
  }

  v1::GetStatsResponse Stats() {
    v1::GetStatsResponse response;
    const grpc::Status status =
        admin_->GetStats(Context().get(), v1::GetStatsRequest(), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // The walk-in pharmacies near ZIP 99503, nearest first.
  grpc::Status Find(v1::PharmacyLocator::Stub& stub,
                    v1::FindPharmaciesResponse* response) {
    v1::FindPharmaciesRequest request;
    request.mutable_origin()->set_zip_code("99503");
    return stub.FindPharmacies(Context().get(), request, response);
  }
  v1::FindPharmaciesResponse Find() {
    v1::FindPharmaciesResponse response;
    const grpc::Status status = Find(*locator_, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // The pharmacy's count of Paxlovid; -1 without one.
  int64_t Paxlovid(const std::string& pharmacy) {
    v1::GetStockRequest request;
    request.add_pharmacy_ids(pharmacy);
    request.add_ndcs(kPaxlovid);
    v1::GetStockResponse response;
    const grpc::Status status =
        inventory_->GetStock(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    const v1::StockStatus& s = response.pharmacies(0).stock(0);
    return s.freshness() == v1::STOCK_FRESHNESS_UNSPECIFIED ? -1 : s.quantity();
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::Admin::Stub> admin_;
  std::unique_ptr<v1::PharmacyLocator::Stub> locator_;
  std::unique_ptr<v1::Inventory::Stub> inventory_;
};

std::vector<std::string> Names(const v1::FindPharmaciesResponse& response) {
  std::vector<std::string> names;
  for (const v1::PharmacyResult& r : response.results()) {
    names.push_back(r.pharmacy().name());
  }
  return names;
}

TEST_F(AdminTest, ReloadServesTheChangedFileAndKeepsStock) {
  Start(absl::StrCat(kMidtown, kMail));
  v1::ReportStockResponse reported;
  ASSERT_TRUE(ReportStock(*inventory_,
                          {StockCount("p1", kPaxlovid, 12,
                                      absl::Now() - absl::Hours(1))},
                          &reported)
                  .ok());
  ASSERT_EQ(reported.applied(), 1);
  const std::string old_version = Find().data_version();
  EXPECT_THAT(Names(Find()), ::testing::ElementsAre("Midtown Pharmacy"));

  Rewrite(absl::StrCat("p1,Midtown Pharmacy & Clinic,99503,61.19,-149.88,Y\n",
                       kMail, kSpenard));
  v1::ReloadResponse reloaded;
  const grpc::Status status = Reload(&reloaded);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(reloaded.old_data_version(), old_version);
  EXPECT_NE(reloaded.new_data_version(), old_version);
  EXPECT_EQ(reloaded.counts().pharmacies(), 3);
  EXPECT_EQ(reloaded.counts().walk_in_pharmacies(), 2);
  EXPECT_EQ(reloaded.counts().zip_codes(), 1);
  EXPECT_GT(
      reloaded.load_duration().nanos() + reloaded.load_duration().seconds(), 0);

  const v1::FindPharmaciesResponse found = Find();
  EXPECT_EQ(found.data_version(), reloaded.new_data_version());
  EXPECT_THAT(Names(found), ::testing::ElementsAre("Midtown Pharmacy & Clinic",
                                                   "Spenard Pharmacy"));
  v1::GetPharmacyRequest get;
  get.set_id("p3");
  v1::Pharmacy spenard;
  ASSERT_TRUE(locator_->GetPharmacy(Context().get(), get, &spenard).ok());
  EXPECT_EQ(spenard.name(), "Spenard Pharmacy");
  EXPECT_EQ(Paxlovid("p1"), 12);
  EXPECT_THAT(server_->output(),
              HasSubstr(absl::StrCat("reloaded data version ", old_version,
                                     " -> ", reloaded.new_data_version())));
}

TEST_F(AdminTest, AFailedReloadKeepsServingTheOldData) {
  Start(kMidtown);
  const std::string version = Find().data_version();
  Rewrite(absl::StrCat(kMidtown, "p9,Nowhere,99503,95.5,-149.88,Y\n"));
  v1::ReloadResponse reloaded;
  const grpc::Status status = Reload(&reloaded);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(
      status.error_message(),
      AllOf(HasSubstr("still serving data version " + version),
            HasSubstr(Path("pharmacies.csv") + ":3: "), HasSubstr("95.5")));
  // Logged as an error, the message a JSON string.
  std::string logged = R"("level":"error","msg":)";
  AppendJsonString(status.error_message(), &logged);
  EXPECT_THAT(server_->output(), HasSubstr(logged));

  const v1::FindPharmaciesResponse found = Find();
  EXPECT_EQ(found.data_version(), version);
  EXPECT_THAT(Names(found), ::testing::ElementsAre("Midtown Pharmacy"));
  v1::GetStatsResponse stats = Stats();
  EXPECT_EQ(stats.data_version(), version);
  EXPECT_EQ(stats.reloads_ok(), 0);
  EXPECT_EQ(stats.reloads_failed(), 1);
  EXPECT_EQ(stats.last_reload_error(), status.error_message());
  EXPECT_TRUE(stats.has_last_reload_failed_at());

  std::remove(Path("pharmacies.csv").c_str());
  const grpc::Status missing = Reload(&reloaded);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(missing.error_message(),
              HasSubstr("cannot open " + Path("pharmacies.csv")));
  EXPECT_EQ(Find().data_version(), version);
  stats = Stats();
  EXPECT_EQ(stats.reloads_failed(), 2);
  EXPECT_EQ(stats.last_reload_error(), missing.error_message());
}

TEST_F(AdminTest, SighupReloads) {
  Start(kMidtown);
  const std::string old_version = Stats().data_version();
  Rewrite(absl::StrCat(kMidtown, kSpenard));
  ASSERT_EQ(kill(server_->pid(), SIGHUP), 0);
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (Stats().reloads_ok() == 0 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  const v1::GetStatsResponse stats = Stats();
  EXPECT_EQ(stats.reloads_ok(), 1);
  EXPECT_NE(stats.data_version(), old_version);
  EXPECT_EQ(Find().data_version(), stats.data_version());
  EXPECT_EQ(Find().results_size(), 2);
  // SIGTERM still stops it as before (at once, once no client is connected).
  admin_.reset();
  locator_.reset();
  inventory_.reset();
  const int status = server_->Stop();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_THAT(server_->output(), HasSubstr("stopped"));
}

// Clients query without pause while the data is reloaded, each time with
// different content: no call fails, calls go on being answered while a
// reload runs, and they see both versions. 20,000 more pharmacies a few
// miles out make each load take a while.
TEST_F(AdminTest, ReloadsUnderLoadFailNoCall) {
  std::string more;
  for (int i = 0; i < 20000; ++i) {
    absl::StrAppend(&more, "g", i, ",Pharmacy ", i, ",,",
                    61.25 + (i % 100) * 0.001, ",", -149.95 - (i / 100) * 0.001,
                    ",Y\n");
  }
  const std::string two = absl::StrCat(kMidtown, kMail, more);
  const std::string three = absl::StrCat(kMidtown, kMail, kSpenard, more);
  Start(two);
  std::atomic<bool> stop{false};
  std::atomic<int> calls{0};
  std::mutex mu;
  std::vector<std::string> failures;
  std::set<std::string> versions;
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      auto stub = v1::PharmacyLocator::NewStub(server_->Channel());
      while (!stop) {
        v1::FindPharmaciesResponse response;
        const grpc::Status s = Find(*stub, &response);
        ++calls;
        std::lock_guard<std::mutex> lock(mu);
        if (s.ok()) {
          versions.insert(response.data_version());
        } else {
          failures.push_back(s.error_message());
        }
      }
    });
  }
  int answered_while_reloading = 0;
  for (int i = 0; i < 10; ++i) {
    const int before = calls;
    while (calls < before + 20) absl::SleepFor(absl::Milliseconds(1));
    Rewrite(i % 2 == 0 ? three : two);
    v1::ReloadResponse reloaded;
    const int at_start = calls;
    const grpc::Status s = Reload(&reloaded);
    answered_while_reloading += calls - at_start;
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_NE(reloaded.old_data_version(), reloaded.new_data_version());
  }
  stop = true;
  for (std::thread& t : clients) t.join();
  EXPECT_THAT(failures, IsEmpty());
  EXPECT_GT(answered_while_reloading, 0);
  EXPECT_EQ(versions.size(), 2);
  EXPECT_EQ(Stats().reloads_ok(), 10);
}

// Reloads asked for at once all succeed: each waits for the one running.
TEST_F(AdminTest, ConcurrentReloadsAllSucceed) {
  Start(kMidtown);
  std::vector<grpc::Status> statuses(4);
  std::vector<std::thread> callers;
  for (grpc::Status& status : statuses) {
    callers.emplace_back([&] {
      v1::ReloadResponse reloaded;
      status = Reload(&reloaded);
    });
  }
  for (std::thread& t : callers) t.join();
  for (const grpc::Status& status : statuses) {
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  const v1::GetStatsResponse stats = Stats();
  EXPECT_GE(stats.reloads_ok(), 1);
  EXPECT_LE(stats.reloads_ok(), 4);
  EXPECT_EQ(stats.reloads_failed(), 0);
}

TEST_F(AdminTest, StatsDescribeTheServedData) {
  const absl::Time before = absl::Now();
  Start(absl::StrCat(kMidtown, kMail),
        {"--networks=native:" +
             Write("networks.csv",
                   "network_id,network_name,pharmacy,tier,retail,mail,"
                   "ninety_day_retail,specialty\n"
                   "broad,Broad,p1,preferred,Y,N,N,N\n"
                   "mail,Mail,p2,standard,N,Y,N,N\n"),
         "--plans=" + Write("plans.csv",
                            "plan,network_id,plan_name\n"
                            "610014:ABC:GRP1,broad,Example Broad\n"
                            "610014:ABC:GRP2,broad,Example Broad 2\n"
                            "H4321-001-000,mail,Example Part D\n"),
         "--drug_catalog=" +
             Write("drugs.csv", "ndc,name\n00069-1085-30,Paxlovid\n")});
  v1::GetStatsResponse stats = Stats();
  EXPECT_EQ(stats.data_version(), Find().data_version());
  const absl::Time loaded_at =
      absl::FromUnixSeconds(stats.loaded_at().seconds());
  EXPECT_GE(loaded_at, absl::FromUnixSeconds(absl::ToUnixSeconds(before)));
  EXPECT_LE(loaded_at, absl::Now());
  EXPECT_GE(stats.age().seconds(), 0);
  EXPECT_LT(stats.age().seconds(), 60);
  EXPECT_GT(stats.load_duration().seconds() + stats.load_duration().nanos(), 0);
  EXPECT_EQ(stats.counts().pharmacies(), 2);
  EXPECT_EQ(stats.counts().walk_in_pharmacies(), 1);
  EXPECT_EQ(stats.counts().networks(), 2);
  EXPECT_EQ(stats.counts().plans(), 3);
  EXPECT_EQ(stats.counts().drugs(), 1);
  EXPECT_EQ(stats.counts().zip_codes(), 1);
  EXPECT_EQ(stats.reloads_ok(), 0);
  EXPECT_EQ(stats.reloads_failed(), 0);
  EXPECT_EQ(stats.last_reload_error(), "");
  EXPECT_FALSE(stats.has_last_reload_failed_at());
  EXPECT_EQ(stats.stock_levels(), 0);
  EXPECT_FALSE(stats.stock_stale());
  EXPECT_FALSE(stats.redis_configured());

  v1::ReportStockResponse reported;
  ASSERT_TRUE(ReportStock(*inventory_,
                          {StockCount("p1", kPaxlovid, 3, absl::Now()),
                           StockCount("p2", kPaxlovid, 0, absl::Now())},
                          &reported)
                  .ok());
  EXPECT_EQ(Stats().stock_levels(), 2);
}

}  // namespace
}  // namespace rxlocator
