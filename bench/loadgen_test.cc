// rxlocator-loadgen against the real server on the bundled data: each kind
// of query, closed and open loop, and failed calls counted and reported.
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/server_process.h"

namespace rxlocator {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

class LoadgenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess({"--access_log=off"});
    ASSERT_TRUE(server_->WaitUntilServing()) << server_->output();
  }
  static void TearDownTestSuite() { delete server_; }

  static BinaryRun Load(const std::string& flags) {
    return RunBinary("bench/rxlocator-loadgen",
                     absl::StrCat("--server=", server_->address(),
                                  " --seconds=1 --warmup_seconds=0.2 ", flags));
  }

  static ServerProcess* server_;
};
ServerProcess* LoadgenTest::server_ = nullptr;

TEST_F(LoadgenTest, ClosedLoopServesEveryKindOfQuery) {
  for (const std::string query :
       {"plain", "plan", "plan_open", "plan_open_stock", "urgent", "health"}) {
    const BinaryRun run =
        Load(absl::StrCat("--closed --concurrency=8 --query=", query));
    EXPECT_EQ(run.exit_code, 0) << run.output;
    EXPECT_THAT(run.output,
                MatchesRegex(absl::StrCat(query,
                                          " closed loop x8: [1-9][0-9]* "
                                          "calls in .*, 0 failed\n")));
  }
}

TEST_F(LoadgenTest, OpenLoopSendsExactlyRateTimesDuration) {
  const BinaryRun run = Load("--rate=300 --query=plan_open");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("open loop at 300/s: 300 calls in "));
}

TEST_F(LoadgenTest, FailedCallsAreCountedByCode) {
  // No such plan: every call is NOT_FOUND (code 5).
  const BinaryRun run = Load("--rate=50 --query=plan --plan=999999:NOPE:NONE");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("50 calls in "));
  EXPECT_THAT(run.output, HasSubstr(", 50 failed"));
  EXPECT_THAT(run.output, HasSubstr(" code 5: 50;"));
}

}  // namespace
}  // namespace rxlocator
