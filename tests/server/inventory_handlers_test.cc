// GetStock, ReportStock's update checks, FindPharmacies' in-stock filter and
// availability watches, on a hand-checked layout.
#include "server/inventory_handlers.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/snapshot.h"
#include "server/availability_watch.h"
#include "server/locator_handlers.h"

namespace rxlocator {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kPaxlovid[] = "00069108530";
const absl::Time kNow = absl::FromUnixSeconds(1795089600);  // 2026-11-19.

// On the equator, 1,112 m apart: a (0, 0), b (0, 0.01), c (0, 0.02),
// d (0, 0.03), e (0, 0.04); f far away at (0, 1).
Dataset Layout() {
  Dataset d;
  for (const auto& [id, lng] :
       std::vector<std::pair<std::string, double>>{{"a", 0},
                                                   {"b", 0.01},
                                                   {"c", 0.02},
                                                   {"d", 0.03},
                                                   {"e", 0.04},
                                                   {"f", 1}}) {
    Pharmacy p;
    p.id = id;
    p.name = "Pharmacy " + id;
    p.longitude = lng;
    p.source = "test";
    d.pharmacies.push_back(p);
  }
  d.pharmacies[0].npi = "1740219781";
  return d;
}

// a: 20 counted an hour ago (in stock); b: 3 (low); c: none (out);
// d: 50 four days ago (call to confirm); e: 50 thirty days ago (hidden);
// f: 40 (in stock, but far).
void Stock(StockStore& store, absl::Time now) {
  const auto count = [&](std::string id, int64_t quantity, absl::Duration age) {
    store.Apply({std::move(id), kPaxlovid, {quantity, now - age, "test"}});
  };
  count("a", 20, absl::Hours(1));
  count("b", 3, absl::Hours(1));
  count("c", 0, absl::Hours(1));
  count("d", 50, absl::Hours(96));
  count("e", 50, absl::Hours(30 * 24));
  count("f", 40, absl::Hours(1));
}

class InventoryHandlersTest : public ::testing::Test {
 protected:
  InventoryHandlersTest() : snapshot_(*Snapshot::Build(Layout(), ZipTable())) {
    Stock(stock_, kNow);
  }

  std::shared_ptr<const Snapshot> snapshot_;
  StockStore stock_;
};

TEST_F(InventoryHandlersTest, GetStockSaysHowFreshEachCountIs) {
  v1::GetStockRequest request;
  for (const char* id : {"1740219781", "b", "c", "d", "e"}) {
    request.add_pharmacy_ids(id);
  }
  request.add_ndcs("00069-1085-30");
  request.add_ndcs("0069-1101-20");  // Never reported.
  v1::GetStockResponse response;
  ASSERT_TRUE(GetStock(*snapshot_, stock_, request, kNow, {}, &response).ok());
  ASSERT_EQ(response.pharmacies_size(), 5);
  const auto status = [&](int p, int n) -> const v1::StockStatus& {
    return response.pharmacies(p).stock(n);
  };
  EXPECT_EQ(response.pharmacies(0).pharmacy_id(), "a");
  EXPECT_EQ(status(0, 0).ndc(), kPaxlovid);
  EXPECT_EQ(status(0, 0).quantity(), 20);
  EXPECT_EQ(status(0, 0).freshness(), v1::STOCK_FRESHNESS_IN_STOCK);
  EXPECT_EQ(status(0, 0).observed_at().seconds(),
            absl::ToUnixSeconds(kNow - absl::Hours(1)));
  EXPECT_EQ(status(0, 0).source(), "test");
  EXPECT_EQ(status(0, 1).ndc(), "00069110120");
  EXPECT_EQ(status(0, 1).freshness(), v1::STOCK_FRESHNESS_UNSPECIFIED);
  EXPECT_EQ(status(1, 0).freshness(), v1::STOCK_FRESHNESS_LOW);
  EXPECT_EQ(status(2, 0).freshness(), v1::STOCK_FRESHNESS_OUT_OF_STOCK);
  EXPECT_EQ(status(3, 0).freshness(), v1::STOCK_FRESHNESS_CALL_TO_CONFIRM);
  EXPECT_EQ(status(3, 0).quantity(), 50);
  // Past the horizon: not shown as stock at all.
  EXPECT_EQ(status(4, 0).freshness(), v1::STOCK_FRESHNESS_UNSPECIFIED);
  EXPECT_EQ(status(4, 0).quantity(), 0);
  EXPECT_FALSE(status(4, 0).has_observed_at());
  EXPECT_FALSE(response.stock_stale());
  stock_.set_stale(true);
  response.Clear();
  ASSERT_TRUE(GetStock(*snapshot_, stock_, request, kNow, {}, &response).ok());
  EXPECT_TRUE(response.stock_stale());
}

TEST_F(InventoryHandlersTest, GetStockErrorsNameTheField) {
  const auto error = [&](std::vector<std::string> ids,
                         std::vector<std::string> ndcs) {
    v1::GetStockRequest request;
    for (const auto& id : ids) request.add_pharmacy_ids(id);
    for (const auto& ndc : ndcs) request.add_ndcs(ndc);
    v1::GetStockResponse response;
    return GetStock(*snapshot_, stock_, request, kNow, {}, &response);
  };
  EXPECT_THAT(error({}, {kPaxlovid}).message(),
              HasSubstr("pharmacy_ids must list 1 to 100 pharmacies, got 0"));
  EXPECT_THAT(error(std::vector<std::string>(101, "a"), {kPaxlovid}).message(),
              HasSubstr("got 101"));
  EXPECT_THAT(error({"a"}, {}).message(),
              HasSubstr("ndcs must list 1 to 50 NDCs, got 0"));
  const absl::Status bad = error({"a"}, {kPaxlovid, "0069108530"});
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.message(), HasSubstr("ndcs[1]: ndc \"0069108530\""));
  const absl::Status unknown = error({"a", "zz"}, {kPaxlovid});
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(unknown.message(), HasSubstr("pharmacy_ids[1] \"zz\""));
}

TEST_F(InventoryHandlersTest, UpdatesAreCheckedAndResolved) {
  v1::StockUpdate update;
  update.set_pharmacy_id("1740219781");
  update.set_ndc("00069-1085-30");
  update.set_quantity(7);
  update.mutable_observed_at()->set_seconds(absl::ToUnixSeconds(kNow));
  update.mutable_observed_at()->set_nanos(123456789);
  absl::StatusOr<StockObservation> o =
      ObservationFromUpdate(*snapshot_, update, kNow);
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->pharmacy_id, "a");
  EXPECT_EQ(o->ndc, kPaxlovid);
  EXPECT_EQ(o->level.quantity, 7);
  EXPECT_EQ(o->level.observed_at, kNow + absl::Microseconds(123456));
  EXPECT_EQ(o->level.source, "feed");

  const auto error = [&](auto change) {
    v1::StockUpdate bad = update;
    change(bad);
    return std::string(
        ObservationFromUpdate(*snapshot_, bad, kNow).status().message());
  };
  EXPECT_THAT(error([](auto& u) { u.clear_pharmacy_id(); }),
              HasSubstr("pharmacy_id is required"));
  EXPECT_THAT(error([](auto& u) { u.set_pharmacy_id("zz"); }),
              HasSubstr("pharmacy_id \"zz\" is not"));
  EXPECT_THAT(error([](auto& u) { u.set_ndc("12-34"); }),
              HasSubstr("ndc \"12-34\""));
  EXPECT_THAT(error([](auto& u) { u.set_quantity(-1); }),
              HasSubstr("quantity must be 0 to 1000000000, got -1"));
  EXPECT_THAT(error([](auto& u) { u.clear_observed_at(); }),
              HasSubstr("observed_at is required"));
  EXPECT_THAT(
      error([](auto& u) {
        u.mutable_observed_at()->set_seconds(absl::ToUnixSeconds(kNow) + 301);
      }),
      HasSubstr("up to 5 minutes from now"));
  EXPECT_THAT(
      error([](auto& u) { u.mutable_observed_at()->set_seconds(INT64_MAX); }),
      HasSubstr("observed_at must be a valid time"));
  EXPECT_THAT(error([](auto& u) { u.set_ndc(std::string(1 << 20, '1')); }),
              HasSubstr("\"..."));
  EXPECT_THAT(error([](auto& u) { u.set_source(std::string(65, 'x')); }),
              HasSubstr("longer than 64 characters"));
}

TEST_F(InventoryHandlersTest, FindPharmaciesInStockFilter) {
  v1::FindPharmaciesRequest request;
  request.mutable_origin()->mutable_lat_lng()->set_longitude(0);
  request.mutable_filter()->add_in_stock_ndcs("00069-1085-30");
  const auto ids = [&](const v1::FindPharmaciesRequest& r) {
    v1::FindPharmaciesResponse response;
    EXPECT_TRUE(
        FindPharmacies(*snapshot_, stock_, r, kNow, {}, &response).ok());
    std::vector<std::string> out;
    for (const auto& result : response.results()) {
      out.push_back(result.pharmacy().id());
    }
    return out;
  };
  // Out of stock, unconfirmed and hidden counts are left out; f is too far.
  EXPECT_THAT(ids(request), ElementsAre("a", "b"));
  request.mutable_filter()->set_min_quantity(4);
  EXPECT_THAT(ids(request), ElementsAre("a"));

  v1::FindPharmaciesResponse response;
  ASSERT_TRUE(
      FindPharmacies(*snapshot_, stock_, request, kNow, {}, &response).ok());
  ASSERT_EQ(response.results(0).stock_size(), 1);
  EXPECT_EQ(response.results(0).stock(0).quantity(), 20);
  EXPECT_EQ(response.results(0).stock(0).freshness(),
            v1::STOCK_FRESHNESS_IN_STOCK);

  request.mutable_filter()->add_in_stock_ndcs("0069108530");
  absl::Status s =
      FindPharmacies(*snapshot_, stock_, request, kNow, {}, &response);
  EXPECT_THAT(s.message(), HasSubstr("filter.in_stock_ndcs[1]: ndc"));
  request.mutable_filter()->clear_in_stock_ndcs();
  s = FindPharmacies(*snapshot_, stock_, request, kNow, {}, &response);
  EXPECT_THAT(s.message(),
              HasSubstr("filter.min_quantity needs filter.in_stock_ndcs"));
}

// Watches judge changes by the clock, so this stock is counted relative to
// it.
TEST_F(InventoryHandlersTest, WatchesAreCappedAndFreedOnRemove) {
  SnapshotHolder snapshots;
  snapshots.Publish(snapshot_);
  AvailabilityWatchers watchers(&snapshots, {}, /*max_watches=*/2);
  const AvailabilityWatch watch{.ndc = kPaxlovid, .send = [](auto) {}};
  absl::StatusOr<uint64_t> first = watchers.Add(watch);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(watchers.Add(watch).ok());
  const absl::StatusOr<uint64_t> third = watchers.Add(watch);
  EXPECT_EQ(third.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(third.status().message(), HasSubstr("already has 2 watches"));
  watchers.Remove(*first);
  EXPECT_TRUE(watchers.Add(watch).ok());
}

TEST_F(InventoryHandlersTest, WatchesHearOnlyChangesThatMatter) {
  const absl::Time now = absl::Now();
  StockStore live;
  Stock(live, now);
  SnapshotHolder snapshots;
  snapshots.Publish(snapshot_);
  AvailabilityWatchers watchers(&snapshots, {});
  v1::WatchAvailabilityRequest request;
  request.set_ndc("00069-1085-30");
  request.mutable_origin()->mutable_lat_lng()->set_longitude(0);
  request.set_radius_meters(5000);
  std::vector<std::string> events;
  absl::StatusOr<AvailabilityWatch> watch =
      WatchFromRequest(*snapshot_, request, [&](v1::AvailabilityEvent e) {
        events.push_back(absl::StrCat(
            e.kind() == v1::AvailabilityEvent::AVAILABLE ? "+" : "-",
            e.pharmacy().id()));
      });
  ASSERT_TRUE(watch.ok()) << watch.status();
  std::vector<std::string> initial;
  for (const auto& e : InitialEvents(*snapshot_, live, watchers, *watch, now)) {
    EXPECT_TRUE(e.initial());
    initial.push_back(e.pharmacy().id());
  }
  EXPECT_THAT(initial, ElementsAre("a", "b"));

  ASSERT_TRUE(watchers.Add(*std::move(watch)).ok());
  live.set_listener(
      [&](const StockObservation& o, const std::optional<StockLevel>& was) {
        watchers.OnApplied(o, was);
      });
  // Each count observed a moment after the last: two reads of the clock
  // can be equal, and an equal time is a repeat, not news.
  absl::Time observed = absl::Now();
  const auto count = [&](std::string id, int64_t quantity) {
    observed += absl::Milliseconds(1);
    live.Apply({std::move(id), kPaxlovid, {quantity, observed, "test"}});
  };
  count("c", 10);  // Out -> in: announced.
  count("a", 15);  // Still in: nothing.
  count("a", 0);   // Ran out.
  count("f", 0);   // Ran out, but outside the radius.
  count("d", 9);   // Unconfirmed -> in.
  EXPECT_THAT(events, ElementsAre("+c", "-a", "+d"));
}

}  // namespace
}  // namespace rxlocator
