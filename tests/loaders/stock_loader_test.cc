#include "loaders/stock_loader.h"

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "loaders/hhs_locator.h"
#include "test_files.h"

namespace rxlocator {

// gtest prints a StockObservation this way.
void PrintTo(const StockObservation& o, std::ostream* os) {
  *os << "{" << o.pharmacy_id << ", " << o.ndc << ", " << o.level.quantity
      << " at " << absl::FormatTime(o.level.observed_at, absl::UTCTimeZone())
      << ", " << o.level.source << "}";
}

namespace {

using ::rxlocator::testing::CsvLine;
using ::rxlocator::testing::ExpectInvalidArgument;
using ::rxlocator::testing::kHhsHeadHeader;
using ::rxlocator::testing::kHhsOrderDatesHeader;
using ::rxlocator::testing::kHhsTitleCaseHeader;
using ::rxlocator::testing::WriteTempFile;
using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::SizeIs;

absl::Time Utc(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, ss),
                         absl::UTCTimeZone());
}

MATCHER_P5(IsObservation, pharmacy_id, ndc, quantity, observed_at, source, "") {
  return arg.pharmacy_id == pharmacy_id && arg.ndc == ndc &&
         arg.level.quantity == quantity &&
         arg.level.observed_at == observed_at && arg.level.source == source;
}

// The sites of the HHS fixtures below.
const std::string kDimondId =
    HhsRowFacilityId("CARRS PHARMACY", "4000 W DIMOND BLVD", "99502");
const std::string kSewardId =
    HhsRowFacilityId("CARRS PHARMACY", "2920 SEWARD HWY", "99503");
const std::string kStamfordId =
    HhsRowFacilityId("STAMFORD HOSPITAL", "1 HOSPITAL PLAZA", "06902");

// NPIs with valid check digits: 1740219781, 1234567893 and 1500000009 are
// in the directory; 1265084933 and 1987654328 are not.
// - rx-1: NPI 1740219781, NCPDP 0212345.
// - rx-2: NPI 1234567893; the Seward HHS record was merged into it.
// - rx-3: NPI 1500000009, at Carrs Dimond in ZIP code 99502.
// - the Dimond HHS record, under its own id, with no NPI.
// - the Stamford HHS record, under its own id.
std::vector<Pharmacy> TestPharmacies() {
  std::vector<Pharmacy> ps(5);
  ps[0].id = "rx-1";
  ps[0].npi = "1740219781";
  ps[0].ncpdp_id = "0212345";
  ps[1].id = "rx-2";
  ps[1].npi = "1234567893";
  ps[1].merged_ids = {"src-9", kSewardId};
  ps[2].id = "rx-3";
  ps[2].npi = "1500000009";
  ps[2].latitude = 61.137411;
  ps[2].longitude = -149.954561;
  ps[2].address.zip = "99502";
  ps[3].id = kDimondId;
  ps[4].id = kStamfordId;
  return ps;
}

const LoadOptions kStrict{.strict = true};
const LoadOptions kManyExamples{.max_examples = 20};

class StockLoaderTest : public ::testing::Test {
 protected:
  absl::StatusOr<std::vector<StockObservation>> Native(
      const std::string& path, const LoadOptions& options = kManyExamples,
      LoadReport* report = nullptr) {
    return LoadNativeStock(path, pharmacies_, directory_, options, report);
  }
  absl::StatusOr<std::vector<StockObservation>> Hhs(
      const std::string& path, const LoadOptions& options = kManyExamples,
      LoadReport* report = nullptr) {
    return LoadHhsStock(path, pharmacies_, directory_, options, report);
  }

  const std::vector<Pharmacy> pharmacies_ = TestPharmacies();
  const PharmacyDirectory directory_{pharmacies_};
};

// ---- native ----

constexpr char kNativeStock[] =
    "pharmacy,ndc,quantity,observed_at,source\n"
    // 2: rx-1 by id; -09:00 is 2022-03-12T01:05:00Z.
    "rx-1,00069-1085-30,17,2022-03-11T16:05:00-09:00,pos\n"
    // 3: rx-2 by NPI, 4-4-2 NDC, no source; sub-microsecond digits dropped.
    "1234567893,0069-1101-20,0,2022-03-12T01:05:00.1234567Z,\n"
    // 4: rx-1 by NCPDP id, older than line 2 (the store keeps line 2's).
    "0212345,00069108530,5,2022-03-11T00:00:00Z,feed-a\n"
    // 5: rx-2 by a merged id.
    "src-9,00069-1085-30,3,2022-03-13T00:00:00z,\n"
    // 6: rx-1 by a float NPI, newer than line 2.
    "1740219781.0, 00069-1085-30 , 20 ,2022-03-12T02:00:00+00:00,\n"
    "rx-9,00069-1085-30,1,2022-03-11T00:00:00Z,\n"                     // 7
    ",00069-1085-30,1,2022-03-11T00:00:00Z,\n"                         // 8
    "rx-3,0069108530,1,2022-03-11T00:00:00Z,\n"                        // 9
    "rx-3,,1,2022-03-11T00:00:00Z,\n"                                  // 10
    "rx-3,00069-1085-30,-1,2022-03-11T00:00:00Z,\n"                    // 11
    "rx-3,00069-1085-30,1.0,2022-03-11T00:00:00Z,\n"                   // 12
    "rx-3,00069-1085-30,,2022-03-11T00:00:00Z,\n"                      // 13
    "rx-3,00069-1085-30,1,2022-03-11T00:00:00,\n"                      // 14
    "rx-3,00069-1085-30,1,2022-03-11,\n"                               // 15
    "rx-3,00069-1085-30,1, ,\n"                                        // 16
    "rx-3,00069-1085-30,99999999999999999999,2022-03-11T00:00:00Z,\n"  // 17
    "rx-3,00069-1085-30,7,2022-03-11T00:00:00Z,\n"                     // 18
    // 19: as new as line 18: a repeat.
    "rx-3,00069-1085-30,8,2022-03-10T16:00:00-08:00,\n"  // 19
    "rx-3,00069-1085-30\n";                              // 20

TEST_F(StockLoaderTest, NativeLoadsGoodRowsAndSkipsBadOnes) {
  const std::string path = WriteTempFile("stock.csv", kNativeStock);
  LoadReport report;
  const std::vector<StockObservation> stock =
      Native(path, kManyExamples, &report).value();
  // Every good row, in file order: choosing between rows for one pharmacy
  // and NDC is the store's (tests/server/data_loading_test.cc).
  EXPECT_THAT(
      stock,
      ElementsAre(
          IsObservation("rx-1", "00069108530", 17, Utc(2022, 3, 12, 1, 5),
                        "pos"),
          IsObservation("rx-2", "00069110120", 0,
                        Utc(2022, 3, 12, 1, 5) + absl::Microseconds(123456),
                        "native"),
          IsObservation("rx-1", "00069108530", 5, Utc(2022, 3, 11), "feed-a"),
          IsObservation("rx-2", "00069108530", 3, Utc(2022, 3, 13), "native"),
          IsObservation("rx-1", "00069108530", 20, Utc(2022, 3, 12, 2),
                        "native"),
          IsObservation("rx-3", "00069108530", 7, Utc(2022, 3, 11), "native"),
          IsObservation("rx-3", "00069108530", 8, Utc(2022, 3, 11), "native")));

  EXPECT_EQ(report.rows_read, 19);
  EXPECT_EQ(report.rows_loaded, 7);
  EXPECT_EQ(report.rows_skipped, 12);
  EXPECT_EQ(report.items, 7);
  EXPECT_EQ(report.item_kind, "stock observations");
  EXPECT_THAT(
      report.skipped_by_reason,
      ElementsAre(Pair("bad NDC", 1), Pair("bad quantity", 3),
                  Pair("bad time", 2), Pair("missing NDC", 1),
                  Pair("missing pharmacy", 1), Pair("missing quantity", 1),
                  Pair("missing time", 1), Pair("unknown pharmacy", 1),
                  Pair("wrong field count", 1)));
  const std::string bad_time =
      " is not an RFC 3339 time with a UTC offset, such as "
      "2022-03-11T16:05:00-09:00 or 2022-03-12T01:05:00Z";
  EXPECT_THAT(
      report.examples,
      ElementsAre(
          path + ":7: pharmacy \"rx-9\" is not a known pharmacy id, NPI or "
                 "NCPDP id",
          path + ":8: pharmacy is empty",
          path + ":9: ndc \"0069108530\" is 10 digits without hyphens, which "
                 "is ambiguous: write it as 4-4-2, 5-3-2 or 5-4-1",
          path + ":10: ndc is empty",
          path + ":11: quantity \"-1\" is not a whole number, 0 or more",
          path + ":12: quantity \"1.0\" is not a whole number, 0 or more",
          path + ":13: quantity is empty",
          path + ":14: observed_at \"2022-03-11T00:00:00\"" + bad_time,
          path + ":15: observed_at \"2022-03-11\"" + bad_time,
          path + ":16: observed_at is empty",
          path + ":17: quantity \"99999999999999999999\" is not a whole "
                 "number, 0 or more",
          path + ":20: has 2 fields, the header has 5"));
}

TEST_F(StockLoaderTest, NativeStrictFailsOnFirstBadRow) {
  const std::string path = WriteTempFile("stock.csv", kNativeStock);
  ExpectInvalidArgument(
      Native(path, kStrict).status(),
      path +
          ":7: pharmacy \"rx-9\" is not a known pharmacy id, NPI or "
          "NCPDP id");
}

TEST_F(StockLoaderTest, NativeSourceColumnIsOptional) {
  const std::string path =
      WriteTempFile("stock.csv.gz",
                    "OBSERVED_AT,Quantity,extra,ndc,pharmacy\n"
                    "2022-03-11T16:05:00-09:00,17,x,00069-1085-30,rx-1\n",
                    /*gzip=*/true);
  EXPECT_THAT(Native(path, kStrict).value(),
              ElementsAre(IsObservation("rx-1", "00069108530", 17,
                                        Utc(2022, 3, 12, 1, 5), "native")));
}

TEST_F(StockLoaderTest, NativeMissingRequiredColumnFailsTheLoad) {
  const std::string path = WriteTempFile(
      "stock.csv", "pharmacy,ndc,quantity,source\nrx-1,00069-1085-30,1,x\n");
  ExpectInvalidArgument(Native(path).status(),
                        path + ":1: missing required column \"observed_at\"");
}

TEST_F(StockLoaderTest, AnErrorWhereRowsGoStopsTheRead) {
  const std::string path =
      WriteTempFile("stock.csv",
                    "pharmacy,ndc,quantity,observed_at\n"
                    "rx-1,00069-1085-30,1,2022-03-11T00:00:00Z\n"
                    "rx-2,00069-1085-30,2,2022-03-11T00:00:00Z\n"
                    "rx-3,00069-1085-30,3,2022-03-11T00:00:00Z\n");
  std::vector<int> lines;
  const absl::Status status = ReadNativeStock(
      path, pharmacies_, directory_, kStrict, nullptr,
      [&](int line, StockObservation) {
        lines.push_back(line);
        return lines.size() < 2 ? absl::OkStatus()
                                : absl::UnavailableError("store is down");
      });
  EXPECT_EQ(status, absl::UnavailableError("store is down"));
  EXPECT_THAT(lines, ElementsAre(2, 3));
}

// ---- HHS ----

// One HHS row's values; `when` goes in last_report_date or
// courses_available_date, whichever the header has.
struct HhsRow {
  std::string name = "CARRS PHARMACY", address1 = "4000 W DIMOND BLVD";
  std::string zip = "99502", npi = "", ndc = "00069-1085-30";
  std::string courses = "17", when = "2022-03-11T00:00:00.000";
  std::string point;  // geocoded_address

  std::string Line(absl::string_view header = kHhsHeadHeader) const {
    return CsvLine(header, {{"provider_name", name},
                            {"address1", address1},
                            {"zip", zip},
                            {"npi", npi},
                            {"geocoded_address", point},
                            {"national_drug_code", ndc},
                            {"order_label", "Paxlovid"},
                            {"courses_available", courses},
                            {"last_report_date", when},
                            {"courses_available_date", when}});
  }
};

// An HHS file with `header` and a row for each edit: an HhsRow as the edit
// leaves it.
std::string HhsFile(absl::string_view header,
                    const std::vector<std::function<void(HhsRow&)>>& edits) {
  std::string text = absl::StrCat(header, "\n");
  for (const auto& edit : edits) {
    HhsRow row;
    edit(row);
    text += row.Line(header);
  }
  return text;
}

TEST_F(StockLoaderTest, HhsResolvesEachRowsOwnFacility) {
  const std::vector<std::function<void(HhsRow&)>> rows = {
      // 2: Dimond by its own id; the NPI is not needed.
      [](HhsRow& r) { r.npi = "1987654328.0"; },
      // 3: Seward, merged into rx-2 (whose NPI is another).
      [](HhsRow& r) {
        r.address1 = "2920 SEWARD HWY";
        r.zip = "99503-1234";
        r.npi = "1265084933.0";
        r.courses = "57";
      },
      // 4: Stamford with the ZIP's leading zero lost: the same id.
      [](HhsRow& r) {
        r.name = "Stamford  Hospital";
        r.address1 = "1 hospital plaza";
        r.zip = "6902";
        r.ndc = "0069-1085-30";
        r.courses = "0";
        r.when = "2022-03-10";
      },
      // 5: a site not in the directory, found by its NPI (rx-3), 26 m
      // from where the row places it.
      [](HhsRow& r) {
        r.name = "NEW SITE";
        r.npi = "1500000009.0";
        r.point = "POINT (-149.955 61.1375)";
        r.courses = "4";
      },
      // 6: the same without a location, in rx-3's ZIP code.
      [](HhsRow& r) {
        r.name = "OTHER SITE";
        r.npi = "1500000009.0";
        r.ndc = "00069-1101-20";
        r.courses = "2";
      },
      // 7-8: the NPI's pharmacy is elsewhere.
      [](HhsRow& r) {
        r.name = "NEW SITE";
        r.npi = "1500000009.0";
        r.point = "POINT (-149.8682 61.194155)";
      },
      [](HhsRow& r) {
        r.name = "NEW SITE";
        r.npi = "1500000009.0";
        r.zip = "99503";
      },
      // 9-11: neither the id nor the NPI.
      [](HhsRow& r) {
        r.name = "NEW SITE";
        r.npi = "1265084933.0";
      },
      [](HhsRow& r) { r.name = "NEW SITE"; },
      [](HhsRow& r) {
        r.name = "NEW SITE";
        r.npi = "1500000008.0";
      },
      // 12-18: Dimond with bad values.
      [](HhsRow& r) { r.ndc = "0069108530"; },
      [](HhsRow& r) { r.ndc = " "; },
      [](HhsRow& r) { r.courses = ""; },
      [](HhsRow& r) { r.courses = "2.5"; },
      [](HhsRow& r) { r.when = ""; },
      [](HhsRow& r) { r.when = "03/11/2022"; },
      [](HhsRow& r) { r.when = "2022-03-11T00:00:00Z"; },
      // 19: Dimond again, newer than line 2.
      [](HhsRow& r) {
        r.courses = "16.0";
        r.when = "2022-03-12T18:30:00.000";
      },
  };
  const std::string path =
      WriteTempFile("paxlovid.csv", HhsFile(kHhsHeadHeader, rows));
  LoadReport report;
  const std::vector<StockObservation> stock =
      Hhs(path, kManyExamples, &report).value();
  EXPECT_THAT(
      stock,
      ElementsAre(
          IsObservation(kDimondId, "00069108530", 17, Utc(2022, 3, 11), "hhs"),
          IsObservation("rx-2", "00069108530", 57, Utc(2022, 3, 11), "hhs"),
          IsObservation(kStamfordId, "00069108530", 0, Utc(2022, 3, 10), "hhs"),
          IsObservation("rx-3", "00069108530", 4, Utc(2022, 3, 11), "hhs"),
          IsObservation("rx-3", "00069110120", 2, Utc(2022, 3, 11), "hhs"),
          IsObservation(kDimondId, "00069108530", 16, Utc(2022, 3, 12, 18, 30),
                        "hhs")));
  EXPECT_EQ(report.rows_read, 18);
  EXPECT_EQ(report.rows_loaded, 6);
  EXPECT_EQ(report.items, 6);
  EXPECT_THAT(report.skipped_by_reason,
              ElementsAre(Pair("bad NDC", 1), Pair("bad quantity", 1),
                          Pair("bad time", 2), Pair("missing NDC", 1),
                          Pair("missing quantity", 1), Pair("missing time", 1),
                          Pair("unknown pharmacy", 5)));
  const std::string new_site =
      "no known pharmacy has this row's id " +
      HhsRowFacilityId("NEW SITE", "4000 W DIMOND BLVD", "99502") +
      " (from provider_name, address1 and zip)";
  const std::string bad_time =
      " is not a date YYYY-MM-DD or date and time YYYY-MM-DDTHH:MM:SS";
  EXPECT_THAT(
      report.examples,
      ElementsAre(
          path + ":7: " + new_site +
              ", and pharmacy \"rx-3\", which has its NPI, is 7826 m from "
              "its geocoded_address (at most 150 m)",
          path + ":8: no known pharmacy has this row's id " +
              HhsRowFacilityId("NEW SITE", "4000 W DIMOND BLVD", "99503") +
              " (from provider_name, address1 and zip), and pharmacy "
              "\"rx-3\", which has its NPI, is in ZIP code \"99502\", not "
              "this row's \"99503\", and the row has no geocoded_address to "
              "compare",
          path + ":9: " + new_site + " or its NPI 1265084933",
          path + ":10: " + new_site + ", and it has no npi",
          path + ":11: " + new_site +
              ", and its npi is unusable: NPI \"1500000008.0\" fails the "
              "check digit",
          path + ":12: national_drug_code: ndc \"0069108530\" is 10 digits "
                 "without hyphens, which is ambiguous: write it as 4-4-2, "
                 "5-3-2 or 5-4-1",
          path + ":13: national_drug_code is empty",
          path + ":14: courses_available is empty",
          path + ":15: courses_available \"2.5\" is not a whole "
                 "number, 0 or "
                 "more",
          path + ":16: last_report_date is empty",
          path + ":17: last_report_date \"03/11/2022\"" + bad_time,
          path + ":18: last_report_date \"2022-03-11T00:00:00Z\"" + bad_time));
}

TEST_F(StockLoaderTest, HhsEveryHeaderVariant) {
  // Older versions date the count in courses_available_date and write it as
  // a float.
  for (absl::string_view header :
       {kHhsTitleCaseHeader, kHhsOrderDatesHeader, kHhsHeadHeader}) {
    SCOPED_TRACE(header);
    HhsRow row;
    row.courses = "22.0";
    const std::string path = WriteTempFile(
        "paxlovid.csv", absl::StrCat(header, "\n", row.Line(header)));
    EXPECT_THAT(Hhs(path, kStrict).value(),
                ElementsAre(IsObservation(kDimondId, "00069108530", 22,
                                          Utc(2022, 3, 11), "hhs")));
  }
}

TEST_F(StockLoaderTest, HhsNeedsADateColumn) {
  const std::string path = WriteTempFile(
      "paxlovid.csv",
      "provider_name,address1,zip,national_drug_code,courses_available\n"
      "CARRS PHARMACY,4000 W DIMOND BLVD,99502,00069-1085-30,17\n");
  ExpectInvalidArgument(
      Hhs(path).status(),
      path +
          ":1: missing required column \"last_report_date\" (or, in "
          "versions before 2022-03-16, \"courses_available_date\")");
  const std::string no_ndc = WriteTempFile(
      "paxlovid.csv",
      "provider_name,address1,zip,courses_available,last_report_date\n");
  ExpectInvalidArgument(
      Hhs(no_ndc).status(),
      no_ndc + ":1: missing required column \"national_drug_code\"");
}

}  // namespace
}  // namespace rxlocator
