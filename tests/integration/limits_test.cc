// The server's limits, on the real binary over real gRPC: the largest
// request message, the watches open at once, the calls one connection may
// have open at once, and how long a connection lives.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rxlocator/v1/inventory.grpc.pb.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "testing/stock_feed.h"
#include "tests/integration/server_process.h"
#include "tests/server/anchorage_files.h"

namespace rxlocator {
namespace {

using ::testing::HasSubstr;

constexpr char kPaxlovid[] = "00069108530";

std::string Write(const std::string& name, const std::string& text) {
  const std::string path =
      absl::StrCat(::testing::TempDir(), "/limits_test-", name);
  std::ofstream(path) << text;
  return path;
}

std::chrono::system_clock::time_point In(int seconds) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

// A channel on a connection of its own: gRPC otherwise shares one
// connection between channels to the same address.
std::shared_ptr<grpc::Channel> OwnConnection(const ServerProcess& server) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(server.address(),
                                   grpc::InsecureChannelCredentials(), args);
}

// A watch for Paxlovid near p1, open until the test cancels it.
struct Watch {
  grpc::ClientContext context;
  std::unique_ptr<grpc::ClientReader<v1::AvailabilityEvent>> reader;

  Watch(v1::Inventory::Stub& stub) {
    v1::WatchAvailabilityRequest request;
    request.set_ndc(kPaxlovid);
    request.mutable_origin()->set_zip_code("99503");
    request.set_radius_meters(10000);
    reader = stub.WatchAvailability(&context, request);
  }
  // Whether the server took the watch: it then sends the present first.
  bool Opened() {
    v1::AvailabilityEvent event;
    return reader->Read(&event);
  }
  // How the watch ended; call once.
  grpc::Status Finish() {
    finished = true;
    return reader->Finish();
  }
  ~Watch() {
    if (finished) return;
    context.TryCancel();
    reader->Finish();
  }
  bool finished = false;
};

// A server on one pharmacy that holds Paxlovid, with `limits`.
std::unique_ptr<ServerProcess> Start(std::vector<std::string> limits) {
  limits.push_back(
      "--pharmacies=native:" +
      Write("pharmacies.csv", absl::StrCat(kPharmacyHeader, kMidtown)));
  limits.push_back("--zips=" + Write("zips.csv", kAnchorageZipTable));
  auto server = std::make_unique<ServerProcess>(limits);
  EXPECT_TRUE(server->WaitUntilServing()) << server->output();
  auto inventory = v1::Inventory::NewStub(server->Channel());
  v1::ReportStockResponse response;
  EXPECT_TRUE(ReportStock(*inventory,
                          {StockCount("p1", kPaxlovid, 20, absl::Now())},
                          &response)
                  .ok());
  return server;
}

TEST(LimitsTest, ALargerRequestMessageIsRefused) {
  auto server = Start({"--max_message_bytes=4096"});
  auto inventory = v1::Inventory::NewStub(server->Channel());
  v1::GetStockRequest request;
  request.add_ndcs(kPaxlovid);
  request.add_pharmacy_ids("p1");
  v1::GetStockResponse response;
  grpc::ClientContext small;
  small.set_deadline(In(10));
  EXPECT_TRUE(inventory->GetStock(&small, request, &response).ok());

  while (request.ByteSizeLong() <= 4096) {
    request.add_pharmacy_ids(std::string(100, 'x'));
  }
  grpc::ClientContext large;
  large.set_deadline(In(10));
  const grpc::Status status = inventory->GetStock(&large, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(), HasSubstr("4096"));
}

TEST(LimitsTest, WatchesBeyondTheLimitAreRefusedUntilOneEnds) {
  auto server = Start({"--max_watches=2"});
  auto inventory = v1::Inventory::NewStub(server->Channel());
  auto first = std::make_unique<Watch>(*inventory);
  Watch second(*inventory);
  ASSERT_TRUE(first->Opened());
  ASSERT_TRUE(second.Opened());
  {
    Watch third(*inventory);
    EXPECT_FALSE(third.Opened());
    const grpc::Status status = third.Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_THAT(status.error_message(), HasSubstr("already has 2 watches"));
  }
  first.reset();  // Its end frees its place, soon after the cancel.
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  bool opened = false;
  while (!opened && absl::Now() < deadline) {
    Watch again(*inventory);
    opened = again.Opened();
  }
  EXPECT_TRUE(opened);
}

TEST(LimitsTest, ACallBeyondAConnectionsStreamsWaitsItsTurn) {
  auto server = Start({"--max_streams_per_connection=2"});
  const std::shared_ptr<grpc::Channel> busy = OwnConnection(*server);
  auto inventory = v1::Inventory::NewStub(busy);
  Watch first(*inventory);
  Watch second(*inventory);
  ASSERT_TRUE(first.Opened());
  ASSERT_TRUE(second.Opened());

  v1::GetPharmacyRequest request;
  request.set_id("p1");
  v1::Pharmacy pharmacy;
  grpc::ClientContext waits;
  waits.set_deadline(In(1));
  EXPECT_EQ(v1::PharmacyLocator::NewStub(busy)
                ->GetPharmacy(&waits, request, &pharmacy)
                .error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  // Another connection is not held up.
  grpc::ClientContext elsewhere;
  elsewhere.set_deadline(In(10));
  EXPECT_TRUE(v1::PharmacyLocator::NewStub(OwnConnection(*server))
                  ->GetPharmacy(&elsewhere, request, &pharmacy)
                  .ok());
}

TEST(LimitsTest, OldConnectionsAreToldToReconnectWhileCallsRunOn) {
  auto server = Start({"--max_connection_age_seconds=1"});
  const std::shared_ptr<grpc::Channel> channel = OwnConnection(*server);
  Watch watch(*v1::Inventory::NewStub(channel));
  ASSERT_TRUE(watch.Opened());
  EXPECT_EQ(channel->GetState(false), GRPC_CHANNEL_READY);

  // Past the connection's age the server has sent GOAWAY: the channel
  // idles, to connect afresh (to whichever replica) for its next call,
  // while the watch under way still hears a change.
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (channel->GetState(false) == GRPC_CHANNEL_READY &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(channel->GetState(false), GRPC_CHANNEL_IDLE);
  v1::ReportStockResponse response;
  ASSERT_TRUE(ReportStock(*v1::Inventory::NewStub(OwnConnection(*server)),
                          {StockCount("p1", kPaxlovid, 0, absl::Now())},
                          &response)
                  .ok());
  v1::AvailabilityEvent event;
  ASSERT_TRUE(watch.reader->Read(&event));
  EXPECT_EQ(event.kind(), v1::AvailabilityEvent::RAN_OUT);
}

TEST(LimitsTest, BadLimitFlagsStopTheServer) {
  for (const std::string flag :
       {"--max_message_bytes=0", "--max_watches=many",
        "--max_streams_per_connection=-1", "--max_connection_age_seconds=0"}) {
    ServerProcess server({flag});
    EXPECT_EQ(server.WaitForExit(absl::Seconds(30)), 2 << 8) << flag;
    EXPECT_THAT(server.output(),
                HasSubstr(absl::StrCat(flag.substr(0, flag.find('=')),
                                       " must be a whole number")));
  }
}

}  // namespace
}  // namespace rxlocator
