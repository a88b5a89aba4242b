// LocateForIvr on a small hand-made layout: what is found, how far the
// search widens, what each kind of mistyped ZIP code gets, the filters, and
// which mistakes are errors. Every SSML answer is parsed by libxml2.
#include "server/ivr_handler.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/snapshot.h"
#include "tests/server/ssml_check.h"

namespace rxlocator {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using Response = v1::LocateForIvrResponse;

constexpr char kNdc[] = "00069108530";

// On the equator, where 0.01 degrees of longitude is 1,111.95 m:
//   x (0, 0.001)  closed for good: never read out
//   a (0, 0)      8 AM - 9 PM daily, New York
//   b (0, 0.01)   hours unknown, no usable phone
//   c (0, 0.02)   open 24 hours, has the drug
//   d (0, 0.03)   9 AM - 5 PM daily, Chicago
// ZIP codes (zone New York): 10001 at (0, 0); 10002, PO boxes, at
// (0, 0.005); 20001 at (0, 0.2), 20 km from c; 30001 at (10, 10), far from
// all; 10009 with no location; military 09001 (no location) and 96510 (a
// location). Plan 610014:ABC:GRP1 covers a and c.
Dataset Layout() {
  Dataset d;
  const auto add = [&](std::string id, double lng, std::string name,
                       std::string line1, std::string phone,
                       std::string zone) -> Pharmacy& {
    Pharmacy& p = d.pharmacies.emplace_back();
    p.id = id;
    p.name = name;
    p.longitude = lng;
    p.address = {
        .line1 = line1, .city = "NEW YORK", .state = "NY", .zip = "10001"};
    p.phone = phone;
    p.time_zone = zone;
    p.source = "test";
    return p;
  };
  const auto daily = [](int open_hour, int close_hour) {
    OpeningHours hours;
    hours.known = true;
    for (int day = 0; day < 7; ++day) {
      hours.weekly.push_back(
          {static_cast<Weekday>(day), open_hour * 60, close_hour * 60});
    }
    return hours;
  };
  add("x", 0.001, "Gone Drugs", "1 Main St", "212-555-0100", "America/New_York")
      .store_hours.permanently_closed = true;
  d.pharmacies.back().store_hours.known = true;
  add("a", 0, "DUANE READE #14", "725 E NORTHERN LIGHTS BLVD", "(212) 555-0101",
      "America/New_York")
      .store_hours = daily(8, 21);
  add("b", 0.01, "Tom & Jerry's <Rx>", "3101 A St", "000-000-0000",
      "America/New_York");
  add("c", 0.02, "CVS Pharmacy, Inc. #17436", "1 St Paul Ave",
      "+1 212 555 0103", "America/New_York")
      .store_hours.always_open = true;
  d.pharmacies.back().store_hours.known = true;
  add("d", 0.03, "Chicago Drugs LLC", "9 Elm Dr", "212-555-0104",
      "America/Chicago")
      .store_hours = daily(9, 17);
  d.networks = {{"broad",
                 "Broad Network",
                 {{"a", Tier::kStandard, Bit(FillKind::kRetail)},
                  {"c", Tier::kPreferred, Bit(FillKind::kRetail)}}}};
  d.plans = {
      {*ParsePlanKey("610014:ABC:GRP1"), "broad", "Example Broad", "test"}};
  return d;
}

ZipTable Zips() {
  const auto zip = [](std::string code, ZipType type, double lat, double lng,
                      bool has_location = true) {
    return ZipInfo{.zip = code,
                   .type = type,
                   .city = "New York",
                   .state = "NY",
                   .time_zone = "America/New_York",
                   .has_location = has_location,
                   .latitude = lat,
                   .longitude = lng};
  };
  return ZipTable({zip("10001", ZipType::kStandard, 0, 0),
                   zip("10002", ZipType::kPoBox, 0, 0.005),
                   zip("20001", ZipType::kStandard, 0, 0.2),
                   zip("30001", ZipType::kStandard, 10, 10),
                   zip("10009", ZipType::kStandard, 0, 0, false),
                   {.zip = "09001", .type = ZipType::kMilitary},
                   {.zip = "96510",
                    .type = ZipType::kMilitary,
                    .has_location = true,
                    .latitude = 0,
                    .longitude = 0.001}});
}

// Wednesday 2026-11-18, 12:00 in New York (11:00 in Chicago).
const absl::Time kNow = absl::FromCivil(
    absl::CivilSecond(2026, 11, 18, 17, 0, 0), absl::UTCTimeZone());

class IvrHandlerTest : public ::testing::Test {
 protected:
  IvrHandlerTest() : snapshot_(*Snapshot::Build(Layout(), Zips())) {
    stock_.Apply({"c", kNdc, {30, kNow - absl::Hours(2), "test"}});
  }

  static v1::LocateForIvrRequest Zip(std::string zip) {
    v1::LocateForIvrRequest r;
    r.set_zip_code(zip);
    return r;
  }

  // The answer to `r`, which must succeed and whose every SSML document
  // must parse.
  Response Answer(const v1::LocateForIvrRequest& r, absl::Time now = kNow) {
    Response response;
    const absl::Status s =
        LocateForIvr(*snapshot_, stock_, r, now, {}, &response);
    EXPECT_TRUE(s.ok()) << s;
    EXPECT_TRUE(IsSsmlDocument(response.speech().ssml()));
    EXPECT_TRUE(IsSsmlDocument(response.intro().ssml()));
    EXPECT_TRUE(IsSsmlDocument(response.menu_prompt().ssml()));
    for (const v1::IvrPharmacy& p : response.pharmacies()) {
      EXPECT_TRUE(IsSsmlDocument(p.speech().ssml()));
    }
    return response;
  }

  absl::Status Error(const v1::LocateForIvrRequest& r) {
    Response response;
    return LocateForIvr(*snapshot_, stock_, r, kNow, {}, &response);
  }

  static std::vector<std::string> Ids(const Response& response) {
    std::vector<std::string> ids;
    for (const auto& p : response.pharmacies()) {
      ids.push_back(p.pharmacy().id());
    }
    return ids;
  }

  static std::vector<Response::MenuAction> Menu(const Response& response) {
    std::vector<Response::MenuAction> actions;
    for (const auto& option : response.menu_options()) {
      actions.push_back(option.action());
    }
    return actions;
  }

  std::shared_ptr<const Snapshot> snapshot_;
  StockStore stock_;
};

TEST_F(IvrHandlerTest, FoundReadsTheNearestThree) {
  const Response r = Answer(Zip("10001"));
  EXPECT_EQ(r.outcome(), Response::FOUND);
  EXPECT_EQ(r.zip_code(), "10001");
  EXPECT_FALSE(r.po_box_zip());
  EXPECT_NEAR(r.searched_radius_meters(), 5 * 1609.344, 1e-6);
  // x is nearer than b but closed for good.
  EXPECT_THAT(Ids(r), ElementsAre("a", "b", "c"));
  const v1::IvrPharmacy& a = r.pharmacies(0);
  EXPECT_EQ(a.spoken_name(), "Duane Reade");
  EXPECT_EQ(a.spoken_address(), "725 East Northern Lights Boulevard, New York");
  EXPECT_EQ(a.distance_miles_text(), "0.0");
  EXPECT_EQ(a.hours_phrase(), "open until 9 PM");
  EXPECT_EQ(a.open_status().state(), v1::OpenStatus::OPEN);
  EXPECT_EQ(a.phone_digits(), "2125550101");
  EXPECT_EQ(r.pharmacies(1).phone_digits(), "");
  EXPECT_EQ(r.pharmacies(2).hours_phrase(), "open 24 hours");
  EXPECT_EQ(r.pharmacies(2).spoken_address(), "1 Saint Paul Avenue, New York");
  EXPECT_EQ(
      r.speech().text(),
      "For ZIP code 1 0 0 0 1, here are the 3 nearest pharmacies. "
      "Number 1: Duane Reade, less than a tenth of a mile away, at 725 East "
      "Northern Lights Boulevard, New York. Open until 9 PM. The phone number "
      "is 2 1 2, 5 5 5, 0 1 0 1. "
      "Number 2: Tom & Jerry's <Rx>, 0.7 miles away, at 3101 A Street, New "
      "York. Hours not known, please call ahead. "
      "Number 3: CVS Pharmacy, 1.4 miles away, at 1 Saint Paul Avenue, New "
      "York. Open 24 hours. The phone number is 2 1 2, 5 5 5, 0 1 0 3. "
      "Press 1 to hear these again, 2 to get them by text message, or 3 to "
      "search another ZIP code.");
  EXPECT_THAT(r.speech().ssml(),
              HasSubstr("<s>Number 2: Tom &amp; Jerry&apos;s &lt;Rx&gt;, 0.7 "
                        "miles away, at 3101 A Street, New York.</s>"));
  EXPECT_THAT(r.pharmacies(0).speech().ssml(),
              HasSubstr("<say-as interpret-as=\"telephone\">212-555-0101"
                        "</say-as>"));
  EXPECT_THAT(Menu(r), ElementsAre(Response::REPEAT, Response::SEND_TEXT,
                                   Response::NEW_ZIP));
  EXPECT_EQ(r.menu_options(1).key(), "2");
  EXPECT_EQ(r.sms_body(),
            "Pharmacies near ZIP 10001:\n"
            "1. Duane Reade, 725 E Northern Lights Blvd, New York, "
            "212-555-0101, open until 9 PM, 0.0 mi\n"
            "2. Tom & Jerry's <Rx>, 3101 A St, New York, hours not known, "
            "please call ahead, 0.7 mi\n"
            "3. CVS Pharmacy, 1 St Paul Ave, New York, 212-555-0103, open 24 "
            "hours, 1.4 mi");
  EXPECT_FALSE(r.data_version().empty());
}

// Five asked: four within 5 miles, d in Chicago's zone, which is named.
TEST_F(IvrHandlerTest, CountAndTheOtherZone) {
  v1::LocateForIvrRequest request = Zip("10001");
  request.set_count(5);
  const Response r = Answer(request);
  EXPECT_THAT(Ids(r), ElementsAre("a", "b", "c", "d"));
  EXPECT_EQ(r.pharmacies(3).hours_phrase(), "open until 5 PM Central time");
  request.set_count(1);
  EXPECT_THAT(Ids(Answer(request)), ElementsAre("a"));
}

// ZIP+4, with or without its hyphen, searches its five digits.
TEST_F(IvrHandlerTest, ZipPlusFour) {
  for (const char* keyed : {"10001-1234", "100011234"}) {
    const Response r = Answer(Zip(keyed));
    EXPECT_EQ(r.outcome(), Response::FOUND) << keyed;
    EXPECT_EQ(r.zip_code(), "10001") << keyed;
  }
}

// 20001 is 20 km from c: nothing within 5 or 10 miles, so the answer
// comes from 25 miles and says so.
TEST_F(IvrHandlerTest, WidensStepByStep) {
  const Response r = Answer(Zip("20001"));
  EXPECT_EQ(r.outcome(), Response::WIDENED);
  EXPECT_NEAR(r.searched_radius_meters(), 25 * 1609.344, 1e-6);
  EXPECT_THAT(Ids(r), ElementsAre("d", "c", "b"));
  EXPECT_EQ(r.intro().text(),
            "For ZIP code 2 0 0 0 1, the nearest pharmacies are farther than "
            "usual: within 25 miles. Here are the 3 nearest.");
}

TEST_F(IvrHandlerTest, NoneWithinTheWidestRadius) {
  const Response r = Answer(Zip("30001"));
  EXPECT_EQ(r.outcome(), Response::NONE_NEARBY);
  EXPECT_NEAR(r.searched_radius_meters(), 100 * 1609.344, 1e-6);
  EXPECT_THAT(r.pharmacies(), IsEmpty());
  EXPECT_TRUE(r.has_origin());
  EXPECT_EQ(r.speech().text(),
            "For ZIP code 3 0 0 0 1, there are no pharmacies within 100 "
            "miles. For help finding a pharmacy, please call the member "
            "services number on your insurance card. Press 1 to hear this "
            "again, or 3 to search another ZIP code.");
  EXPECT_THAT(Menu(r), ElementsAre(Response::REPEAT, Response::NEW_ZIP));
  EXPECT_EQ(r.menu_options(1).key(), "3");
  EXPECT_EQ(r.sms_body(), "");
}

TEST_F(IvrHandlerTest, UnknownZipIsAnAnswerNotAnError) {
  // 99999 is not in the table; 10009 is, with no location.
  for (const auto& [keyed, spoken] :
       {std::pair{"99999", "9 9 9 9 9"}, std::pair{"10009", "1 0 0 0 9"}}) {
    const Response r = Answer(Zip(keyed));
    EXPECT_EQ(r.outcome(), Response::UNKNOWN_ZIP) << keyed;
    EXPECT_EQ(r.zip_code(), keyed);
    EXPECT_FALSE(r.has_origin());
    EXPECT_EQ(r.searched_radius_meters(), 0);
    EXPECT_EQ(r.intro().text(),
              absl::StrCat("We could not find ZIP code ", spoken,
                           ". Please check the five digits and try again."));
    EXPECT_THAT(r.menu_prompt().text(), Not(HasSubstr("text message")));
  }
}

TEST_F(IvrHandlerTest, MalformedZipIsReadBack) {
  Response r = Answer(Zip("9950"));
  EXPECT_EQ(r.outcome(), Response::INVALID_ZIP);
  EXPECT_EQ(r.zip_code(), "");
  EXPECT_EQ(r.speech().text(),
            "We heard 9 9 5 0, which is not a ZIP code. A ZIP code has five "
            "digits. Press 1 to hear this again, or 3 to search another ZIP "
            "code.");
  for (const char* keyed : {"", "*", "99503-12", "abcde", "995031", "99503 "}) {
    r = Answer(Zip(keyed));
    EXPECT_EQ(r.outcome(), Response::INVALID_ZIP) << keyed;
    EXPECT_THAT(r.pharmacies(), IsEmpty());
  }
}

TEST_F(IvrHandlerTest, PoBoxZipSearchesFromItsCentroid) {
  const Response r = Answer(Zip("10002"));
  EXPECT_EQ(r.outcome(), Response::FOUND);
  EXPECT_TRUE(r.po_box_zip());
  EXPECT_DOUBLE_EQ(r.origin().longitude(), 0.005);
  // From 0.005: a and b are 556 m away (a first by id), c 1,668 m.
  EXPECT_THAT(Ids(r), ElementsAre("a", "b", "c"));
  EXPECT_EQ(r.intro().text(),
            "ZIP code 1 0 0 0 2 is for post office boxes, so we searched from "
            "the center of New York. Here are the 3 nearest pharmacies.");
}

TEST_F(IvrHandlerTest, MilitaryZipAsksWhereTheCallerIs) {
  for (const char* keyed : {"09001", "96510"}) {
    const Response r = Answer(Zip(keyed));
    EXPECT_EQ(r.outcome(), Response::MILITARY_ZIP) << keyed;
    EXPECT_THAT(r.pharmacies(), IsEmpty());
    EXPECT_FALSE(r.has_origin());
    EXPECT_THAT(r.speech().text(),
                HasSubstr("is for military mail, so it does not tell us where "
                          "you are. To find pharmacies near you, please enter "
                          "the ZIP code of where you are now. Press 1"));
    EXPECT_THAT(Menu(r), ElementsAre(Response::REPEAT, Response::NEW_ZIP));
  }
}

TEST_F(IvrHandlerTest, OpenNowAndTwentyFourHours) {
  v1::LocateForIvrRequest request = Zip("10001");
  request.set_open_now(true);
  request.set_count(5);
  // b's hours are unknown: left out.
  Response r = Answer(request);
  EXPECT_THAT(Ids(r), ElementsAre("a", "c", "d"));
  EXPECT_THAT(r.intro().text(), HasSubstr("nearest pharmacies open now."));
  // At 3 AM only the 24-hour pharmacy is open.
  const absl::Time night = kNow - absl::Hours(9);
  r = Answer(request, night);
  EXPECT_THAT(Ids(r), ElementsAre("c"));
  EXPECT_EQ(r.intro().text(),
            "For ZIP code 1 0 0 0 1, here is the nearest pharmacy open now.");
  EXPECT_EQ(Answer(Zip("10001"), night).pharmacies(0).hours_phrase(),
            "opens at 8 AM");

  request.set_open_now(false);
  request.set_twenty_four_hours_only(true);
  r = Answer(request);
  EXPECT_THAT(Ids(r), ElementsAre("c"));
  EXPECT_THAT(r.intro().text(), HasSubstr("pharmacy open 24 hours."));
}

TEST_F(IvrHandlerTest, PlanAndStock) {
  v1::LocateForIvrRequest request = Zip("10001");
  auto* plan = request.mutable_plan()->mutable_commercial();
  plan->set_bin("610014");
  plan->set_pcn("ABC");
  plan->set_group("GRP1");
  Response r = Answer(request);
  EXPECT_THAT(Ids(r), ElementsAre("a", "c"));
  EXPECT_EQ(r.plan_network().network_id(), "broad");
  EXPECT_EQ(r.pharmacies(1).network().tier(), v1::NETWORK_TIER_PREFERRED);
  EXPECT_THAT(r.intro().text(), HasSubstr("in your plan's network."));

  request.set_in_stock_ndc("00069-1085-30");
  request.set_min_quantity(20);
  r = Answer(request);
  EXPECT_THAT(Ids(r), ElementsAre("c"));
  EXPECT_EQ(r.pharmacies(0).stock().quantity(), 30);
  EXPECT_EQ(r.pharmacies(0).stock().freshness(), v1::STOCK_FRESHNESS_IN_STOCK);
  EXPECT_THAT(r.intro().text(),
              HasSubstr("in your plan's network and with your medicine in "
                        "stock."));
  request.set_min_quantity(31);
  EXPECT_EQ(Answer(request).outcome(), Response::NONE_NEARBY);
}

// The IVR system's own mistakes are errors, whatever the caller keyed.
TEST_F(IvrHandlerTest, IntegrationMistakesAreErrors) {
  for (const char* zip : {"10001", "9950"}) {
    v1::LocateForIvrRequest request = Zip(zip);
    request.set_count(6);
    absl::Status s = Error(request);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(s.message(), HasSubstr("count must be in [0, 5]"));
    request.set_count(-1);
    EXPECT_EQ(Error(request).code(), absl::StatusCode::kInvalidArgument);

    request = Zip(zip);
    request.set_in_stock_ndc("0069108530");
    s = Error(request);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(s.message(), HasSubstr("in_stock_ndc: "));
    request.clear_in_stock_ndc();
    request.set_min_quantity(2);
    EXPECT_THAT(Error(request).message(),
                HasSubstr("min_quantity needs in_stock_ndc"));

    request = Zip(zip);
    auto* plan = request.mutable_plan()->mutable_commercial();
    plan->set_bin("610014");
    plan->set_pcn("NOPE");
    s = Error(request);
    EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
    EXPECT_THAT(s.message(), HasSubstr("plan 610014:NOPE: is not a plan"));
    plan->set_bin("12");
    EXPECT_EQ(Error(request).code(), absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace rxlocator
