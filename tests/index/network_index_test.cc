#include "index/network_index.h"

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/membership_at.h"
#include "index/plan_key.h"
#include "index/snapshot.h"

namespace rxlocator {
namespace {

using ::testing::HasSubstr;

TEST(PlanKeyTest, ParsesBothFormsToCanonicalText) {
  EXPECT_EQ(ParsePlanKey(" 610014:abc:grp-1 ")->ToString(), "610014:ABC:GRP-1");
  EXPECT_EQ(ParsePlanKey("610014::")->ToString(), "610014::");
  EXPECT_EQ(ParsePlanKey("h4321-001-002")->ToString(), "H4321-001-002");
  EXPECT_EQ(ParsePlanKey("S1234-010")->ToString(), "S1234-010-000");
  EXPECT_EQ(ParsePlanKey("S1234-010")->kind, PlanKey::Kind::kMedicare);
}

TEST(PlanKeyTest, ErrorsNameThePartAndQuoteTheText) {
  const auto message = [](absl::string_view text) {
    return std::string(ParsePlanKey(text).status().message());
  };
  EXPECT_THAT(message("61001:ABC:G"), HasSubstr("bin \"61001\" must be 6"));
  EXPECT_THAT(message("610014:ABCDEFGHIJK:G"),
              HasSubstr("pcn \"ABCDEFGHIJK\""));
  EXPECT_THAT(message("610014:A:G!"), HasSubstr("group \"G!\""));
  EXPECT_THAT(message("X4321-001"), HasSubstr("contract_id \"X4321\""));
  EXPECT_THAT(message("H4321-01"),
              HasSubstr("plan_id \"01\" must be 3 digits"));
  EXPECT_THAT(message("H4321-001-1"), HasSubstr("segment_id \"1\""));
  EXPECT_THAT(message("nonsense"), HasSubstr("plan \"nonsense\": must be"));
}

Pharmacy At(std::string id, double lat, double lng, std::string zone) {
  Pharmacy p;
  p.id = std::move(id);
  p.name = "Pharmacy " + p.id;
  p.latitude = lat;
  p.longitude = lng;
  p.time_zone = std::move(zone);
  p.source = "test";
  return p;
}

Membership Member(std::string id, Tier tier = Tier::kStandard,
                  absl::CivilDay effective = kFirstDay,
                  absl::CivilDay end = kLastDay) {
  return {.pharmacy_id = std::move(id),
          .tier = tier,
          .effective = effective,
          .end = end,
          .source = "test"};
}

PlanMapping Plan(absl::string_view text, std::string network) {
  return {*ParsePlanKey(text), std::move(network), "Plan " + network, "test"};
}

// 200 pharmacies on a line, so members straddle bitset words.
std::vector<Pharmacy> Line(int n) {
  std::vector<Pharmacy> all;
  for (int i = 0; i < n; ++i) {
    all.push_back(At("p" + std::to_string(i), 0, i * 0.001, "UTC"));
  }
  return all;
}

TEST(NetworkIndexTest, FindsEachMembersPeriodsAcrossBitsetWords) {
  const std::vector<Pharmacy> all = Line(200);
  const PharmacyDirectory directory(all);
  Network n{.id = "n", .name = "N"};
  for (int i : {199, 0, 63, 64, 127, 128}) {
    n.members.push_back(Member("p" + std::to_string(i),
                               i % 2 ? Tier::kPreferred : Tier::kStandard));
  }
  // p64 has two periods, given out of order.
  n.members.back().end = absl::CivilDay(2026, 6, 30);
  n.members.push_back(
      Member("p128", Tier::kPreferred, absl::CivilDay(2026, 7, 1)));
  absl::StatusOr<NetworkIndex> index =
      NetworkIndex::Build({n}, {}, directory, 200);
  ASSERT_TRUE(index.ok()) << index.status();
  EXPECT_EQ(index->member_count(0), 6);
  for (int i = 0; i < 200; ++i) {
    const size_t periods = index->Periods(0, i).size();
    const bool member =
        i == 0 || i == 63 || i == 64 || i == 127 || i == 128 || i == 199;
    EXPECT_EQ(periods, !member ? 0 : i == 128 ? 2 : 1) << i;
  }
  EXPECT_EQ(index->Periods(0, 199)[0].tier, Tier::kPreferred);
  EXPECT_EQ(index->Periods(0, 64)[0].tier, Tier::kStandard);
  const auto tier_on = [&](absl::CivilDay day) {
    const MembershipPeriod* m = index->On(0, 128, day);
    return m == nullptr                  ? "none"
           : m->tier == Tier::kPreferred ? "preferred"
                                         : "standard";
  };
  EXPECT_STREQ(tier_on(absl::CivilDay(2026, 6, 30)), "standard");
  EXPECT_STREQ(tier_on(absl::CivilDay(2026, 7, 1)), "preferred");
}

TEST(NetworkIndexTest, CommercialPlansFallBackToWiderMappings) {
  const std::vector<Pharmacy> all = Line(3);
  Network a{.id = "a"}, b{.id = "b"}, c{.id = "c"}, d{.id = "d"};
  absl::StatusOr<NetworkIndex> index = NetworkIndex::Build(
      {a, b, c, d},
      {Plan("610014:ABC:GRP1", "a"), Plan("610014:ABC:", "b"),
       Plan("610014::", "c"), Plan("H4321-001-000", "d")},
      PharmacyDirectory(all), all.size());
  ASSERT_TRUE(index.ok()) << index.status();
  const auto network = [&](absl::string_view plan) -> std::string {
    auto found = index->FindPlan(*ParsePlanKey(plan));
    return found ? index->network_id(found->network) : "none";
  };
  EXPECT_EQ(network("610014:ABC:GRP1"), "a");
  EXPECT_EQ(network("610014:abc:grp2"), "b");
  EXPECT_EQ(network("610014:XYZ:GRP1"), "c");
  EXPECT_EQ(network("610015:ABC:GRP1"), "none");
  EXPECT_EQ(network("H4321-001"), "d");
  EXPECT_EQ(network("H4321-001-001"), "none");
}

TEST(NetworkIndexTest, CombinesNetworksWithTheSameId) {
  const std::vector<Pharmacy> all = Line(3);
  Network first{.id = "n", .members = {Member("p0")}};
  Network second{.id = "n", .name = "Named later", .members = {Member("p2")}};
  absl::StatusOr<NetworkIndex> index = NetworkIndex::Build(
      {first, second}, {}, PharmacyDirectory(all), all.size());
  ASSERT_TRUE(index.ok()) << index.status();
  EXPECT_EQ(index->network_count(), 1);
  EXPECT_EQ(index->network_name(0), "Named later");
  EXPECT_EQ(index->member_count(0), 2);
}

TEST(NetworkIndexTest, RejectsInconsistentData) {
  const std::vector<Pharmacy> all = Line(3);
  const auto error = [&](std::vector<Network> networks,
                         std::vector<PlanMapping> plans) {
    return std::string(
        NetworkIndex::Build(networks, plans, PharmacyDirectory(all), all.size())
            .status()
            .message());
  };
  EXPECT_THAT(error({{.id = "n", .members = {Member("nope")}}}, {}),
              HasSubstr("names pharmacy \"nope\""));
  EXPECT_THAT(error({{.id = "n",
                      .members = {Member("p1", Tier::kStandard, kFirstDay,
                                         absl::CivilDay(2026, 7, 1)),
                                  Member("p1", Tier::kPreferred,
                                         absl::CivilDay(2026, 7, 1))}}},
                    {}),
              HasSubstr("overlapping memberships"));
  EXPECT_THAT(error({{.id = "n",
                      .members = {Member("p1", Tier::kStandard,
                                         absl::CivilDay(2026, 2, 1),
                                         absl::CivilDay(2026, 1, 31))}}},
                    {}),
              HasSubstr("ends before it starts"));
  Membership no_fill = Member("p1");
  no_fill.fills = 0;
  EXPECT_THAT(error({{.id = "n", .members = {no_fill}}}, {}),
              HasSubstr("allows no kind of fill"));
  EXPECT_THAT(error({{.id = "n"}}, {Plan("610014:A:B", "missing")}),
              HasSubstr("names network \"missing\""));
  EXPECT_THAT(
      error({{.id = "n"}}, {Plan("610014:A:B", "n"), Plan("610014:a:b", "n")}),
      HasSubstr("mapped twice"));
}

// Membership dates are local dates: a membership that starts on July 1
// starts at midnight where the pharmacy is.
TEST(MembershipAtTest, DatesTurnAtLocalMidnight) {
  Dataset d;
  d.pharmacies = {At("ny", 40.7, -74.0, "America/New_York"),
                  At("ak", 61.2, -149.9, "America/Anchorage"),
                  At("nozone", 45, -100, "")};
  Network n{.id = "n"};
  for (const char* id : {"ny", "ak", "nozone"}) {
    n.members.push_back(Member(id, Tier::kStandard, absl::CivilDay(2026, 7, 1),
                               absl::CivilDay(2026, 9, 30)));
  }
  d.networks = {n};
  auto snapshot = Snapshot::Build(std::move(d), ZipTable());
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  const auto member = [&](absl::string_view id, absl::string_view utc) {
    absl::Time at;
    EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, utc, &at, nullptr));
    MembershipAt membership(**snapshot, 0, at);
    return membership.Find(*(*snapshot)->Lookup(id)) != nullptr;
  };
  // 04:30 UTC on July 1 is 00:30 in New York (EDT) but 20:30 on June 30
  // in Anchorage (AKDT).
  EXPECT_TRUE(member("ny", "2026-07-01T04:30:00Z"));
  EXPECT_FALSE(member("ny", "2026-07-01T03:59:59Z"));
  EXPECT_FALSE(member("ak", "2026-07-01T04:30:00Z"));
  EXPECT_TRUE(member("ak", "2026-07-01T08:00:00Z"));
  EXPECT_TRUE(member("nozone", "2026-07-01T00:00:00Z"));
  EXPECT_FALSE(member("nozone", "2026-06-30T23:59:59Z"));
  // The end date is included: September 30 until local midnight.
  EXPECT_TRUE(member("ny", "2026-10-01T03:59:59Z"));
  EXPECT_FALSE(member("ny", "2026-10-01T04:00:00Z"));
  EXPECT_TRUE(member("ak", "2026-10-01T07:59:59Z"));
  EXPECT_FALSE(member("ak", "2026-10-01T08:00:00Z"));
  // Far from either edge, no zone is needed, and the answer is the same.
  EXPECT_TRUE(member("ak", "2026-08-15T12:00:00Z"));
  EXPECT_FALSE(member("ny", "2027-01-01T12:00:00Z"));
}

}  // namespace
}  // namespace rxlocator
