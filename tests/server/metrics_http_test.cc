// The metrics endpoint over a real socket.
#include "server/metrics_http.h"

#include <atomic>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/http_get.h"

namespace rxlocator {
namespace {

using ::testing::HasSubstr;

class MetricsHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<MetricsHttpServer>> server =
        MetricsHttpServer::Start("127.0.0.1", 0, [this] {
          return absl::StrCat("rx_scrapes_total ", ++scrapes_, "\n");
        });
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_GT(server_->port(), 0);
  }

  std::atomic<int> scrapes_{0};
  std::unique_ptr<MetricsHttpServer> server_;
};

TEST_F(MetricsHttpTest, GetMetricsServesTheRenderedText) {
  const HttpResponse first = HttpRequest(server_->port(), "GET", "/metrics");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, "rx_scrapes_total 1\n");
  EXPECT_THAT(first.headers, HasSubstr("content-type: text/plain; "
                                       "version=0.0.4; charset=utf-8"));
  // Rendered afresh for each scrape; a query string changes nothing.
  EXPECT_EQ(HttpRequest(server_->port(), "GET", "/metrics?x=1").body,
            "rx_scrapes_total 2\n");
}

TEST_F(MetricsHttpTest, OtherPathsAreNotFoundAndOtherMethodsNotAllowed) {
  for (const char* path : {"/", "/metrics/", "/metricsx", "/health"}) {
    const HttpResponse r = HttpRequest(server_->port(), "GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_THAT(r.body, HasSubstr("/metrics")) << path;
  }
  const HttpResponse post = HttpRequest(server_->port(), "POST", "/metrics");
  EXPECT_EQ(post.status, 405);
  EXPECT_THAT(post.headers, HasSubstr("allow: get, head"));
  EXPECT_EQ(scrapes_, 0);
}

TEST_F(MetricsHttpTest, APortInUseIsUnavailable) {
  absl::StatusOr<std::unique_ptr<MetricsHttpServer>> second =
      MetricsHttpServer::Start("127.0.0.1", server_->port(),
                               [] { return std::string(); });
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(second.status().message(),
              HasSubstr(absl::StrCat("127.0.0.1:", server_->port())));
}

TEST(MetricsHttpStartTest, AHostThatDoesNotResolveIsUnavailable) {
  absl::StatusOr<std::unique_ptr<MetricsHttpServer>> server =
      MetricsHttpServer::Start("no-such-host.invalid", 0,
                               [] { return std::string(); });
  EXPECT_EQ(server.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(server.status().message(), HasSubstr("no-such-host.invalid"));
}

TEST(MetricsHttpStartTest, ServesOnIpv6Loopback) {
  absl::StatusOr<std::unique_ptr<MetricsHttpServer>> server =
      MetricsHttpServer::Start("::1", 0, [] { return std::string("up 1\n"); });
  if (!server.ok()) GTEST_SKIP() << "no IPv6 here: " << server.status();
  EXPECT_GT((*server)->port(), 0);
}

}  // namespace
}  // namespace rxlocator
