// RedisProcess: a real redis-server, started for a test or a benchmark on a
// free loopback port in a temporary directory, and stopped and removed when
// it ends.
//
//   RedisProcess redis({.appendonly = true});
//   ASSERT_TRUE(redis.running()) << redis.log();
//   RedisReply pong = redis.Command({"PING"});
//   redis.Kill();     // SIGKILL, as a crash
//   redis.Restart();  // same port and directory: the data survives if the
//                     // append-only file was on
//
// Not thread-safe; one test thread drives it (Command may be called from
// any thread).
#ifndef RXLOCATOR_TESTING_REDIS_PROCESS_H_
#define RXLOCATOR_TESTING_REDIS_PROCESS_H_

#include <hiredis/hiredis.h>
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace rxlocator {

struct RedisProcessOptions {
  // Keep an append-only file, so that data survives Kill and Restart.
  // Default false: like --save "" --appendonly no, nothing is persisted.
  bool appendonly = false;
  // With appendonly: "always" fsyncs before each reply. Default "everysec".
  std::string appendfsync = "everysec";
  // Clients must AUTH with this. Default empty: no password.
  std::string requirepass;
};

struct RedisReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using RedisReply = std::unique_ptr<redisReply, RedisReplyDeleter>;

class RedisProcess {
 public:
  // Starts redis-server and waits until it answers PING; see running().
  explicit RedisProcess(RedisProcessOptions options = {});
  ~RedisProcess();  // Stops it and removes its directory.

  // Whether it was started and answered PING (and has not been stopped).
  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& dir() const { return dir_; }
  // Its log so far.
  std::string log() const;

  // SIGTERM, then waits for it to exit.
  void Stop();
  // SIGKILL, then reaps it: a crash, with no chance to flush anything.
  void Kill();
  // SIGSTOP and SIGCONT: a server that hangs, its sockets still open.
  void Pause();
  void Resume();
  // Stops it if running, then starts it again on the same port and
  // directory and waits until it answers PING (loading its data first).
  bool Restart();

  // Runs one command on a fresh connection (AUTH first with requirepass);
  // null if it cannot connect.
  RedisReply Command(const std::vector<std::string>& args) const;

 private:
  bool Start();
  bool WaitUntilReady(absl::Duration timeout);
  void Signal(int signal);

  const RedisProcessOptions options_;
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTING_REDIS_PROCESS_H_
