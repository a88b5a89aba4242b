// ServerProcess: the real rxlocator-server binary, started for a test or a
// benchmark on a free loopback port and stopped with SIGTERM when it ends.
//
//   ServerProcess server({"--pharmacies=native:/tmp/p.csv"});
//   ASSERT_TRUE(server.WaitUntilServing()) << server.output();
//   auto stub = v1::PharmacyLocator::NewStub(server.Channel());
//
// Not thread-safe; one thread drives it.
#ifndef RXLOCATOR_TESTING_SERVER_PROCESS_H_
#define RXLOCATOR_TESTING_SERVER_PROCESS_H_

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace rxlocator {

class ServerProcess {
 public:
  // Starts the server with --listen=127.0.0.1:0 --lame_duck_seconds=0 (and
  // --allow_unauthenticated_writes unless `args` has a --writer_ or --tls_
  // flag), then
  // `args` (which may override them).
  explicit ServerProcess(const std::vector<std::string>& args);
  ~ServerProcess();  // Stop(), if not done yet.

  // Waits until the server logs the port it serves gRPC on. False on
  // timeout or exit.
  bool WaitForPort(absl::Duration timeout = absl::Seconds(60));
  // Waits until the server logs the port of `listener` ("grpc", "metrics",
  // "health"): its JSON line {"msg":"listening","listener":...,"port":N}.
  // The port, or 0 on timeout or exit.
  int WaitForListener(absl::string_view listener,
                      absl::Duration timeout = absl::Seconds(60));
  // WaitForPort, then until its health service reports SERVING.
  bool WaitUntilServing(absl::Duration timeout = absl::Seconds(60));
  // Sends SIGTERM (unless it has exited) and returns the exit status (as
  // from waitpid), or -1.
  int Stop();
  // Waits for the process to exit by itself; its status, or -1 on timeout.
  // This and Stop check all it printed with ExitOnSanitizerReport once it
  // has exited.
  int WaitForExit(absl::Duration timeout);

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string address() const;
  std::shared_ptr<grpc::Channel> Channel() const;
  // Everything the server printed (on stderr, where it logs, or stdout) so
  // far: all of it once Stop or WaitForExit has seen it exit.
  std::string output() const;

 private:
  void ReadOutput(int fd);
  // Whether the process has exited; the first time, reaps it (keeping its
  // status), waits for its last output and checks it for a sanitizer report.
  bool Ended();

  pid_t pid_ = -1;
  bool ended_ = false;
  int status_ = -1;
  int port_ = 0;
  std::thread reader_;
  mutable std::mutex mu_;
  std::string output_;
};

// The path of a built binary, e.g. BinaryPath("server/rxlocator-server").
std::string BinaryPath(const std::string& relative);

// Under a sanitizer (tests/sanitizers/), a report in a child's `output` ends
// this program too, printing the report and exiting with status 1, as a
// report of its own would: every executable is built with the same
// sanitizer, and a finding in the server must fail the test or benchmark
// that started it even when the test checks nothing after the server stops.
// ServerProcess and RunBinary call it.
void ExitOnSanitizerReport(absl::string_view program, absl::string_view output);

struct BinaryRun {
  int exit_code;       // -1 if it did not exit normally.
  std::string output;  // stdout and stderr together.
};
// Runs a built binary with `args` (a shell word list) and waits for it; see
// ExitOnSanitizerReport.
BinaryRun RunBinary(const std::string& relative, const std::string& args);

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTING_SERVER_PROCESS_H_
