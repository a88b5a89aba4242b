// Open now as the peer comparison asks it of Redis and PostGIS, at the
// week's end and across both of New York's clock changes in 2026: PeerFiles
// of four hand-made pharmacies, loaded into a real redis-server and a real
// PostgreSQL as rxlocator-peers loads them, asked through RedisPeer and
// PostgisPeer at chosen instants; the answers are checked by hand.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "bench/peer_loading.h"
#include "bench/peer_query.h"
#include "bench/postgis_peer.h"
#include "bench/redis_peer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/network.h"
#include "index/pharmacy.h"
#include "index/plan_key.h"
#include "loaders/osm_opening_hours.h"
#include "testing/postgres_process.h"
#include "testing/redis_process.h"
#include "testing/temp_dir.h"
#include "tools/peer_files.h"

namespace rxlocator {
namespace {

using ::testing::ElementsAreArray;

constexpr double kLatitude = 40.7506, kLongitude = -73.9935;  // Manhattan.
constexpr char kPlan[] = "610014:ABC:GRP1";

// A pharmacy in New York, `meters_north` of the origin, open `hours`.
Pharmacy InNewYork(const std::string& id, double meters_north,
                   const std::string& hours) {
  Pharmacy p;
  p.id = id;
  p.name = id;
  p.latitude = kLatitude + meters_north / 111'000;
  p.longitude = kLongitude;
  p.time_zone = "America/New_York";
  p.store_hours = *ParseOsmOpeningHours(hours, 2026, 2027);
  return p;
}

class PeerHoursTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Dataset dataset;
    dataset.pharmacies = {
        InNewYork("overnight", 100, "Su 22:00-02:00"),
        InNewYork("always", 200, "24/7"),
        InNewYork("weekdays", 300, "Mo-Fr 09:00-17:00"),
        InNewYork("sunday_small_hours", 400, "Su 01:00-03:00"),
    };
    Network network{.id = "net", .name = "net"};
    for (const Pharmacy& p : dataset.pharmacies) {
      network.members.push_back({.pharmacy_id = p.id});
    }
    dataset.networks = {network};
    dataset.plans = {{.plan = *ParsePlanKey(kPlan), .network_id = "net"}};

    dir_ = new std::string(NewTempDir("peer_hours_test"));
    PeerFiles files(*dir_);
    absl::Status written = files.Begin(dataset, absl::Now());
    written.Update(files.Close());
    ASSERT_TRUE(written.ok()) << written;

    redis_ = new RedisProcess();
    ASSERT_TRUE(redis_->running()) << redis_->log();
    postgres_ = new PostgresProcess();
    ASSERT_TRUE(postgres_->running()) << postgres_->log();
    absl::Status loaded = LoadIntoRedis(*dir_, redis_->port());
    loaded.Update(LoadIntoPostgis(*dir_, postgres_->conninfo()));
    ASSERT_TRUE(loaded.ok()) << loaded;
  }
  static void TearDownTestSuite() {
    delete postgres_;
    delete redis_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }

  // The ids each peer finds open at `at`, sorted; Redis's
  // answer, then PostGIS's.
  static std::vector<std::vector<std::string>> OpenAt(absl::Time at) {
    PeerQuery query{.kind = QueryKind::kPlanOpen,
                    .latitude = kLatitude,
                    .longitude = kLongitude,
                    .plan = ParsePlanKey(kPlan)->ToString(),
                    .open_at = at};
    RedisPeer redis;
    PostgisPeer postgis;
    EXPECT_TRUE(redis.Connect(redis_->port()).ok());
    EXPECT_TRUE(postgis.Connect(postgres_->conninfo()).ok());
    std::vector<std::vector<std::string>> answers;
    for (const absl::StatusOr<PeerResults>& found :
         {redis.Find(query), postgis.Find(query)}) {
      std::vector<std::string>& ids = answers.emplace_back();
      EXPECT_TRUE(found.ok()) << found.status();
      if (!found.ok()) continue;
      for (const PeerResult& r : *found) ids.push_back(r.id);
      std::sort(ids.begin(), ids.end());
    }
    return answers;
  }

  static absl::Time Utc(int y, int m, int d, int hh, int mm) {
    return absl::FromCivil(absl::CivilMinute(y, m, d, hh, mm),
                           absl::UTCTimeZone());
  }

  static std::string* dir_;
  static RedisProcess* redis_;
  static PostgresProcess* postgres_;
};
std::string* PeerHoursTest::dir_ = nullptr;
RedisProcess* PeerHoursTest::redis_ = nullptr;
PostgresProcess* PeerHoursTest::postgres_ = nullptr;

struct Case {
  absl::Time at;
  const char* local;  // For the failure message.
  std::vector<std::string> open;
};

void ExpectBothFind(const Case& c,
                    const std::vector<std::vector<std::string>>& answers) {
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_THAT(answers[0], ElementsAreArray(c.open)) << "redis at " << c.local;
  EXPECT_THAT(answers[1], ElementsAreArray(c.open)) << "postgis at " << c.local;
}

TEST_F(PeerHoursTest, OpenAcrossTheWeeksEnd) {
  // Sunday 22 November 2026 and the Monday after, EST (UTC-5).
  for (const Case& c : std::vector<Case>{
           {Utc(2026, 11, 23, 2, 59), "Sun 21:59", {"always"}},
           {Utc(2026, 11, 23, 3, 0), "Sun 22:00", {"always", "overnight"}},
           {Utc(2026, 11, 23, 4, 59), "Sun 23:59", {"always", "overnight"}},
           {Utc(2026, 11, 23, 5, 0), "Mon 00:00", {"always", "overnight"}},
           {Utc(2026, 11, 23, 6, 59), "Mon 01:59", {"always", "overnight"}},
           {Utc(2026, 11, 23, 7, 0), "Mon 02:00", {"always"}},
           {Utc(2026, 11, 23, 14, 0), "Mon 09:00", {"always", "weekdays"}},
           {Utc(2026, 11, 23, 21, 59), "Mon 16:59", {"always", "weekdays"}},
           {Utc(2026, 11, 23, 22, 0), "Mon 17:00", {"always"}},
       }) {
    ExpectBothFind(c, OpenAt(c.at));
  }
}

TEST_F(PeerHoursTest, OpenOnTheWallClockAcrossBothClockChanges) {
  for (const Case& c : std::vector<Case>{
           // 8 March 2026: 02:00 EST becomes 03:00 EDT.
           {Utc(2026, 3, 8, 5, 59), "Sun 00:59 EST", {"always"}},
           {Utc(2026, 3, 8, 6, 0),
            "Sun 01:00 EST",
            {"always", "sunday_small_hours"}},
           {Utc(2026, 3, 8, 6, 59),
            "Sun 01:59 EST",
            {"always", "sunday_small_hours"}},
           {Utc(2026, 3, 8, 7, 0), "Sun 03:00 EDT", {"always"}},
           // 1 November 2026: 02:00 EDT becomes 01:00 EST; 01:30 comes twice.
           {Utc(2026, 11, 1, 5, 30),
            "Sun 01:30 EDT",
            {"always", "sunday_small_hours"}},
           {Utc(2026, 11, 1, 6, 30),
            "Sun 01:30 EST",
            {"always", "sunday_small_hours"}},
           {Utc(2026, 11, 1, 7, 59),
            "Sun 02:59 EST",
            {"always", "sunday_small_hours"}},
           {Utc(2026, 11, 1, 8, 0), "Sun 03:00 EST", {"always"}},
       }) {
    ExpectBothFind(c, OpenAt(c.at));
  }
}

}  // namespace
}  // namespace rxlocator
