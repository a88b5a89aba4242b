#include "testing/redis_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "testing/free_port.h"
#include "testing/temp_dir.h"

namespace rxlocator {

RedisProcess::RedisProcess(RedisProcessOptions options)
    : options_(std::move(options)) {
  dir_ = NewTempDir("rx-redis");
  if (dir_.empty()) return;
  // Another process may take the port between FreePort and redis's bind.
  for (int attempt = 0; attempt < 5 && !running(); ++attempt) {
    port_ = FreePort();
    Start();
  }
}

RedisProcess::~RedisProcess() {
  Stop();
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

bool RedisProcess::Start() {
  const std::string config = absl::StrCat(dir_, "/redis.conf");
  const std::string log_path = absl::StrCat(dir_, "/redis.log");
  {
    std::ofstream out(config, std::ios::trunc);
    out << "port " << port_ << "\nbind 127.0.0.1\ndir " << dir_ << "\nlogfile "
        << log_path << "\nsave \"\"\nappendonly "
        << (options_.appendonly ? "yes" : "no") << "\nappendfsync "
        << options_.appendfsync << "\n";
    if (!options_.requirepass.empty()) {
      out << "requirepass \"" << options_.requirepass << "\"\n";
    }
  }
  pid_ = fork();
  if (pid_ == 0) {
    // What redis prints before it opens its log file goes there too. No
    // allocation here: other threads of the test may hold malloc's lock.
    int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    execlp("redis-server", "redis-server", config.c_str(), nullptr);
    _exit(127);
  }
  if (WaitUntilReady(absl::Seconds(10))) return true;
  Kill();
  return false;
}

bool RedisProcess::WaitUntilReady(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {  // It gave up, e.g. bind.
      pid_ = -1;
      return false;
    }
    // LOADING until the append-only file is read, then PONG.
    RedisReply pong = Command({"PING"});
    if (pong != nullptr && pong->type == REDIS_REPLY_STATUS) return true;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return false;
}

void RedisProcess::Signal(int signal) {
  if (pid_ <= 0) return;
  kill(pid_, signal);
  kill(pid_, SIGCONT);  // In case it was paused.
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void RedisProcess::Stop() { Signal(SIGTERM); }

void RedisProcess::Kill() { Signal(SIGKILL); }

void RedisProcess::Pause() {
  if (pid_ > 0) kill(pid_, SIGSTOP);
}

void RedisProcess::Resume() {
  if (pid_ > 0) kill(pid_, SIGCONT);
}

bool RedisProcess::Restart() {
  Stop();
  return Start();
}

std::string RedisProcess::log() const {
  std::ifstream in(absl::StrCat(dir_, "/redis.log"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

RedisReply RedisProcess::Command(const std::vector<std::string>& args) const {
  timeval timeout = absl::ToTimeval(absl::Seconds(2));
  std::unique_ptr<redisContext, decltype(&redisFree)> c(
      redisConnectWithTimeout("127.0.0.1", port_, timeout), &redisFree);
  if (c == nullptr || c->err) return nullptr;
  auto run = [&c](const std::vector<std::string>& argv) {
    std::vector<const char*> raw;
    std::vector<size_t> lengths;
    for (const std::string& arg : argv) {
      raw.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    return RedisReply(static_cast<redisReply*>(redisCommandArgv(
        c.get(), static_cast<int>(raw.size()), raw.data(), lengths.data())));
  };
  if (!options_.requirepass.empty()) {
    RedisReply auth = run({"AUTH", options_.requirepass});
    if (auth == nullptr || auth->type == REDIS_REPLY_ERROR) return nullptr;
  }
  return run(args);
}

}  // namespace rxlocator
