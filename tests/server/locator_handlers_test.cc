#include "server/locator_handlers.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/snapshot.h"
#include "server/page_token.h"

namespace rxlocator {
namespace {

// These searches ask nothing about stock.
const StockStore& NoStock() {
  static const StockStore* const kEmpty = new StockStore;
  return *kEmpty;
}

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Pharmacies on the equator, where 0.01 degrees of longitude is 1,111.95 m:
//   a (0, 0)   b (0, 0.01)   c (0, 0.01) same building   d (0, 0.02)
//   e (0, 0.5) 55.6 km away.
// ZIP 10001 sits at (0, 0.004).
Dataset EquatorPharmacies() {
  auto at = [](std::string id, double lng, std::string chain,
               ServiceMask services) {
    Pharmacy p;
    p.id = id;
    p.name = "Pharmacy " + id;
    p.longitude = lng;
    p.chain = chain;
    p.services = services;
    p.source = "test";
    return p;
  };
  Dataset d;
  d.pharmacies = {
      at("d", 0.02, "walgreens", 0),
      at("c", 0.01, "cvs", Bit(Service::kDriveThru)),
      at("b", 0.01, "", Bit(Service::kDriveThru) | Bit(Service::kDelivery)),
      at("a", 0, "walgreens", Bit(Service::kTwentyFourHour)),
      at("e", 0.5, "cvs", Bit(Service::kDriveThru)),
  };
  d.pharmacies[3].npi = "1740219781";
  d.pharmacies[3].ncpdp_id = "0212345";
  return d;
}

ZipTable Zips() {
  return ZipTable({{.zip = "10001", .has_location = true, .longitude = 0.004},
                   {.zip = "96201", .type = ZipType::kMilitary}});
}

std::shared_ptr<const Snapshot> Build(Dataset d = EquatorPharmacies()) {
  auto s = Snapshot::Build(std::move(d), Zips());
  EXPECT_TRUE(s.ok()) << s.status();
  return *s;
}

v1::FindPharmaciesRequest NearLatLng(double lat, double lng) {
  v1::FindPharmaciesRequest r;
  r.mutable_origin()->mutable_lat_lng()->set_latitude(lat);
  r.mutable_origin()->mutable_lat_lng()->set_longitude(lng);
  return r;
}

std::vector<std::string> Ids(const v1::FindPharmaciesResponse& response) {
  std::vector<std::string> ids;
  for (const auto& r : response.results()) ids.push_back(r.pharmacy().id());
  return ids;
}

// Wednesday 2026-11-18, 12:00 in New York.
const absl::Time kNow = absl::FromCivil(
    absl::CivilSecond(2026, 11, 18, 12, 0, 0), absl::FixedTimeZone(-5 * 3600));

class LocatorHandlersTest : public ::testing::Test {
 protected:
  v1::FindPharmaciesResponse FindOk(const v1::FindPharmaciesRequest& r) {
    v1::FindPharmaciesResponse response;
    absl::Status s =
        FindPharmacies(*snapshot_, NoStock(), r, kNow, {}, &response);
    EXPECT_TRUE(s.ok()) << s;
    return response;
  }
  absl::Status Find(const v1::FindPharmaciesRequest& r) {
    v1::FindPharmaciesResponse response;
    return FindPharmacies(*snapshot_, NoStock(), r, kNow, {}, &response);
  }

  std::shared_ptr<const Snapshot> snapshot_ = Build();
};

TEST_F(LocatorHandlersTest, NearestFirstTiesById) {
  const auto response = FindOk(NearLatLng(0, 0.011));
  // b and c share a building: equal distance, so id order.
  EXPECT_THAT(Ids(response), ElementsAre("b", "c", "d", "a"));
  EXPECT_NEAR(response.results(0).distance_meters(), 111.195, 0.01);
  EXPECT_NEAR(response.results(3).distance_meters(), 1223.15, 0.01);
  EXPECT_EQ(response.results(3).pharmacy().npi(), "1740219781");
  EXPECT_TRUE(response.next_page_token().empty());
  EXPECT_EQ(response.data_version().size(), 16);
}

TEST_F(LocatorHandlersTest, ZipOriginStartsAtItsCentroid) {
  v1::FindPharmaciesRequest r;
  r.mutable_origin()->set_zip_code("10001-2345");
  const auto response = FindOk(r);
  EXPECT_THAT(Ids(response), ElementsAre("a", "b", "c", "d"));
  EXPECT_DOUBLE_EQ(response.origin().longitude(), 0.004);
}

TEST_F(LocatorHandlersTest, RadiusAndDefaults) {
  auto r = NearLatLng(0, 0);
  EXPECT_THAT(Ids(FindOk(r)), ElementsAre("a", "b", "c", "d"));  // 10 miles
  r.set_radius_meters(60000);
  EXPECT_THAT(Ids(FindOk(r)), ElementsAre("a", "b", "c", "d", "e"));
  r.set_radius_meters(1112);
  EXPECT_THAT(Ids(FindOk(r)), ElementsAre("a", "b", "c"));
}

TEST_F(LocatorHandlersTest, FiltersApplyBeforeTheLimit) {
  auto r = NearLatLng(0, 0);
  r.set_radius_meters(60000);
  r.set_max_results(2);
  r.mutable_filter()->add_required_services(v1::SERVICE_DRIVE_THRU);
  EXPECT_THAT(Ids(FindOk(r)), ElementsAre("b", "c"));
  r.mutable_filter()->add_exclude_chains("cvs");
  EXPECT_THAT(Ids(FindOk(r)), ElementsAre("b"));
  r.mutable_filter()->Clear();
  r.mutable_filter()->add_include_chains("cvs");
  r.set_max_results(5);
  EXPECT_THAT(Ids(FindOk(r)), ElementsAre("c", "e"));
  r.mutable_filter()->add_required_services(v1::SERVICE_DELIVERY);
  EXPECT_THAT(Ids(FindOk(r)), ElementsAre());
}

TEST_F(LocatorHandlersTest, PagesConcatenateToTheWholeAnswer) {
  auto r = NearLatLng(0, 0.011);
  r.set_radius_meters(60000);
  r.set_max_results(2);
  std::vector<std::string> walked;
  for (int page = 0; page < 10; ++page) {
    const auto response = FindOk(r);
    for (const auto& id : Ids(response)) walked.push_back(id);
    if (response.next_page_token().empty()) break;
    r.set_page_token(response.next_page_token());
    r.set_max_results(page == 0 ? 1 : 2);  // The page size may change.
  }
  EXPECT_THAT(walked, ElementsAre("b", "c", "d", "a", "e"));
}

TEST_F(LocatorHandlersTest, ExactlyFullLastPageHasNoToken) {
  auto r = NearLatLng(0, 0);
  r.set_max_results(4);
  EXPECT_TRUE(FindOk(r).next_page_token().empty());
  r.set_max_results(3);
  EXPECT_FALSE(FindOk(r).next_page_token().empty());
}

struct BadRequest {
  std::string name;
  std::function<void(v1::FindPharmaciesRequest*)> edit;
  absl::StatusCode code;
  std::string message;  // Must appear in the error.
};

TEST_F(LocatorHandlersTest, BadInputNamesFieldAndValue) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  auto lat = [](double v) {
    return [v](v1::FindPharmaciesRequest* r) {
      r->mutable_origin()->mutable_lat_lng()->set_latitude(v);
    };
  };
  auto lng = [](double v) {
    return [v](v1::FindPharmaciesRequest* r) {
      r->mutable_origin()->mutable_lat_lng()->set_longitude(v);
    };
  };
  auto zip = [](std::string v) {
    return [v](v1::FindPharmaciesRequest* r) {
      r->mutable_origin()->set_zip_code(v);
    };
  };
  auto radius = [](double v) {
    return [v](v1::FindPharmaciesRequest* r) { r->set_radius_meters(v); };
  };
  auto max_results = [](int v) {
    return [v](v1::FindPharmaciesRequest* r) { r->set_max_results(v); };
  };
  constexpr auto kInvalid = absl::StatusCode::kInvalidArgument;
  const std::vector<BadRequest> cases = {
      {"no origin", [](auto* r) { r->clear_origin(); }, kInvalid,
       "origin is required"},
      {"latitude 90.5", lat(90.5), kInvalid,
       "origin.lat_lng.latitude must be a finite number in [-90, 90], got "
       "90.5"},
      {"latitude -91", lat(-91), kInvalid, "latitude must be a finite number"},
      {"latitude NaN", lat(nan), kInvalid,
       "latitude must be a finite number in [-90, 90], got nan"},
      {"latitude inf", lat(inf), kInvalid, "got inf"},
      {"longitude 180.1", lng(180.1), kInvalid,
       "origin.lat_lng.longitude must be a finite number in [-180, 180], got "
       "180.1"},
      {"longitude -inf", lng(-inf), kInvalid,
       "longitude must be a finite number"},
      {"zip too short", zip("9950"), kInvalid,
       "origin.zip_code \"9950\" is not a ZIP code"},
      {"zip letters", zip("ABCDE"), kInvalid, "\"ABCDE\" is not a ZIP code"},
      {"zip bad plus4", zip("10001-23"), kInvalid,
       "\"10001-23\" is not a ZIP code"},
      {"zip empty", zip(""), kInvalid,
       "origin.zip_code \"\" is not a ZIP code"},
      {"zip unknown", zip("99999"), absl::StatusCode::kNotFound,
       "origin.zip_code \"99999\" is not a known ZIP code"},
      {"zip without location", zip("96201"), absl::StatusCode::kNotFound,
       "origin.zip_code \"96201\" has no location on file"},
      {"radius 0", radius(0), kInvalid,
       "radius_meters must be in (0, 160934.4] (100 miles), got 0"},
      {"radius negative", radius(-5), kInvalid,
       "radius_meters must be in (0, 160934.4] (100 miles), got -5"},
      {"radius above max", radius(160934.45), kInvalid, "got 160934.45"},
      {"radius NaN", radius(nan), kInvalid,
       "radius_meters must be in (0, 160934.4] (100 miles), got nan"},
      {"max_results negative", max_results(-1), kInvalid,
       "max_results must be in [0, 100] (0 means 10), got -1"},
      {"max_results above max", max_results(101), kInvalid, "got 101"},
      {"service unspecified",
       [](auto* r) {
         r->mutable_filter()->add_required_services(v1::SERVICE_UNSPECIFIED);
       },
       kInvalid, "filter.required_services[0] must name a service, got 0"},
      {"service unknown number",
       [](auto* r) {
         r->mutable_filter()->add_required_services(v1::SERVICE_DELIVERY);
         r->mutable_filter()->add_required_services(
             static_cast<v1::Service>(99));
       },
       kInvalid, "filter.required_services[1] must name a service, got 99"},
      {"unknown include chain",
       [](auto* r) { r->mutable_filter()->add_include_chains("costco"); },
       kInvalid,
       "filter.include_chains[0] \"costco\" is not a chain in this data"},
      {"empty exclude chain",
       [](auto* r) { r->mutable_filter()->add_exclude_chains(""); }, kInvalid,
       "filter.exclude_chains[0] \"\" is not a chain"},
      {"garbage page token", [](auto* r) { r->set_page_token("garbage!"); },
       kInvalid, "page_token \"garbage!\" is not a token this service issued"},
  };
  for (const BadRequest& c : cases) {
    auto r = NearLatLng(0, 0);
    c.edit(&r);
    const absl::Status s = Find(r);
    EXPECT_EQ(s.code(), c.code) << c.name << ": " << s;
    EXPECT_THAT(std::string(s.message()), HasSubstr(c.message)) << c.name;
  }
}

TEST_F(LocatorHandlersTest, TamperedTokenIsRefused) {
  auto r = NearLatLng(0, 0);
  r.set_max_results(1);
  const std::string token = FindOk(r).next_page_token();
  ASSERT_FALSE(token.empty());
  for (size_t i = 0; i < token.size(); ++i) {
    std::string edited = token;
    edited[i] = edited[i] == 'A' ? 'B' : 'A';
    r.set_page_token(edited);
    const absl::Status s = Find(r);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << "char " << i;
  }
}

TEST_F(LocatorHandlersTest, TokenFromOtherDataIsFailedPrecondition) {
  auto r = NearLatLng(0, 0);
  r.set_max_results(1);
  r.set_page_token(FindOk(r).next_page_token());
  Dataset changed = EquatorPharmacies();
  changed.pharmacies[0].phone = "(907) 555-0100";
  snapshot_ = Build(std::move(changed));
  const absl::Status s = Find(r);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_THAT(s.message(), HasSubstr("start the search again"));
}

TEST_F(LocatorHandlersTest, StaleTokenIsFailedPreconditionBeforeAnyLookup) {
  // The token's chain is gone from the new data: the caller must hear that
  // the data changed, not that its filter is wrong.
  auto r = NearLatLng(0, 0);
  r.set_max_results(1);
  r.set_radius_meters(60000);
  r.mutable_filter()->add_include_chains("cvs");
  r.set_page_token(FindOk(r).next_page_token());
  ASSERT_FALSE(r.page_token().empty());
  Dataset changed = EquatorPharmacies();
  for (Pharmacy& p : changed.pharmacies) {
    if (p.chain == "cvs") p.chain = "walgreens";
  }
  snapshot_ = Build(std::move(changed));
  EXPECT_EQ(Find(r).code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(LocatorHandlersTest, SameDataSameVersion) {
  EXPECT_EQ(Build()->version(), snapshot_->version());
}

TEST_F(LocatorHandlersTest, TokenFromAnotherQueryIsRefused) {
  auto r = NearLatLng(0, 0);
  r.set_max_results(1);
  r.set_page_token(FindOk(r).next_page_token());
  r.set_radius_meters(5000);
  const absl::Status s = Find(r);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_THAT(s.message(), HasSubstr("page_token belongs to another query"));
}

TEST_F(LocatorHandlersTest, GetPharmacyByIdNpiOrNcpdp) {
  for (const std::string key : {"a", "1740219781", "0212345"}) {
    v1::GetPharmacyRequest r;
    r.set_id(key);
    v1::Pharmacy p;
    ASSERT_TRUE(GetPharmacy(*snapshot_, r, &p).ok()) << key;
    EXPECT_EQ(p.id(), "a");
    EXPECT_EQ(p.chain(), "walgreens");
    EXPECT_THAT(p.services(), ElementsAre(v1::SERVICE_TWENTY_FOUR_HOUR));
  }
}

TEST_F(LocatorHandlersTest, GetPharmacyErrors) {
  v1::GetPharmacyRequest r;
  v1::Pharmacy p;
  absl::Status s = GetPharmacy(*snapshot_, r, &p);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("id is required"));
  r.set_id("nope\n");
  s = GetPharmacy(*snapshot_, r, &p);
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(s.message(),
              HasSubstr("id \"nope\\n\" is not the id, NPI or NCPDP id"));
}

TEST(PageTokenTest, RoundTripsExactly) {
  const PageToken token{
      .data_version = 0x0123456789abcdefULL,
      .query_fingerprint = 42,
      .after = {.value = 1.2345678901234567e-9, .tie_break = 4000000000u}};
  absl::StatusOr<PageToken> back = DecodePageToken(EncodePageToken(token));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->data_version, token.data_version);
  EXPECT_EQ(back->query_fingerprint, token.query_fingerprint);
  EXPECT_EQ(back->after.value, token.after.value);
  EXPECT_EQ(back->after.tie_break, token.after.tie_break);
  EXPECT_EQ(back->asked_at, token.asked_at);
}

TEST(PageTokenTest, RejectsTruncatedAndEmpty) {
  const std::string token = EncodePageToken({});
  for (size_t n = 0; n < token.size(); ++n) {
    EXPECT_FALSE(DecodePageToken(token.substr(0, n)).ok()) << n;
  }
}

}  // namespace
}  // namespace rxlocator
