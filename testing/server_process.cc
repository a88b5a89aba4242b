#include "testing/server_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc_health_v1.grpc.pb.h"
#include "nlohmann/json.hpp"

namespace rxlocator {

void ExitOnSanitizerReport(absl::string_view program,
                           absl::string_view output) {
  // Every sanitizer ends its report with a line "SUMMARY: <name>Sanitizer:
  // ...", UBSan's included.
  bool reported = false;
  for (size_t at = 0;
       !reported && (at = output.find("SUMMARY: ", at)) != output.npos; ++at) {
    const absl::string_view rest = output.substr(at + 9);
    reported = absl::EndsWith(rest.substr(0, rest.find(':')), "Sanitizer");
  }
  if (!reported) return;
  // The report starts at a row of '=' (ASan, LSan, TSan) or at UBSan's
  // "file:line:column: runtime error:" line.
  size_t start = std::min(output.find("=================="),
                          output.find("runtime error:"));
  if (start != output.npos) start = output.rfind('\n', start);
  start = start == output.npos ? 0 : start + 1;
  std::cerr << "\n*** " << program
            << " stopped with a sanitizer report, which ends this program "
               "too:\n"
            << output.substr(start) << std::endl;
  std::_Exit(1);  // As the sanitizers do, without running atexit handlers.
}

std::string BinaryPath(const std::string& relative) {
  return absl::StrCat(RXLOCATOR_BINARY_DIR, "/", relative);
}

ServerProcess::ServerProcess(const std::vector<std::string>& args) {
  // No lame-duck wait unless a test asks for one: tests stop servers often.
  std::vector<std::string> argv = {BinaryPath("server/rxlocator-server"),
                                   "--listen=127.0.0.1:0",
                                   "--lame_duck_seconds=0"};
  // Tests write freely, unless they test who may write.
  if (std::none_of(args.begin(), args.end(), [](const std::string& arg) {
        return absl::StartsWith(arg, "--writer_") ||
               absl::StartsWith(arg, "--tls_");
      })) {
    argv.push_back("--allow_unauthenticated_writes");
  }
  argv.insert(argv.end(), args.begin(), args.end());
  // Made before fork: the child must not allocate, as another thread of the
  // test may have held malloc's lock when it forked.
  std::vector<char*> raw;
  for (std::string& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return;
  pid_ = fork();
  if (pid_ == 0) {
    // Its stdout too, so that a test that dies (a sanitizer report of its
    // own) leaves the server nothing of CTest's to hold open.
    dup2(pipe_fds[1], STDOUT_FILENO);
    dup2(pipe_fds[1], STDERR_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    execv(raw[0], raw.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  reader_ = std::thread([this, fd = pipe_fds[0]] { ReadOutput(fd); });
}

ServerProcess::~ServerProcess() {
  Stop();
  if (reader_.joinable()) reader_.join();
}

void ServerProcess::ReadOutput(int fd) {
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) {
    std::lock_guard<std::mutex> lock(mu_);
    output_.append(buffer, n);
  }
  close(fd);
}

std::string ServerProcess::output() const {
  std::lock_guard<std::mutex> lock(mu_);
  return output_;
}

std::string ServerProcess::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

std::shared_ptr<grpc::Channel> ServerProcess::Channel() const {
  return grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
}

bool ServerProcess::WaitForPort(absl::Duration timeout) {
  if (port_ == 0) port_ = WaitForListener("grpc", timeout);
  return port_ != 0;
}

bool ServerProcess::Ended() {
  if (ended_) return true;
  int status = 0;
  if (pid_ <= 0 || waitpid(pid_, &status, WNOHANG) != pid_) return false;
  ended_ = true;
  status_ = status;
  if (reader_.joinable()) reader_.join();  // All the server wrote.
  ExitOnSanitizerReport("rxlocator-server", output());
  return true;
}

int ServerProcess::WaitForListener(absl::string_view listener,
                                   absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  for (size_t checked = 0;;) {  // Up to the end of the lines checked.
    const std::string text = output();
    for (size_t end; (end = text.find('\n', checked)) != std::string::npos;
         checked = end + 1) {
      const nlohmann::json line = nlohmann::json::parse(
          text.begin() + checked, text.begin() + end, /*cb=*/nullptr,
          /*allow_exceptions=*/false);
      if (line.is_object() && line.value("msg", "") == "listening" &&
          line.value("listener", "") == listener && line.value("port", 0) > 0) {
        return line["port"].get<int>();
      }
    }
    if (absl::Now() > deadline || Ended()) return 0;
    absl::SleepFor(absl::Milliseconds(20));
  }
}

bool ServerProcess::WaitUntilServing(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  if (!WaitForPort(timeout)) return false;
  auto health = grpc::health::v1::Health::NewStub(Channel());
  while (absl::Now() < deadline) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(1)));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    if (health->Check(&context, request, &response).ok() &&
        response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return true;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  return false;
}

int ServerProcess::WaitForExit(absl::Duration timeout) {
  if (pid_ <= 0) return -1;
  const absl::Time deadline = absl::Now() + timeout;
  while (!Ended()) {
    if (absl::Now() >= deadline) return -1;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return status_;
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  // Never signal a process already reaped: its pid may be another's now.
  if (!Ended()) kill(pid_, SIGTERM);
  if (WaitForExit(absl::Seconds(30)) == -1) {
    kill(pid_, SIGKILL);
    while (!Ended()) absl::SleepFor(absl::Milliseconds(20));
  }
  return status_;
}

BinaryRun RunBinary(const std::string& relative, const std::string& args) {
  const std::string command =
      absl::StrCat(BinaryPath(relative), " ", args, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  std::array<char, 4096> buffer;
  for (size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
    output.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  ExitOnSanitizerReport(relative, output);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace rxlocator
