// UrgentFill on hand-checked layouts: the scenarios a member meets at night
// (only a 24-hour pharmacy open, the nearest closing before they arrive,
// stock only under another package, stale counts, two items at two places)
// and every fallback route.
#include "index/urgent_fill.h"

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/geo.h"

namespace rxlocator {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

constexpr char kPaxlovid[] = "00069108530";
constexpr char kPaxlovidSubstitute[] = "00069110120";
constexpr char kInhaler[] = "00173068220";
constexpr char kSpecialtyDrug[] = "00074055402";

const absl::TimeZone& NewYork() {
  static const absl::TimeZone* const tz = [] {
    auto* z = new absl::TimeZone;
    absl::LoadTimeZone("America/New_York", z);
    return z;
  }();
  return *tz;
}

// Friday 2026-03-06 at `hour`:`minute` in New York.
absl::Time Friday(int hour, int minute = 0) {
  return absl::FromCivil(absl::CivilMinute(2026, 3, 6, hour, minute),
                         NewYork());
}

// Open every day from `open` to `close` (minutes after midnight); always
// open for a negative `open`.
OpeningHours Daily(int open, int close) {
  OpeningHours h;
  h.known = true;
  if (open < 0) {
    h.always_open = true;
    return h;
  }
  for (int d = 0; d < 7; ++d) {
    h.weekly.push_back({static_cast<Weekday>(d), open, close});
  }
  return h;
}

// On the equator in New York's zone, where 0.01 degrees of longitude is
// 1,111.95 m, about 2 min 10 s of driving:
//   near      (0, 0.01)  8 AM - 10 PM
//   mid       (0, 0.05)  8 AM - 11 PM
//   allnight  (0, 0.10)  24 hours
//   far       (0, 0.20)  8 AM - 10 PM
//   outside   (0, 0.02)  8 AM - 10 PM, not in the network
//   mail      (0, 1.00)  mail order, not walk-in
//   specialty (0, 2.00)  specialty pharmacy, not walk-in
// All but outside are in network "net", which plan 610014:: uses.
Dataset Layout() {
  Dataset d;
  const auto add = [&](std::string id, double lng, OpeningHours hours,
                       bool walk_in = true) {
    Pharmacy p;
    p.id = id;
    p.name = "Pharmacy " + id;
    p.longitude = lng;
    p.time_zone = "America/New_York";
    p.store_hours = hours;
    p.walk_in = walk_in;
    p.source = "test";
    d.pharmacies.push_back(p);
  };
  add("near", 0.01, Daily(8 * 60, 22 * 60));
  add("mid", 0.05, Daily(8 * 60, 23 * 60));
  add("allnight", 0.10, Daily(-1, 0));
  add("far", 0.20, Daily(8 * 60, 22 * 60));
  add("outside", 0.02, Daily(8 * 60, 22 * 60));
  add("mail", 1.0, OpeningHours{}, false);
  add("specialty", 2.0, OpeningHours{}, false);
  const auto member = [](std::string id, FillKinds fills,
                         Tier tier = Tier::kStandard) {
    return Membership{id, tier, fills, kFirstDay, kLastDay, "test"};
  };
  const FillKinds retail = Bit(FillKind::kRetail);
  d.networks = {
      {"net",
       "Network",
       {member("near", retail, Tier::kPreferred), member("mid", retail),
        member("allnight", retail), member("far", retail),
        member("mail", Bit(FillKind::kMail), Tier::kPreferred),
        member("specialty", Bit(FillKind::kSpecialty))}}};
  d.plans = {{*ParsePlanKey("610014::"), "net", "Plan", "test"}};
  return d;
}

class UrgentFillTest : public ::testing::Test {
 protected:
  UrgentFillTest() : snapshot_(*Snapshot::Build(Layout(), ZipTable())) {}

  // Stock counted `age` before now_.
  void Stock(const std::string& pharmacy, const std::string& ndc,
             int64_t quantity, absl::Duration age = absl::Hours(1)) {
    store_.Apply({pharmacy, ndc, {quantity, now_ - age, "test"}});
  }

  UrgentFillQuery Query(std::vector<UrgentItem> items) const {
    return UrgentFillQuery{
        .origin = PointFromDegrees(0, 0),
        .network =
            snapshot_->networks().FindPlan(*ParsePlanKey("610014::"))->network,
        .items = std::move(items),
        .now = now_,
        .need_by = now_ + absl::Hours(4),
        .store = &store_};
  }
  static UrgentItem Item(std::string ndc, int64_t quantity = 30) {
    return UrgentItem{.ndcs = {ndc}, .quantity = quantity};
  }

  // The pharmacy ids of each option's stops, option by option.
  std::vector<std::vector<std::string>> StopIds(const UrgentFillAnswer& a) {
    std::vector<std::vector<std::string>> out;
    for (const UrgentOption& o : a.options) {
      out.emplace_back();
      for (const UrgentStop& s : o.stops) {
        out.back().push_back(snapshot_->pharmacy(s.pharmacy).id);
      }
    }
    return out;
  }
  std::vector<UrgentOptionKind> Kinds(const UrgentFillAnswer& a) {
    std::vector<UrgentOptionKind> out;
    for (const UrgentOption& o : a.options) out.push_back(o.kind);
    return out;
  }

  std::shared_ptr<const Snapshot> snapshot_;
  StockStore store_;
  absl::Time now_ = Friday(12);
};

using Kind = UrgentOptionKind;
using Ids = std::vector<std::vector<std::string>>;

TEST_F(UrgentFillTest, FreshFirstThenSoonestThenCallToConfirm) {
  Stock("near", kPaxlovid, 30);
  Stock("mid", kPaxlovid, 100, absl::Hours(96));  // Call to confirm.
  Stock("far", kPaxlovid, 50);
  Stock("allnight", kPaxlovid, 29);  // Not enough.
  const UrgentFillAnswer a = UrgentFill(*snapshot_, Query({Item(kPaxlovid)}));
  EXPECT_EQ(StopIds(a), (Ids{{"near"}, {"far"}, {"mid"}}));
  EXPECT_THAT(Kinds(a),
              ElementsAre(Kind::kComplete, Kind::kComplete, Kind::kComplete));
  EXPECT_FALSE(a.options[0].confirm);
  EXPECT_FALSE(a.options[1].confirm);
  EXPECT_TRUE(a.options[2].confirm);
  EXPECT_FALSE(a.shortfall.has_value());

  const UrgentStop& near = a.options[0].stops[0];
  EXPECT_NEAR(near.distance_meters, 1111.95, 0.01);
  // 1,111.95 m x 1.3 at 40 km/h: 130.1 s.
  EXPECT_NEAR(absl::ToDoubleSeconds(*near.arrival - now_), 130.1, 0.05);
  ASSERT_NE(near.membership, nullptr);
  EXPECT_EQ(near.membership->tier, Tier::kPreferred);
  ASSERT_EQ(near.items.size(), 1u);
  EXPECT_EQ(near.items[0].state, FillState::kFresh);
  EXPECT_EQ(near.items[0].ndc, kPaxlovid);
  EXPECT_FALSE(near.items[0].substitute);
  EXPECT_EQ(near.items[0].level.quantity, 30);
  EXPECT_EQ(near.items[0].freshness, Freshness::kInStock);
  EXPECT_EQ(a.options[2].stops[0].items[0].state, FillState::kConfirm);
  EXPECT_EQ(a.options[2].stops[0].items[0].freshness,
            Freshness::kCallToConfirm);
}

TEST_F(UrgentFillTest, MaxOptionsKeepsTheBest) {
  Stock("near", kPaxlovid, 30, absl::Hours(96));
  Stock("mid", kPaxlovid, 30);
  Stock("far", kPaxlovid, 30);
  UrgentFillQuery q = Query({Item(kPaxlovid)});
  q.max_options = 1;
  EXPECT_EQ(StopIds(UrgentFill(*snapshot_, q)), (Ids{{"mid"}}));
}

TEST_F(UrgentFillTest, NearestClosesBeforeTheMemberIsDone) {
  // At 9:50 PM the drive to near takes 2 minutes, but near closes at 10 PM,
  // before a 15-minute pickup ends; mid stays open until 11 PM.
  now_ = Friday(21, 50);
  Stock("near", kPaxlovid, 30);
  Stock("mid", kPaxlovid, 30);
  EXPECT_EQ(StopIds(UrgentFill(*snapshot_, Query({Item(kPaxlovid)}))),
            (Ids{{"mid"}}));
  // With a 5-minute pickup, near is done by 9:57 PM.
  UrgentFillQuery q = Query({Item(kPaxlovid)});
  q.pickup_window = absl::Minutes(5);
  EXPECT_EQ(StopIds(UrgentFill(*snapshot_, q)), (Ids{{"near"}, {"mid"}}));
}

TEST_F(UrgentFillTest, NeedByCutsOffTheFarOnes) {
  Stock("near", kPaxlovid, 30);
  Stock("far", kPaxlovid, 30);
  // far is 22.2 km away: 43 min 22 s of driving plus 15 min at the counter.
  UrgentFillQuery q = Query({Item(kPaxlovid)});
  q.need_by = now_ + absl::Minutes(58);
  EXPECT_EQ(StopIds(UrgentFill(*snapshot_, q)), (Ids{{"near"}}));
  q.need_by = now_ + absl::Minutes(59);
  EXPECT_EQ(StopIds(UrgentFill(*snapshot_, q)), (Ids{{"near"}, {"far"}}));
}

TEST_F(UrgentFillTest, LateAtNightOnlyTheTwentyFourHourPharmacyIsOpen) {
  now_ = Friday(23, 30);
  Stock("near", kPaxlovid, 30);
  Stock("mid", kPaxlovid, 30);
  Stock("allnight", kPaxlovid, 2);  // Not enough for 30.
  const UrgentFillAnswer a = UrgentFill(*snapshot_, Query({Item(kPaxlovid)}));
  EXPECT_THAT(Kinds(a), ElementsAre(Kind::kTwentyFourHour));
  EXPECT_EQ(StopIds(a), (Ids{{"allnight"}}));
  const ItemFill& shown = a.options[0].stops[0].items[0];
  EXPECT_EQ(shown.state, FillState::kNone);
  EXPECT_EQ(shown.ndc, kPaxlovid);
  EXPECT_EQ(shown.level.quantity, 2);
  EXPECT_EQ(shown.freshness, Freshness::kLow);
  // near, mid, allnight and far are in reach; only allnight is open.
  ASSERT_TRUE(a.shortfall.has_value());
  EXPECT_EQ(a.shortfall->reachable, 4);
  EXPECT_EQ(a.shortfall->open, 1);
  EXPECT_THAT(a.shortfall->filling, ElementsAre(0));
}

TEST_F(UrgentFillTest, StockOnlyUnderASubstitute) {
  Stock("mid", kPaxlovidSubstitute, 60);
  UrgentItem item = Item(kPaxlovid);
  UrgentFillAnswer a = UrgentFill(*snapshot_, Query({item}));
  EXPECT_THAT(Kinds(a), ElementsAre(Kind::kTwentyFourHour));

  item.substitutes = {kPaxlovidSubstitute};
  a = UrgentFill(*snapshot_, Query({item}));
  EXPECT_EQ(StopIds(a), (Ids{{"mid"}}));
  const ItemFill& fill = a.options[0].stops[0].items[0];
  EXPECT_EQ(fill.ndc, kPaxlovidSubstitute);
  EXPECT_TRUE(fill.substitute);
  EXPECT_EQ(fill.state, FillState::kFresh);
}

TEST_F(UrgentFillTest, FreshSubstituteBeatsARequestedCountToConfirm) {
  Stock("near", kPaxlovid, 30, absl::Hours(100));
  Stock("near", kPaxlovidSubstitute, 30);
  UrgentItem item = Item(kPaxlovid);
  item.substitutes = {kPaxlovidSubstitute};
  const UrgentFillAnswer a = UrgentFill(*snapshot_, Query({item}));
  ASSERT_EQ(StopIds(a), (Ids{{"near"}}));
  EXPECT_FALSE(a.options[0].confirm);
  EXPECT_EQ(a.options[0].stops[0].items[0].ndc, kPaxlovidSubstitute);
}

TEST_F(UrgentFillTest, TwoItemsOnlyAtTwoPharmacies) {
  Stock("near", kPaxlovid, 30);
  Stock("mid", kInhaler, 1);
  const UrgentFillAnswer a =
      UrgentFill(*snapshot_, Query({Item(kPaxlovid), Item(kInhaler, 1)}));
  EXPECT_THAT(Kinds(a), ElementsAre(Kind::kPartial, Kind::kPartial,
                                    Kind::kSplit, Kind::kTwentyFourHour));
  EXPECT_EQ(StopIds(a),
            (Ids{{"near"}, {"mid"}, {"near", "mid"}, {"allnight"}}));
  const UrgentOption& split = a.options[2];
  EXPECT_FALSE(split.confirm);
  ASSERT_EQ(split.stops[0].items.size(), 1u);
  EXPECT_EQ(split.stops[0].items[0].item, 0);
  ASSERT_EQ(split.stops[1].items.size(), 1u);
  EXPECT_EQ(split.stops[1].items[0].item, 1);
  // From near to mid is 0.04 degrees: 4,447.8 m, 520.4 s, after 15 minutes
  // at near.
  EXPECT_NEAR(
      absl::ToDoubleSeconds(*split.stops[1].arrival - *split.stops[0].arrival),
      15 * 60 + 520.4, 0.1);
  EXPECT_THAT(a.shortfall->filling, ElementsAre(1, 1));
}

TEST_F(UrgentFillTest, OutOfNetworkWhenOnlyAnOutsidePharmacyHasIt) {
  Stock("outside", kPaxlovid, 30);
  const UrgentFillAnswer a = UrgentFill(*snapshot_, Query({Item(kPaxlovid)}));
  EXPECT_THAT(Kinds(a),
              ElementsAre(Kind::kTwentyFourHour, Kind::kOutOfNetwork));
  EXPECT_EQ(StopIds(a), (Ids{{"allnight"}, {"outside"}}));
  EXPECT_EQ(a.options[1].stops[0].membership, nullptr);
  EXPECT_EQ(a.options[1].stops[0].items[0].state, FillState::kFresh);
}

TEST_F(UrgentFillTest, SpecialtyAndMailOrderRoutes) {
  UrgentItem specialty = Item(kSpecialtyDrug, 2);
  specialty.specialty = true;
  UrgentFillQuery q = Query({specialty});
  // Mail order only when need_by leaves two days for delivery.
  EXPECT_THAT(Kinds(UrgentFill(*snapshot_, q)),
              ElementsAre(Kind::kTwentyFourHour, Kind::kSpecialty));
  q.need_by = now_ + absl::Hours(48);
  const UrgentFillAnswer a = UrgentFill(*snapshot_, q);
  EXPECT_THAT(Kinds(a), ElementsAre(Kind::kTwentyFourHour, Kind::kSpecialty,
                                    Kind::kMailOrder));
  EXPECT_EQ(StopIds(a), (Ids{{"allnight"}, {"specialty"}, {"mail"}}));
  // Neither serves walk-ins: they deliver.
  EXPECT_FALSE(a.options[1].stops[0].arrival.has_value());
  EXPECT_FALSE(a.options[2].stops[0].arrival.has_value());
  EXPECT_THAT(a.options[1].stops[0].items,
              ElementsAre(Field(&ItemFill::item, 0)));
}

TEST_F(UrgentFillTest, NoTimeToGetAnywhere) {
  Stock("near", kPaxlovid, 30);
  UrgentFillQuery q = Query({Item(kPaxlovid)});
  q.need_by = now_ + absl::Minutes(10);  // Less than the pickup window.
  const UrgentFillAnswer a = UrgentFill(*snapshot_, q);
  EXPECT_THAT(a.options, IsEmpty());
  ASSERT_TRUE(a.shortfall.has_value());
  EXPECT_EQ(a.shortfall->reachable, 0);
}

TEST_F(UrgentFillTest, ThePlannerScansRareDrugsAndSearchesForCommonOnes) {
  Stock("far", kPaxlovid, 30);
  Stock("mid", kPaxlovid, 30);
  Stock("allnight", kPaxlovid, 30);
  UrgentFillQuery q = Query({Item(kPaxlovid)});
  // Three of five walk-in pharmacies: 3 x 3 <= 2 x 5 scans...
  q.max_options = 2;
  UrgentFillAnswer a = UrgentFill(*snapshot_, q);
  EXPECT_EQ(a.strategy, UrgentStrategy::kScanStock);
  EXPECT_EQ(StopIds(a), (Ids{{"mid"}, {"allnight"}}));
  // ...and 3 x 3 > 1 x 5 searches outward, to the same answer.
  q.max_options = 1;
  a = UrgentFill(*snapshot_, q);
  EXPECT_EQ(a.strategy, UrgentStrategy::kSearchOutward);
  EXPECT_EQ(StopIds(a), (Ids{{"mid"}}));
}

TEST_F(UrgentFillTest, StaleStoreMarksTheAnswer) {
  store_.set_stale(true);
  EXPECT_TRUE(UrgentFill(*snapshot_, Query({Item(kPaxlovid)})).stock_stale);
}

}  // namespace
}  // namespace rxlocator
