// RedisStock: live stock shared by every replica through Redis, mirrored
// into each replica's in-process StockStore so that queries never wait on
// Redis.
//
//   StockStore store;
//   RedisStock redis({.host = "10.0.0.5", .password_file = "/run/redis-pw"},
//                    &store);
//   if (!redis.WaitCaughtUp(absl::Seconds(30))) ...  // not SERVING yet
//   absl::StatusOr<std::vector<StockStore::Outcome>> outcomes =
//       redis.Write(observations);  // UNAVAILABLE: retry the whole batch
//
// A write is stored in Redis, atomically with its version check, before
// Write returns; every replica (the writer too) follows Redis's change log
// and applies it to its own store. A replica that starts or reconnects
// loads every level Redis holds before it follows the log again.
//
// Data in Redis, under Options::key_prefix (P):
//   P stock:<ndc>   a hash per NDC: field the pharmacy id, value the level as
//                   "<observed_at Unix micros> <quantity> <source>" (the
//                   source is the rest of the value and may hold spaces);
//   P stock:ndcs    a set of every NDC with a hash, for catch-up;
//   P stock:log     a stream, the change log: one entry per script call,
//                   holding the fields ndc, pharmacy and level (encoded as
//                   above) once per change it stored, trimmed to about
//                   Options::change_log_length entries.
// A Lua script does the version check, HSET and SADD of up to 128
// observations and appends the stored ones to the log, all at once. Times are
// kept to the microsecond (a finer part is dropped before comparing, in Redis
// and here alike), and, as Newer() says, an observation is stored only if it is
// strictly later than the one held.
//
// Two connections per instance: one for writes, one that catches up and
// then blocks in XREAD on the log. Each socket read and write has a
// deadline (Options::command_timeout). On any connection error both are
// dropped, and a background thread reconnects with exponential backoff and
// jitter, then reloads everything (so a log trimmed while we were away
// loses nothing); while it is down, Write fails at once with UNAVAILABLE and
// the store keeps what it had, marked stale (StockStore::stale()) until the
// reload after the reconnect. A follower that falls so far behind that the
// log was trimmed past its position also reloads everything.
//
// Durability is Redis's: an acknowledged write survives a Redis crash only
// if Redis runs with appendonly yes and appendfsync always (everysec may
// lose the last second).
//
// Redis writes go to sockets that the peer may have closed: the constructor
// sets SIGPIPE to be ignored if it still has its default action (which
// would kill the process), as every client of a network server must.
//
// Thread-safe: Write may be called from any number of threads at once (they
// share one connection and take turns); every other method too.
#ifndef RXLOCATOR_SERVER_REDIS_STOCK_H_
#define RXLOCATOR_SERVER_REDIS_STOCK_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "index/stock.h"
#include "index/stock_store.h"
#include "server/json_log.h"

struct redisContext;  // hiredis

namespace rxlocator {

struct RedisStockOptions {
  // Where Redis listens. Default 127.0.0.1:6379.
  std::string host = "127.0.0.1";
  int port = 6379;
  // A file whose content, a trailing newline stripped, is the password sent
  // with AUTH. Read again on every connect, so a rotated secret is picked
  // up. Default empty: no AUTH. The password is never logged.
  std::string password_file;
  // How long a TCP connect may take. Default 1 second.
  absl::Duration connect_timeout = absl::Seconds(1);
  // How long one socket read or write of a command may take. Default 500 ms.
  absl::Duration command_timeout = absl::Milliseconds(500);
  // Reconnect backoff: the first retry waits about min_backoff, each
  // failed one doubles the wait up to max_backoff; each wait is picked
  // uniformly from its upper half. Defaults 50 ms and 5 seconds.
  absl::Duration min_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Seconds(5);
  // Prefix of every key. Default "rxlocator:".
  std::string key_prefix = "rxlocator:";
  // About how many entries the change log keeps (XADD MAXLEN ~). A replica
  // only needs the entries written while it is connected but has not read
  // them yet (a reconnect reloads everything), so this bounds how far a
  // live replica may fall behind before it must reload. An entry holds up
  // to 128 changes. Default 100,000.
  int64_t change_log_length = 100'000;
  // Receives a line on each change of connection state (connected, lost,
  // cannot connect and why, reloaded), with its level. Default: the JSON
  // log (server/json_log.h), with component "redis".
  std::function<void(LogLevel level, absl::string_view line)> log;
};

class RedisStock {
 public:
  // Starts the background work: connect, catch up (load every level Redis
  // holds into `store`), then follow the changes any replica makes. Does
  // not block. `store` must outlive this object.
  RedisStock(RedisStockOptions options, StockStore* store);
  // Stops the background thread: at once mid-XREAD or mid-backoff, within
  // a connect or command timeout while it is connecting.
  ~RedisStock();
  RedisStock(const RedisStock&) = delete;
  RedisStock& operator=(const RedisStock&) = delete;

  // Whether the first catch-up has completed: the store holds every level
  // Redis held when it started. The server reports SERVING only after it.
  bool caught_up() const { return caught_up_.HasBeenNotified(); }
  // Waits for the first catch-up; false on timeout.
  bool WaitCaughtUp(absl::Duration timeout) const {
    return caught_up_.WaitForNotificationWithTimeout(timeout);
  }

  // Stores each observation of `batch` in Redis if it is later than the
  // level Redis holds for its pharmacy and NDC (see the header comment),
  // pipelined, one atomic script call per 128 observations in batch order.
  // Returns one Outcome per observation, as Redis decided, once Redis has
  // them, after applying the accepted ones to the store. On a connection
  // error, a timeout, or while Redis is down: UNAVAILABLE naming Redis and
  // the cause; Redis may have taken part of the batch, so the caller
  // retries the whole of it (a repeat is stale, and harmless). Blocks for
  // up to a few command timeouts: call it from a writer thread, not a gRPC
  // reactor.
  absl::StatusOr<std::vector<StockStore::Outcome>> Write(
      absl::Span<const StockObservation> batch);

  // Whether both connections are up: Write reaches Redis and changes are
  // followed.
  bool connected() const { return connected_.load(); }
  // When a change from Redis (the log or a catch-up) was last applied to
  // the store; InfinitePast before the first.
  absl::Time last_change_applied() const;

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const;
  };
  using Context = std::unique_ptr<redisContext, ContextDeleter>;

  // The background thread: sessions, with backoff between them.
  void Run();
  // Connects both, catches up and follows until an error (returned) or
  // Stop. Sets *connected once both connections are up.
  absl::Status RunSession(bool* connected);
  // Loads every level Redis holds; their count.
  absl::StatusOr<int64_t> LoadAll(redisContext* c);
  // Follows the log from `last`; returns true when it must reload, false
  // when stopping, an error when the connection fails.
  absl::StatusOr<bool> Follow(redisContext* c, std::string last);
  absl::StatusOr<Context> Connect();
  absl::Status LoadScript(redisContext* c)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // Drops the write connection and wakes the follower so that the
  // background thread reconnects.
  void DropWriter(const absl::Status& cause)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  void MarkApplied();
  bool stopping() const;
  void Log(LogLevel level, absl::string_view message) const;
  std::string Key(absl::string_view name) const;
  std::string address() const;

  const RedisStockOptions options_;
  StockStore* const store_;
  const std::string ndcs_key_;
  const std::string log_key_;
  absl::Notification caught_up_;
  std::atomic<bool> connected_{false};

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // The follower connection's socket, shut down to interrupt the follower.
  int follower_fd_ ABSL_GUARDED_BY(mu_) = -1;
  // Why Redis is unavailable, for Write's error.
  absl::Status unavailable_ ABSL_GUARDED_BY(mu_);
  // Whether Write dropped its connection (and set unavailable_) this session.
  bool writer_dropped_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time last_applied_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();

  absl::Mutex write_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  Context writer_ ABSL_GUARDED_BY(write_mu_);
  std::string script_sha_ ABSL_GUARDED_BY(write_mu_);

  std::thread thread_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_REDIS_STOCK_H_
