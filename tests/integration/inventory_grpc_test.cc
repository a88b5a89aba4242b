// The Inventory service of the real server binary over real gRPC: a feed
// reports stock on a client stream, readers see it through GetStock and the
// in-stock search, and a watcher hears of it on a server stream.
#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rxlocator/v1/inventory.grpc.pb.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "testing/stock_feed.h"
#include "tests/integration/server_process.h"

namespace rxlocator {
namespace {

using ::testing::ElementsAre;

// Carrs Pharmacy, 4000 W Dimond Blvd, Anchorage (ZIP 99502), by its NPI.
constexpr char kCarrsDimond[] = "1740219781";

std::chrono::system_clock::time_point Deadline() {
  return std::chrono::system_clock::now() + std::chrono::seconds(10);
}

class InventoryGrpcTest : public BundledServerTest {
 protected:
  v1::ReportStockResponse Report(const std::vector<v1::StockUpdate>& updates) {
    v1::ReportStockResponse response;
    const grpc::Status status = ReportStock(*inventory_, updates, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  v1::StockStatus Stock(const std::string& pharmacy, const std::string& ndc) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    v1::GetStockRequest request;
    request.add_pharmacy_ids(pharmacy);
    request.add_ndcs(ndc);
    v1::GetStockResponse response;
    const grpc::Status status =
        inventory_->GetStock(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (response.pharmacies_size() != 1 ||
        response.pharmacies(0).stock_size() != 1) {
      ADD_FAILURE() << "no stock for " << pharmacy << " and " << ndc;
      return {};
    }
    return response.pharmacies(0).stock(0);
  }

  std::unique_ptr<v1::Inventory::Stub> inventory_ =
      v1::Inventory::NewStub(server().Channel());
};

TEST_F(InventoryGrpcTest, ReportedStockIsReadBack) {
  const absl::Time now = absl::Now();
  const std::string ndc = "11111-2222-33";
  const v1::ReportStockResponse response = Report({
      StockCount(kCarrsDimond, ndc, 12, now - absl::Hours(2)),
      StockCount(kCarrsDimond, ndc, 9, now - absl::Hours(1)),
      StockCount(kCarrsDimond, ndc, 30, now - absl::Hours(3)),  // Older: stale.
      StockCount(kCarrsDimond, "1111122223", 5, now),  // Ambiguous NDC.
      StockCount("no-such-pharmacy", ndc, 5, now),
  });
  EXPECT_EQ(response.received(), 5);
  EXPECT_EQ(response.applied(), 2);
  EXPECT_EQ(response.stale(), 1);
  EXPECT_EQ(response.rejected(), 2);
  ASSERT_EQ(response.rejections_size(), 2);
  EXPECT_EQ(response.rejections(0).index(), 3);
  EXPECT_THAT(response.rejections(0).reason(),
              ::testing::HasSubstr("ndc \"1111122223\""));
  EXPECT_EQ(response.rejections(1).index(), 4);

  const v1::StockStatus stock = Stock(kCarrsDimond, ndc);
  EXPECT_EQ(stock.ndc(), "11111222233");
  EXPECT_EQ(stock.quantity(), 9);
  EXPECT_EQ(stock.freshness(), v1::STOCK_FRESHNESS_IN_STOCK);
  EXPECT_EQ(stock.source(), "test-feed");

  // The in-stock search finds it, and shows the count.
  auto locator = v1::PharmacyLocator::NewStub(server().Channel());
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  v1::FindPharmaciesRequest find;
  find.mutable_origin()->set_zip_code("99502");
  find.mutable_filter()->add_in_stock_ndcs(ndc);
  v1::FindPharmaciesResponse found;
  ASSERT_TRUE(locator->FindPharmacies(&context, find, &found).ok());
  ASSERT_EQ(found.results_size(), 1);
  EXPECT_EQ(found.results(0).pharmacy().npi(), kCarrsDimond);
  EXPECT_EQ(found.results(0).stock(0).quantity(), 9);
}

// A long stream is stored batch by batch, and every update is counted.
TEST_F(InventoryGrpcTest, LongStreamIsFullyAccountedFor) {
  const absl::Time now = absl::Now();
  std::vector<v1::StockUpdate> updates;
  for (int i = 0; i < 5000; ++i) {
    updates.push_back(StockCount(kCarrsDimond,
                                 absl::StrFormat("66666%06d", i % 3000), i,
                                 now - absl::Seconds(5000 - i)));
  }
  const v1::ReportStockResponse response = Report(updates);
  EXPECT_EQ(response.received(), 5000);
  EXPECT_EQ(response.applied(), 5000);  // Each later than the one before.
  EXPECT_EQ(Stock(kCarrsDimond, "66666000000").quantity(), 3000);
  EXPECT_EQ(Stock(kCarrsDimond, "66666002999").quantity(), 2999);
}

TEST_F(InventoryGrpcTest, WatcherHearsWhenADrugArrivesAndRunsOut) {
  const std::string ndc = "22222-3333-44";
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  v1::WatchAvailabilityRequest request;
  request.set_ndc(ndc);
  request.mutable_origin()->set_zip_code("99502");
  request.set_radius_meters(15000);  // Carrs is 8 km from the centroid.
  auto reader = inventory_->WatchAvailability(&context, request);

  // The watch may register after the first reports, so the feed keeps
  // alternating out and in with ever newer counts until it is heard.
  std::atomic<bool> stop{false};
  std::thread feed([&] {
    const absl::Time start = absl::Now() - absl::Minutes(1);
    for (int k = 0; k < 100 && !stop; ++k) {
      Report({StockCount(kCarrsDimond, ndc, k % 2 == 0 ? 0 : 7,
                         start + absl::Seconds(k))});
      absl::SleepFor(absl::Milliseconds(50));
    }
  });
  std::vector<std::string> heard;
  v1::AvailabilityEvent event;
  while (heard.size() < 3 && reader->Read(&event)) {
    EXPECT_FALSE(event.initial());
    EXPECT_EQ(event.pharmacy().npi(), kCarrsDimond);
    EXPECT_EQ(event.stock().ndc(), "22222333344");
    heard.push_back(event.kind() == v1::AvailabilityEvent::AVAILABLE
                        ? "available"
                        : "ran out");
  }
  stop = true;
  context.TryCancel();
  feed.join();
  // Whichever it heard first, the changes alternate.
  if (!heard.empty() && heard[0] == "ran out") heard.erase(heard.begin());
  heard.resize(std::min<size_t>(heard.size(), 2));
  EXPECT_THAT(heard, ElementsAre("available", "ran out"));
}

// A watch opens with every pharmacy that has the drug now, however many:
// the limit on queued events is for a slow reader, not for the present.
TEST(InventoryWatchTest, OpensWithMoreThanTheQueueLimitOfPharmacies) {
  constexpr int kPharmacies = 1500;
  const std::string path = ::testing::TempDir() + "/crowded_pharmacies.csv";
  {
    std::ofstream out(path);
    out << "id,name,latitude,longitude,time_zone\n";
    for (int i = 0; i < kPharmacies; ++i) {
      out << "p" << i << ",Pharmacy " << i << "," << 61.2 + (i % 40) * 0.001
          << "," << -149.9 + (i / 40) * 0.001 << ",America/Anchorage\n";
    }
  }
  ServerProcess server({"--pharmacies=native:" + path,
                        "--zips=" + std::string(RXLOCATOR_SOURCE_DIR) +
                            "/data/zip_latlng_timezone.csv.gz"});
  ASSERT_TRUE(server.WaitUntilServing()) << server.output();
  auto inventory = v1::Inventory::NewStub(server.Channel());
  std::vector<v1::StockUpdate> counts;
  for (int i = 0; i < kPharmacies; ++i) {
    counts.push_back(StockCount(absl::StrCat("p", i), "33333-2222-11", 5,
                                absl::Now() - absl::Minutes(5)));
  }
  v1::ReportStockResponse reported;
  ASSERT_TRUE(ReportStock(*inventory, counts, &reported).ok());
  ASSERT_EQ(reported.applied(), kPharmacies);

  grpc::ClientContext context;
  context.set_deadline(Deadline());
  v1::WatchAvailabilityRequest request;
  request.set_ndc("33333-2222-11");
  request.mutable_origin()->mutable_lat_lng()->set_latitude(61.2);
  request.mutable_origin()->mutable_lat_lng()->set_longitude(-149.9);
  auto reader = inventory->WatchAvailability(&context, request);
  int initial = 0;
  v1::AvailabilityEvent event;
  while (initial < kPharmacies && reader->Read(&event)) {
    EXPECT_TRUE(event.initial());
    ++initial;
  }
  EXPECT_EQ(initial, kPharmacies) << reader->Finish().error_message();
  context.TryCancel();
}

}  // namespace
}  // namespace rxlocator
