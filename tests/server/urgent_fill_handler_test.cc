// UrgentFill's request checks, drug resolution and the sentences a member
// reads, on a hand-checked layout. The engine's choices are tested in
// tests/index/urgent_fill_test.cc.
#include "server/urgent_fill_handler.h"

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rxlocator {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// On the equator in New York's zone (0.01 degrees is 1,111.95 m):
//   a (0, 0.01)  8 AM - 10 PM, preferred
//   b (0, 0.05)  24 hours, standard
//   s (0, 1.00)  specialty pharmacy, not walk-in
// Drugs: two Paxlovid packs (one product), Paxil, Paxcare (a different
// product whose name also starts "Pax"), and Humira (specialty).
Dataset Layout() {
  Dataset d;
  const auto add = [&](std::string id, double lng, bool always_open) {
    Pharmacy p;
    p.id = id;
    p.name = "Pharmacy " + id;
    p.longitude = lng;
    p.time_zone = "America/New_York";
    p.store_hours.known = true;
    p.store_hours.always_open = always_open;
    for (int day = 0; always_open == false && day < 7; ++day) {
      p.store_hours.weekly.push_back(
          {static_cast<Weekday>(day), 8 * 60, 22 * 60});
    }
    p.source = "test";
    d.pharmacies.push_back(p);
  };
  add("a", 0.01, false);
  add("b", 0.05, true);
  add("s", 1.0, false);
  d.pharmacies.back().walk_in = false;
  const FillKinds retail = Bit(FillKind::kRetail);
  d.networks = {{"net",
                 "Network",
                 {{"a", Tier::kPreferred, retail, kFirstDay, kLastDay, "test"},
                  {"b", Tier::kStandard, retail, kFirstDay, kLastDay, "test"},
                  {"s", Tier::kStandard, Bit(FillKind::kSpecialty), kFirstDay,
                   kLastDay, "test"}}}};
  d.plans = {{*ParsePlanKey("610014:RX:GRP"), "net", "Plan", "test"}};
  const auto drug = [](std::string ndc, std::string name, std::string product,
                       bool specialty = false) {
    return Drug{ndc, name, "", "", product, specialty, "test"};
  };
  d.drugs = {drug("00069108530", "Paxlovid", "paxlovid"),
             drug("00069110120", "Paxlovid", "paxlovid"),
             drug("00029321013", "Paxil", "paroxetine"),
             drug("11111222233", "Paxcare", "paxcare"),
             drug("00074055402", "Humira", "adalimumab", true),
             Drug{"00093505698", "Atorvastatin", "80 mg", "tablet",
                  "atorvastatin-80", false, "test"},
             Drug{"00093505898", "Atorvastatin", "10 mg", "tablet",
                  "atorvastatin-10", false, "test"}};
  return d;
}

// Friday 2026-03-06, 12:00 in New York.
const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2026, 3, 6, 17, 0, 0),
                                        absl::UTCTimeZone());

class UrgentFillHandlerTest : public ::testing::Test {
 protected:
  UrgentFillHandlerTest() : snapshot_(*Snapshot::Build(Layout(), ZipTable())) {}

  static v1::UrgentFillRequest Request(std::string ndc, int64_t quantity) {
    v1::UrgentFillRequest r;
    r.mutable_origin()->mutable_lat_lng()->set_latitude(0);
    r.mutable_origin()->mutable_lat_lng()->set_longitude(0);
    r.mutable_plan()->mutable_commercial()->set_bin("610014");
    r.mutable_plan()->mutable_commercial()->set_pcn("RX");
    r.mutable_plan()->mutable_commercial()->set_group("GRP");
    v1::UrgentItem* item = r.add_items();
    item->set_ndc(ndc);
    item->set_quantity(quantity);
    return r;
  }

  absl::Status Call(const v1::UrgentFillRequest& request,
                    v1::UrgentFillResponse* response) {
    return UrgentFill(*snapshot_, store_, request, kNow, LocatorOptions{},
                      response);
  }
  // The error message of a request that must fail with `code`.
  std::string Error(
      const v1::UrgentFillRequest& request,
      absl::StatusCode code = absl::StatusCode::kInvalidArgument) {
    v1::UrgentFillResponse response;
    const absl::Status s = Call(request, &response);
    EXPECT_EQ(s.code(), code) << s;
    return std::string(s.message());
  }

  void Stock(const std::string& pharmacy, const std::string& ndc,
             int64_t quantity, absl::Duration age = absl::Hours(1)) {
    store_.Apply({pharmacy, ndc, {quantity, kNow - age, "feed"}});
  }

  std::shared_ptr<const Snapshot> snapshot_;
  StockStore store_;
};

TEST_F(UrgentFillHandlerTest, BadRequestsNameTheFieldAndValue) {
  v1::UrgentFillRequest r = Request("00069108530", 30);
  r.clear_plan();
  EXPECT_EQ(Error(r),
            "plan is required: an urgent fill looks for pharmacies in the "
            "member's network");

  r = Request("00069108530", 0);
  EXPECT_EQ(Error(r), "items[0].quantity must be 1 to 100000 units, got 0");

  r = Request("0069108530", 30);
  EXPECT_THAT(Error(r), HasSubstr("items[0].ndc: ndc \"0069108530\" is 10 "
                                  "digits without hyphens"));

  r = Request("00069108530", 30);
  r.clear_items();
  EXPECT_EQ(Error(r), "items must list 1 to 10 items, got 0");

  r = Request("00069108530", 30);
  r.mutable_items(0)->clear_ndc();
  EXPECT_EQ(Error(r), "items[0] must give an ndc or a drug_name");

  r = Request("00069108530", 30);
  r.mutable_need_by()->set_seconds(absl::ToUnixSeconds(kNow) - 60);
  EXPECT_EQ(Error(r),
            "need_by must be after now and at most 30 days off, got "
            "2026-03-06T16:59:00Z (now is 2026-03-06T17:00:00Z)");

  r = Request("00069108530", 30);
  r.mutable_pickup_window()->set_seconds(3 * 3600);
  EXPECT_EQ(Error(r),
            "pickup_window must be from 1 minute to 2 hours, got 10800s 0ns");

  // One drug twice, here as asked and as a substitute of another pack.
  r = Request("00069108530", 30);
  r.set_allow_substitution(true);
  v1::UrgentItem* again = r.add_items();
  again->set_ndc("00069-1101-20");
  again->set_quantity(30);
  EXPECT_EQ(Error(r),
            "items[1] and items[0] both ask for NDC 00069-1085-30: give the "
            "drug once with the total quantity");

  r = Request("00069108530", 30);
  r.set_max_options(21);
  EXPECT_EQ(Error(r), "max_options must be 0 (the default, 5) to 20, got 21");

  r = Request("00069108530", 30);
  r.set_travel_mode(static_cast<v1::TravelMode>(7));
  EXPECT_EQ(Error(r), "travel_mode must be DRIVING or WALKING, got 7");

  r = Request("00069108530", 30);
  r.mutable_plan()->mutable_commercial()->set_bin("999999");
  EXPECT_THAT(Error(r, absl::StatusCode::kNotFound), HasSubstr("999999"));
}

TEST_F(UrgentFillHandlerTest, DrugNames) {
  Stock("a", "00069110120", 30);
  v1::UrgentFillRequest r = Request("", 30);
  // Every pack named Paxlovid fills a "paxlovid" item as asked.
  r.mutable_items(0)->set_drug_name(" paxlovid ");
  v1::UrgentFillResponse response;
  ASSERT_TRUE(Call(r, &response).ok());
  ASSERT_EQ(response.options_size(), 1);
  const v1::UrgentItemFill& fill = response.options(0).stops(0).items(0);
  EXPECT_EQ(fill.requested(), " paxlovid ");
  EXPECT_EQ(fill.stock().ndc(), "00069110120");
  EXPECT_FALSE(fill.substituted());

  // "Paxl" starts only Paxlovid's name: one product.
  r.mutable_items(0)->set_drug_name("Paxl");
  response.Clear();
  EXPECT_TRUE(Call(r, &response).ok());
  EXPECT_EQ(response.options_size(), 1);

  r.mutable_items(0)->set_drug_name("pax");
  EXPECT_EQ(Error(r),
            "items[0].drug_name \"pax\" names several products (Paxcare, "
            "Paxil, Paxlovid): give a fuller name or an NDC");
  // One name, two strengths: a name never lets one stand in for the other.
  r.mutable_items(0)->set_drug_name("Atorvastatin");
  EXPECT_EQ(Error(r),
            "items[0].drug_name \"Atorvastatin\" names several products "
            "(Atorvastatin 10 mg tablet, Atorvastatin 80 mg tablet): give a "
            "fuller name or an NDC");
  r.mutable_items(0)->set_drug_name("  ");
  EXPECT_EQ(Error(r), "items[0].drug_name is empty");
  r.mutable_items(0)->set_drug_name("Tamiflu");
  EXPECT_EQ(Error(r, absl::StatusCode::kNotFound),
            "items[0].drug_name \"Tamiflu\" is not the name of a drug in the "
            "catalog");
}

TEST_F(UrgentFillHandlerTest, CompleteOptionsWithReasonsAndSummary) {
  Stock("a", "00069108530", 30);
  Stock("b", "00069108530", 40, absl::Hours(100));
  v1::UrgentFillResponse response;
  ASSERT_TRUE(Call(Request("00069-1085-30", 30), &response).ok());
  ASSERT_EQ(response.options_size(), 2);
  const v1::UrgentOption& first = response.options(0);
  EXPECT_EQ(first.kind(), v1::URGENT_OPTION_KIND_COMPLETE);
  EXPECT_EQ(first.reason(),
            "In stock, preferred pharmacy, open until 10:00 PM EST");
  const v1::UrgentStop& a = first.stops(0);
  EXPECT_EQ(a.pharmacy().id(), "a");
  EXPECT_TRUE(a.in_network());
  EXPECT_EQ(a.network().tier(), v1::NETWORK_TIER_PREFERRED);
  // 130.1 s after noon.
  EXPECT_EQ(a.arrival().seconds(), absl::ToUnixSeconds(kNow) + 130);
  EXPECT_EQ(a.arrival_local_text(), "12:02 PM EST");
  EXPECT_TRUE(a.items(0).filled());
  EXPECT_EQ(a.items(0).stock().quantity(), 30);
  EXPECT_EQ(a.items(0).stock().drug_name(), "Paxlovid");

  const v1::UrgentOption& second = response.options(1);
  EXPECT_TRUE(second.call_to_confirm());
  EXPECT_EQ(second.reason(),
            "Enough at the last count, 4 days ago: call to confirm, standard "
            "pharmacy, open 24 hours");
  EXPECT_EQ(response.summary(),
            "Pharmacy a can fill everything: arrive about 12:02 PM EST. 1 more "
            "option follows.");
  EXPECT_EQ(response.need_by().seconds(),
            absl::ToUnixSeconds(kNow + absl::Hours(4)));
  EXPECT_EQ(response.plan_network().network_id(), "net");
  EXPECT_EQ(response.data_version(), snapshot_->version_text());
}

TEST_F(UrgentFillHandlerTest, SubstitutionOnlyWhenAllowed) {
  Stock("a", "00069110120", 30);
  v1::UrgentFillRequest r = Request("00069108530", 30);
  v1::UrgentFillResponse response;
  ASSERT_TRUE(Call(r, &response).ok());
  EXPECT_EQ(response.options(0).kind(),
            v1::URGENT_OPTION_KIND_TWENTY_FOUR_HOUR);

  r.set_allow_substitution(true);
  response.Clear();
  ASSERT_TRUE(Call(r, &response).ok());
  const v1::UrgentOption& option = response.options(0);
  EXPECT_EQ(option.kind(), v1::URGENT_OPTION_KIND_COMPLETE);
  EXPECT_TRUE(option.stops(0).items(0).substituted());
  EXPECT_EQ(option.stops(0).items(0).requested(), "00069108530");
  EXPECT_EQ(option.reason(),
            "In stock as another package of the same product, preferred "
            "pharmacy, open until 10:00 PM EST");
}

TEST_F(UrgentFillHandlerTest, NothingFillsEverythingSaysWhy) {
  Stock("a", "00069108530", 30);
  v1::UrgentFillRequest r = Request("00069108530", 30);
  v1::UrgentItem* humira = r.add_items();
  humira->set_ndc("00074055402");
  humira->set_quantity(2);
  v1::UrgentFillResponse response;
  ASSERT_TRUE(Call(r, &response).ok());
  std::vector<v1::UrgentOptionKind> kinds;
  for (const v1::UrgentOption& o : response.options())
    kinds.push_back(o.kind());
  EXPECT_THAT(kinds, ElementsAre(v1::URGENT_OPTION_KIND_PARTIAL,
                                 v1::URGENT_OPTION_KIND_TWENTY_FOUR_HOUR,
                                 v1::URGENT_OPTION_KIND_SPECIALTY));
  EXPECT_EQ(response.options(0).reason(),
            "Has 1 of 2 items (Paxlovid), preferred pharmacy, open until 10:00 "
            "PM EST");
  EXPECT_THAT(response.options(0).missing_items(), ElementsAre(1));
  EXPECT_EQ(response.options(1).reason(),
            "Open 24 hours, standard pharmacy, no recent count shows enough "
            "Paxlovid, Humira: call ahead");
  EXPECT_EQ(response.options(2).reason(),
            "Your plan's specialty pharmacy for Humira, call to arrange "
            "delivery");
  EXPECT_FALSE(response.options(2).stops(0).has_arrival());
  EXPECT_EQ(response.summary(),
            "Of the 2 in-network pharmacies within reach, 2 are open when you "
            "would get there, but none has everything: 1 has Paxlovid, 0 "
            "have Humira. Other options follow.");
}

TEST_F(UrgentFillHandlerTest, NoTimeLeft) {
  v1::UrgentFillRequest r = Request("00069108530", 30);
  r.mutable_need_by()->set_seconds(absl::ToUnixSeconds(kNow) + 600);
  v1::UrgentFillResponse response;
  ASSERT_TRUE(Call(r, &response).ok());
  EXPECT_EQ(response.options_size(), 0);
  EXPECT_EQ(response.summary(),
            "No in-network pharmacy can be reached, with time at the counter, "
            "before need_by. There is no other option either.");
}

}  // namespace
}  // namespace rxlocator
