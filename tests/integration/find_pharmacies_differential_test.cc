// FindPharmacies against a brute-force haversine scan of the same data, on
// thousands of random origins, radii, limits, filters and page walks, over
// the bundled real data and over a synthetic set with random services,
// chains and plan networks where many pharmacies share a location (exact
// distance ties) and memberships start and end around the asked instants.
#include <random>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "server/data_loading.h"
#include "server/locator_handlers.h"
#include "tests/integration/brute_force.h"
#include "tests/integration/oracle_check.h"
#include "tests/integration/random_queries.h"

namespace rxlocator {
namespace {

// These searches ask nothing about stock.
const StockStore& NoStock() {
  static const StockStore* const kEmpty = new StockStore;
  return *kEmpty;
}

std::shared_ptr<const Snapshot> BundledSnapshot() {
  static auto* snapshot = [] {
    absl::StatusOr<LoadedData> loaded =
        LoadSnapshot(BundledData(std::string(RXLOCATOR_SOURCE_DIR) + "/data"));
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new std::shared_ptr<const Snapshot>(loaded->snapshot);
  }();
  return *snapshot;
}

// The instant the differential queries are asked at: Friday 2026-03-06,
// 23:30 UTC, two days before the US spring-forward night.
const absl::Time kNow = absl::FromUnixSeconds(1772839800);

// Random hours: unknown, 24/7, or a week of one or two spans a day (some
// past midnight), with dated overrides and closures around kNow.
OpeningHours RandomHours(std::mt19937_64& rng) {
  OpeningHours h;
  const int kind = rng() % 10;
  if (kind < 2) return h;
  h.known = true;
  if (kind == 2) {
    h.always_open = true;
  } else {
    for (int day = 0; day < 7; ++day) {
      if (rng() % 7 == 0) continue;
      const int open = 5 * 60 + rng() % (7 * 60);
      const int close = open + 2 * 60 + rng() % (18 * 60);
      h.weekly.push_back({static_cast<Weekday>(day), open, close});
      if (close < 14 * 60 && rng() % 3 == 0) {
        h.weekly.push_back({static_cast<Weekday>(day), close + 60, 22 * 60});
      }
    }
  }
  const absl::CivilDay today = absl::ToCivilDay(kNow, absl::UTCTimeZone());
  if (rng() % 4 == 0) {
    DateOverride o{today + static_cast<int>(rng() % 10) - 3, {}};
    if (rng() % 2) o.spans.push_back({10 * 60, 14 * 60});
    h.overrides.push_back(o);
  }
  if (rng() % 20 == 0) h.closed_until = today + static_cast<int>(rng() % 5);
  if (rng() % 50 == 0) h.permanently_closed = true;
  return h;
}

// Random memberships in three networks: "wide" (80% of pharmacies),
// "narrow" (30%) and "dated" (half, some in two periods, starting and
// ending within a day or two of kNow).
std::vector<Network> RandomNetworks(const std::vector<Pharmacy>& pharmacies,
                                    std::mt19937_64& rng) {
  const absl::CivilDay today = absl::ToCivilDay(kNow, absl::UTCTimeZone());
  const auto near_today = [&] { return today + int(rng() % 5) - 2; };
  std::vector<Network> networks = {
      {"wide", "Wide"}, {"narrow", "Narrow"}, {"dated", "Dated"}};
  for (const Pharmacy& p : pharmacies) {
    for (auto [n, share] : {std::pair{0, 80}, {1, 30}, {2, 50}}) {
      if (int(rng() % 100) >= share) continue;
      Membership m{.pharmacy_id = p.id,
                   .tier = rng() % 3 ? Tier::kStandard : Tier::kPreferred,
                   .fills = static_cast<FillKinds>(1 + rng() % 15),
                   .source = "synthetic"};
      if (n == 2) {
        if (rng() % 2) m.effective = near_today();
        if (rng() % 2) m.end = std::max(m.effective, near_today());
        if (m.end != kLastDay && rng() % 2) {
          Membership next = m;
          next.effective = m.end + 1;
          next.end = kLastDay;
          next.tier = Tier::kPreferred;
          networks[n].members.push_back(next);
        }
      }
      networks[n].members.push_back(m);
    }
  }
  return networks;
}

// The test's own plan table: which network each plan uses.
const std::pair<const char*, const char*> kPlans[] = {
    {"610014:WIDE:", "wide"},
    {"610014:NARROW:G1", "narrow"},
    {"H4321-001-000", "dated"}};

// The synthetic networks by id, memberships by pharmacy id, for the oracle.
absl::flat_hash_map<std::string, MembershipsById>& OracleNetworks() {
  static auto* networks =
      new absl::flat_hash_map<std::string, MembershipsById>();
  return *networks;
}

// 20,000 pharmacies around the real data's locations; a third of them share
// the location of the one before. Each has random services, chain and
// hours, in one of a few time zones; one in twenty is not walk-in.
std::shared_ptr<const Snapshot> SyntheticSnapshot() {
  const std::shared_ptr<const Snapshot> real = BundledSnapshot();
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> jitter(-0.1, 0.1);
  const char* const kChains[] = {"", "alpha", "beta", "gamma", "delta"};
  const char* const kZones[] = {"America/New_York", "America/Chicago",
                                "America/Phoenix", "America/Anchorage", ""};
  Dataset d;
  for (int i = 0; i < 20000; ++i) {
    Pharmacy p;
    p.id = "s" + std::to_string(rng() % 1000000000);  // Random id order.
    p.id += "-" + std::to_string(i);
    const Pharmacy& near = real->pharmacy(rng() % real->pharmacies().size());
    p.latitude = std::clamp(near.latitude + jitter(rng), -90.0, 90.0);
    p.longitude = std::clamp(near.longitude + jitter(rng), -180.0, 180.0);
    if (i > 0 && rng() % 3 == 0) {
      p.latitude = d.pharmacies.back().latitude;
      p.longitude = d.pharmacies.back().longitude;
    }
    p.services = rng() % 32;
    p.chain = kChains[rng() % 5];
    p.time_zone = kZones[rng() % 5];
    p.store_hours = RandomHours(rng);
    if (rng() % 3 == 0) p.pharmacy_hours = RandomHours(rng);
    p.walk_in = rng() % 20 != 0;
    p.source = "synthetic";
    d.pharmacies.push_back(std::move(p));
  }
  d.networks = RandomNetworks(d.pharmacies, rng);
  for (const auto& [plan, network] : kPlans) {
    d.plans.push_back({*ParsePlanKey(plan), network, plan, "test"});
  }
  // The oracle reads the memberships the snapshot was built from.
  static const std::vector<Network>* kept =
      new std::vector<Network>(d.networks);
  for (const Network& n : *kept) {
    for (const Membership& m : n.members) {
      OracleNetworks()[n.id][m.pharmacy_id].push_back(&m);
    }
  }
  ZipTable zips = real->zips();
  auto built = Snapshot::Build(std::move(d), std::move(zips));
  EXPECT_TRUE(built.ok()) << built.status();
  return *built;
}

// Adds a random plan, with its filters and ranking, to `request`, and
// returns the oracle's reading of it: the plan's network through the test's
// own plan table, memberships as of the asked instant.
BruteForcePlan RandomPlan(std::mt19937_64& rng, const BruteForceQuery& oracle,
                          absl::Time now, v1::FindPharmaciesRequest* request) {
  const auto& [text, network] = kPlans[rng() % 3];
  const PlanKey key = *ParsePlanKey(text);
  if (key.kind == PlanKey::Kind::kCommercial) {
    auto* plan = request->mutable_plan()->mutable_commercial();
    plan->set_bin(key.bin);
    plan->set_pcn(key.pcn);
    // "610014:WIDE:" covers every group.
    plan->set_group(key.group.empty() ? "ANY" + std::to_string(rng() % 9)
                                      : key.group);
  } else {
    auto* plan = request->mutable_plan()->mutable_medicare();
    plan->set_contract_id(key.contract);
    plan->set_plan_id(key.plan);
    plan->set_segment_id(key.segment);
  }
  BruteForcePlan plan{.members = &OracleNetworks()[network],
                      .as_of = oracle.open_at.value_or(now)};
  plan.preferred_only = rng() % 5 == 0;
  plan.ninety_day_retail = rng() % 5 == 0;
  request->mutable_filter()->set_preferred_only(plan.preferred_only);
  request->mutable_filter()->set_ninety_day_retail(plan.ninety_day_retail);
  if (rng() % 2) {
    request->mutable_ranking()->set_preferred_first(true);
    plan.allowance_meters = kMetersPerMile * 2;
    if (rng() % 2) {
      plan.allowance_meters = double(rng() % 20000);
      request->mutable_ranking()->set_preferred_allowance_meters(
          *plan.allowance_meters);
    }
  }
  return plan;
}

// `min_open_answers`: how many queries with an hours filter must find
// something (the bundled data has hours for only 84 Alaska sites).
void RunDifferential(const Snapshot& snapshot, int cases, uint64_t seed,
                     int min_open_answers) {
  std::mt19937_64 rng(seed);
  int walks = 0, nonempty = 0, hours_nonempty = 0, plan_nonempty = 0;
  for (int c = 0; c < cases; ++c) {
    // Within two days of kNow, so that dated memberships begin and end.
    const absl::Time now = kNow + absl::Minutes(rng() % (48 * 60));
    v1::FindPharmaciesRequest request = RandomRequest(rng, snapshot, now);
    BruteForceQuery oracle = OracleQuery(request, snapshot, now);
    if (!OracleNetworks().empty() && rng() % 2) {
      oracle.plan = RandomPlan(rng, oracle, now, &request);
    }
    const std::vector<BruteForceHit> want =
        BruteForce(snapshot.pharmacies(), oracle);
    const bool walk = rng() % 3 == 0;
    std::vector<v1::PharmacyResult> got;
    bool walked_to_end = true;
    for (int page = 0;; ++page) {
      v1::FindPharmaciesResponse response;
      const absl::Status s =
          FindPharmacies(snapshot, NoStock(), request, now, {}, &response);
      ASSERT_TRUE(s.ok()) << s << "\n" << request.DebugString();
      got.insert(got.end(), response.results().begin(),
                 response.results().end());
      walked_to_end = response.next_page_token().empty();
      if (!walk || walked_to_end || page > 50) {
        ASSERT_EQ(response.next_page_token().empty(), got.size() >= want.size())
            << request.DebugString();
        break;
      }
      request.set_page_token(response.next_page_token());
      request.set_max_results(1 + rng() % 30);
    }
    walks += walk;
    nonempty += !got.empty();
    hours_nonempty += !got.empty() && (request.filter().open_now() ||
                                       request.filter().has_open_at() ||
                                       request.filter().has_open_for());
    plan_nonempty += !got.empty() && request.has_plan();
    const size_t limit = !walk           ? Limit(request)
                         : walked_to_end ? want.size()
                                         : got.size();
    ASSERT_TRUE(MatchesOracle(got, want, limit)) << "case " << c << "\n"
                                                 << request.DebugString();
  }
  // The generator must exercise what it claims to.
  EXPECT_GT(walks, cases / 5);
  EXPECT_GT(nonempty, cases / 3);
  EXPECT_GE(hours_nonempty, min_open_answers);
  EXPECT_GE(plan_nonempty, OracleNetworks().empty() ? 0 : cases / 8);
}

TEST(FindPharmaciesDifferentialTest, BundledRealData) {
  RunDifferential(*BundledSnapshot(), 3000, 1, 0);
}

TEST(FindPharmaciesDifferentialTest, SyntheticWithTiesAndFilters) {
  RunDifferential(*SyntheticSnapshot(), 3000, 2, 150);
}

}  // namespace
}  // namespace rxlocator
