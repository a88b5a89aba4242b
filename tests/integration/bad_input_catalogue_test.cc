// The bad-input catalogue: a table of malformed requests to every call of
// the real server binary (one server on the bundled data, over real gRPC),
// each row with the status it must get and what its message must name: the
// field, and the value when there is one.
//
// Each row edits a valid base request (Call). Two calls answer bad input
// otherwise than with an error, as the API documents: ReportStock rejects a
// bad update in its reply (with the update's index and a reason naming the
// field and value) and the stream ends OK; LocateForIvr answers a caller's
// bad ZIP code with an outcome and speech. Their rows expect OK and match the
// reason, or the outcome and the spoken opening. WatchAvailability's error
// arrives as the stream's status. The ValidBase rows check that every base
// request is accepted, so that each other row fails for its edit alone.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rxlocator/v1/admin.grpc.pb.h"
#include "rxlocator/v1/inventory.grpc.pb.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "server/page_token.h"
#include "server/proto_mapping.h"
#include "tests/integration/server_process.h"

namespace rxlocator {
namespace {

using ::testing::HasSubstr;
using Code = grpc::StatusCode;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Carrs Pharmacy, 4000 W Dimond Blvd, Anchorage (ZIP 99502), by its NPI.
constexpr char kCarrsDimond[] = "1740219781";
// Paxlovid, in the bundled drug catalog.
constexpr char kPaxlovid[] = "00069-1085-30";
// 2099-01-01T00:00:00Z: within 1970-2099, but decades off.
constexpr int64_t kYear2099 = 4070908800;
// 2100-01-01T00:00:00Z: the first instant past the accepted range.
constexpr int64_t kYear2100 = 4102444800;
// 2020-01-01T00:00:00Z: in range, and past.
constexpr int64_t kYear2020 = 1577836800;

enum class Rpc {
  kFindPharmacies,
  kGetPharmacy,
  kCheckNetwork,
  kUrgentFill,
  kLocateForIvr,
  kGetStock,
  kReportStock,
  kWatchAvailability,
  kReload,
  kGetStats,
};

constexpr Rpc kEveryRpc[] = {
    Rpc::kFindPharmacies, Rpc::kGetPharmacy,       Rpc::kCheckNetwork,
    Rpc::kUrgentFill,     Rpc::kLocateForIvr,      Rpc::kGetStock,
    Rpc::kReportStock,    Rpc::kWatchAvailability, Rpc::kReload,
    Rpc::kGetStats,
};

std::string RpcName(Rpc rpc) {
  switch (rpc) {
    case Rpc::kFindPharmacies:
      return "FindPharmacies";
    case Rpc::kGetPharmacy:
      return "GetPharmacy";
    case Rpc::kCheckNetwork:
      return "CheckNetwork";
    case Rpc::kUrgentFill:
      return "UrgentFill";
    case Rpc::kLocateForIvr:
      return "LocateForIvr";
    case Rpc::kGetStock:
      return "GetStock";
    case Rpc::kReportStock:
      return "ReportStock";
    case Rpc::kWatchAvailability:
      return "WatchAvailability";
    case Rpc::kReload:
      return "Reload";
    case Rpc::kGetStats:
      return "GetStats";
  }
  return "?";
}

// A valid request for every call; a row edits the one of its call. Only
// that one is sent.
struct Call {
  v1::FindPharmaciesRequest find;
  v1::GetPharmacyRequest get_pharmacy;
  v1::CheckNetworkRequest check_network;
  v1::UrgentFillRequest urgent_fill;
  v1::LocateForIvrRequest ivr;
  v1::GetStockRequest get_stock;
  // ReportStock sends good_update, then update (the one rows edit, index 1).
  v1::StockUpdate good_update;
  v1::StockUpdate update;
  v1::WatchAvailabilityRequest watch;
  v1::ReloadRequest reload;
  v1::GetStatsRequest stats;
  // The call's deadline, from when it is made; negative: already past.
  absl::Duration deadline = absl::Seconds(30);
  // The next_page_token of the base FindPharmacies request's first page.
  std::string issued_page_token;
};

struct Row {
  std::string name;
  Rpc rpc;
  std::function<void(Call&)> edit;
  Code code;
  // The message must contain each; "{page_token}" stands for the page_token
  // sent. For ReportStock (OK) the message is the rejection's reason; for
  // LocateForIvr (OK) the outcome, ": ", and the spoken opening.
  std::vector<std::string> message_has;
  // A valid base request: ReportStock rejects nothing.
  bool control = false;
};

void PrintTo(const Row& row, std::ostream* os) {
  *os << RpcName(row.rpc) << "_" << row.name;
}

v1::Plan Commercial(const std::string& bin, const std::string& pcn,
                    const std::string& group) {
  v1::Plan plan;
  plan.mutable_commercial()->set_bin(bin);
  plan.mutable_commercial()->set_pcn(pcn);
  plan.mutable_commercial()->set_group(group);
  return plan;
}

v1::Plan Medicare(const std::string& contract, const std::string& plan_id,
                  const std::string& segment = "") {
  v1::Plan plan;
  plan.mutable_medicare()->set_contract_id(contract);
  plan.mutable_medicare()->set_plan_id(plan_id);
  plan.mutable_medicare()->set_segment_id(segment);
  return plan;
}

google::protobuf::Timestamp At(int64_t seconds, int32_t nanos = 0) {
  google::protobuf::Timestamp t;
  t.set_seconds(seconds);
  t.set_nanos(nanos);
  return t;
}

google::protobuf::Duration Span(int64_t seconds, int32_t nanos = 0) {
  google::protobuf::Duration d;
  d.set_seconds(seconds);
  d.set_nanos(nanos);
  return d;
}

void SetLatLng(v1::Origin* origin, double lat, double lng) {
  origin->mutable_lat_lng()->set_latitude(lat);
  origin->mutable_lat_lng()->set_longitude(lng);
}

Call BaseCall(absl::Time now, const std::string& issued_page_token) {
  Call c;
  c.issued_page_token = issued_page_token;

  c.find.mutable_origin()->set_zip_code("99503");
  c.find.set_max_results(2);

  c.get_pharmacy.set_id(kCarrsDimond);

  c.check_network.set_pharmacy_id("synthetic-mail-1");
  *c.check_network.mutable_plan() = Medicare("H4321", "001");
  c.check_network.set_date("2026-11-22");

  c.urgent_fill.mutable_origin()->set_zip_code("99503");
  *c.urgent_fill.mutable_plan() = Commercial("610014", "ABC", "GRP1");
  v1::UrgentItem* item = c.urgent_fill.add_items();
  item->set_drug_name("paxlovid");
  item->set_quantity(20);

  c.ivr.set_zip_code("99503");
  c.ivr.set_count(1);

  c.get_stock.add_pharmacy_ids(kCarrsDimond);
  c.get_stock.add_ndcs(kPaxlovid);

  // NDCs of this test's own, so that its counts touch nothing else.
  c.good_update.set_pharmacy_id(kCarrsDimond);
  c.good_update.set_ndc("44444-5555-66");
  c.good_update.set_quantity(5);
  TimeToProto(now - absl::Hours(1), c.good_update.mutable_observed_at());
  c.good_update.set_source("catalogue");
  c.update = c.good_update;
  c.update.set_ndc("44444-5555-67");
  c.update.set_quantity(3);
  TimeToProto(now - absl::Minutes(30), c.update.mutable_observed_at());

  c.watch.set_ndc(kPaxlovid);
  c.watch.mutable_origin()->set_zip_code("99502");
  c.watch.set_radius_meters(15000);
  return c;
}

// Rows of one call, from edits of its request.
template <typename Request>
class RowsOf {
 public:
  RowsOf(Rpc rpc, Request Call::*request, std::vector<Row>* rows)
      : rpc_(rpc), request_(request), rows_(rows) {}

  void Add(std::string name, std::function<void(Request&)> edit, Code code,
           std::vector<std::string> message_has) {
    rows_->push_back(Row{.name = std::move(name),
                         .rpc = rpc_,
                         .edit = [request = request_, edit = std::move(edit)](
                                     Call& c) { edit(c.*request); },
                         .code = code,
                         .message_has = std::move(message_has)});
  }

  // A row that may edit the whole call (the deadline, the issued token).
  void AddCall(std::string name, std::function<void(Call&)> edit, Code code,
               std::vector<std::string> message_has) {
    rows_->push_back(Row{.name = std::move(name),
                         .rpc = rpc_,
                         .edit = std::move(edit),
                         .code = code,
                         .message_has = std::move(message_has)});
  }

  void AddControl(
      Code code = Code::OK, std::function<void(Call&)> edit = [](Call&) {},
      std::vector<std::string> message_has = {}) {
    rows_->push_back(Row{.name = "ValidBase",
                         .rpc = rpc_,
                         .edit = std::move(edit),
                         .code = code,
                         .message_has = std::move(message_has),
                         .control = true});
  }

  void AddDeadlinePast() {
    AddCall("DeadlineAlreadyPast",
            [](Call& c) { c.deadline = -absl::Seconds(1); },
            Code::DEADLINE_EXCEEDED, {});
  }

 private:
  const Rpc rpc_;
  Request Call::*const request_;
  std::vector<Row>* const rows_;
};

// Rows for a request's plan (as `plan`); unknown plans are NOT_FOUND.
template <typename Request>
void AddPlanRows(RowsOf<Request>& rows) {
  rows.Add(
      "PlanUnknownCommercial",
      [](Request& r) { *r.mutable_plan() = Commercial("999999", "X", "Y"); },
      Code::NOT_FOUND, {"plan 999999:X:Y", "is not a plan this service knows"});
  rows.Add(
      "PlanBinFiveDigits",
      [](Request& r) { *r.mutable_plan() = Commercial("61001", "ABC", "G1"); },
      Code::INVALID_ARGUMENT, {"plan.commercial.bin \"61001\"", "6 digits"});
  rows.Add("PlanContractIdBadLetter",
           [](Request& r) { *r.mutable_plan() = Medicare("X4321", "001"); },
           Code::INVALID_ARGUMENT, {"plan.medicare.contract_id \"X4321\""});
}

std::vector<Row> Rows() {
  std::vector<Row> all;

  // ---- PharmacyLocator.FindPharmacies ----
  {
    using R = v1::FindPharmaciesRequest;
    RowsOf<R> rows(Rpc::kFindPharmacies, &Call::find, &all);
    rows.AddControl();
    rows.Add("LatitudeNaN",
             [](R& r) { SetLatLng(r.mutable_origin(), kNaN, -149.9); },
             Code::INVALID_ARGUMENT, {"origin.lat_lng.latitude", "got nan"});
    rows.Add("LatitudeMinusInfinity",
             [](R& r) { SetLatLng(r.mutable_origin(), -kInf, -149.9); },
             Code::INVALID_ARGUMENT, {"origin.lat_lng.latitude", "got -inf"});
    rows.Add("LatitudeAbove90",
             [](R& r) { SetLatLng(r.mutable_origin(), 90.000001, -149.9); },
             Code::INVALID_ARGUMENT,
             {"origin.lat_lng.latitude", "got 90.000001"});
    rows.Add("LongitudeInfinity",
             [](R& r) { SetLatLng(r.mutable_origin(), 61.2, kInf); },
             Code::INVALID_ARGUMENT, {"origin.lat_lng.longitude", "got inf"});
    rows.Add("LongitudeBelowMinus180",
             [](R& r) { SetLatLng(r.mutable_origin(), 61.2, -180.5); },
             Code::INVALID_ARGUMENT,
             {"origin.lat_lng.longitude", "got -180.5"});
    rows.Add("OriginMissing", [](R& r) { r.clear_origin(); },
             Code::INVALID_ARGUMENT, {"origin is required"});
    rows.Add(
        "ZipFourDigits", [](R& r) { r.mutable_origin()->set_zip_code("9950"); },
        Code::INVALID_ARGUMENT, {"origin.zip_code \"9950\"", "not a ZIP code"});
    rows.Add("ZipWithLetterO",
             [](R& r) { r.mutable_origin()->set_zip_code("995O3"); },
             Code::INVALID_ARGUMENT, {"origin.zip_code \"995O3\""});
    rows.Add("ZipPlus4Underscore",
             [](R& r) { r.mutable_origin()->set_zip_code("99503_1234"); },
             Code::INVALID_ARGUMENT, {"origin.zip_code \"99503_1234\""});
    rows.Add("ZipPlus4Short",
             [](R& r) { r.mutable_origin()->set_zip_code("99503-12"); },
             Code::INVALID_ARGUMENT, {"origin.zip_code \"99503-12\""});
    rows.Add("ZipUnknown",
             [](R& r) { r.mutable_origin()->set_zip_code("99999"); },
             Code::NOT_FOUND,
             {"origin.zip_code \"99999\"", "is not a known ZIP code"});
    rows.Add("ZipWithoutLocation",
             [](R& r) { r.mutable_origin()->set_zip_code("96201"); },
             Code::NOT_FOUND,
             {"origin.zip_code \"96201\"", "has no location on file"});
    rows.Add("RadiusZero", [](R& r) { r.set_radius_meters(0); },
             Code::INVALID_ARGUMENT, {"radius_meters", "got 0"});
    rows.Add("RadiusNegative", [](R& r) { r.set_radius_meters(-1); },
             Code::INVALID_ARGUMENT, {"radius_meters", "got -1"});
    rows.Add("RadiusNaN", [](R& r) { r.set_radius_meters(kNaN); },
             Code::INVALID_ARGUMENT, {"radius_meters", "got nan"});
    rows.Add("RadiusInfinity", [](R& r) { r.set_radius_meters(kInf); },
             Code::INVALID_ARGUMENT, {"radius_meters", "got inf"});
    rows.Add("RadiusAbove100Miles", [](R& r) { r.set_radius_meters(160934.5); },
             Code::INVALID_ARGUMENT, {"radius_meters", "got 160934.5"});
    rows.Add("MaxResultsNegative", [](R& r) { r.set_max_results(-1); },
             Code::INVALID_ARGUMENT, {"max_results", "got -1"});
    rows.Add("MaxResultsAbove100", [](R& r) { r.set_max_results(101); },
             Code::INVALID_ARGUMENT, {"max_results", "got 101"});
    rows.Add(
        "ServiceUnspecified",
        [](R& r) {
          r.mutable_filter()->add_required_services(v1::SERVICE_UNSPECIFIED);
        },
        Code::INVALID_ARGUMENT, {"filter.required_services[0]", "got 0"});
    rows.Add(
        "ServiceUnknownNumber",
        [](R& r) {
          r.mutable_filter()->add_required_services(v1::SERVICE_DRIVE_THRU);
          r.mutable_filter()->add_required_services(
              static_cast<v1::Service>(99));
        },
        Code::INVALID_ARGUMENT, {"filter.required_services[1]", "got 99"});
    rows.Add("IncludeChainUnknown",
             [](R& r) { r.mutable_filter()->add_include_chains("walgreen"); },
             Code::INVALID_ARGUMENT, {"filter.include_chains[0] \"walgreen\""});
    rows.Add("ExcludeChainEmpty",
             [](R& r) {
               r.mutable_filter()->add_exclude_chains("walgreens");
               r.mutable_filter()->add_exclude_chains("");
             },
             Code::INVALID_ARGUMENT, {"filter.exclude_chains[1] \"\""});
    rows.Add("OpenNowWithOpenAt",
             [](R& r) {
               r.mutable_filter()->set_open_now(true);
               *r.mutable_filter()->mutable_open_at() = At(kYear2020);
             },
             Code::INVALID_ARGUMENT, {"filter.open_now", "filter.open_at"});
    rows.Add("OpenAtBefore1970",
             [](R& r) { *r.mutable_filter()->mutable_open_at() = At(-1); },
             Code::INVALID_ARGUMENT, {"filter.open_at", "got -1s 0ns"});
    rows.Add(
        "OpenAtYear2100",
        [](R& r) { *r.mutable_filter()->mutable_open_at() = At(kYear2100); },
        Code::INVALID_ARGUMENT, {"filter.open_at", "got 4102444800s 0ns"});
    rows.Add("OpenAtNanosOutOfRange",
             [](R& r) {
               *r.mutable_filter()->mutable_open_at() =
                   At(kYear2020, 1000000000);
             },
             Code::INVALID_ARGUMENT,
             {"filter.open_at", "got 1577836800s 1000000000ns"});
    rows.Add("OpenForZero",
             [](R& r) { *r.mutable_filter()->mutable_open_for() = Span(0); },
             Code::INVALID_ARGUMENT, {"filter.open_for", "got 0s 0ns"});
    rows.Add("OpenForNegative",
             [](R& r) { *r.mutable_filter()->mutable_open_for() = Span(-60); },
             Code::INVALID_ARGUMENT, {"filter.open_for", "got -60s 0ns"});
    rows.Add(
        "OpenForAbove24Hours",
        [](R& r) { *r.mutable_filter()->mutable_open_for() = Span(86401); },
        Code::INVALID_ARGUMENT, {"filter.open_for", "got 86401s 0ns"});
    rows.Add(
        "OpenForSignsDisagree",
        [](R& r) { *r.mutable_filter()->mutable_open_for() = Span(60, -1); },
        Code::INVALID_ARGUMENT, {"filter.open_for", "got 60s -1ns"});
    rows.Add("PreferredOnlyWithoutPlan",
             [](R& r) { r.mutable_filter()->set_preferred_only(true); },
             Code::INVALID_ARGUMENT, {"filter.preferred_only needs plan"});
    rows.Add("NinetyDayRetailWithoutPlan",
             [](R& r) { r.mutable_filter()->set_ninety_day_retail(true); },
             Code::INVALID_ARGUMENT, {"filter.ninety_day_retail needs plan"});
    rows.Add("PreferredFirstWithoutPlan",
             [](R& r) { r.mutable_ranking()->set_preferred_first(true); },
             Code::INVALID_ARGUMENT, {"ranking.preferred_first needs plan"});
    const auto allowance = [](double meters) {
      return [meters](R& r) {
        *r.mutable_plan() = Commercial("610014", "NARROW", "G7");
        r.mutable_ranking()->set_preferred_first(true);
        r.mutable_ranking()->set_preferred_allowance_meters(meters);
      };
    };
    rows.Add("PreferredAllowanceNegative", allowance(-1),
             Code::INVALID_ARGUMENT,
             {"ranking.preferred_allowance_meters", "got -1"});
    rows.Add("PreferredAllowanceNaN", allowance(kNaN), Code::INVALID_ARGUMENT,
             {"ranking.preferred_allowance_meters", "got nan"});
    rows.Add("PreferredAllowanceAbove100Miles", allowance(200000),
             Code::INVALID_ARGUMENT,
             {"ranking.preferred_allowance_meters", "got 200000"});
    rows.Add(
        "PreferredAllowanceWithoutPreferredFirst",
        [](R& r) {
          *r.mutable_plan() = Commercial("610014", "NARROW", "G7");
          r.mutable_ranking()->set_preferred_allowance_meters(1000);
        },
        Code::INVALID_ARGUMENT,
        {"ranking.preferred_allowance_meters needs ranking.preferred_first"});
    rows.Add("InStockNdcsEleven",
             [](R& r) {
               for (int i = 0; i < 11; ++i) {
                 r.mutable_filter()->add_in_stock_ndcs(kPaxlovid);
               }
             },
             Code::INVALID_ARGUMENT, {"filter.in_stock_ndcs", "got 11"});
    rows.Add(
        "InStockNdcLetter",
        [](R& r) { r.mutable_filter()->add_in_stock_ndcs("0006A-1085-30"); },
        Code::INVALID_ARGUMENT,
        {"filter.in_stock_ndcs[0]", "\"0006A-1085-30\""});
    rows.Add("InStockNdcAmbiguousTenDigits",
             [](R& r) {
               r.mutable_filter()->add_in_stock_ndcs(kPaxlovid);
               r.mutable_filter()->add_in_stock_ndcs("0069108530");
             },
             Code::INVALID_ARGUMENT,
             {"filter.in_stock_ndcs[1]", "\"0069108530\"", "ambiguous"});
    rows.Add(
        "InStockNdcTwelveDigits",
        [](R& r) { r.mutable_filter()->add_in_stock_ndcs("000691085300"); },
        Code::INVALID_ARGUMENT,
        {"filter.in_stock_ndcs[0]", "\"000691085300\"", "has 12 digits"});
    rows.Add(
        "InStockNdcPartsFiveFiveOne",
        [](R& r) { r.mutable_filter()->add_in_stock_ndcs("00069-10853-0"); },
        Code::INVALID_ARGUMENT,
        {"filter.in_stock_ndcs[0]", "\"00069-10853-0\"", "parts of 5-5-1"});
    rows.Add("InStockNdcEmpty",
             [](R& r) { r.mutable_filter()->add_in_stock_ndcs(""); },
             Code::INVALID_ARGUMENT,
             {"filter.in_stock_ndcs[0]", "ndc is empty"});
    rows.Add("MinQuantityNegative",
             [](R& r) {
               r.mutable_filter()->add_in_stock_ndcs(kPaxlovid);
               r.mutable_filter()->set_min_quantity(-1);
             },
             Code::INVALID_ARGUMENT, {"filter.min_quantity", "got -1"});
    rows.Add("MinQuantityWithoutInStockNdcs",
             [](R& r) { r.mutable_filter()->set_min_quantity(5); },
             Code::INVALID_ARGUMENT,
             {"filter.min_quantity needs filter.in_stock_ndcs"});
    AddPlanRows(rows);
    rows.Add("PlanUnknownMedicare",
             [](R& r) { *r.mutable_plan() = Medicare("H9999", "001"); },
             Code::NOT_FOUND,
             {"plan H9999-001-000", "not a plan this service"});
    rows.Add("PlanWithoutId", [](R& r) { r.mutable_plan(); },
             Code::INVALID_ARGUMENT, {"plan must set commercial"});
    rows.Add(
        "PlanBinLetters",
        [](R& r) { *r.mutable_plan() = Commercial("61OO14", "ABC", "GRP1"); },
        Code::INVALID_ARGUMENT, {"plan.commercial.bin \"61OO14\""});
    rows.Add(
        "PlanPcnPunctuation",
        [](R& r) { *r.mutable_plan() = Commercial("610014", "AB*C", "GRP1"); },
        Code::INVALID_ARGUMENT, {"plan.commercial.pcn \"AB*C\""});
    rows.Add("PlanGroupSixteenCharacters",
             [](R& r) {
               *r.mutable_plan() =
                   Commercial("610014", "ABC", "GRP1-GRP2-GRP3-X");
             },
             Code::INVALID_ARGUMENT,
             {"plan.commercial.group \"GRP1-GRP2-GRP3-X\"", "at most 15"});
    rows.Add("PlanIdTwoDigits",
             [](R& r) { *r.mutable_plan() = Medicare("H4321", "01"); },
             Code::INVALID_ARGUMENT, {"plan.medicare.plan_id \"01\""});
    rows.Add("PlanSegmentIdLetter",
             [](R& r) { *r.mutable_plan() = Medicare("H4321", "001", "0A0"); },
             Code::INVALID_ARGUMENT, {"plan.medicare.segment_id \"0A0\""});
    rows.Add("PageTokenGarbage", [](R& r) { r.set_page_token("garbage!"); },
             Code::INVALID_ARGUMENT,
             {"page_token \"garbage!\"", "not a token this service issued"});
    rows.AddCall(
        "PageTokenTampered",
        [](Call& c) {
          std::string token = c.issued_page_token;
          char& ch = token[token.size() / 2];
          ch = ch == 'A' ? 'B' : 'A';
          c.find.set_page_token(token);
        },
        Code::INVALID_ARGUMENT,
        {"page_token \"{page_token}\"", "not a token this service issued"});
    rows.AddCall(
        "PageTokenTruncated",
        [](Call& c) {
          c.find.set_page_token(c.issued_page_token.substr(0, 40));
        },
        Code::INVALID_ARGUMENT,
        {"page_token \"{page_token}\"", "not a token this service issued"});
    rows.AddCall("PageTokenOfAnotherQuery",
                 [](Call& c) {
                   c.find.set_page_token(c.issued_page_token);
                   c.find.set_radius_meters(20000);
                 },
                 Code::INVALID_ARGUMENT,
                 {"page_token belongs to another query"});
    rows.Add("PageTokenOfAnotherDataVersion",
             [](R& r) {
               r.set_page_token(EncodePageToken({.data_version = 0x3039}));
             },
             Code::FAILED_PRECONDITION,
             {"page_token was issued for data version 0000000000003039"});
    rows.AddDeadlinePast();
  }

  // ---- PharmacyLocator.GetPharmacy ----
  {
    using R = v1::GetPharmacyRequest;
    RowsOf<R> rows(Rpc::kGetPharmacy, &Call::get_pharmacy, &all);
    rows.AddControl();
    rows.Add("IdEmpty", [](R& r) { r.clear_id(); }, Code::INVALID_ARGUMENT,
             {"id is required"});
    rows.Add("IdUnknown", [](R& r) { r.set_id("no-such-pharmacy"); },
             Code::NOT_FOUND,
             {"id \"no-such-pharmacy\"", "is not the id, NPI"});
    rows.Add("NpiUnknown", [](R& r) { r.set_id("0000000000"); },
             Code::NOT_FOUND, {"id \"0000000000\""});
    rows.Add("NcpdpIdUnknown", [](R& r) { r.set_id("0000000"); },
             Code::NOT_FOUND, {"id \"0000000\""});
    rows.Add("IdWithNewline", [](R& r) { r.set_id("albertsons-1812-P\n"); },
             Code::NOT_FOUND, {"id \"albertsons-1812-P\\n\""});
    rows.Add("IdOversized", [](R& r) { r.set_id(std::string(1000, 'x')); },
             Code::NOT_FOUND,
             {absl::StrCat("id \"", std::string(64, 'x'), "\"...")});
    rows.AddDeadlinePast();
  }

  // ---- PharmacyLocator.CheckNetwork ----
  {
    using R = v1::CheckNetworkRequest;
    RowsOf<R> rows(Rpc::kCheckNetwork, &Call::check_network, &all);
    rows.AddControl();
    rows.Add("PharmacyIdEmpty", [](R& r) { r.clear_pharmacy_id(); },
             Code::INVALID_ARGUMENT, {"pharmacy_id is required"});
    rows.Add("PharmacyIdUnknown",
             [](R& r) { r.set_pharmacy_id("no-such-pharmacy"); },
             Code::NOT_FOUND, {"pharmacy_id \"no-such-pharmacy\""});
    rows.Add("PlanMissing", [](R& r) { r.clear_plan(); },
             Code::INVALID_ARGUMENT, {"plan is required"});
    rows.Add("PlanWithoutId", [](R& r) { r.mutable_plan()->Clear(); },
             Code::INVALID_ARGUMENT, {"plan must set commercial"});
    AddPlanRows(rows);
    for (const auto& [name, date] :
         std::vector<std::pair<const char*, const char*>>{
             {"DateMonth13", "2026-13-01"},
             {"DateFebruary30", "2026-02-30"},
             {"DateBefore1970", "1969-12-31"},
             {"DateYear2100", "2100-01-01"},
             {"DateUsOrder", "11/22/2026"},
             {"DateUnpadded", "2026-1-5"},
             {"DateWithTime", "2026-11-22T10:00:00Z"}}) {
      rows.Add(name, [date = std::string(date)](R& r) { r.set_date(date); },
               Code::INVALID_ARGUMENT,
               {absl::StrCat("date \"", date, "\""), "YYYY-MM-DD"});
    }
    rows.AddDeadlinePast();
  }

  // ---- PharmacyLocator.LocateForIvr ----
  {
    using R = v1::LocateForIvrRequest;
    RowsOf<R> rows(Rpc::kLocateForIvr, &Call::ivr, &all);
    rows.AddControl(Code::OK, [](Call&) {}, {"FOUND: "});
    // A caller's ZIP code is answered, not refused.
    rows.Add("ZipFourDigitsIsAnOutcome", [](R& r) { r.set_zip_code("9950"); },
             Code::OK,
             {"INVALID_ZIP: ", "We heard 9 9 5 0, which is not a ZIP"});
    rows.Add("ZipEmptyIsAnOutcome", [](R& r) { r.clear_zip_code(); }, Code::OK,
             {"INVALID_ZIP: ", "We did not get a ZIP code"});
    rows.Add("ZipStarIsAnOutcome", [](R& r) { r.set_zip_code("*"); }, Code::OK,
             {"INVALID_ZIP: "});
    rows.Add("ZipUnknownIsAnOutcome", [](R& r) { r.set_zip_code("99999"); },
             Code::OK, {"UNKNOWN_ZIP: ", "ZIP code 9 9 9 9 9"});
    rows.Add("ZipMilitaryIsAnOutcome", [](R& r) { r.set_zip_code("09001"); },
             Code::OK, {"MILITARY_ZIP: ", "military mail"});
    // The IVR system's own mistakes are errors.
    rows.Add("CountNegative", [](R& r) { r.set_count(-1); },
             Code::INVALID_ARGUMENT, {"count", "got -1"});
    rows.Add("CountAbove5", [](R& r) { r.set_count(6); },
             Code::INVALID_ARGUMENT, {"count", "got 6"});
    rows.Add("MinQuantityNegative",
             [](R& r) {
               r.set_in_stock_ndc(kPaxlovid);
               r.set_min_quantity(-1);
             },
             Code::INVALID_ARGUMENT, {"min_quantity", "got -1"});
    rows.Add("MinQuantityWithoutNdc", [](R& r) { r.set_min_quantity(2); },
             Code::INVALID_ARGUMENT, {"min_quantity needs in_stock_ndc"});
    rows.Add("InStockNdcDrugName", [](R& r) { r.set_in_stock_ndc("paxlovid"); },
             Code::INVALID_ARGUMENT, {"in_stock_ndc", "\"paxlovid\""});
    rows.Add("InStockNdcAmbiguousTenDigits",
             [](R& r) { r.set_in_stock_ndc("0069108530"); },
             Code::INVALID_ARGUMENT,
             {"in_stock_ndc", "\"0069108530\"", "ambiguous"});
    rows.Add("InStockNdcPartsTwoFourTwo",
             [](R& r) { r.set_in_stock_ndc("69-1085-30"); },
             Code::INVALID_ARGUMENT,
             {"in_stock_ndc", "\"69-1085-30\"", "parts of 2-4-2"});
    AddPlanRows(rows);
    rows.AddDeadlinePast();
  }

  // ---- PharmacyLocator.UrgentFill ----
  {
    using R = v1::UrgentFillRequest;
    RowsOf<R> rows(Rpc::kUrgentFill, &Call::urgent_fill, &all);
    rows.AddControl();
    rows.Add("OriginMissing", [](R& r) { r.clear_origin(); },
             Code::INVALID_ARGUMENT, {"origin is required"});
    rows.Add("OriginLatitudeNaN",
             [](R& r) { SetLatLng(r.mutable_origin(), kNaN, -149.9); },
             Code::INVALID_ARGUMENT, {"origin.lat_lng.latitude", "got nan"});
    rows.Add("OriginLongitudeAbove180",
             [](R& r) { SetLatLng(r.mutable_origin(), 61.2, 180.0001); },
             Code::INVALID_ARGUMENT,
             {"origin.lat_lng.longitude", "got 180.0001"});
    rows.Add("OriginZipWithLetterO",
             [](R& r) { r.mutable_origin()->set_zip_code("995O3"); },
             Code::INVALID_ARGUMENT, {"origin.zip_code \"995O3\""});
    rows.Add("OriginZipUnknown",
             [](R& r) { r.mutable_origin()->set_zip_code("99999-0001"); },
             Code::NOT_FOUND,
             {"origin.zip_code \"99999-0001\"", "not a known"});
    rows.Add("PlanMissing", [](R& r) { r.clear_plan(); },
             Code::INVALID_ARGUMENT, {"plan is required"});
    AddPlanRows(rows);
    rows.Add(
        "PlanGroupWithSpace",
        [](R& r) { *r.mutable_plan() = Commercial("610014", "ABC", "G 7"); },
        Code::INVALID_ARGUMENT, {"plan.commercial.group \"G 7\""});
    rows.Add("ItemsEmpty", [](R& r) { r.clear_items(); },
             Code::INVALID_ARGUMENT, {"items must list 1 to 10", "got 0"});
    rows.Add("ItemsEleven",
             [](R& r) {
               r.clear_items();
               for (int i = 0; i < 11; ++i) {
                 v1::UrgentItem* item = r.add_items();
                 item->set_ndc(absl::StrCat("55555-5555-", 10 + i));
                 item->set_quantity(1);
               }
             },
             Code::INVALID_ARGUMENT, {"items must list 1 to 10", "got 11"});
    rows.Add("ItemQuantityZero",
             [](R& r) { r.mutable_items(0)->set_quantity(0); },
             Code::INVALID_ARGUMENT, {"items[0].quantity", "got 0"});
    rows.Add("ItemQuantityNegative",
             [](R& r) { r.mutable_items(0)->set_quantity(-20); },
             Code::INVALID_ARGUMENT, {"items[0].quantity", "got -20"});
    rows.Add("ItemQuantityAboveMax",
             [](R& r) { r.mutable_items(0)->set_quantity(100001); },
             Code::INVALID_ARGUMENT, {"items[0].quantity", "got 100001"});
    rows.Add("ItemWithoutDrug", [](R& r) { r.mutable_items(0)->clear_drug(); },
             Code::INVALID_ARGUMENT,
             {"items[0] must give an ndc or a drug_name"});
    rows.Add("ItemNdcLetters",
             [](R& r) { r.mutable_items(0)->set_ndc("ABCDE-1234-56"); },
             Code::INVALID_ARGUMENT, {"items[0].ndc", "\"ABCDE-1234-56\""});
    rows.Add("ItemNdcAmbiguousTenDigits",
             [](R& r) {
               v1::UrgentItem* item = r.add_items();
               item->set_ndc("0069108530");
               item->set_quantity(1);
             },
             Code::INVALID_ARGUMENT,
             {"items[1].ndc", "\"0069108530\"", "ambiguous"});
    rows.Add(
        "ItemNdcFourDigits", [](R& r) { r.mutable_items(0)->set_ndc("1234"); },
        Code::INVALID_ARGUMENT, {"items[0].ndc", "\"1234\"", "has 4 digits"});
    rows.Add("ItemDrugNameBlank",
             [](R& r) { r.mutable_items(0)->set_drug_name("  "); },
             Code::INVALID_ARGUMENT, {"items[0].drug_name is empty"});
    rows.Add("ItemDrugNameUnknown",
             [](R& r) { r.mutable_items(0)->set_drug_name("Tamiflu"); },
             Code::NOT_FOUND,
             {"items[0].drug_name \"Tamiflu\"", "not the name"});
    rows.Add("ItemsSameDrugTwice",
             [](R& r) {
               r.mutable_items(0)->set_ndc(kPaxlovid);
               v1::UrgentItem* item = r.add_items();
               item->set_ndc("00069108530");
               item->set_quantity(1);
             },
             Code::INVALID_ARGUMENT,
             {"items[1] and items[0]", "NDC 00069-1085-30"});
    rows.Add("NeedByInThePast",
             [](R& r) { *r.mutable_need_by() = At(kYear2020); },
             Code::INVALID_ARGUMENT, {"need_by", "got 2020-01-01T00:00:00Z"});
    rows.Add("NeedByMoreThan30DaysOff",
             [](R& r) { *r.mutable_need_by() = At(kYear2099); },
             Code::INVALID_ARGUMENT, {"need_by", "got 2099-01-01T00:00:00Z"});
    rows.Add("NeedByBefore1970", [](R& r) { *r.mutable_need_by() = At(-1); },
             Code::INVALID_ARGUMENT, {"need_by", "got -1s 0ns"});
    rows.Add("NeedByYear2100",
             [](R& r) { *r.mutable_need_by() = At(kYear2100); },
             Code::INVALID_ARGUMENT, {"need_by", "got 4102444800s 0ns"});
    rows.Add("PickupWindowNegative",
             [](R& r) { *r.mutable_pickup_window() = Span(-300); },
             Code::INVALID_ARGUMENT, {"pickup_window", "got -300s 0ns"});
    rows.Add("PickupWindowZero",
             [](R& r) { *r.mutable_pickup_window() = Span(0); },
             Code::INVALID_ARGUMENT, {"pickup_window", "got 0s 0ns"});
    rows.Add("PickupWindowThreeHours",
             [](R& r) { *r.mutable_pickup_window() = Span(3 * 3600); },
             Code::INVALID_ARGUMENT, {"pickup_window", "got 10800s 0ns"});
    rows.Add("TravelModeUnknown",
             [](R& r) { r.set_travel_mode(static_cast<v1::TravelMode>(7)); },
             Code::INVALID_ARGUMENT, {"travel_mode", "got 7"});
    rows.Add("MaxOptionsNegative", [](R& r) { r.set_max_options(-1); },
             Code::INVALID_ARGUMENT, {"max_options", "got -1"});
    rows.Add("MaxOptionsAbove20", [](R& r) { r.set_max_options(21); },
             Code::INVALID_ARGUMENT, {"max_options", "got 21"});
    rows.AddDeadlinePast();
  }

  // ---- Inventory.GetStock ----
  {
    using R = v1::GetStockRequest;
    RowsOf<R> rows(Rpc::kGetStock, &Call::get_stock, &all);
    rows.AddControl();
    rows.Add("PharmacyIdsEmpty", [](R& r) { r.clear_pharmacy_ids(); },
             Code::INVALID_ARGUMENT,
             {"pharmacy_ids must list 1 to 100", "got 0"});
    rows.Add("PharmacyIds101",
             [](R& r) {
               for (int i = 0; i < 100; ++i) r.add_pharmacy_ids(kCarrsDimond);
             },
             Code::INVALID_ARGUMENT,
             {"pharmacy_ids must list 1 to 100", "got 101"});
    rows.Add("NdcsEmpty", [](R& r) { r.clear_ndcs(); }, Code::INVALID_ARGUMENT,
             {"ndcs must list 1 to 50", "got 0"});
    rows.Add("Ndcs51",
             [](R& r) {
               for (int i = 0; i < 50; ++i) r.add_ndcs(kPaxlovid);
             },
             Code::INVALID_ARGUMENT, {"ndcs must list 1 to 50", "got 51"});
    rows.Add("NdcLowercaseLetter", [](R& r) { r.set_ndcs(0, "0006g-1085-30"); },
             Code::INVALID_ARGUMENT, {"ndcs[0]", "\"0006g-1085-30\""});
    rows.Add("NdcAmbiguousTenDigits", [](R& r) { r.add_ndcs("0069108530"); },
             Code::INVALID_ARGUMENT,
             {"ndcs[1]", "\"0069108530\"", "ambiguous"});
    rows.Add("NdcPartsFourFourThree",
             [](R& r) { r.set_ndcs(0, "0069-1085-300"); },
             Code::INVALID_ARGUMENT,
             {"ndcs[0]", "\"0069-1085-300\"", "parts of 4-4-3"});
    rows.Add("NdcEmpty", [](R& r) { r.set_ndcs(0, ""); },
             Code::INVALID_ARGUMENT, {"ndcs[0]", "ndc is empty"});
    rows.Add("PharmacyIdUnknown",
             [](R& r) { r.add_pharmacy_ids("no-such-pharmacy"); },
             Code::NOT_FOUND, {"pharmacy_ids[1] \"no-such-pharmacy\""});
    rows.Add("PharmacyIdEmpty", [](R& r) { r.add_pharmacy_ids(""); },
             Code::INVALID_ARGUMENT, {"pharmacy_ids[1] is empty"});
    rows.AddDeadlinePast();
  }

  // ---- Inventory.ReportStock: a bad update is rejected in the reply ----
  {
    using R = v1::StockUpdate;
    RowsOf<R> rows(Rpc::kReportStock, &Call::update, &all);
    rows.AddControl();
    rows.Add("PharmacyIdEmpty", [](R& u) { u.clear_pharmacy_id(); }, Code::OK,
             {"pharmacy_id is required"});
    rows.Add("PharmacyIdUnknown",
             [](R& u) { u.set_pharmacy_id("no-such-pharmacy"); }, Code::OK,
             {"pharmacy_id \"no-such-pharmacy\"", "is not the id"});
    rows.Add("NdcEmpty", [](R& u) { u.clear_ndc(); }, Code::OK,
             {"ndc is empty"});
    rows.Add("NdcLetter", [](R& u) { u.set_ndc("00069-108S-30"); }, Code::OK,
             {"ndc \"00069-108S-30\""});
    rows.Add("NdcAmbiguousTenDigits", [](R& u) { u.set_ndc("0069108530"); },
             Code::OK, {"ndc \"0069108530\"", "ambiguous"});
    rows.Add("NdcThreeDigits", [](R& u) { u.set_ndc("123"); }, Code::OK,
             {"ndc \"123\"", "has 3 digits"});
    rows.Add("QuantityNegative", [](R& u) { u.set_quantity(-1); }, Code::OK,
             {"quantity", "got -1"});
    rows.Add("QuantityAboveMax", [](R& u) { u.set_quantity(1000000001); },
             Code::OK, {"quantity", "got 1000000001"});
    rows.Add("ObservedAtMissing", [](R& u) { u.clear_observed_at(); }, Code::OK,
             {"observed_at is required"});
    rows.Add("ObservedAtFarFuture",
             [](R& u) { *u.mutable_observed_at() = At(kYear2099); }, Code::OK,
             {"observed_at", "got 4070908800s 0ns"});
    rows.Add("ObservedAtBefore1970",
             [](R& u) { *u.mutable_observed_at() = At(-1); }, Code::OK,
             {"observed_at", "got -1s 0ns"});
    rows.Add("ObservedAtNanosNegative",
             [](R& u) { *u.mutable_observed_at() = At(kYear2020, -1); },
             Code::OK, {"observed_at", "got 1577836800s -1ns"});
    rows.Add("SourceOver64Characters",
             [](R& u) { u.set_source(std::string(65, 'f')); }, Code::OK,
             {absl::StrCat("source \"", std::string(64, 'f'), "\"..."),
              "longer than 64"});
    rows.AddDeadlinePast();
  }

  // ---- Inventory.WatchAvailability: the error is the stream's status ----
  {
    using R = v1::WatchAvailabilityRequest;
    RowsOf<R> rows(Rpc::kWatchAvailability, &Call::watch, &all);
    // A valid watch stays open until its deadline.
    rows.AddControl(Code::DEADLINE_EXCEEDED,
                    [](Call& c) { c.deadline = absl::Milliseconds(500); });
    rows.Add("NdcEmpty", [](R& r) { r.clear_ndc(); }, Code::INVALID_ARGUMENT,
             {"ndc is empty"});
    rows.Add("NdcLetters", [](R& r) { r.set_ndc("NDC-0069-1085"); },
             Code::INVALID_ARGUMENT, {"ndc \"NDC-0069-1085\""});
    rows.Add("NdcAmbiguousTenDigits", [](R& r) { r.set_ndc("0069108530"); },
             Code::INVALID_ARGUMENT, {"ndc \"0069108530\"", "ambiguous"});
    rows.Add("NdcNineDigits", [](R& r) { r.set_ndc("000691085"); },
             Code::INVALID_ARGUMENT, {"ndc \"000691085\"", "has 9 digits"});
    rows.Add("OriginMissing", [](R& r) { r.clear_origin(); },
             Code::INVALID_ARGUMENT, {"origin is required"});
    rows.Add("LatitudeNaN",
             [](R& r) { SetLatLng(r.mutable_origin(), kNaN, -149.9); },
             Code::INVALID_ARGUMENT, {"origin.lat_lng.latitude", "got nan"});
    rows.Add("LatitudeBelowMinus90",
             [](R& r) { SetLatLng(r.mutable_origin(), -90.5, -149.9); },
             Code::INVALID_ARGUMENT, {"origin.lat_lng.latitude", "got -90.5"});
    rows.Add("LongitudeMinusInfinity",
             [](R& r) { SetLatLng(r.mutable_origin(), 61.2, -kInf); },
             Code::INVALID_ARGUMENT, {"origin.lat_lng.longitude", "got -inf"});
    rows.Add("ZipHyphenated",
             [](R& r) { r.mutable_origin()->set_zip_code("99-502"); },
             Code::INVALID_ARGUMENT, {"origin.zip_code \"99-502\""});
    rows.Add("ZipUnknown",
             [](R& r) { r.mutable_origin()->set_zip_code("99999"); },
             Code::NOT_FOUND, {"origin.zip_code \"99999\""});
    rows.Add("RadiusZero", [](R& r) { r.set_radius_meters(0); },
             Code::INVALID_ARGUMENT, {"radius_meters", "got 0"});
    rows.Add("RadiusNaN", [](R& r) { r.set_radius_meters(kNaN); },
             Code::INVALID_ARGUMENT, {"radius_meters", "got nan"});
    rows.Add("RadiusAbove100Miles", [](R& r) { r.set_radius_meters(1e6); },
             Code::INVALID_ARGUMENT, {"radius_meters", "got 1000000"});
    AddPlanRows(rows);
    rows.Add("MinQuantityNegative", [](R& r) { r.set_min_quantity(-5); },
             Code::INVALID_ARGUMENT, {"min_quantity", "got -5"});
    rows.AddDeadlinePast();
  }

  // ---- Admin: no input but the deadline ----
  {
    RowsOf<v1::ReloadRequest> reload(Rpc::kReload, &Call::reload, &all);
    // A reload reads every file: give it time.
    reload.AddControl(Code::OK, [](Call& c) { c.deadline = absl::Minutes(2); });
    reload.AddDeadlinePast();
    RowsOf<v1::GetStatsRequest> stats(Rpc::kGetStats, &Call::stats, &all);
    stats.AddControl();
    stats.AddDeadlinePast();
  }
  return all;
}

// What a call answered: its status and the text rows match.
struct Answer {
  grpc::Status status;
  // The error message; for ReportStock's OK, its rejections' reasons; for
  // LocateForIvr's OK, the outcome and the spoken opening.
  std::string message;
  v1::ReportStockResponse report;
};

class BadInputCatalogueTest : public BundledServerTest,
                              public ::testing::WithParamInterface<Row> {
 protected:
  static void SetUpTestSuite() {
    BundledServerTest::SetUpTestSuite();
    if (HasFatalFailure()) return;
    // A token to tamper with: the base request's first page's.
    auto stub = v1::PharmacyLocator::NewStub(server().Channel());
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    v1::FindPharmaciesResponse response;
    const grpc::Status status = stub->FindPharmacies(
        &context, BaseCall(absl::Now(), "").find, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_FALSE(response.next_page_token().empty());
    issued_page_token_ = new std::string(response.next_page_token());
  }

  static void TearDownTestSuite() {
    delete issued_page_token_;
    issued_page_token_ = nullptr;
    BundledServerTest::TearDownTestSuite();
  }

  static const std::string& IssuedPageToken() { return *issued_page_token_; }

  Answer Send(Rpc rpc, const Call& call) {
    const std::shared_ptr<grpc::Channel> channel = server().Channel();
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + call.deadline));
    Answer answer;
    switch (rpc) {
      case Rpc::kFindPharmacies: {
        v1::FindPharmaciesResponse response;
        answer.status = v1::PharmacyLocator::NewStub(channel)->FindPharmacies(
            &context, call.find, &response);
        break;
      }
      case Rpc::kGetPharmacy: {
        v1::Pharmacy response;
        answer.status = v1::PharmacyLocator::NewStub(channel)->GetPharmacy(
            &context, call.get_pharmacy, &response);
        break;
      }
      case Rpc::kCheckNetwork: {
        v1::CheckNetworkResponse response;
        answer.status = v1::PharmacyLocator::NewStub(channel)->CheckNetwork(
            &context, call.check_network, &response);
        break;
      }
      case Rpc::kUrgentFill: {
        v1::UrgentFillResponse response;
        answer.status = v1::PharmacyLocator::NewStub(channel)->UrgentFill(
            &context, call.urgent_fill, &response);
        break;
      }
      case Rpc::kLocateForIvr: {
        v1::LocateForIvrResponse response;
        answer.status = v1::PharmacyLocator::NewStub(channel)->LocateForIvr(
            &context, call.ivr, &response);
        if (answer.status.ok()) {
          answer.message = absl::StrCat(
              v1::LocateForIvrResponse::Outcome_Name(response.outcome()), ": ",
              response.intro().text());
          return answer;
        }
        break;
      }
      case Rpc::kGetStock: {
        v1::GetStockResponse response;
        answer.status = v1::Inventory::NewStub(channel)->GetStock(
            &context, call.get_stock, &response);
        break;
      }
      case Rpc::kReportStock: {
        auto stub = v1::Inventory::NewStub(channel);
        auto writer = stub->ReportStock(&context, &answer.report);
        if (writer->Write(call.good_update)) writer->Write(call.update);
        writer->WritesDone();
        answer.status = writer->Finish();
        if (answer.status.ok()) {
          std::vector<std::string> reasons;
          for (const auto& r : answer.report.rejections()) {
            reasons.push_back(absl::StrCat("[", r.index(), "] ", r.reason()));
          }
          answer.message = absl::StrJoin(reasons, "; ");
          return answer;
        }
        break;
      }
      case Rpc::kWatchAvailability: {
        auto stub = v1::Inventory::NewStub(channel);
        auto reader = stub->WatchAvailability(&context, call.watch);
        v1::AvailabilityEvent event;
        while (reader->Read(&event)) {
        }
        answer.status = reader->Finish();
        break;
      }
      case Rpc::kReload: {
        v1::ReloadResponse response;
        answer.status = v1::Admin::NewStub(channel)->Reload(
            &context, call.reload, &response);
        break;
      }
      case Rpc::kGetStats: {
        v1::GetStatsResponse response;
        answer.status = v1::Admin::NewStub(channel)->GetStats(
            &context, call.stats, &response);
        break;
      }
    }
    answer.message = answer.status.error_message();
    return answer;
  }

 private:
  static std::string* issued_page_token_;
};

std::string* BadInputCatalogueTest::issued_page_token_ = nullptr;

TEST_P(BadInputCatalogueTest, AnswersWithItsStatusNamingFieldAndValue) {
  const Row& row = GetParam();
  Call call = BaseCall(absl::Now(), IssuedPageToken());
  row.edit(call);
  const Answer answer = Send(row.rpc, call);

  EXPECT_EQ(answer.status.error_code(), row.code)
      << "message: " << answer.message;
  for (const std::string& part : row.message_has) {
    EXPECT_THAT(answer.message,
                HasSubstr(absl::StrReplaceAll(
                    part, {{"{page_token}", call.find.page_token()}})));
  }
  if (row.rpc == Rpc::kReportStock && answer.status.ok()) {
    // The stream goes on past a bad update: the good one is counted, and
    // only the bad one (index 1) is rejected.
    const v1::ReportStockResponse& report = answer.report;
    EXPECT_EQ(report.received(), 2);
    EXPECT_EQ(report.applied() + report.stale(), row.control ? 2 : 1);
    EXPECT_EQ(report.rejected(), row.control ? 0 : 1);
    ASSERT_EQ(report.rejections_size(), row.control ? 0 : 1);
    if (!row.control) {
      EXPECT_EQ(report.rejections(0).index(), 1);
    }
  }
}

std::string RowName(const ::testing::TestParamInfo<Row>& info) {
  return absl::StrCat(RpcName(info.param.rpc), "_", info.param.name);
}

INSTANTIATE_TEST_SUITE_P(Catalogue, BadInputCatalogueTest,
                         ::testing::ValuesIn(Rows()), RowName);

// The table itself: every call has rows, and there are enough of them.
TEST(BadInputCatalogueTableTest, CoversEveryCallWithSixtyBadRequests) {
  std::map<Rpc, int> bad;
  for (const Row& row : Rows()) {
    if (!row.control) ++bad[row.rpc];
  }
  int total = 0;
  for (Rpc rpc : kEveryRpc) {
    EXPECT_GE(bad[rpc], 1) << RpcName(rpc);
    total += bad[rpc];
  }
  EXPECT_GE(total, 60);
}

}  // namespace
}  // namespace rxlocator
