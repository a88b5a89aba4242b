// The metrics primitives and the families the server writes: exact text
// for small hand-checked cases.
#include "server/metrics.h"

#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rxlocator/v1/admin.pb.h"
#include "server/rpc_metrics.h"
#include "server/stats_metrics.h"
#include "server/stock_update_metrics.h"

namespace rxlocator {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(HistogramTest, CountsEachValueInTheFirstBucketAtLeastIt) {
  Histogram h({0.5, 1});
  for (double v : {0.25, 0.5, 0.75, 1.0, 3.0, -1.0}) h.Observe(v);
  const HistogramData data = h.Read();
  EXPECT_THAT(data.bounds, ::testing::ElementsAre(0.5, 1));
  // (-1, 0.25, 0.5) <= 0.5 < (0.75, 1) <= 1 < (3).
  EXPECT_THAT(data.counts, ::testing::ElementsAre(3, 2, 1));
  EXPECT_DOUBLE_EQ(data.sum, 4.5);
}

TEST(HistogramTest, ConcurrentObservationsAllCount) {
  Histogram h({1});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&h] {
      for (int i = 0; i < 10000; ++i) h.Observe(i % 2 == 0 ? 0.5 : 2.0);
    });
  }
  for (std::thread& t : threads) t.join();
  const HistogramData data = h.Read();
  EXPECT_THAT(data.counts, ::testing::ElementsAre(20000, 20000));
  EXPECT_DOUBLE_EQ(data.sum, 20000 * 0.5 + 20000 * 2.0);
}

TEST(MetricWriterTest, WritesTheTextFormat) {
  Histogram h({0.5, 1});
  for (double v : {0.25, 0.5, 3.0}) h.Observe(v);
  MetricWriter out;
  out.Family("t_seconds", MetricType::kHistogram, "Slash \\ and\nnewline.");
  out.HistogramSamples("t_seconds", {{"method", "/a.B/C"}}, h.Read());
  out.Family("t_total", MetricType::kCounter, "Counted.");
  out.Sample("t_total", {{"code", "OK"}, {"path", "a\"b\\c\nd"}}, 7);
  out.Family("t_value", MetricType::kGauge, "Values.");
  out.Sample("t_value", {}, 1.5);
  out.Sample("t_value", {{"k", "big"}}, 1714564800.25);
  out.Sample("t_value", {{"k", "small"}}, 0.00005);
  out.Sample("t_value", {{"k", "nan"}}, std::nan(""));
  out.Sample("t_value", {{"k", "inf"}}, -HUGE_VAL);
  EXPECT_EQ(std::move(out).text(),
            "# HELP t_seconds Slash \\\\ and\\nnewline.\n"
            "# TYPE t_seconds histogram\n"
            "t_seconds_bucket{method=\"/a.B/C\",le=\"0.5\"} 2\n"
            "t_seconds_bucket{method=\"/a.B/C\",le=\"1\"} 2\n"
            "t_seconds_bucket{method=\"/a.B/C\",le=\"+Inf\"} 3\n"
            "t_seconds_sum{method=\"/a.B/C\"} 3.75\n"
            "t_seconds_count{method=\"/a.B/C\"} 3\n"
            "# HELP t_total Counted.\n"
            "# TYPE t_total counter\n"
            "t_total{code=\"OK\",path=\"a\\\"b\\\\c\\nd\"} 7\n"
            "# HELP t_value Values.\n"
            "# TYPE t_value gauge\n"
            "t_value 1.5\n"
            "t_value{k=\"big\"} 1714564800.25\n"
            "t_value{k=\"small\"} 5e-05\n"
            "t_value{k=\"nan\"} NaN\n"
            "t_value{k=\"inf\"} -Inf\n");
}

TEST(MetricWriterTest, HistogramWithoutLabels) {
  Histogram h({10});
  h.Observe(20);
  MetricWriter out;
  out.HistogramSamples("h", {}, h.Read());
  EXPECT_EQ(std::move(out).text(),
            "h_bucket{le=\"10\"} 0\n"
            "h_bucket{le=\"+Inf\"} 1\n"
            "h_sum 20\n"
            "h_count 1\n");
}

constexpr char kFind[] = "/rxlocator.v1.PharmacyLocator/FindPharmacies";
constexpr char kReload[] = "/rxlocator.v1.Admin/Reload";

TEST(RpcMetricsTest, MethodsOfListsEachServiceMethodInTheDescriptorPool) {
  const std::vector<std::string> methods =
      MethodsOf({"rxlocator.v1.Admin", "no.such.Service"});
  EXPECT_THAT(methods, ::testing::ElementsAre("/rxlocator.v1.Admin/Reload",
                                              "/rxlocator.v1.Admin/GetStats"));
}

TEST(RpcMetricsTest, SlotsByNameWhateverTheAddress) {
  RpcMetrics metrics({kFind, kReload});
  const std::string find_copy = kFind;
  const int find = metrics.Slot(kFind);
  EXPECT_EQ(metrics.name(find), kFind);
  EXPECT_FALSE(metrics.unknown(find));
  // Again from the cache, and from another address.
  EXPECT_EQ(metrics.Slot(kFind), find);
  EXPECT_EQ(metrics.Slot(find_copy.c_str()), find);
  EXPECT_EQ(metrics.name(metrics.Slot(kReload)), kReload);
  const int unknown = metrics.Slot("/x.Y/Z");
  EXPECT_TRUE(metrics.unknown(unknown));
  EXPECT_EQ(metrics.name(unknown), "unknown");
  EXPECT_EQ(metrics.Slot(nullptr), unknown);
}

TEST(RpcMetricsTest, WritesCountsByCodeLatencyAndInFlight) {
  RpcMetrics metrics({kFind, kReload});
  const int find = metrics.Slot(kFind);
  for (int i = 0; i < 3; ++i) {
    metrics.Started(find);
    metrics.Finished(find, grpc::StatusCode::OK, absl::Milliseconds(125));
  }
  metrics.Started(find);
  metrics.Finished(find, grpc::StatusCode::NOT_FOUND, absl::Seconds(20));
  metrics.Started(find);  // Still running.
  const int unknown = metrics.Slot("/x.Y/Z");
  metrics.Started(unknown);
  metrics.Finished(unknown, grpc::StatusCode::UNIMPLEMENTED,
                   absl::Microseconds(40));
  MetricWriter out;
  metrics.Write(out);
  const std::string text = std::move(out).text();
  // Codes with a call only, methods with a finished call only.
  EXPECT_THAT(text, HasSubstr(R"(rxlocator_rpc_handled_total{)"
                              R"(method="/rxlocator.v1.PharmacyLocator/)"
                              R"(FindPharmacies",code="OK"} 3)"
                              "\n"
                              R"(rxlocator_rpc_handled_total{)"
                              R"(method="/rxlocator.v1.PharmacyLocator/)"
                              R"(FindPharmacies",code="NOT_FOUND"} 1)"
                              "\n"
                              R"(rxlocator_rpc_handled_total{)"
                              R"(method="unknown",code="UNIMPLEMENTED"} 1)"
                              "\n# HELP rxlocator_rpc_duration_seconds "));
  EXPECT_THAT(text, Not(HasSubstr("code=\"CANCELLED\"")));
  EXPECT_THAT(text, Not(HasSubstr("rxlocator_rpc_duration_seconds_count{method="
                                  "\"/rxlocator.v1.Admin/Reload\"}")));
  const std::string find_label =
      R"({method="/rxlocator.v1.PharmacyLocator/FindPharmacies")";
  // 125 ms falls in the 250 ms bucket; 20 s above every bound.
  EXPECT_THAT(text,
              HasSubstr("rxlocator_rpc_duration_seconds_bucket" + find_label +
                        ",le=\"0.1\"} 0\n"
                        "rxlocator_rpc_duration_seconds_bucket" +
                        find_label + ",le=\"0.25\"} 3\n"));
  EXPECT_THAT(text,
              HasSubstr("rxlocator_rpc_duration_seconds_bucket" + find_label +
                        ",le=\"10\"} 3\n"
                        "rxlocator_rpc_duration_seconds_bucket" +
                        find_label +
                        ",le=\"+Inf\"} 4\n"
                        "rxlocator_rpc_duration_seconds_sum" +
                        find_label +
                        "} 20.375\n"
                        "rxlocator_rpc_duration_seconds_count" +
                        find_label + "} 4\n"));
  EXPECT_THAT(text, HasSubstr("rxlocator_rpc_duration_seconds_bucket{"
                              "method=\"unknown\",le=\"5e-05\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("rxlocator_rpc_in_flight" + find_label +
                              "} 1\n"
                              "rxlocator_rpc_in_flight{method="
                              "\"/rxlocator.v1.Admin/Reload\"} 0\n"
                              "rxlocator_rpc_in_flight{method="
                              "\"unknown\"} 0\n"));
}

TEST(RpcMetricsTest, ConcurrentCallsAllCount) {
  RpcMetrics metrics({kFind, kReload});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&metrics, t] {
      // Each thread's own copy: a different address for the same method.
      const std::string method = t % 2 == 0 ? kFind : kReload;
      for (int i = 0; i < 5000; ++i) {
        const int slot = metrics.Slot(t < 2 ? method.c_str() : kFind);
        metrics.Started(slot);
        metrics.Finished(slot, grpc::StatusCode::OK, absl::Milliseconds(1));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  MetricWriter out;
  metrics.Write(out);
  const std::string text = std::move(out).text();
  EXPECT_THAT(text, HasSubstr("FindPharmacies\",code=\"OK\"} 15000\n"));
  EXPECT_THAT(text, HasSubstr("Reload\",code=\"OK\"} 5000\n"));
  EXPECT_THAT(text, HasSubstr("FindPharmacies\"} 0\n"));  // In flight.
}

TEST(StockUpdateMetricsTest, CountsUpdatesAndTheirLag) {
  const absl::Time now = absl::FromUnixSeconds(1714564800);
  StockUpdateMetrics updates;
  for (absl::Duration age :
       {absl::Seconds(2), absl::Seconds(-5), absl::Seconds(100000)}) {
    StockObservation o{"rx-1", "00069108530", {17, now - age, "test"}};
    updates.OnApplied(o, now);
  }
  MetricWriter out;
  updates.Write(out);
  // Lags 2 s, 0 (a clock ahead of ours) and 100000 s (27.8 hours).
  EXPECT_EQ(std::move(out).text(),
            "# HELP rxlocator_stock_updates_applied_total Stock counts "
            "applied to this replica's store: newer than the count it "
            "held.\n"
            "# TYPE rxlocator_stock_updates_applied_total counter\n"
            "rxlocator_stock_updates_applied_total 3\n"
            "# HELP rxlocator_stock_update_lag_seconds How long after the "
            "pharmacy counted the stock each applied count reached this "
            "replica's store.\n"
            "# TYPE rxlocator_stock_update_lag_seconds histogram\n"
            "rxlocator_stock_update_lag_seconds_bucket{le=\"0.1\"} 1\n"
            "rxlocator_stock_update_lag_seconds_bucket{le=\"0.5\"} 1\n"
            "rxlocator_stock_update_lag_seconds_bucket{le=\"1\"} 1\n"
            "rxlocator_stock_update_lag_seconds_bucket{le=\"5\"} 2\n"
            "rxlocator_stock_update_lag_seconds_bucket{le=\"15\"} 2\n"
            "rxlocator_stock_update_lag_seconds_bucket{le=\"60\"} 2\n"
            "rxlocator_stock_update_lag_seconds_bucket{le=\"300\"} 2\n"
            "rxlocator_stock_update_lag_seconds_bucket{le=\"900\"} 2\n"
            "rxlocator_stock_update_lag_seconds_bucket{le=\"3600\"} 2\n"
            "rxlocator_stock_update_lag_seconds_bucket{le=\"14400\"} 2\n"
            "rxlocator_stock_update_lag_seconds_bucket{le=\"86400\"} 2\n"
            "rxlocator_stock_update_lag_seconds_bucket{le=\"259200\"} 3\n"
            "rxlocator_stock_update_lag_seconds_bucket{le=\"2505600\"} 3\n"
            "rxlocator_stock_update_lag_seconds_bucket{le=\"+Inf\"} 3\n"
            "rxlocator_stock_update_lag_seconds_sum 100002\n"
            "rxlocator_stock_update_lag_seconds_count 3\n");
}

TEST(StatsMetricsTest, WritesWhatGetStatsKnows) {
  v1::GetStatsResponse stats;
  stats.set_data_version("00000000deadbeef");
  stats.mutable_age()->set_seconds(90);
  stats.mutable_age()->set_nanos(500000000);
  stats.mutable_load_duration()->set_nanos(250000000);
  stats.mutable_counts()->set_pharmacies(3);
  stats.mutable_counts()->set_walk_in_pharmacies(2);
  stats.mutable_counts()->set_networks(4);
  stats.mutable_counts()->set_plans(5);
  stats.mutable_counts()->set_drugs(6);
  stats.mutable_counts()->set_zip_codes(1);
  stats.set_reloads_ok(7);
  stats.set_reloads_failed(1);
  stats.set_stock_levels(12);
  stats.set_stock_stale(true);
  MetricWriter out;
  WriteStatsMetrics(stats, /*redis_connected=*/false, out);
  const std::string text = std::move(out).text();
  for (const char* line : {
           "rxlocator_snapshot_info{data_version=\"00000000deadbeef\"} 1\n",
           "rxlocator_snapshot_age_seconds 90.5\n",
           "rxlocator_snapshot_load_duration_seconds 0.25\n",
           "rxlocator_snapshot_pharmacies 3\n",
           "rxlocator_snapshot_walk_in_pharmacies 2\n",
           "rxlocator_snapshot_networks 4\n",
           "rxlocator_snapshot_plans 5\n",
           "rxlocator_snapshot_drugs 6\n",
           "rxlocator_snapshot_zip_codes 1\n",
           "# TYPE rxlocator_reloads_total counter\n"
           "rxlocator_reloads_total{result=\"ok\"} 7\n"
           "rxlocator_reloads_total{result=\"failed\"} 1\n",
           "rxlocator_stock_levels 12\n",
           "rxlocator_stock_stale 1\n",
           "# TYPE rxlocator_redis_connected gauge\n"
           "rxlocator_redis_connected 0\n",
       }) {
    EXPECT_THAT(text, HasSubstr(line));
  }
}

TEST(StatsMetricsTest, NoSnapshotSamplesBeforeTheFirstLoadNorRedisWithout) {
  v1::GetStatsResponse stats;
  stats.set_stock_levels(4);
  MetricWriter out;
  WriteStatsMetrics(stats, std::nullopt, out);
  const std::string text = std::move(out).text();
  EXPECT_THAT(text, HasSubstr("# TYPE rxlocator_snapshot_info gauge\n"
                              "# HELP rxlocator_snapshot_age_seconds"));
  EXPECT_THAT(text, Not(HasSubstr("\nrxlocator_snapshot_pharmacies ")));
  EXPECT_THAT(text, HasSubstr("rxlocator_stock_levels 4\n"
                              "# HELP rxlocator_stock_stale"));
  EXPECT_THAT(text, HasSubstr("rxlocator_stock_stale 0\n"));
  EXPECT_THAT(text, Not(HasSubstr("redis")));
}

}  // namespace
}  // namespace rxlocator
