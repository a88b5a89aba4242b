// Plans on FindPharmacies (filters, ranking, paging) and CheckNetwork, on a
// hand-checked layout.
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/snapshot.h"
#include "server/locator_handlers.h"

namespace rxlocator {
namespace {

// These searches ask nothing about stock.
const StockStore& NoStock() {
  static const StockStore* const kEmpty = new StockStore;
  return *kEmpty;
}

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// On the equator, where 0.01 degrees of longitude is 1,111.95 m, all in
// New York's zone:
//   a (0, 0)        standard
//   m (0, 0.005)    mail order only, not walk-in
//   b (0, 0.01)     preferred, 90-day retail
//   c (0, 0.01)     not in the network
//   d (0, 0.02)     preferred from 2026-03-07
//   e (0, 0.5)      standard, until 2026-03-06
// Plan 610014:ABC:GRP1 uses network "broad".
Dataset Layout() {
  Dataset d;
  for (const auto& [id, lng] :
       std::vector<std::pair<std::string, double>>{{"a", 0},
                                                   {"m", 0.005},
                                                   {"b", 0.01},
                                                   {"c", 0.01},
                                                   {"d", 0.02},
                                                   {"e", 0.5}}) {
    Pharmacy p;
    p.id = id;
    p.name = "Pharmacy " + id;
    p.longitude = lng;
    p.time_zone = "America/New_York";
    p.source = "test";
    d.pharmacies.push_back(p);
  }
  d.pharmacies[1].walk_in = false;
  const auto member = [](std::string id, Tier tier, FillKinds fills,
                         absl::CivilDay effective = kFirstDay,
                         absl::CivilDay end = kLastDay) {
    return Membership{id, tier, fills, effective, end, "test"};
  };
  const FillKinds retail = Bit(FillKind::kRetail);
  d.networks = {
      {"broad",
       "Broad Network",
       {member("a", Tier::kStandard, retail),
        member("m", Tier::kStandard, Bit(FillKind::kMail)),
        member("b", Tier::kPreferred, retail | Bit(FillKind::kNinetyDayRetail)),
        member("d", Tier::kPreferred, retail, absl::CivilDay(2026, 3, 7)),
        member("e", Tier::kStandard, retail, kFirstDay,
               absl::CivilDay(2026, 3, 6))}}};
  d.plans = {
      {*ParsePlanKey("610014:ABC:GRP1"), "broad", "Example Broad", "test"}};
  return d;
}

// Friday 2026-03-06 at 12:00 in New York: d has not joined, e not yet left.
const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2026, 3, 6, 17, 0, 0),
                                        absl::UTCTimeZone());
const absl::Time kSaturday = kNow + absl::Hours(24);

class NetworkHandlersTest : public ::testing::Test {
 protected:
  NetworkHandlersTest() : snapshot_(*Snapshot::Build(Layout(), ZipTable())) {}

  static v1::FindPharmaciesRequest WithPlan() {
    v1::FindPharmaciesRequest r;
    r.mutable_origin()->mutable_lat_lng()->set_longitude(0);
    r.set_radius_meters(100000);
    auto* plan = r.mutable_plan()->mutable_commercial();
    plan->set_bin("610014");
    plan->set_pcn("ABC");
    plan->set_group("GRP1");
    return r;
  }

  absl::Status Find(const v1::FindPharmaciesRequest& r,
                    v1::FindPharmaciesResponse* response,
                    absl::Time now = kNow) {
    return FindPharmacies(*snapshot_, NoStock(), r, now, {}, response);
  }

  std::vector<std::string> Ids(const v1::FindPharmaciesRequest& r,
                               absl::Time now = kNow) {
    v1::FindPharmaciesResponse response;
    const absl::Status s = Find(r, &response, now);
    EXPECT_TRUE(s.ok()) << s;
    std::vector<std::string> ids;
    for (const auto& result : response.results()) {
      ids.push_back(result.pharmacy().id());
    }
    return ids;
  }

  absl::Status Check(absl::string_view pharmacy, absl::string_view date,
                     v1::CheckNetworkResponse* response) {
    v1::CheckNetworkRequest r;
    r.set_pharmacy_id(std::string(pharmacy));
    *r.mutable_plan() = WithPlan().plan();
    r.set_date(std::string(date));
    return CheckNetwork(*snapshot_, r, kNow, response);
  }

  std::shared_ptr<const Snapshot> snapshot_;
};

TEST_F(NetworkHandlersTest, PlanKeepsWalkInRetailMembersOnTheDay) {
  EXPECT_THAT(Ids(WithPlan()), ElementsAre("a", "b", "e"));
  // A day later, local time, d has joined and e has left.
  EXPECT_THAT(Ids(WithPlan(), kSaturday), ElementsAre("a", "b", "d"));
  // Without a plan every walk-in pharmacy is found; the mail-order one never.
  v1::FindPharmaciesRequest r = WithPlan();
  r.clear_plan();
  EXPECT_THAT(Ids(r), ElementsAre("a", "b", "c", "d", "e"));
  v1::FindPharmaciesResponse response;
  ASSERT_TRUE(Find(r, &response).ok());
  EXPECT_FALSE(response.results(0).in_network());
  EXPECT_FALSE(response.results(0).has_network());
}

TEST_F(NetworkHandlersTest, EachResultCarriesItsMembership) {
  v1::FindPharmaciesResponse response;
  ASSERT_TRUE(Find(WithPlan(), &response).ok());
  EXPECT_EQ(response.plan_network().plan(), "610014:ABC:GRP1");
  EXPECT_EQ(response.plan_network().network_id(), "broad");
  EXPECT_EQ(response.plan_network().network_name(), "Broad Network");
  EXPECT_EQ(response.plan_network().plan_name(), "Example Broad");
  EXPECT_TRUE(response.results(1).in_network());
  const v1::NetworkMembership& b = response.results(1).network();
  EXPECT_EQ(b.tier(), v1::NETWORK_TIER_PREFERRED);
  EXPECT_TRUE(b.retail() && b.ninety_day_retail());
  EXPECT_FALSE(b.mail() || b.specialty());
  EXPECT_EQ(b.effective_date(), "");
  const v1::NetworkMembership& e = response.results(2).network();
  EXPECT_EQ(e.tier(), v1::NETWORK_TIER_STANDARD);
  EXPECT_EQ(e.end_date(), "2026-03-06");
  EXPECT_EQ(response.results(0).rank_reason(), "ranked by distance");
}

TEST_F(NetworkHandlersTest, PreferredOnlyAndNinetyDayRetail) {
  v1::FindPharmaciesRequest r = WithPlan();
  r.mutable_filter()->set_preferred_only(true);
  EXPECT_THAT(Ids(r, kSaturday), ElementsAre("b", "d"));
  r.mutable_filter()->set_ninety_day_retail(true);
  EXPECT_THAT(Ids(r, kSaturday), ElementsAre("b"));
}

// Saturday: a at 0 m (standard), b at 1,112 m and d at 2,224 m (preferred).
TEST_F(NetworkHandlersTest, PreferredFirstWithinTheAllowance) {
  v1::FindPharmaciesRequest r = WithPlan();
  r.mutable_ranking()->set_preferred_first(true);
  r.mutable_ranking()->set_preferred_allowance_meters(1500);
  // b ranks at 1112 - 1500 < 0, ahead of a; d at 724 stays behind a.
  EXPECT_THAT(Ids(r, kSaturday), ElementsAre("b", "a", "d"));
  r.mutable_ranking()->set_preferred_allowance_meters(1000);
  EXPECT_THAT(Ids(r, kSaturday), ElementsAre("a", "b", "d"));
  r.mutable_ranking()->set_preferred_allowance_meters(2500);
  EXPECT_THAT(Ids(r, kSaturday), ElementsAre("b", "d", "a"));

  // The server's default allowance is 2 miles (3,219 m).
  r.mutable_ranking()->clear_preferred_allowance_meters();
  v1::FindPharmaciesResponse response;
  ASSERT_TRUE(Find(r, &response, kSaturday).ok());
  ASSERT_EQ(response.results_size(), 3);
  EXPECT_EQ(response.results(0).pharmacy().id(), "b");
  EXPECT_EQ(response.results(0).rank_basis(),
            v1::RANK_BASIS_PREFERRED_ALLOWANCE);
  EXPECT_EQ(response.results(0).rank_reason(),
            "preferred pharmacy: ranked as if 2.0 mi nearer");
  EXPECT_EQ(response.results(2).pharmacy().id(), "a");
  EXPECT_EQ(response.results(2).rank_basis(), v1::RANK_BASIS_DISTANCE);
  EXPECT_EQ(response.results(2).rank_reason(),
            "standard pharmacy: ranked by distance");
  EXPECT_NEAR(response.results(2).distance_meters(), 0, 1e-6);
}

TEST_F(NetworkHandlersTest, PreferredFirstPagesOneByOne) {
  v1::FindPharmaciesRequest r = WithPlan();
  r.mutable_ranking()->set_preferred_first(true);
  r.mutable_ranking()->set_preferred_allowance_meters(1500);
  r.set_max_results(1);
  std::vector<std::string> ids;
  for (int page = 0; page < 5; ++page) {
    v1::FindPharmaciesResponse response;
    ASSERT_TRUE(Find(r, &response, kSaturday).ok());
    for (const auto& result : response.results()) {
      ids.push_back(result.pharmacy().id());
    }
    if (response.next_page_token().empty()) break;
    r.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(ids, ElementsAre("b", "a", "d"));
  // The token is tied to the ranking it was issued for.
  r.mutable_ranking()->set_preferred_allowance_meters(1000);
  v1::FindPharmaciesResponse response;
  EXPECT_THAT(Find(r, &response, kSaturday).message(),
              HasSubstr("page_token belongs to another query"));
}

TEST_F(NetworkHandlersTest, BadPlansAndOptionsNameTheField) {
  const auto error = [&](v1::FindPharmaciesRequest r) {
    v1::FindPharmaciesResponse response;
    return Find(r, &response);
  };
  v1::FindPharmaciesRequest r = WithPlan();
  r.mutable_plan()->mutable_commercial()->set_group("NOPE");
  absl::Status s = error(r);
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(s.message(), HasSubstr("plan 610014:ABC:NOPE is not a plan"));

  r = WithPlan();
  r.mutable_plan()->mutable_commercial()->set_bin("12");
  s = error(r);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("plan.commercial.bin \"12\""));

  r = WithPlan();
  r.mutable_plan()->mutable_medicare()->set_contract_id("H12");
  EXPECT_THAT(error(r).message(),
              HasSubstr("plan.medicare.contract_id \"H12\""));

  r = WithPlan();
  r.mutable_plan()->Clear();
  EXPECT_THAT(error(r).message(), HasSubstr("plan must set commercial"));

  r = WithPlan();
  r.clear_plan();
  r.mutable_filter()->set_preferred_only(true);
  EXPECT_THAT(error(r).message(),
              HasSubstr("filter.preferred_only needs plan"));
  r.mutable_filter()->Clear();
  r.mutable_ranking()->set_preferred_first(true);
  EXPECT_THAT(error(r).message(),
              HasSubstr("ranking.preferred_first needs plan"));

  r = WithPlan();
  r.mutable_ranking()->set_preferred_allowance_meters(-1);
  EXPECT_THAT(error(r).message(),
              HasSubstr("ranking.preferred_allowance_meters must be in [0, "
                        "160934.4] (100 miles), got -1"));
  r.mutable_ranking()->set_preferred_allowance_meters(100);
  EXPECT_THAT(error(r).message(), HasSubstr("needs ranking.preferred_first"));
}

TEST_F(NetworkHandlersTest, CheckNetworkOnADate) {
  v1::CheckNetworkResponse response;
  ASSERT_TRUE(Check("b", "", &response).ok());
  EXPECT_TRUE(response.in_network());
  EXPECT_EQ(response.date(), "2026-03-06");  // Today in New York.
  EXPECT_EQ(response.pharmacy().id(), "b");
  EXPECT_EQ(response.plan_network().network_id(), "broad");
  EXPECT_EQ(response.membership().tier(), v1::NETWORK_TIER_PREFERRED);
  EXPECT_EQ(response.explanation(),
            "In network on 2026-03-06 at the preferred tier for retail and "
            "90-day retail fills, with no end date.");

  response.Clear();
  ASSERT_TRUE(Check("d", "2026-03-06", &response).ok());
  EXPECT_FALSE(response.in_network());
  EXPECT_FALSE(response.has_membership());
  EXPECT_EQ(response.next_membership().effective_date(), "2026-03-07");
  EXPECT_EQ(response.explanation(),
            "Not in network on 2026-03-06. Joins at the preferred tier for "
            "retail fills, from 2026-03-07, with no end date.");

  response.Clear();
  ASSERT_TRUE(Check("d", "2026-03-07", &response).ok());
  EXPECT_TRUE(response.in_network());

  response.Clear();
  ASSERT_TRUE(Check("e", "2026-03-07", &response).ok());
  EXPECT_FALSE(response.in_network());
  EXPECT_EQ(response.explanation(), "Not in network on 2026-03-07.");

  // The mail-order pharmacy is found by id, in network for mail only.
  response.Clear();
  ASSERT_TRUE(Check("m", "", &response).ok());
  EXPECT_TRUE(response.in_network());
  EXPECT_TRUE(response.membership().mail());
  EXPECT_FALSE(response.membership().retail());
  EXPECT_FALSE(response.pharmacy().walk_in());

  response.Clear();
  ASSERT_TRUE(Check("c", "", &response).ok());
  EXPECT_FALSE(response.in_network());
}

TEST_F(NetworkHandlersTest, CheckNetworkErrors) {
  v1::CheckNetworkResponse response;
  absl::Status s = Check("b", "2026-3-7", &response);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("date \"2026-3-7\" must be a date"));
  EXPECT_THAT(Check("b", "2100-01-01", &response).message(),
              HasSubstr("from 1970 to 2099"));
  s = Check("zz", "", &response);
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(s.message(), HasSubstr("pharmacy_id \"zz\""));
  EXPECT_THAT(Check("", "", &response).message(),
              HasSubstr("pharmacy_id is required"));
  v1::CheckNetworkRequest no_plan;
  no_plan.set_pharmacy_id("b");
  EXPECT_THAT(CheckNetwork(*snapshot_, no_plan, kNow, &response).message(),
              HasSubstr("plan is required"));
}

}  // namespace
}  // namespace rxlocator
