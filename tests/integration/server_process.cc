#include "tests/integration/server_process.h"

namespace rxlocator {

ServerProcess* BundledServerTest::server_ = nullptr;

void BundledServerTest::SetUpTestSuite() {
  server_ = new ServerProcess({});
  ASSERT_TRUE(server_->WaitUntilServing()) << server_->output();
}

void BundledServerTest::TearDownTestSuite() {
  delete server_;
  server_ = nullptr;
}

}  // namespace rxlocator
