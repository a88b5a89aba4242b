// Two real server processes sharing live stock through one real
// redis-server: an update through one is seen through the other, a
// restarted replica catches up before it serves, a Redis crash under a
// steady feed and steady reads loses no acknowledged update and fails no
// read, and a slow Redis slows the feed but not the reads.
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rxlocator/v1/inventory.grpc.pb.h"
#include "testing/latency_proxy.h"
#include "testing/redis_process.h"
#include "testing/stock_feed.h"
#include "tests/integration/server_process.h"

namespace rxlocator {
namespace {

// Real pharmacies of the bundled data, by NPI.
const char* const kPharmacies[] = {"1740219781", "1619994753"};

std::chrono::system_clock::time_point Deadline(int seconds = 10) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

std::vector<std::string> ServerArgs(const RedisProcess& redis) {
  // No stock files: the tests own what Redis holds.
  return {absl::StrCat("--redis=127.0.0.1:", redis.port()),
          "--redis_timeout_ms=300",
          "--stock=native:" + std::string(RXLOCATOR_SOURCE_DIR) +
              "/tests/integration/testdata/no_stock.csv"};
}

grpc::Status Get(v1::Inventory::Stub& stub, const std::string& pharmacy,
                 const std::string& ndc, v1::GetStockResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  v1::GetStockRequest request;
  request.add_pharmacy_ids(pharmacy);
  request.add_ndcs(ndc);
  return stub.GetStock(&context, request, response);
}

class RedisServersTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(redis_.running()) << redis_.log(); }

  std::unique_ptr<ServerProcess> StartReplica() {
    auto server = std::make_unique<ServerProcess>(ServerArgs(redis_));
    EXPECT_TRUE(server->WaitUntilServing()) << server->output();
    return server;
  }

  RedisProcess redis_{{.appendonly = true, .appendfsync = "always"}};
};

TEST_F(RedisServersTest, AnUpdateThroughOneIsSeenThroughTheOther) {
  auto a = StartReplica();
  auto b = StartReplica();
  auto through_a = v1::Inventory::NewStub(a->Channel());
  auto through_b = v1::Inventory::NewStub(b->Channel());
  absl::Duration worst;
  for (int i = 0; i < 20; ++i) {
    const absl::Time observed = absl::Now() - absl::Minutes(1);
    v1::ReportStockResponse reported;
    ASSERT_TRUE(
        ReportStock(*through_a,
                    {StockCount(kPharmacies[0], "33333-4444-55", i, observed)},
                    &reported)
            .ok());
    ASSERT_EQ(reported.applied(), 1);
    const absl::Time acknowledged = absl::Now();
    for (;;) {
      v1::GetStockResponse got;
      ASSERT_TRUE(Get(*through_b, kPharmacies[0], "33333444455", &got).ok());
      if (got.pharmacies(0).stock(0).quantity() == i &&
          got.pharmacies(0).stock(0).has_observed_at()) {
        break;
      }
      ASSERT_LT(absl::Now() - acknowledged, absl::Seconds(2))
          << "replica b never saw update " << i;
      absl::SleepFor(absl::Milliseconds(1));
    }
    worst = std::max(worst, absl::Now() - acknowledged);
  }
  std::printf("worst propagation seen over gRPC: %s\n",
              absl::FormatDuration(worst).c_str());
}

TEST_F(RedisServersTest, ARestartedReplicaCatchesUpBeforeItServes) {
  auto a = StartReplica();
  auto through_a = v1::Inventory::NewStub(a->Channel());
  std::vector<v1::StockUpdate> updates;
  for (int i = 0; i < 200; ++i) {
    updates.push_back(StockCount(kPharmacies[i % 2],
                                 absl::StrCat("44444-", 1000 + i, "-01"), i,
                                 absl::Now() - absl::Minutes(5)));
  }
  v1::ReportStockResponse reported;
  ASSERT_TRUE(ReportStock(*through_a, updates, &reported).ok());
  ASSERT_EQ(reported.applied(), 200);
  // B starts after the updates: once SERVING, it has every one.
  auto b = StartReplica();
  auto through_b = v1::Inventory::NewStub(b->Channel());
  for (int i = 0; i < 200; ++i) {
    v1::GetStockResponse got;
    ASSERT_TRUE(Get(*through_b, kPharmacies[i % 2],
                    absl::StrCat("44444-", 1000 + i, "-01"), &got)
                    .ok());
    EXPECT_EQ(got.pharmacies(0).stock(0).quantity(), i);
  }
}

// A feed reports through A without pause, retrying every call that fails;
// readers ask B all along; Redis crashes and comes back. Every update whose
// call was acknowledged is then seen through B, and no read failed.
TEST_F(RedisServersTest, RedisCrashLosesNothingAcknowledgedAndFailsNoRead) {
  auto a = StartReplica();
  auto b = StartReplica();
  auto through_a = v1::Inventory::NewStub(a->Channel());
  auto through_b = v1::Inventory::NewStub(b->Channel());
  const absl::Time start = absl::Now() - absl::Minutes(10);

  std::atomic<bool> stop{false};
  std::atomic<int> failed_reads{0}, reads{0}, stale_reads{0};
  std::thread reader([&] {
    while (!stop) {
      v1::GetStockResponse got;
      if (!Get(*through_b, kPharmacies[0], "55555000000", &got).ok()) {
        ++failed_reads;
      }
      ++reads;
      stale_reads += got.stock_stale();
      absl::SleepFor(absl::Milliseconds(5));
    }
  });
  // Update j sets pharmacy j % 2's count of its own NDC to j, so that every
  // acknowledged update can be checked afterwards.
  const auto ndc_of = [](int j) { return absl::StrFormat("55555%06d", j); };
  absl::Mutex mu;
  int acknowledged = -1;  // The last k whose call returned OK.
  int unavailable = 0;
  std::thread feed([&] {
    for (int k = 0; k < 1000 && !stop;) {
      std::vector<v1::StockUpdate> batch;
      for (int j = k; j < k + 10; ++j) {
        batch.push_back(StockCount(kPharmacies[j % 2], ndc_of(j), j,
                                   start + absl::Milliseconds(j)));
      }
      v1::ReportStockResponse reported;
      const grpc::Status s = ReportStock(*through_a, batch, &reported);
      if (s.ok()) {
        absl::MutexLock lock(&mu);
        acknowledged = k + 9;
        k += 10;
        absl::SleepFor(absl::Milliseconds(5));
      } else {
        EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE)
            << s.error_message();
        absl::MutexLock lock(&mu);
        ++unavailable;
        absl::SleepFor(absl::Milliseconds(20));
      }
    }
  });
  absl::SleepFor(absl::Milliseconds(300));
  redis_.Kill();
  absl::SleepFor(absl::Milliseconds(500));
  ASSERT_TRUE(redis_.Restart()) << redis_.log();
  feed.join();
  int last = -1;
  {
    absl::MutexLock lock(&mu);
    last = acknowledged;
  }
  ASSERT_EQ(last, 999) << "the feed did not finish";
  // Once B has reconnected and reloaded, it holds every acknowledged update.
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  for (int j = 0; j <= last; ++j) {
    for (;;) {
      v1::GetStockResponse got;
      ASSERT_TRUE(Get(*through_b, kPharmacies[j % 2], ndc_of(j), &got).ok());
      if (got.pharmacies(0).stock(0).quantity() == j &&
          got.pharmacies(0).stock(0).has_observed_at()) {
        break;
      }
      ASSERT_LT(absl::Now(), deadline) << "update " << j << " was lost";
      absl::SleepFor(absl::Milliseconds(20));
    }
  }
  stop = true;
  reader.join();
  EXPECT_EQ(failed_reads, 0) << "of " << reads;
  EXPECT_GT(unavailable, 0) << "the crash was never felt";
  EXPECT_GT(stale_reads, 0) << "no read was marked stale during the outage";
  std::printf("%d reads, %d marked stale, none failed; %d feed calls retried\n",
              reads.load(), stale_reads.load(), unavailable);
}

// Redis behind a link that holds each packet 100 ms each way: a feed's
// calls then take at least a round trip to be acknowledged, while reads,
// which never wait on Redis, stay far quicker than one.
TEST(SlowRedisTest, SlowsTheFeedButNotTheReads) {
  RedisProcess redis;
  ASSERT_TRUE(redis.running()) << redis.log();
  LatencyProxy link(redis.port());
  ASSERT_NE(link.port(), 0);
  ServerProcess server({absl::StrCat("--redis=127.0.0.1:", link.port()),
                        "--redis_timeout_ms=5000", "--access_log=off",
                        "--stock=native:" + std::string(RXLOCATOR_SOURCE_DIR) +
                            "/tests/integration/testdata/no_stock.csv"});
  ASSERT_TRUE(server.WaitUntilServing()) << server.output();
  auto inventory = v1::Inventory::NewStub(server.Channel());
#if defined(__SANITIZE_THREAD__)
  // ThreadSanitizer slows every thread, unevenly, by up to a tenth of a
  // second here: the link is slowed more, so that a read that waited on
  // Redis still stands out.
  constexpr absl::Duration kDelay = absl::Milliseconds(400);
#else
  constexpr absl::Duration kDelay = absl::Milliseconds(100);
#endif
  link.set_delay(kDelay);

  std::atomic<bool> stop{false};
  std::vector<absl::Duration> acks;
  std::thread feed([&] {
    for (int k = 1; !stop; ++k) {
      v1::ReportStockResponse reported;
      const absl::Time start = absl::Now();
      const grpc::Status s = ReportStock(
          *inventory,
          {StockCount(kPharmacies[0], "00069108530", k, absl::Now())},
          &reported);
      ASSERT_TRUE(s.ok()) << s.error_message();
      acks.push_back(absl::Now() - start);
    }
  });
  std::vector<absl::Duration> reads;
  const absl::Time end = absl::Now() + 30 * kDelay;  // About 15 round trips.
  while (absl::Now() < end) {
    v1::GetStockResponse got;
    const absl::Time start = absl::Now();
    ASSERT_TRUE(Get(*inventory, kPharmacies[0], "00069108530", &got).ok());
    reads.push_back(absl::Now() - start);
    EXPECT_FALSE(got.stock_stale());
  }
  stop = true;
  feed.join();

  std::sort(acks.begin(), acks.end());
  std::sort(reads.begin(), reads.end());
  const absl::Duration slowest_read = reads.back();
  std::printf("%zu acks, the quickest in %s; %zu reads, p50 %s, slowest %s\n",
              acks.size(), absl::FormatDuration(acks.front()).c_str(),
              reads.size(),
              absl::FormatDuration(reads[reads.size() / 2]).c_str(),
              absl::FormatDuration(slowest_read).c_str());
  ASSERT_GE(acks.size(), 3);
  EXPECT_GE(acks.front(), 2 * kDelay) << "the link did not slow Redis";
  // A read that waited on Redis would take a whole round trip.
  EXPECT_LT(slowest_read, 2 * kDelay);
  EXPECT_LT(reads[reads.size() / 2], kDelay / 10);
}

// A replica that cannot reach Redis never serves, but stops when asked.
TEST(RedisStartupTest, StopsWhileWaitingForRedis) {
  ServerProcess server({"--redis=127.0.0.1:1", "--redis_timeout_ms=100"});
  ASSERT_TRUE(server.WaitForPort()) << server.output();
  absl::SleepFor(absl::Seconds(1));
  const int status = server.Stop();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status << "\n"
                                                             << server.output();
  EXPECT_THAT(server.output(), ::testing::HasSubstr("stopped before serving"));
  EXPECT_THAT(server.output(),
              ::testing::Not(::testing::HasSubstr(R"("msg":"serving")")));
}

}  // namespace
}  // namespace rxlocator
