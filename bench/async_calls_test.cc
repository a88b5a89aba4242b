// AsyncCalls against the real server on the bundled data: every call's
// status reaches its `done` exactly once, the deadline given is the one
// applied, and destruction waits for the calls in flight.
#include "bench/async_calls.h"

#include <map>
#include <memory>

#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "grpc_health_v1.grpc.pb.h"
#include "gtest/gtest.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "testing/server_process.h"

namespace rxlocator {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(AsyncCallsTest, ReportsEachCallsStatusOnceAndWaitsForThem) {
  ServerProcess server({"--access_log=off"});
  ASSERT_TRUE(server.WaitUntilServing()) << server.output();
  const std::shared_ptr<grpc::Channel> channel =
      OwnConnection(server.address());
  const auto health = grpc::health::v1::Health::NewStub(channel);
  const auto locator = v1::PharmacyLocator::NewStub(channel);
  v1::GetPharmacyRequest unknown;
  unknown.set_id("no-such-pharmacy");

  absl::Mutex mu;
  std::map<grpc::StatusCode, int> codes;
  const LoadGenerator::Done count = [&](const grpc::Status& status) {
    absl::MutexLock lock(&mu);
    ++codes[status.error_code()];
  };
  {
    AsyncCalls calls;
    for (int i = 0; i < 30; ++i) {
      calls.Start<grpc::health::v1::HealthCheckResponse>(
          [&](auto... a) { return health->PrepareAsyncCheck(a...); },
          grpc::health::v1::HealthCheckRequest(), absl::Seconds(10), count);
      calls.Start<v1::Pharmacy>(
          [&](auto... a) { return locator->PrepareAsyncGetPharmacy(a...); },
          unknown, absl::Seconds(10), count);
      calls.Start<grpc::health::v1::HealthCheckResponse>(
          [&](auto... a) { return health->PrepareAsyncCheck(a...); },
          grpc::health::v1::HealthCheckRequest(), absl::ZeroDuration(), count);
    }
  }  // Waits for all 90.
  absl::MutexLock lock(&mu);
  EXPECT_THAT(codes, ElementsAre(Pair(grpc::StatusCode::OK, 30),
                                 Pair(grpc::StatusCode::DEADLINE_EXCEEDED, 30),
                                 Pair(grpc::StatusCode::NOT_FOUND, 30)));
}

}  // namespace
}  // namespace rxlocator
