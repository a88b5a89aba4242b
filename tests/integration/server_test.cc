// The real rxlocator-server binary, started on a free loopback port and
// queried over real gRPC.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpc_health_v1.grpc.pb.h"
#include "grpc_reflection_v1alpha.grpc.pb.h"
#include "gtest/gtest.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "server/data_loading.h"
#include "tests/integration/oracle_check.h"
#include "tests/integration/random_queries.h"
#include "tests/integration/server_process.h"

namespace rxlocator {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using HealthStatus = grpc::health::v1::HealthCheckResponse;

std::string BundledZips() {
  return std::string(RXLOCATOR_SOURCE_DIR) + "/data/zip_latlng_timezone.csv.gz";
}

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "/" + name;
}

grpc::Status Find(v1::PharmacyLocator::Stub& stub,
                  const v1::FindPharmaciesRequest& request,
                  v1::FindPharmaciesResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  return stub.FindPharmacies(&context, request, response);
}

HealthStatus::ServingStatus Health(const ServerProcess& server) {
  auto stub = grpc::health::v1::Health::NewStub(server.Channel());
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckRequest request;
  request.set_service("rxlocator.v1.PharmacyLocator");
  HealthStatus response;
  grpc::Status s = stub->Check(&context, request, &response);
  return s.ok() ? response.status() : HealthStatus::UNKNOWN;
}

class BundledServerGrpcTest : public BundledServerTest {
 protected:
  std::unique_ptr<v1::PharmacyLocator::Stub> stub_ =
      v1::PharmacyLocator::NewStub(server().Channel());
};

TEST_F(BundledServerGrpcTest, FindsRealPharmaciesNearAnAnchorageZip) {
  v1::FindPharmaciesRequest request;
  request.mutable_origin()->set_zip_code("99503");
  request.set_max_results(5);
  v1::FindPharmaciesResponse response;
  ASSERT_TRUE(Find(*stub_, request, &response).ok());
  ASSERT_EQ(response.results_size(), 5);
  double last = 0;
  for (const auto& r : response.results()) {
    EXPECT_EQ(r.pharmacy().address().state(), "AK");
    EXPECT_GE(r.distance_meters(), last);
    EXPECT_LE(r.distance_meters(), 16093.44);
    last = r.distance_meters();
  }
  EXPECT_FALSE(response.next_page_token().empty());
  EXPECT_EQ(response.data_version().size(), 16);
}

TEST_F(BundledServerGrpcTest, GetPharmacyByNpi) {
  grpc::ClientContext context;
  v1::GetPharmacyRequest request;
  request.set_id("1740219781");  // CARRS PHARMACY, 4000 W Dimond Blvd.
  v1::Pharmacy pharmacy;
  ASSERT_TRUE(stub_->GetPharmacy(&context, request, &pharmacy).ok());
  EXPECT_EQ(pharmacy.npi(), "1740219781");
  EXPECT_THAT(absl::AsciiStrToUpper(pharmacy.address().line1()),
              HasSubstr("4000 W DIMOND"));
  EXPECT_EQ(pharmacy.time_zone(), "America/Anchorage");
}

TEST_F(BundledServerGrpcTest, BadInputGetsItsCodeOverTheWire) {
  v1::FindPharmaciesRequest request;
  request.mutable_origin()->mutable_lat_lng()->set_latitude(123);
  v1::FindPharmaciesResponse response;
  grpc::Status s = Find(*stub_, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("origin.lat_lng.latitude"));
  EXPECT_THAT(s.error_message(), HasSubstr("got 123"));

  grpc::ClientContext context;
  v1::GetPharmacyRequest get;
  get.set_id("no-such-pharmacy");
  v1::Pharmacy pharmacy;
  s = stub_->GetPharmacy(&context, get, &pharmacy);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("\"no-such-pharmacy\""));
}

TEST_F(BundledServerGrpcTest, ReflectionListsTheServices) {
  auto reflection =
      grpc::reflection::v1alpha::ServerReflection::NewStub(server().Channel());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  auto stream = reflection->ServerReflectionInfo(&context);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("");
  ASSERT_TRUE(stream->Write(request));
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  ASSERT_TRUE(stream->Read(&response));
  std::vector<std::string> names;
  for (const auto& s : response.list_services_response().service()) {
    names.push_back(s.name());
  }
  EXPECT_THAT(names, ::testing::IsSupersetOf({"rxlocator.v1.PharmacyLocator",
                                              "grpc.health.v1.Health"}));
  // And a client can fetch the API's descriptors by symbol.
  request.set_file_containing_symbol("rxlocator.v1.PharmacyLocator");
  ASSERT_TRUE(stream->Write(request));
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_FALSE(
      response.file_descriptor_response().file_descriptor_proto().empty());
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

// The oracle runs over the same files, loaded in this process.
TEST_F(BundledServerGrpcTest, MatchesBruteForceOverGrpc) {
  absl::StatusOr<LoadedData> loaded =
      LoadSnapshot(BundledData(std::string(RXLOCATOR_SOURCE_DIR) + "/data"));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const Snapshot& snapshot = *loaded->snapshot;
  std::mt19937_64 rng(5);
  for (int c = 0; c < 300; ++c) {
    // "Now" is the server's; ask at an explicit instant instead, so that
    // the oracle evaluates hours at the same one.
    const absl::Time now =
        absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
    v1::FindPharmaciesRequest request = RandomRequest(rng, snapshot, now);
    if (request.filter().open_now()) {
      request.mutable_filter()->set_open_now(false);
      request.mutable_filter()->mutable_open_at()->set_seconds(
          absl::ToUnixSeconds(now));
    }
    v1::FindPharmaciesResponse response;
    const grpc::Status s = Find(*stub_, request, &response);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(response.data_version(), snapshot.version_text());
    const std::vector<v1::PharmacyResult> got(response.results().begin(),
                                              response.results().end());
    ASSERT_TRUE(MatchesOracle(
        got,
        BruteForce(snapshot.pharmacies(), OracleQuery(request, snapshot, now)),
        Limit(request)))
        << request.DebugString();
  }
}

TEST(ServerLifecycleTest, NotServingUntilDataIsLoaded) {
  // The server blocks reading a FIFO until the test writes the data.
  const std::string fifo = TempPath("pharmacies.fifo");
  std::remove(fifo.c_str());
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  ServerProcess server(
      {"--pharmacies=native:" + fifo, "--zips=" + BundledZips()});
  ASSERT_TRUE(server.WaitForPort()) << server.output();
  EXPECT_EQ(Health(server), HealthStatus::NOT_SERVING);
  auto stub = v1::PharmacyLocator::NewStub(server.Channel());
  v1::FindPharmaciesRequest request;
  request.mutable_origin()->mutable_lat_lng()->set_latitude(61.2);
  request.mutable_origin()->mutable_lat_lng()->set_longitude(-149.9);
  v1::FindPharmaciesResponse response;
  grpc::Status s = Find(*stub, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(s.error_message(), HasSubstr("not loaded yet"));

  std::ofstream(fifo) << "id,name,zip,latitude,longitude\n"
                         "p1,Midtown Pharmacy,99503,61.19,-149.88\n";
  ASSERT_TRUE(server.WaitUntilServing()) << server.output();
  ASSERT_TRUE(Find(*stub, request, &response).ok());
  ASSERT_EQ(response.results_size(), 1);
  EXPECT_EQ(response.results(0).pharmacy().id(), "p1");
  EXPECT_EQ(response.results(0).pharmacy().time_zone(), "America/Anchorage");

  const int status = server.Stop();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_THAT(server.output(), HasSubstr("stopped"));
}

// Under steady load, SIGTERM turns health NOT_SERVING while calls still
// succeed, then stops. Calls that reach the server after it began shutting
// down are rejected with CANCELLED or UNAVAILABLE (never processed, safe to
// retry); no call fails in any other way.
TEST(ServerLifecycleTest, SigtermUnderLoadServesOnThenStops) {
  ServerProcess server({"--lame_duck_seconds=1"});
  ASSERT_TRUE(server.WaitUntilServing()) << server.output();
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, refused{0};
  std::mutex mu;
  std::vector<std::string> failures;
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      auto stub = v1::PharmacyLocator::NewStub(server.Channel());
      v1::FindPharmaciesRequest request;
      request.mutable_origin()->set_zip_code("10001");
      request.set_max_results(100);
      request.set_radius_meters(160000);
      while (!stop) {
        v1::FindPharmaciesResponse response;
        const grpc::Status s = Find(*stub, request, &response);
        if (s.ok()) {
          ++ok;
        } else if (s.error_code() == grpc::StatusCode::UNAVAILABLE ||
                   s.error_code() == grpc::StatusCode::CANCELLED) {
          ++refused;
        } else {
          std::lock_guard<std::mutex> lock(mu);
          failures.push_back(s.error_message());
        }
      }
    });
  }
  while (ok < 200) absl::SleepFor(absl::Milliseconds(5));
  kill(server.pid(), SIGTERM);
  // During the lame-duck second: NOT_SERVING, yet calls still succeed.
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(Health(server), HealthStatus::NOT_SERVING);
  const int ok_at_lame_duck = ok;
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_GT(ok, ok_at_lame_duck);
  const int status = server.WaitForExit(absl::Seconds(30));
  stop = true;
  for (std::thread& t : clients) t.join();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_THAT(failures, ::testing::IsEmpty());
  EXPECT_THAT(server.output(), HasSubstr("NOT_SERVING for 1s"));
}

// A health-checking client (gRPC's client-side health checks, a balancer)
// watches instead of polling: it hears NOT_SERVING while the data loads,
// SERVING once it is, and NOT_SERVING as soon as SIGTERM starts the lame
// duck; its stream ends (UNAVAILABLE) when the lame duck does, and does not
// hold the drain up.
TEST(ServerLifecycleTest, HealthWatchFollowsLoadingAndShutdown) {
  const std::string fifo = TempPath("watched.fifo");
  std::remove(fifo.c_str());
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  ServerProcess server({"--pharmacies=native:" + fifo,
                        "--zips=" + BundledZips(), "--lame_duck_seconds=2"});
  ASSERT_TRUE(server.WaitForPort()) << server.output();
  auto stub = grpc::health::v1::Health::NewStub(server.Channel());
  grpc::health::v1::HealthCheckRequest request;
  request.set_service("rxlocator.v1.PharmacyLocator");
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(60));
  auto watch = stub->Watch(&context, request);
  HealthStatus heard;
  ASSERT_TRUE(watch->Read(&heard));
  EXPECT_EQ(heard.status(), HealthStatus::NOT_SERVING);

  std::ofstream(fifo) << "id,name,zip,latitude,longitude\n"
                         "p1,Midtown Pharmacy,99503,61.19,-149.88\n";
  ASSERT_TRUE(watch->Read(&heard));
  EXPECT_EQ(heard.status(), HealthStatus::SERVING);

  kill(server.pid(), SIGTERM);
  const absl::Time signalled = absl::Now();
  ASSERT_TRUE(watch->Read(&heard));
  EXPECT_EQ(heard.status(), HealthStatus::NOT_SERVING);
  EXPECT_LT(absl::Now() - signalled, absl::Seconds(1));  // Not at the end.
  EXPECT_FALSE(watch->Read(&heard));
  EXPECT_EQ(watch->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
  const int status = server.WaitForExit(absl::Seconds(30));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  // The lame duck's 2 s, not the drain's 20 s.
  EXPECT_LT(absl::Now() - signalled, absl::Seconds(10));
  // The requests for calls that never came, failed as the server stopped,
  // are not logged as cancelled calls.
  EXPECT_THAT(server.output(), Not(HasSubstr(R"("status":"CANCELLED")")));
}

TEST_F(BundledServerGrpcTest, HealthOfAnUnknownService) {
  auto stub = grpc::health::v1::Health::NewStub(server().Channel());
  grpc::health::v1::HealthCheckRequest request;
  request.set_service("rxlocator.v1.NoSuchService");
  HealthStatus response;
  grpc::ClientContext check;
  const grpc::Status s = stub->Check(&check, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("rxlocator.v1.NoSuchService"));
  // A watch hears SERVICE_UNKNOWN and stays open, as the protocol says.
  grpc::ClientContext context;
  auto watch = stub->Watch(&context, request);
  ASSERT_TRUE(watch->Read(&response));
  EXPECT_EQ(response.status(), HealthStatus::SERVICE_UNKNOWN);
  context.TryCancel();
  EXPECT_FALSE(watch->Read(&response));
  // The whole server, named "", is serving.
  request.set_service("");
  grpc::ClientContext whole;
  ASSERT_TRUE(stub->Check(&whole, request, &response).ok());
  EXPECT_EQ(response.status(), HealthStatus::SERVING);
}

TEST(ServerLifecycleTest, BadFlagsExitWithUsageError) {
  for (const std::string flag :
       {"--pharmacies=bogus:x.csv", "--pharmacies=native", "--no-such-flag",
        "--drain_seconds=soon", "--serving_threads=0"}) {
    ServerProcess server({flag});
    const int status = server.WaitForExit(absl::Seconds(30));
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2)
        << flag << ": " << status;
    EXPECT_THAT(server.output(), HasSubstr(R"("level":"error")")) << flag;
  }
}

TEST(ServerLifecycleTest, BadDataFailsStartWithFileAndLine) {
  const std::string path = TempPath("bad.csv");
  std::ofstream(path) << "id,name,latitude,longitude\n"
                         "p1,Good,61.19,-149.88\n"
                         "p2,Bad,95.5,-149.88\n";
  ServerProcess server(
      {"--pharmacies=native:" + path, "--zips=" + BundledZips()});
  const int status = server.WaitForExit(absl::Seconds(60));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << status;
  EXPECT_THAT(server.output(), HasSubstr("bad.csv:3: "));
  EXPECT_THAT(server.output(), HasSubstr("95.5"));
}

}  // namespace
}  // namespace rxlocator
