// RedisStock against a real redis-server: newest wins in Redis, replicas
// see each other's writes, catch-up, AUTH, and Redis crashing and coming
// back without losing anything acknowledged.
#include "server/redis_stock.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/stock_store.h"
#include "testing/redis_process.h"

namespace rxlocator {
namespace {

using Outcome = StockStore::Outcome;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

RedisStockOptions OptionsFor(const RedisProcess& redis) {
  RedisStockOptions options;
  options.port = redis.port();
  options.connect_timeout = absl::Milliseconds(500);
  options.command_timeout = absl::Milliseconds(500);
  options.min_backoff = absl::Milliseconds(20);
  options.max_backoff = absl::Milliseconds(200);
  return options;
}

// One replica: its own store, mirrored from Redis.
struct Replica {
  explicit Replica(RedisStockOptions options)
      : redis(std::move(options), &store) {}
  StockStore store;
  RedisStock redis;
};

absl::Time At(int64_t seconds) {
  return absl::FromUnixSeconds(1'700'000'000 + seconds);
}

StockObservation Observation(std::string pharmacy, std::string ndc,
                             int64_t quantity, absl::Time observed_at,
                             std::string source = "test") {
  return {std::move(pharmacy),
          std::move(ndc),
          {quantity, observed_at, std::move(source)}};
}

// Polls `done` until it holds or `timeout` passes; how long it took, or
// nullopt.
std::optional<absl::Duration> Within(absl::Duration timeout,
                                     const std::function<bool()>& done) {
  const absl::Time start = absl::Now();
  while (!done()) {
    if (absl::Now() - start > timeout) return std::nullopt;
    absl::SleepFor(absl::Microseconds(200));
  }
  return absl::Now() - start;
}

bool Holds(const StockStore& store, const StockObservation& o) {
  std::optional<StockLevel> level = store.Get(o.pharmacy_id, o.ndc);
  return level.has_value() && level->quantity == o.level.quantity &&
         level->observed_at == o.level.observed_at &&
         level->source == o.level.source;
}

// The level Redis holds, as stored: "<micros> <quantity> <source>".
std::string InRedis(const RedisProcess& redis, const std::string& pharmacy,
                    const std::string& ndc) {
  RedisReply reply =
      redis.Command({"HGET", absl::StrCat("rxlocator:stock:", ndc), pharmacy});
  if (reply == nullptr || reply->type != REDIS_REPLY_STRING) return "(none)";
  return std::string(reply->str, reply->len);
}

std::string Encoded(const StockObservation& o) {
  return absl::StrCat(absl::ToUnixMicros(o.level.observed_at), " ",
                      o.level.quantity, " ", o.level.source);
}

TEST(RedisStockTest, NewestWinsInRedisWithExactOutcomes) {
  RedisProcess redis;
  ASSERT_TRUE(redis.running()) << redis.log();
  Replica a(OptionsFor(redis));
  ASSERT_TRUE(a.redis.WaitCaughtUp(absl::Seconds(5)));
  const std::string n1 = "00069108530", n2 = "00069110104";

  absl::StatusOr<std::vector<Outcome>> first = a.redis.Write({
      Observation("rx-1", n1, 10, At(2), "feed with spaces"),
      Observation("rx-1", n1, 5, At(1)),   // Older.
      Observation("rx-1", n1, 10, At(2)),  // A repeat of the instant.
      Observation("rx-2", n1, 3, At(1)),
      Observation("rx-1", n2, 7, At(1)),
  });
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(*first,
              ElementsAre(Outcome::kApplied, Outcome::kStale, Outcome::kStale,
                          Outcome::kApplied, Outcome::kApplied));
  // Applied to the writer's own store before Write returns.
  EXPECT_TRUE(
      Holds(a.store, Observation("rx-1", n1, 10, At(2), "feed with spaces")));
  EXPECT_EQ(InRedis(redis, "rx-1", n1),
            absl::StrCat(absl::ToUnixMicros(At(2)), " 10 feed with spaces"));

  // To the microsecond: a finer difference is the same instant, so stale.
  // Micros beyond 2^53 and before 1970 compare exactly (not as doubles).
  const int64_t big = int64_t{1} << 53;
  absl::StatusOr<std::vector<Outcome>> second = a.redis.Write({
      Observation("rx-1", n1, 8, At(3)),
      Observation("rx-1", n1, 9, At(3) + absl::Nanoseconds(300)),
      Observation("rx-3", n1, 1, absl::FromUnixMicros(big)),
      Observation("rx-3", n1, 2, absl::FromUnixMicros(big + 1)),
      Observation("rx-3", n1, 3, absl::FromUnixMicros(big)),
      Observation("rx-4", n1, 1, absl::FromUnixMicros(-5)),
      Observation("rx-4", n1, 2, absl::FromUnixMicros(-12)),
      Observation("rx-4", n1, 3, absl::FromUnixMicros(-4)),
      Observation("rx-4", n1, 4, absl::FromUnixMicros(-40)),
  });
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(*second,
              ElementsAre(Outcome::kApplied, Outcome::kStale, Outcome::kApplied,
                          Outcome::kApplied, Outcome::kStale, Outcome::kApplied,
                          Outcome::kStale, Outcome::kApplied, Outcome::kStale));
  EXPECT_EQ(a.store.Get("rx-1", n1)->quantity, 8);
  EXPECT_EQ(a.store.Get("rx-3", n1)->quantity, 2);
  EXPECT_EQ(a.store.Get("rx-4", n1)->quantity, 3);
  EXPECT_EQ(InRedis(redis, "rx-4", n1), "-4 3 test");

  absl::StatusOr<std::vector<Outcome>> none = a.redis.Write({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(RedisStockTest, WriteThroughOneReplicaReachesTheOther) {
  RedisProcess redis;
  ASSERT_TRUE(redis.running()) << redis.log();
  Replica a(OptionsFor(redis)), b(OptionsFor(redis));
  ASSERT_TRUE(a.redis.WaitCaughtUp(absl::Seconds(5)));
  ASSERT_TRUE(b.redis.WaitCaughtUp(absl::Seconds(5)));

  absl::Duration worst;
  for (int i = 0; i < 20; ++i) {
    const StockObservation o =
        Observation(absl::StrCat("rx-", i), "00069108530", i, At(i));
    ASSERT_TRUE(a.redis.Write({o}).ok());
    std::optional<absl::Duration> lag =
        Within(absl::Seconds(2), [&] { return Holds(b.store, o); });
    ASSERT_TRUE(lag.has_value()) << "update " << i << " never reached b";
    worst = std::max(worst, *lag);
  }
  std::printf("worst replication lag a -> b over 20 writes: %s\n",
              absl::FormatDuration(worst).c_str());
  EXPECT_GT(b.redis.last_change_applied(), absl::Now() - absl::Seconds(5));
  EXPECT_TRUE(a.redis.connected() && b.redis.connected());
}

TEST(RedisStockTest, NewReplicaCatchesUpOnEverything) {
  RedisProcess redis;
  ASSERT_TRUE(redis.running()) << redis.log();
  Replica a(OptionsFor(redis));
  ASSERT_TRUE(a.redis.WaitCaughtUp(absl::Seconds(5)));
  // More NDCs and pharmacies per NDC than one SSCAN or HSCAN page holds.
  std::vector<StockObservation> all;
  for (int n = 0; n < 1200; ++n) {
    all.push_back(Observation("rx-0", absl::StrCat("ndc-", n), n, At(n)));
  }
  for (int p = 1; p < 2500; ++p) {
    all.push_back(
        Observation(absl::StrCat("rx-", p), "ndc-0", p, At(p), "hhs"));
  }
  for (size_t i = 0; i < all.size(); i += 500) {
    ASSERT_TRUE(a.redis
                    .Write(absl::MakeConstSpan(all).subspan(
                        i, std::min<size_t>(500, all.size() - i)))
                    .ok());
  }

  Replica c(OptionsFor(redis));
  const absl::Time start = absl::Now();
  ASSERT_TRUE(c.redis.WaitCaughtUp(absl::Seconds(5)));
  std::printf("caught up on %zu levels in %s\n", c.store.size(),
              absl::FormatDuration(absl::Now() - start).c_str());
  EXPECT_EQ(c.store.size(), all.size());
  for (const StockObservation& o : all) {
    ASSERT_TRUE(Holds(c.store, o)) << o.pharmacy_id << " " << o.ndc;
  }
}

TEST(RedisStockTest, CatchUpMissesNothingWrittenDuringIt) {
  RedisProcess redis;
  ASSERT_TRUE(redis.running()) << redis.log();
  Replica a(OptionsFor(redis));
  ASSERT_TRUE(a.redis.WaitCaughtUp(absl::Seconds(5)));
  // Each round rewrites the same 400 levels, later each time.
  auto round = [&](int r) {
    std::vector<StockObservation> batch;
    for (int p = 0; p < 400; ++p) {
      batch.push_back(Observation(absl::StrCat("rx-", p),
                                  absl::StrCat("ndc-", p % 13), r, At(r)));
    }
    return a.redis.Write(batch).ok();
  };
  for (int r = 0; r < 5; ++r) ASSERT_TRUE(round(r));
  std::unique_ptr<Replica> c;
  for (int r = 5; r < 40; ++r) {
    if (r == 10) c = std::make_unique<Replica>(OptionsFor(redis));
    ASSERT_TRUE(round(r));
  }
  ASSERT_TRUE(c->redis.WaitCaughtUp(absl::Seconds(5)));
  EXPECT_TRUE(Within(absl::Seconds(2), [&] {
    bool same = c->store.size() == a.store.size();
    a.store.ForEach([&](const std::string& pharmacy, const std::string& ndc,
                        const StockLevel& level) {
      same = same && Holds(c->store, {pharmacy, ndc, level});
    });
    return same;
  }));
}

class RedisPasswordTest : public ::testing::Test {
 protected:
  static constexpr char kPassword[] = "s3cret pass";

  std::string PasswordFile(absl::string_view content) {
    const std::string path =
        absl::StrCat(redis_.dir(), "/password-", files_++, ".txt");
    std::ofstream(path) << content;
    return path;
  }

  RedisProcess redis_{{.requirepass = kPassword}};
  int files_ = 0;
};

TEST_F(RedisPasswordTest, PasswordFromFile) {
  ASSERT_TRUE(redis_.running()) << redis_.log();
  RedisStockOptions options = OptionsFor(redis_);
  options.password_file = PasswordFile(absl::StrCat(kPassword, "\n"));
  Replica a(options);
  ASSERT_TRUE(a.redis.WaitCaughtUp(absl::Seconds(5)));
  EXPECT_TRUE(
      a.redis.Write({Observation("rx-1", "00069108530", 1, At(1))}).ok());
}

TEST_F(RedisPasswordTest, WrongOrMissingPasswordNeverConnects) {
  ASSERT_TRUE(redis_.running()) << redis_.log();
  std::vector<std::string> lines;
  absl::Mutex mu;
  RedisStockOptions options = OptionsFor(redis_);
  options.log = [&](LogLevel, absl::string_view line) {
    absl::MutexLock lock(&mu);
    lines.emplace_back(line);
  };
  struct Case {
    std::string password_file;
    std::string cause;
  };
  for (const Case& c : std::vector<Case>{
           {PasswordFile("wrong\n"), "WRONGPASS"},
           {"", "NOAUTH"},
           {absl::StrCat(redis_.dir(), "/no-such-file"), "password file"},
       }) {
    options.password_file = c.password_file;
    Replica a(options);
    EXPECT_FALSE(a.redis.WaitCaughtUp(absl::Milliseconds(300)));
    EXPECT_FALSE(a.redis.connected());
    absl::StatusOr<std::vector<Outcome>> written =
        a.redis.Write({Observation("rx-1", "00069108530", 1, At(1))});
    EXPECT_EQ(written.status().code(), absl::StatusCode::kUnavailable);
    EXPECT_THAT(std::string(written.status().message()),
                HasSubstr("Redis at 127.0.0.1:"));
    EXPECT_THAT(std::string(written.status().message()), HasSubstr(c.cause));
  }
  absl::MutexLock lock(&mu);
  for (const std::string& line : lines) {
    EXPECT_THAT(line, Not(HasSubstr("wrong")));
    EXPECT_THAT(line, Not(HasSubstr(kPassword)));
  }
  EXPECT_FALSE(lines.empty());
}

TEST(RedisStockTest, RedisDownWritesFailFastReadsGoOn) {
  RedisProcess redis;
  ASSERT_TRUE(redis.running()) << redis.log();
  RedisStockOptions options = OptionsFor(redis);
  Replica a(options);
  ASSERT_TRUE(a.redis.WaitCaughtUp(absl::Seconds(5)));
  const StockObservation held = Observation("rx-1", "00069108530", 4, At(1));
  ASSERT_TRUE(a.redis.Write({held}).ok());

  redis.Kill();
  for (int i = 0; i < 3; ++i) {
    const absl::Time start = absl::Now();
    absl::StatusOr<std::vector<Outcome>> written =
        a.redis.Write({Observation("rx-2", "00069108530", 1, At(2))});
    const absl::Duration took = absl::Now() - start;
    std::printf("write %d with Redis down failed in %s: %s\n", i,
                absl::FormatDuration(took).c_str(),
                written.status().ToString().c_str());
    EXPECT_EQ(written.status().code(), absl::StatusCode::kUnavailable);
    EXPECT_THAT(std::string(written.status().message()), HasSubstr("Redis at"));
    EXPECT_LT(took, options.command_timeout);
  }
  EXPECT_TRUE(Within(absl::Seconds(2), [&] { return !a.redis.connected(); }));
  EXPECT_TRUE(Holds(a.store, held));
  EXPECT_FALSE(a.store.Get("rx-2", "00069108530").has_value());
}

TEST(RedisStockTest, WritesToAHungRedisTimeOut) {
  RedisProcess redis;
  ASSERT_TRUE(redis.running()) << redis.log();
  RedisStockOptions options = OptionsFor(redis);
  options.command_timeout = absl::Milliseconds(200);
  Replica a(options), b(options);
  ASSERT_TRUE(a.redis.WaitCaughtUp(absl::Seconds(5)));
  ASSERT_TRUE(b.redis.WaitCaughtUp(absl::Seconds(5)));

  redis.Pause();
  const absl::Time start = absl::Now();
  absl::StatusOr<std::vector<Outcome>> written =
      a.redis.Write({Observation("rx-1", "00069108530", 1, At(1))});
  const absl::Duration took = absl::Now() - start;
  std::printf("write to a hung Redis failed in %s: %s\n",
              absl::FormatDuration(took).c_str(),
              written.status().ToString().c_str());
  EXPECT_EQ(written.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_GE(took, options.command_timeout);
  EXPECT_LT(took, 2 * options.command_timeout);
  EXPECT_FALSE(a.redis.connected());

  redis.Resume();
  const StockObservation after = Observation("rx-2", "00069108530", 2, At(2));
  EXPECT_TRUE(Within(absl::Seconds(3), [&] {
    return a.redis.Write({after}).ok() && Holds(b.store, after);
  }));
}

TEST(RedisStockTest, StartsBeforeRedisAndCatchesUpWhenItComes) {
  RedisProcess redis;
  ASSERT_TRUE(redis.running()) << redis.log();
  redis.Stop();
  Replica a(OptionsFor(redis));
  EXPECT_FALSE(a.redis.WaitCaughtUp(absl::Milliseconds(300)));
  EXPECT_EQ(a.redis.Write({Observation("rx-1", "00069108530", 1, At(1))})
                .status()
                .code(),
            absl::StatusCode::kUnavailable);
  ASSERT_TRUE(redis.Restart()) << redis.log();
  EXPECT_TRUE(a.redis.WaitCaughtUp(absl::Seconds(3)));
}

TEST(RedisStockTest, ReconnectsAfterRedisRestarts) {
  RedisProcess redis({.appendonly = true});
  ASSERT_TRUE(redis.running()) << redis.log();
  Replica a(OptionsFor(redis)), b(OptionsFor(redis));
  ASSERT_TRUE(a.redis.WaitCaughtUp(absl::Seconds(5)));
  ASSERT_TRUE(b.redis.WaitCaughtUp(absl::Seconds(5)));
  const StockObservation before = Observation("rx-1", "00069108530", 4, At(1));
  ASSERT_TRUE(a.redis.Write({before}).ok());

  redis.Kill();
  ASSERT_TRUE(redis.Restart()) << redis.log();
  const absl::Time restarted = absl::Now();
  std::optional<absl::Duration> reconnected = Within(absl::Seconds(3), [&] {
    return a.redis.connected() && b.redis.connected();
  });
  ASSERT_TRUE(reconnected.has_value());
  std::printf("both reconnected %s after the restart\n",
              absl::FormatDuration(*reconnected).c_str());
  const StockObservation after = Observation("rx-2", "00069108530", 6, At(2));
  ASSERT_TRUE(a.redis.Write({after}).ok());
  EXPECT_TRUE(Within(absl::Seconds(2), [&] { return Holds(b.store, after); }))
      << "a write after the restart never reached b";
  EXPECT_EQ(InRedis(redis, "rx-1", "00069108530"), Encoded(before));
  EXPECT_LT(absl::Now() - restarted, absl::Seconds(5));
}

TEST(RedisStockTest, NothingAcknowledgedIsLostWhenRedisCrashes) {
  RedisProcess redis({.appendonly = true, .appendfsync = "always"});
  ASSERT_TRUE(redis.running()) << redis.log();
  Replica a(OptionsFor(redis)), b(OptionsFor(redis));
  ASSERT_TRUE(a.redis.WaitCaughtUp(absl::Seconds(5)));
  ASSERT_TRUE(b.redis.WaitCaughtUp(absl::Seconds(5)));

  // A feed: batches of 10, each retried whole until Redis acknowledges it.
  constexpr int kUpdates = 600, kBatch = 10;
  std::vector<StockObservation> updates;
  for (int i = 0; i < kUpdates; ++i) {
    updates.push_back(Observation(absl::StrCat("rx-", i),
                                  absl::StrCat("ndc-", i % 7), i, At(i)));
  }
  absl::Notification a_third_acknowledged;
  int acknowledged = 0, failures = 0;
  std::thread feed([&] {
    for (int i = 0; i < kUpdates; i += kBatch) {
      const absl::Time give_up = absl::Now() + absl::Seconds(10);
      while (!a.redis.Write(absl::MakeConstSpan(updates).subspan(i, kBatch))
                  .ok() &&
             absl::Now() < give_up) {
        ++failures;
        absl::SleepFor(absl::Milliseconds(5));
      }
      if (absl::Now() >= give_up) return;
      acknowledged = i + kBatch;
      if (acknowledged == kUpdates / 3) a_third_acknowledged.Notify();
      absl::SleepFor(absl::Milliseconds(1));
    }
  });
  const bool crashed_mid_feed =
      a_third_acknowledged.WaitForNotificationWithTimeout(absl::Seconds(10));
  redis.Kill();
  absl::SleepFor(absl::Milliseconds(100));
  const bool restarted = redis.Restart();
  feed.join();
  ASSERT_TRUE(crashed_mid_feed);
  ASSERT_TRUE(restarted) << redis.log();
  std::printf("%d writes failed while Redis was down\n", failures);
  EXPECT_GT(failures, 0) << "the crash missed the feed";
  ASSERT_EQ(acknowledged, kUpdates);

  for (const StockObservation& o : updates) {
    ASSERT_EQ(InRedis(redis, o.pharmacy_id, o.ndc), Encoded(o));
  }
  EXPECT_TRUE(Within(absl::Seconds(3), [&] {
    return b.store.size() == kUpdates;
  })) << b.store.size();
  for (const StockObservation& o : updates) {
    ASSERT_TRUE(Holds(b.store, o)) << o.pharmacy_id;
  }
}

TEST(RedisStockTest, ReloadsWhenTheLogWasTrimmedPastItsPosition) {
  RedisProcess redis;
  ASSERT_TRUE(redis.running()) << redis.log();
  Replica a(OptionsFor(redis)), b(OptionsFor(redis));
  ASSERT_TRUE(a.redis.WaitCaughtUp(absl::Seconds(5)));
  ASSERT_TRUE(b.redis.WaitCaughtUp(absl::Seconds(5)));
  const StockObservation first = Observation("rx-1", "00069108530", 1, At(1));
  ASSERT_TRUE(a.redis.Write({first}).ok());
  ASSERT_TRUE(Within(absl::Seconds(2), [&] { return Holds(b.store, first); }));

  // Another writer's two updates, the first trimmed from the log before a
  // follower could read it (as when a follower falls far behind).
  const StockObservation missed = Observation("rx-2", "00069108530", 2, At(2));
  const StockObservation seen = Observation("rx-3", "00069108530", 3, At(3));
  RedisReply reply =
      redis.Command({"EVAL", R"lua(
    for i = 1, 2 do
      local p, v = ARGV[2 * i - 1], ARGV[2 * i]
      redis.call('HSET', KEYS[1], p, v)
      redis.call('XADD', KEYS[3], '*', 'ndc', ARGV[5], 'pharmacy', p,
                 'level', v)
    end
    redis.call('SADD', KEYS[2], ARGV[5])
    return redis.call('XTRIM', KEYS[3], 'MAXLEN', 1)
  )lua",
                     "3", "rxlocator:stock:00069108530", "rxlocator:stock:ndcs",
                     "rxlocator:stock:log", missed.pharmacy_id, Encoded(missed),
                     seen.pharmacy_id, Encoded(seen), "00069108530"});
  ASSERT_NE(reply, nullptr);
  ASSERT_EQ(reply->type, REDIS_REPLY_INTEGER) << reply->str;
  EXPECT_EQ(reply->integer, 2);  // first and missed were trimmed.

  EXPECT_TRUE(Within(absl::Seconds(2), [&] {
    return Holds(b.store, seen) && Holds(b.store, missed);
  })) << "b did not reload what the log lost";
}

TEST(RedisStockTest, StopsPromptly) {
  RedisProcess redis;
  ASSERT_TRUE(redis.running()) << redis.log();
  RedisStockOptions options = OptionsFor(redis);
  options.max_backoff = absl::Seconds(30);
  auto connected = std::make_unique<Replica>(options);
  ASSERT_TRUE(connected->redis.WaitCaughtUp(absl::Seconds(5)));
  absl::Time start = absl::Now();
  connected.reset();  // Mid-XREAD.
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(200));

  redis.Stop();
  auto waiting = std::make_unique<Replica>(options);
  absl::SleepFor(absl::Milliseconds(100));  // In its backoff by now.
  start = absl::Now();
  waiting.reset();
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(200));
}

}  // namespace
}  // namespace rxlocator
