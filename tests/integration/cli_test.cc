// The rxlocator command-line client against the real server: each
// subcommand's output and the exit codes scripts rely on.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/server_process.h"

namespace rxlocator {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct CliRun {
  int exit_code;
  std::string output;  // stdout and stderr together.
};

CliRun Cli(const std::string& args) {
  const std::string command =
      absl::StrCat(BinaryPath("tools/rxlocator"), " ", args, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  std::array<char, 4096> buffer;
  for (size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
    output.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

class CliTest : public BundledServerTest {
 protected:
  static CliRun Call(const std::string& args) {
    return Cli(absl::StrCat("--server=", server().address(), " ", args));
  }
};

TEST_F(CliTest, NearestPrintsATable) {
  const CliRun run = Call("nearest --zip 99503 --limit 3");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, StartsWith("MILES  NAME"));
  EXPECT_THAT(run.output, HasSubstr("AK 995"));
  EXPECT_THAT(run.output, HasSubstr("more: --page-token="));
}

TEST_F(CliTest, NearestJsonAndFilters) {
  const CliRun run = Call(
      "--json nearest --lat 61.19 --lng -149.87 --radius-miles 2 "
      "--service vaccinations --open-for-minutes 30 --limit 2");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("\"data_version\""));
}

TEST_F(CliTest, PharmacyByNpi) {
  const CliRun run = Call("pharmacy 1740219781");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("npi 1740219781"));
  EXPECT_THAT(run.output, HasSubstr("America/Anchorage"));
}

TEST_F(CliTest, HealthSaysServing) {
  const CliRun run = Call("health");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.output, "SERVING\n");
}

TEST_F(CliTest, ServerErrorsExitOneWithTheServersMessage) {
  CliRun run = Call("pharmacy no-such-id");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.output, HasSubstr("\"no-such-id\" is not the id, NPI"));
  run = Call("nearest --lat 95 --lng 0");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.output, HasSubstr("origin.lat_lng.latitude"));
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  for (const char* args : {"", "nearest", "nearest --lat x --lng 1",
                           "frobnicate", "nearest --zip 99503 --service spa"}) {
    const CliRun run = Call(args);
    EXPECT_EQ(run.exit_code, 2) << args << ": " << run.output;
  }
}

TEST(CliUnreachableTest, ExitsThreeWhenNoServerAnswers) {
  // Port 1 on loopback: nothing listens there.
  const CliRun run = Cli("--server=127.0.0.1:1 --timeout=2 health");
  EXPECT_EQ(run.exit_code, 3) << run.output;
}

}  // namespace
}  // namespace rxlocator
