// BundledServerTest: a test suite that shares one rxlocator-server on the
// bundled data across its tests. This header also gives the tests
// ServerProcess, BinaryPath and RunBinary (testing/server_process.h).
//
//   class MyTest : public BundledServerTest {};
//   TEST_F(MyTest, Works) {
//     auto stub = v1::PharmacyLocator::NewStub(server().Channel());
//   }
#ifndef RXLOCATOR_TESTS_INTEGRATION_SERVER_PROCESS_H_
#define RXLOCATOR_TESTS_INTEGRATION_SERVER_PROCESS_H_

#include "gtest/gtest.h"
#include "testing/server_process.h"

namespace rxlocator {

// A test suite that shares one server on the bundled data across its tests.
class BundledServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  static ServerProcess& server() { return *server_; }

 private:
  static ServerProcess* server_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTS_INTEGRATION_SERVER_PROCESS_H_
