// FindPharmacies with opening hours: the open_now / open_at / open_for
// filters and each result's open status, on hand-checked hours in New York.
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/snapshot.h"
#include "server/locator_handlers.h"
#include "server/proto_mapping.h"

namespace rxlocator {
namespace {

// These searches ask nothing about stock.
const StockStore& NoStock() {
  static const StockStore* const kEmpty = new StockStore;
  return *kEmpty;
}

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::TimeZone NewYork() {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("America/New_York", &zone));
  return zone;
}

absl::Time Local(int y, int m, int d, int hh, int mm) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), NewYork());
}

OpeningHours Weekly(std::vector<DailySpan> spans) {
  OpeningHours h;
  h.known = true;
  h.weekly = std::move(spans);
  return h;
}

// Along the equator, 1.1 km apart, all keeping New York time:
//   a  24/7
//   b  Mon-Fri 09:00-17:00
//   c  hours unknown
//   d  Fri 19:00 - Sat 02:00
//   e  permanently closed
//   f  store 08:00-22:00 daily, pharmacy counter Mon-Sat 09:00-18:00
std::shared_ptr<const Snapshot> Build() {
  Dataset d;
  auto add = [&](std::string id, OpeningHours hours) {
    Pharmacy p;
    p.id = id;
    p.name = "Pharmacy " + id;
    p.longitude = 0.01 * d.pharmacies.size();
    p.time_zone = "America/New_York";
    p.store_hours = std::move(hours);
    p.source = "test";
    d.pharmacies.push_back(std::move(p));
  };
  OpeningHours always = Weekly({});
  always.always_open = true;
  add("a", always);
  std::vector<DailySpan> weekdays;
  for (Weekday day : {Weekday::monday, Weekday::tuesday, Weekday::wednesday,
                      Weekday::thursday, Weekday::friday}) {
    weekdays.push_back({day, 9 * 60, 17 * 60});
  }
  add("b", Weekly(weekdays));
  add("c", OpeningHours());
  add("d", Weekly({{Weekday::friday, 19 * 60, 26 * 60}}));
  OpeningHours closed = Weekly(weekdays);
  closed.permanently_closed = true;
  add("e", closed);
  std::vector<DailySpan> store, counter;
  for (int i = 0; i < 7; ++i) {
    store.push_back({static_cast<Weekday>(i), 8 * 60, 22 * 60});
    if (i < 6) counter.push_back({static_cast<Weekday>(i), 9 * 60, 18 * 60});
  }
  add("f", Weekly(store));
  d.pharmacies.back().pharmacy_hours = Weekly(counter);
  auto s = Snapshot::Build(std::move(d), ZipTable());
  EXPECT_TRUE(s.ok()) << s.status();
  return *s;
}

class OpenHoursTest : public ::testing::Test {
 protected:
  v1::FindPharmaciesRequest Request() {
    v1::FindPharmaciesRequest r;
    r.mutable_origin()->mutable_lat_lng()->set_latitude(0);
    r.mutable_origin()->mutable_lat_lng()->set_longitude(0);
    return r;
  }
  v1::FindPharmaciesResponse FindOk(const v1::FindPharmaciesRequest& r,
                                    absl::Time now) {
    v1::FindPharmaciesResponse response;
    const absl::Status s =
        FindPharmacies(*snapshot_, NoStock(), r, now, {}, &response);
    EXPECT_TRUE(s.ok()) << s;
    return response;
  }
  static std::vector<std::string> Ids(const v1::FindPharmaciesResponse& r) {
    std::vector<std::string> ids;
    for (const auto& x : r.results()) ids.push_back(x.pharmacy().id());
    return ids;
  }
  static void SetOpenAt(absl::Time t, v1::FindPharmaciesRequest* r) {
    r->mutable_filter()->mutable_open_at()->set_seconds(absl::ToUnixSeconds(t));
  }

  std::shared_ptr<const Snapshot> snapshot_ = Build();
};

TEST_F(OpenHoursTest, SaturdayAtHalfPastOneInTheNight) {
  // Saturday 2026-11-21 01:30 EST: only the 24/7 and the Friday-night
  // pharmacy are open.
  const absl::Time at = Local(2026, 11, 21, 1, 30);
  auto r = Request();
  SetOpenAt(at, &r);
  const auto response = FindOk(r, at);
  EXPECT_THAT(Ids(response), ElementsAre("a", "d"));
  const v1::OpenStatus& d = response.results(1).open_status();
  EXPECT_EQ(d.state(), v1::OpenStatus::OPEN);
  EXPECT_EQ(d.closes_at().local_text(), "2:00 AM EST");
  EXPECT_EQ(d.closes_at().time().seconds(),
            absl::ToUnixSeconds(Local(2026, 11, 21, 2, 0)));
  EXPECT_EQ(d.business_status(), v1::BUSINESS_STATUS_OPERATIONAL);
  EXPECT_EQ(d.hours_today(),
            "12:00 AM - 2:00 AM");  // Friday's, after midnight.
  const v1::OpenStatus& a = response.results(0).open_status();
  EXPECT_TRUE(a.open_24_hours());
  EXPECT_FALSE(a.has_closes_at());
  EXPECT_EQ(a.hours_today(), "Open 24 hours");
  EXPECT_THAT(response.results(0).pharmacy().services(),
              ElementsAre(v1::SERVICE_TWENTY_FOUR_HOUR));
}

TEST_F(OpenHoursTest, EveryResultSaysWhenItOpensOrCloses) {
  const absl::Time at = Local(2026, 11, 21, 1, 30);  // Saturday night.
  const auto response = FindOk(Request(), at);
  ASSERT_THAT(Ids(response), ElementsAre("a", "b", "c", "d", "e", "f"));
  const auto status = [&](int i) { return response.results(i).open_status(); };
  EXPECT_EQ(status(1).state(), v1::OpenStatus::CLOSED);
  EXPECT_EQ(status(1).next_opens_at().local_text(), "Mon 9:00 AM EST");
  EXPECT_EQ(status(1).hours_today(), "Closed");
  EXPECT_EQ(status(2).state(), v1::OpenStatus::UNKNOWN);
  EXPECT_EQ(status(2).hours_today(), "Hours unknown");
  EXPECT_EQ(status(2).business_status(), v1::BUSINESS_STATUS_UNSPECIFIED);
  EXPECT_EQ(status(4).state(), v1::OpenStatus::CLOSED);
  EXPECT_FALSE(status(4).has_next_opens_at());
  EXPECT_EQ(status(4).business_status(),
            v1::BUSINESS_STATUS_PERMANENTLY_CLOSED);
  // The counter's hours, not the store's: Saturday 9 AM, "today".
  EXPECT_EQ(status(5).next_opens_at().local_text(), "9:00 AM EST");
  EXPECT_EQ(status(5).hours_today(), "9:00 AM - 6:00 PM");
}

TEST_F(OpenHoursTest, OpenNowUsesTheCounterHoursAndTomorrow) {
  // Saturday 20:00: the store of f is open, its counter closed since 18:00.
  const absl::Time now = Local(2026, 11, 21, 20, 0);
  auto r = Request();
  r.mutable_filter()->set_open_now(true);
  EXPECT_THAT(Ids(FindOk(r, now)), ElementsAre("a"));
  const auto all = FindOk(Request(), now);
  EXPECT_EQ(all.results(5).open_status().next_opens_at().local_text(),
            "Mon 9:00 AM EST");
  // Friday 16:00: b is open until 17:00; d opens at 19:00 "today".
  const auto friday = FindOk(Request(), Local(2026, 11, 20, 16, 0));
  EXPECT_EQ(friday.results(1).open_status().closes_at().local_text(),
            "5:00 PM EST");
  EXPECT_EQ(friday.results(3).open_status().next_opens_at().local_text(),
            "7:00 PM EST");
  // Thursday 18:00: d opens tomorrow.
  const auto thursday = FindOk(Request(), Local(2026, 11, 19, 18, 0));
  EXPECT_EQ(thursday.results(3).open_status().next_opens_at().local_text(),
            "7:00 PM EST tomorrow");
}

TEST_F(OpenHoursTest, OpenForLeavesOutThoseClosingTooSoon) {
  const absl::Time at = Local(2026, 11, 21, 1, 30);
  auto r = Request();
  SetOpenAt(at, &r);
  r.mutable_filter()->mutable_open_for()->set_seconds(30 * 60);
  EXPECT_THAT(Ids(FindOk(r, at)), ElementsAre("a", "d"));  // d: exactly 30.
  r.mutable_filter()->mutable_open_for()->set_seconds(31 * 60);
  EXPECT_THAT(Ids(FindOk(r, at)), ElementsAre("a"));
  // open_for alone means from now.
  auto from_now = Request();
  from_now.mutable_filter()->mutable_open_for()->set_seconds(3600);
  EXPECT_THAT(Ids(FindOk(from_now, Local(2026, 11, 20, 16, 0))),
              ElementsAre("a", "b", "f"));
  EXPECT_THAT(Ids(FindOk(from_now, Local(2026, 11, 20, 16, 30))),
              ElementsAre("a", "f"));
}

TEST_F(OpenHoursTest, LaterPagesKeepTheFirstPagesNow) {
  auto r = Request();
  r.mutable_filter()->set_open_now(true);
  r.set_max_results(1);
  const absl::Time friday_4pm = Local(2026, 11, 20, 16, 0);
  const auto first = FindOk(r, friday_4pm);
  EXPECT_THAT(Ids(first), ElementsAre("a"));
  r.set_page_token(first.next_page_token());
  // Asked ten hours later, when b is closed, the pages still agree.
  const auto second = FindOk(r, friday_4pm + absl::Hours(10));
  EXPECT_THAT(Ids(second), ElementsAre("b"));
  EXPECT_EQ(second.results(0).open_status().state(), v1::OpenStatus::OPEN);
}

TEST_F(OpenHoursTest, BadHoursFiltersNameTheField) {
  const absl::Time now = Local(2026, 11, 18, 12, 0);
  struct Case {
    std::function<void(v1::PharmacyFilter*)> edit;
    std::string message;
  };
  const std::vector<Case> cases = {
      {[&](auto* f) {
         f->set_open_now(true);
         f->mutable_open_at()->set_seconds(absl::ToUnixSeconds(now));
       },
       "filter.open_now and filter.open_at cannot both be set"},
      {[&](auto* f) { f->mutable_open_at()->set_seconds(4102444800); },
       "filter.open_at must be a valid time from 1970 to 2099, got "
       "4102444800s 0ns"},
      {[&](auto* f) { f->mutable_open_at()->set_seconds(-1); },
       "filter.open_at must be a valid time from 1970 to 2099, got -1s"},
      {[&](auto* f) { f->mutable_open_at()->set_nanos(-1); },
       "filter.open_at must be a valid time"},
      {[](auto* f) { f->mutable_open_for()->set_seconds(-60); },
       "filter.open_for must be a positive duration of at most 24 hours, got "
       "-60s 0ns"},
      {[](auto* f) { f->mutable_open_for()->set_seconds(86401); },
       "filter.open_for must be a positive duration of at most 24 hours, got "
       "86401s 0ns"},
      {[](auto* f) { f->mutable_open_for(); },
       "filter.open_for must be a positive duration of at most 24 hours, got "
       "0s 0ns"},
      {[](auto* f) {
         f->mutable_open_for()->set_seconds(1);
         f->mutable_open_for()->set_nanos(-999999999);
       },
       "got 1s -999999999ns"},
      {[](auto* f) { f->mutable_open_for()->set_nanos(2000000000); },
       "got 0s 2000000000ns"},
  };
  for (const Case& c : cases) {
    auto r = Request();
    c.edit(r.mutable_filter());
    v1::FindPharmaciesResponse response;
    const absl::Status s =
        FindPharmacies(*snapshot_, NoStock(), r, now, {}, &response);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.message;
    EXPECT_THAT(std::string(s.message()), HasSubstr(c.message));
  }
}

TEST(OpenStatusTest, AClosedBusinessIsNotOpen24Hours) {
  OpeningHours always = Weekly({});
  always.always_open = true;
  const absl::TimeZone zone = NewYork();
  const absl::Time at = Local(2026, 11, 18, 12, 0);
  v1::OpenStatus status;
  OpenStatusToProto(always, &zone, at, &status);
  EXPECT_TRUE(status.open_24_hours());
  always.closed_until = absl::CivilDay(2026, 12, 1);
  status.Clear();
  OpenStatusToProto(always, &zone, at, &status);
  EXPECT_EQ(status.business_status(), v1::BUSINESS_STATUS_TEMPORARILY_CLOSED);
  EXPECT_EQ(status.state(), v1::OpenStatus::CLOSED);
  EXPECT_FALSE(status.open_24_hours());
  always.closed_until.reset();
  always.permanently_closed = true;
  status.Clear();
  OpenStatusToProto(always, &zone, at, &status);
  EXPECT_EQ(status.business_status(), v1::BUSINESS_STATUS_PERMANENTLY_CLOSED);
  EXPECT_FALSE(status.open_24_hours());
  // Nor does the snapshot give it the 24-hour service.
  Dataset d;
  Pharmacy p;
  p.id = "closed";
  p.store_hours = always;
  d.pharmacies.push_back(p);
  auto snapshot = Snapshot::Build(std::move(d), ZipTable());
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ((*snapshot)->services(0), 0);
}

TEST(OpenStatusTest, SnapshotRejectsMalformedHours) {
  Dataset d;
  Pharmacy p;
  p.id = "bad";
  p.store_hours = Weekly({{Weekday::monday, -30, 60}});
  d.pharmacies.push_back(p);
  auto snapshot = Snapshot::Build(std::move(d), ZipTable());
  EXPECT_EQ(snapshot.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(snapshot.status().message()),
              HasSubstr("pharmacy \"bad\""));
  EXPECT_THAT(std::string(snapshot.status().message()),
              HasSubstr("hours span -30-60"));
}

}  // namespace
}  // namespace rxlocator
