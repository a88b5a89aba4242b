#include "testing/postgres_process.h"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
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
namespace {

// Forks and execs `argv` as uid:gid in `dir`, with its output appended to
// dir/postgres.log; the child's pid, or -1. The strings are built before the
// fork: other threads may hold malloc's lock.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& dir,
            uid_t uid, gid_t gid) {
  const std::string log_path = dir + "/postgres.log";
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.data()));
  args.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    close(log);
    // Root's groups dropped too. PostgreSQL finds its own binaries through
    // the working directory, which must be one it may enter.
    if (getuid() != uid &&
        (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0)) {
      _exit(126);
    }
    if (chdir(dir.c_str()) != 0) _exit(126);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

}  // namespace

PostgresProcess::PostgresProcess(PostgresProcessOptions options)
    : options_(std::move(options)) {
  dir_ = NewTempDir("rx-postgres");
  if (dir_.empty()) return;
  uid_ = getuid();
  gid_ = getgid();
  if (uid_ == 0) {
    const passwd* postgres = getpwnam("postgres");
    if (postgres == nullptr) return;
    uid_ = postgres->pw_uid;
    gid_ = postgres->pw_gid;
    if (chown(dir_.c_str(), uid_, gid_) != 0) return;
  }
  if (!InitCluster()) return;
  // Another process may take the port between FreePort and the bind.
  for (int attempt = 0; attempt < 5 && !running(); ++attempt) {
    port_ = FreePort();
    Start();
  }
}

PostgresProcess::~PostgresProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGINT);  // Fast shutdown: ends sessions, then exits.
    waitpid(pid_, nullptr, 0);
  }
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

bool PostgresProcess::InitCluster() {
  const pid_t pid =
      Spawn({options_.bin_dir + "/initdb", "--pgdata=" + dir_ + "/data",
             "--username=postgres", "--auth=trust", "--encoding=UTF8",
             "--locale=C", "--no-sync"},
            dir_, uid_, gid_);
  int status = 0;
  return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0;
}

bool PostgresProcess::Start() {
  std::vector<std::string> argv = {options_.bin_dir + "/postgres",
                                   "-D",
                                   dir_ + "/data",
                                   "-p",
                                   absl::StrCat(port_),
                                   "-k",
                                   dir_,
                                   "-c",
                                   "listen_addresses=127.0.0.1"};
  for (const std::string& setting : options_.settings) {
    argv.insert(argv.end(), {"-c", setting});
  }
  pid_ = Spawn(argv, dir_, uid_, gid_);
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (pid_ > 0 && absl::Now() < deadline) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {  // It gave up, e.g. bind.
      pid_ = -1;
      return false;
    }
    if (PQping(conninfo().c_str()) == PQPING_OK) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  return false;
}

std::string PostgresProcess::conninfo() const {
  return absl::StrCat("host=127.0.0.1 port=", port_,
                      " user=postgres dbname=postgres");
}

std::string PostgresProcess::log() const {
  std::ifstream in(dir_ + "/postgres.log");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace rxlocator
