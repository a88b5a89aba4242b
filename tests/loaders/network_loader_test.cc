#include "loaders/network_loader.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_files.h"

namespace rxlocator {
namespace {

using ::rxlocator::testing::WriteTempFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::SizeIs;

constexpr FillKinds kR = Bit(FillKind::kRetail);
constexpr FillKinds kM = Bit(FillKind::kMail);
constexpr FillKinds k90 = Bit(FillKind::kNinetyDayRetail);
constexpr FillKinds kSp = Bit(FillKind::kSpecialty);

// `status` is InvalidArgument with exactly `message`.
void ExpectInvalidArgument(const absl::Status& status,
                           const std::string& message) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), message);
}

// NPIs with valid check digits: 1740219781, 1234567893, 1500000009 are in
// the directory; 1987654328 is not.
std::vector<Pharmacy> TestPharmacies() {
  std::vector<Pharmacy> ps(3);
  ps[0].id = "rx-1";
  ps[0].npi = "1740219781";
  ps[0].ncpdp_id = "0212345";
  ps[1].id = "rx-2";
  ps[1].npi = "1234567893";
  ps[2].id = "rx-3";
  ps[2].npi = "1500000009";
  ps[2].ncpdp_id = "0300001";
  return ps;
}

class NetworkLoaderTest : public ::testing::Test {
 protected:
  absl::StatusOr<LoadedNetworks> Load(const NetworkFormat& format,
                                      const std::string& path,
                                      const LoadOptions& options = {},
                                      LoadReport* report = nullptr) {
    return LoadNetworks(format, path, pharmacies_, directory_, options, report);
  }
  absl::StatusOr<LoadedNetworks> LoadNative(const std::string& path,
                                            const LoadOptions& options = {},
                                            LoadReport* report = nullptr) {
    return Load(NetworkFormat(), path, options, report);
  }
  static LoadOptions Strict() {
    LoadOptions options;
    options.strict = true;
    return options;
  }
  static LoadOptions ManyExamples() {
    LoadOptions options;
    options.max_examples = 20;
    return options;
  }

  const std::vector<Pharmacy> pharmacies_ = TestPharmacies();
  const PharmacyDirectory directory_{pharmacies_};
};

// ---- Part D ----

NetworkFormat PartD(std::optional<int> plan_year = std::nullopt) {
  NetworkFormat format;
  format.kind = NetworkFormat::Kind::kPartD;
  format.plan_year = plan_year;
  return format;
}

constexpr char kPartDHeader[] =
    "CONTRACT_ID|PLAN_ID|SEGMENT_ID|PHARMACY_NUMBER|PHARMACY_ZIPCODE|"
    "PREFERRED_STATUS_RETAIL|PREFERRED_STATUS_MAIL|PHARMACY_RETAIL|"
    "PHARMACY_MAIL|IN_AREA_FLAG|BRAND_DISPENSING_FEE_30|"
    "BRAND_DISPENSING_FEE_60|BRAND_DISPENSING_FEE_90|"
    "GENERIC_DISPENSING_FEE_30|GENERIC_DISPENSING_FEE_60|"
    "GENERIC_DISPENSING_FEE_90|FLOOR_PRICE\n";

// One Part D row under kPartDHeader.
struct PartDRow {
  std::string contract = "H4321", plan = "001", segment = "000";
  std::string number = "001740219781", zip = "99502";
  std::string preferred_retail = "N", preferred_mail = "N";
  std::string retail = "Y", mail = "N", in_area = "1";
  std::string brand_fee_90, generic_fee_90;

  std::string Line() const {
    return absl::StrCat(
        absl::StrJoin(
            {contract, plan, segment, number, zip, preferred_retail,
             preferred_mail, retail, mail, in_area, std::string("1.50"),
             std::string("1.50"), brand_fee_90, std::string("0.50"),
             std::string("0.50"), generic_fee_90, std::string("")},
            "|"),
        "\n");
  }
};

// Every combination of the four Part D flags, worked out by hand from the
// rules in docs/formats.md: fills are retail if PHARMACY_RETAIL, mail if
// PHARMACY_MAIL, plus 90-day retail if retail and a 90-day fee is given; the
// tier is the retail preferred status for a retail pharmacy, else the mail
// one; neither retail nor mail is skipped.
struct Combination {
  const char* preferred_retail;
  const char* preferred_mail;
  const char* retail;
  const char* mail;
  bool loaded;
  Tier tier;
  FillKinds fills_without_90_day_fee;
  FillKinds fills_with_90_day_fee;
};
constexpr Tier kStd = Tier::kStandard;
constexpr Tier kPref = Tier::kPreferred;
constexpr Combination kCombinations[16] = {
    // PSR PSM  RET  MAIL  loaded tier   no fee      90-day fee
    {"N", "N", "N", "N", false, kStd, 0, 0},
    {"N", "N", "N", "Y", true, kStd, kM, kM},
    {"N", "N", "Y", "N", true, kStd, kR, kR | k90},
    {"N", "N", "Y", "Y", true, kStd, kR | kM, kR | kM | k90},
    {"N", "Y", "N", "N", false, kStd, 0, 0},
    {"N", "Y", "N", "Y", true, kPref, kM, kM},
    {"N", "Y", "Y", "N", true, kStd, kR, kR | k90},
    {"N", "Y", "Y", "Y", true, kStd, kR | kM, kR | kM | k90},
    {"Y", "N", "N", "N", false, kStd, 0, 0},
    {"Y", "N", "N", "Y", true, kStd, kM, kM},
    {"Y", "N", "Y", "N", true, kPref, kR, kR | k90},
    {"Y", "N", "Y", "Y", true, kPref, kR | kM, kR | kM | k90},
    {"Y", "Y", "N", "N", false, kStd, 0, 0},
    {"Y", "Y", "N", "Y", true, kPref, kM, kM},
    {"Y", "Y", "Y", "N", true, kPref, kR, kR | k90},
    {"Y", "Y", "Y", "Y", true, kPref, kR | kM, kR | kM | k90},
};

// Row i (plan 001 + i) is combination i % 16, with a 90-day fee from row 16
// on: a brand fee for even combinations, a generic one for odd ones.
std::string AllCombinationsFile() {
  std::string text = kPartDHeader;
  for (int i = 0; i < 32; ++i) {
    const Combination& c = kCombinations[i % 16];
    PartDRow row;
    row.plan = absl::StrFormat("%03d", i + 1);
    row.preferred_retail = c.preferred_retail;
    row.preferred_mail = c.preferred_mail;
    row.retail = c.retail;
    row.mail = c.mail;
    if (i >= 16) (i % 2 == 0 ? row.brand_fee_90 : row.generic_fee_90) = "2.00";
    text += row.Line();
  }
  return text;
}

TEST_F(NetworkLoaderTest, PartDEveryFlagCombination) {
  const std::string path =
      WriteTempFile("partd.txt", AllCombinationsFile(), /*gzip=*/true);
  LoadReport report;
  LoadedNetworks loaded = Load(PartD(), path, {}, &report).value();
  ASSERT_THAT(loaded.networks, SizeIs(32));
  ASSERT_THAT(loaded.plans, SizeIs(32));
  for (int i = 0; i < 32; ++i) {
    SCOPED_TRACE(absl::StrCat("row ", i + 2));
    const Combination& c = kCombinations[i % 16];
    const std::string id = absl::StrFormat("H4321-%03d-000", i + 1);
    const Network& network = loaded.networks[i];
    EXPECT_EQ(network.id, id);
    EXPECT_EQ(network.name, "Medicare Part D " + id);
    EXPECT_EQ(loaded.plans[i].plan.kind, PlanKey::Kind::kMedicare);
    EXPECT_EQ(loaded.plans[i].plan.ToString(), id);
    EXPECT_EQ(loaded.plans[i].network_id, id);
    EXPECT_EQ(loaded.plans[i].name, "Medicare Part D " + id);
    EXPECT_EQ(loaded.plans[i].source, absl::StrCat("partd:partd.txt:", i + 2));
    if (!c.loaded) {
      EXPECT_THAT(network.members, IsEmpty());
      continue;
    }
    ASSERT_THAT(network.members, SizeIs(1));
    const Membership& m = network.members[0];
    EXPECT_EQ(m.pharmacy_id, "rx-1");  // From the zero-padded NPI.
    EXPECT_EQ(m.tier, c.tier);
    EXPECT_EQ(m.fills,
              i < 16 ? c.fills_without_90_day_fee : c.fills_with_90_day_fee);
    EXPECT_EQ(m.effective, kFirstDay);
    EXPECT_EQ(m.end, kLastDay);
    EXPECT_EQ(m.source, absl::StrCat("partd:partd.txt:", i + 2));
  }
  EXPECT_EQ(report.rows_read, 32);
  EXPECT_EQ(report.rows_skipped, 8);
  EXPECT_THAT(report.skipped_by_reason,
              ElementsAre(Pair("neither retail nor mail", 8)));
  EXPECT_EQ(report.items, 32);
  EXPECT_EQ(report.item_kind, "networks");
  EXPECT_EQ(report.examples[0],
            path + ":2: PHARMACY_RETAIL and PHARMACY_MAIL are both N");
}

TEST_F(NetworkLoaderTest, PartDPlanYearDatesEveryMembership) {
  PartDRow row;
  row.segment = "";  // Empty segment is "000".
  const std::string path =
      WriteTempFile("partd.txt", kPartDHeader + row.Line());
  LoadedNetworks loaded = Load(PartD(2026), path).value();
  ASSERT_THAT(loaded.networks, SizeIs(1));
  EXPECT_EQ(loaded.networks[0].id, "H4321-001-000");
  ASSERT_THAT(loaded.networks[0].members, SizeIs(1));
  EXPECT_EQ(loaded.networks[0].members[0].effective,
            absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(loaded.networks[0].members[0].end, absl::CivilDay(2026, 12, 31));
}

TEST_F(NetworkLoaderTest, PartDColumnsByNameInAnyCaseAndOrder) {
  // No fee columns, an extra one, lower case, other order, several plans,
  // flags as 1/0, a 10-digit PHARMACY_NUMBER and a lower-case contract.
  const std::string path = WriteTempFile(
      "partd.txt",
      "pharmacy_number|contract_id|plan_id|segment_id|pharmacy_zipcode|"
      "preferred_status_retail|preferred_status_mail|pharmacy_retail|"
      "pharmacy_mail|in_area_flag|extra\n"
      "1234567893|h4321|001|000|99502|1|0|1|0|0|x\n"
      "001740219781|S5678|002|001|995021234|0|1|0|1|1|x\n"
      "001500000009|h4321|001|000|99502|y|n|y|y|y|x\n");
  LoadedNetworks loaded = Load(PartD(), path).value();
  ASSERT_THAT(loaded.networks, SizeIs(2));
  EXPECT_EQ(loaded.networks[0].id, "H4321-001-000");
  ASSERT_THAT(loaded.networks[0].members, SizeIs(2));
  EXPECT_EQ(loaded.networks[0].members[0].pharmacy_id, "rx-2");
  EXPECT_EQ(loaded.networks[0].members[0].tier, Tier::kPreferred);
  EXPECT_EQ(loaded.networks[0].members[0].fills, kR);
  EXPECT_EQ(loaded.networks[0].members[1].pharmacy_id, "rx-3");
  EXPECT_EQ(loaded.networks[0].members[1].fills, kR | kM);
  EXPECT_EQ(loaded.networks[1].id, "S5678-002-001");
  ASSERT_THAT(loaded.networks[1].members, SizeIs(1));
  EXPECT_EQ(loaded.networks[1].members[0].pharmacy_id, "rx-1");
  EXPECT_EQ(loaded.networks[1].members[0].tier, Tier::kPreferred);
  EXPECT_EQ(loaded.networks[1].members[0].fills, kM);
  ASSERT_THAT(loaded.plans, SizeIs(2));
  EXPECT_EQ(loaded.plans[1].plan.ToString(), "S5678-002-001");
}

std::string BadPartDFile() {
  PartDRow good;
  PartDRow bad_contract;
  bad_contract.contract = "X4321";
  PartDRow bad_plan;
  bad_plan.plan = "01";
  PartDRow bad_npi;
  bad_npi.number = "001740219780";
  PartDRow bad_flag;
  bad_flag.retail = "X";
  PartDRow unknown;
  unknown.number = "001987654328";
  PartDRow duplicate;
  duplicate.zip = "99503";
  PartDRow bad_zip;
  bad_zip.number = "001234567893";
  bad_zip.zip = "ABCDE";
  return absl::StrCat(kPartDHeader, good.Line(), bad_contract.Line(),
                      bad_plan.Line(), bad_npi.Line(), bad_flag.Line(),
                      "H4321|001|000|001740219781\n", unknown.Line(),
                      duplicate.Line(), bad_zip.Line());
}

TEST_F(NetworkLoaderTest, PartDBadRowsAreSkippedWithExactMessages) {
  const std::string path = WriteTempFile("partd.txt", BadPartDFile());
  LoadReport report;
  LoadedNetworks loaded = Load(PartD(), path, ManyExamples(), &report).value();
  // H4321-001-000 from lines 2-10; H4321-01 is not a plan.
  ASSERT_THAT(loaded.networks, SizeIs(1));
  ASSERT_THAT(loaded.networks[0].members, SizeIs(2));
  EXPECT_EQ(loaded.networks[0].members[0].source, "partd:partd.txt:2");
  EXPECT_EQ(loaded.networks[0].members[1].pharmacy_id, "rx-2");
  EXPECT_EQ(report.rows_read, 9);
  EXPECT_EQ(report.rows_skipped, 7);
  EXPECT_EQ(report.warnings, 1);
  const std::string p = path + ":";
  EXPECT_THAT(
      report.examples,
      ElementsAre(
          p + "3: contract_id \"X4321\" must be H, R, S or E followed by 4 "
              "digits",
          p + "4: plan_id \"01\" must be 3 digits",
          p + "5: PHARMACY_NUMBER \"001740219780\": NPI \"1740219780\" fails "
              "the check digit",
          p + "6: PHARMACY_RETAIL \"X\" must be Y or N (or 1/0)",
          p + "7: has 4 fields, the header has 17",
          p + "8: PHARMACY_NUMBER \"001987654328\": no known pharmacy has NPI "
              "1987654328",
          p + "9: PHARMACY_NUMBER \"001740219781\" (NPI 1740219781) is "
              "already listed for H4321-001-000 on line 2",
          p + "10: ZIP code \"ABCDE\" is not a 5-digit ZIP or ZIP+4"));
  EXPECT_THAT(
      report.skipped_by_reason,
      ElementsAre(Pair("bad NPI", 1), Pair("bad flag", 1), Pair("bad plan", 2),
                  Pair("duplicate pharmacy", 1), Pair("unknown pharmacy", 1),
                  Pair("wrong field count", 1)));
  EXPECT_THAT(report.warnings_by_reason, ElementsAre(Pair("bad ZIP code", 1)));
}

TEST_F(NetworkLoaderTest, PartDStrictFailsOnFirstBadRow) {
  const std::string path = WriteTempFile("partd.txt", BadPartDFile());
  ExpectInvalidArgument(
      Load(PartD(), path, Strict()).status(),
      path +
          ":3: contract_id \"X4321\" must be H, R, S or E followed "
          "by 4 digits");
}

TEST_F(NetworkLoaderTest, PartDMissingRequiredColumn) {
  const std::string path = WriteTempFile(
      "partd.txt",
      "CONTRACT_ID|PLAN_ID|SEGMENT_ID|PHARMACY_NUMBER|PHARMACY_ZIPCODE|"
      "PREFERRED_STATUS_RETAIL|PREFERRED_STATUS_MAIL|PHARMACY_RETAIL|"
      "PHARMACY_MAIL\n");
  ExpectInvalidArgument(Load(PartD(), path).status(),
                        path + ":1: missing required column \"IN_AREA_FLAG\"");
}

// ---- native ----

constexpr char kNativeHeader[] =
    "network_id,network_name,pharmacy,tier,retail,mail,ninety_day_retail,"
    "specialty,effective_date,end_date\n";

TEST_F(NetworkLoaderTest, NativeReadsEveryColumnAndFindsPharmaciesThreeWays) {
  const std::string path = WriteTempFile(
      "networks.csv",
      absl::StrCat(kNativeHeader,
                   "broad,Example Broad,rx-1,Preferred,Y,n,true,0,"
                   "2026-01-01,2026-12-31\n"
                   "narrow,Example Narrow, rx-1 ,standard,N,Y,N,N,,\n"
                   "broad,,1234567893.0,STANDARD,1,0,0,1,2026-02-01,\n"
                   "broad,Example Broad,0300001,standard,false,true,false,"
                   "false,,2027-06-30\n"),
      /*gzip=*/true);
  LoadReport report;
  LoadedNetworks loaded = LoadNative(path, {}, &report).value();
  EXPECT_THAT(loaded.plans, IsEmpty());
  ASSERT_THAT(loaded.networks, SizeIs(2));
  const Network& broad = loaded.networks[0];
  EXPECT_EQ(broad.id, "broad");
  EXPECT_EQ(broad.name, "Example Broad");
  ASSERT_THAT(broad.members, SizeIs(3));
  EXPECT_EQ(broad.members[0].pharmacy_id, "rx-1");
  EXPECT_EQ(broad.members[0].tier, Tier::kPreferred);
  EXPECT_EQ(broad.members[0].fills, kR | k90);
  EXPECT_EQ(broad.members[0].effective, absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(broad.members[0].end, absl::CivilDay(2026, 12, 31));
  EXPECT_EQ(broad.members[0].source, "native:networks.csv:2");
  EXPECT_EQ(broad.members[1].pharmacy_id, "rx-2");  // By NPI.
  EXPECT_EQ(broad.members[1].tier, Tier::kStandard);
  EXPECT_EQ(broad.members[1].fills, kR | kSp);
  EXPECT_EQ(broad.members[1].effective, absl::CivilDay(2026, 2, 1));
  EXPECT_EQ(broad.members[1].end, kLastDay);
  EXPECT_EQ(broad.members[2].pharmacy_id, "rx-3");  // By NCPDP id.
  EXPECT_EQ(broad.members[2].fills, kM);
  EXPECT_EQ(broad.members[2].effective, kFirstDay);
  EXPECT_EQ(broad.members[2].end, absl::CivilDay(2027, 6, 30));
  const Network& narrow = loaded.networks[1];
  EXPECT_EQ(narrow.id, "narrow");
  EXPECT_EQ(narrow.name, "Example Narrow");
  ASSERT_THAT(narrow.members, SizeIs(1));
  EXPECT_EQ(narrow.members[0].pharmacy_id, "rx-1");
  EXPECT_EQ(narrow.members[0].effective, kFirstDay);
  EXPECT_EQ(narrow.members[0].end, kLastDay);
  EXPECT_EQ(report.Summary(), path +
                                  ": 4 rows read, 4 loaded as 2 networks, 0 "
                                  "skipped, 0 warnings\n");
}

TEST_F(NetworkLoaderTest, NativeOnlyRequiredColumnsInAnyOrder) {
  const std::string path =
      WriteTempFile("n.csv",
                    "Specialty,TIER,pharmacy,mail,retail,ninety_day_retail,"
                    "network_id,note\n"
                    "Y,standard,rx-2,N,N,N,spec,anything\n");
  LoadedNetworks loaded = LoadNative(path).value();
  ASSERT_THAT(loaded.networks, SizeIs(1));
  EXPECT_EQ(loaded.networks[0].name, "");
  ASSERT_THAT(loaded.networks[0].members, SizeIs(1));
  EXPECT_EQ(loaded.networks[0].members[0].fills, kSp);
}

TEST_F(NetworkLoaderTest, NativeDateEdgesAndPeriods) {
  const std::string path = WriteTempFile(
      "n.csv",
      absl::StrCat(kNativeHeader,
                   // One day.
                   "a,,rx-1,standard,Y,N,N,N,2026-03-01,2026-03-01\n"
                   // Standard until June, preferred from July: both kept.
                   "b,,rx-1,standard,Y,N,N,N,,2026-06-30\n"
                   "b,,rx-1,preferred,Y,N,N,N,2026-07-01,\n"
                   // Overlaps line 3 by one day.
                   "b,,rx-1,preferred,Y,N,N,N,2026-06-30,2026-06-30\n"
                   // The same pharmacy by NPI; overlaps line 4.
                   "b,,1740219781,standard,N,Y,N,N,2030-01-01,2030-12-31\n"
                   // Another pharmacy, no overlap.
                   "b,,rx-2,standard,Y,N,N,N,2026-06-30,2026-06-30\n"
                   "a,,rx-3,standard,Y,N,N,N,2026-03-02,2026-03-01\n"
                   "a,,rx-3,standard,Y,N,N,N,2026-02-30,\n"
                   "a,,rx-3,standard,Y,N,N,N,,2026-3-1\n"));
  LoadReport report;
  LoadedNetworks loaded = LoadNative(path, ManyExamples(), &report).value();
  ASSERT_THAT(loaded.networks, SizeIs(2));
  ASSERT_THAT(loaded.networks[0].members, SizeIs(1));
  EXPECT_EQ(loaded.networks[0].members[0].effective,
            absl::CivilDay(2026, 3, 1));
  EXPECT_EQ(loaded.networks[0].members[0].end, absl::CivilDay(2026, 3, 1));
  const Network& b = loaded.networks[1];
  ASSERT_THAT(b.members, SizeIs(3));
  EXPECT_EQ(b.members[0].tier, Tier::kStandard);
  EXPECT_EQ(b.members[0].effective, kFirstDay);
  EXPECT_EQ(b.members[0].end, absl::CivilDay(2026, 6, 30));
  EXPECT_EQ(b.members[1].tier, Tier::kPreferred);
  EXPECT_EQ(b.members[1].effective, absl::CivilDay(2026, 7, 1));
  EXPECT_EQ(b.members[1].end, kLastDay);
  EXPECT_EQ(b.members[2].pharmacy_id, "rx-2");
  const std::string p = path + ":";
  EXPECT_THAT(
      report.examples,
      ElementsAre(
          p + "5: pharmacy \"rx-1\" is already in network \"b\" on line 3 "
              "for dates overlapping these",
          p + "6: pharmacy \"1740219781\" is already in network \"b\" on "
              "line 4 for dates overlapping these",
          p + "8: end_date \"2026-03-01\" is before effective_date "
              "\"2026-03-02\"",
          p + "9: effective_date \"2026-02-30\" is not a date YYYY-MM-DD",
          p + "10: end_date \"2026-3-1\" is not a date YYYY-MM-DD"));
  EXPECT_THAT(report.skipped_by_reason,
              ElementsAre(Pair("bad date", 2), Pair("end before effective", 1),
                          Pair("overlapping membership", 2)));
}

constexpr char kBadNativeRows[] =
    "network_id,network_name,pharmacy,tier,retail,mail,ninety_day_retail,"
    "specialty\n"
    "n,First Name,rx-1,preferred,Y,N,N,N\n"
    "n,Other Name,rx-2,standard,Y,N,N,N\n"
    "n,,rx-9,standard,Y,N,N,N\n"
    "n,,rx-3,gold,Y,N,N,N\n"
    "n,,rx-3,standard,Y,maybe,N,N\n"
    "n,,rx-3,standard,N,N,N,N\n"
    "n,,rx-3,standard,N,Y,Y,N\n"
    "bad id!,,rx-3,standard,Y,N,N,N\n"
    ",,rx-3,standard,Y,N,N,N\n"
    "n,,,standard,Y,N,N,N\n";

TEST_F(NetworkLoaderTest, NativeBadRowsAreSkippedWithExactMessages) {
  const std::string path = WriteTempFile("bad.csv", kBadNativeRows);
  LoadReport report;
  LoadedNetworks loaded = LoadNative(path, ManyExamples(), &report).value();
  ASSERT_THAT(loaded.networks, SizeIs(1));
  EXPECT_EQ(loaded.networks[0].name, "First Name");
  ASSERT_THAT(loaded.networks[0].members, SizeIs(2));
  EXPECT_EQ(report.rows_read, 10);
  EXPECT_EQ(report.rows_skipped, 8);
  EXPECT_EQ(report.warnings, 1);
  const std::string p = path + ":";
  EXPECT_THAT(
      report.examples,
      ElementsAre(
          p + "3: network_name \"Other Name\" differs from \"First Name\" "
              "given on line 2; keeping the first",
          p + "4: pharmacy \"rx-9\" is not a known pharmacy id, NPI or NCPDP "
              "id",
          p + "5: tier \"gold\" must be preferred or standard",
          p + "6: mail \"maybe\" must be Y or N (or true/false, 1/0)",
          p + "7: none of retail, mail, ninety_day_retail and specialty is Y",
          p + "8: ninety_day_retail is Y but retail is not",
          p + "9: network_id \"bad id!\" must be 1-64 letters, digits, '-', "
              "'_' or '.'",
          p + "10: network_id \"\" must be 1-64 letters, digits, '-', '_' or "
              "'.'",
          p + "11: pharmacy is empty"));
  EXPECT_THAT(report.skipped_by_reason,
              ElementsAre(Pair("90-day without retail", 1), Pair("bad flag", 1),
                          Pair("bad network id", 2), Pair("bad tier", 1),
                          Pair("missing pharmacy", 1), Pair("no fill kind", 1),
                          Pair("unknown pharmacy", 1)));
  EXPECT_THAT(report.warnings_by_reason,
              ElementsAre(Pair("conflicting network name", 1)));
}

TEST_F(NetworkLoaderTest, NativeUnknownPharmacyIsFatalWhenStrict) {
  const std::string path = WriteTempFile(
      "n.csv", absl::StrCat(kNativeHeader, "n,,rx-1,standard,Y,N,N,N,,\n",
                            "n,,1987654328,standard,Y,N,N,N,,\n"));
  LoadReport report;
  EXPECT_THAT(LoadNative(path, {}, &report).value().networks[0].members,
              SizeIs(1));
  EXPECT_THAT(report.skipped_by_reason,
              ElementsAre(Pair("unknown pharmacy", 1)));
  ExpectInvalidArgument(
      LoadNative(path, Strict()).status(),
      path +
          ":3: pharmacy \"1987654328\" is not a known pharmacy id, "
          "NPI or NCPDP id");
}

TEST_F(NetworkLoaderTest, NativeMissingRequiredColumnAndPlanYear) {
  const std::string path = WriteTempFile(
      "n.csv", "network_id,pharmacy,retail,mail,ninety_day_retail,specialty\n");
  ExpectInvalidArgument(LoadNative(path).status(),
                        path + ":1: missing required column \"tier\"");
  NetworkFormat format;
  format.plan_year = 2026;
  EXPECT_EQ(Load(format, path).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// ---- plans ----

TEST(LoadPlansTest, CommercialWildcardAndMedicare) {
  const std::string path =
      WriteTempFile("plans.csv",
                    "plan,network_id,plan_name\n"
                    "610014:abc:grp1,narrow,Example PPO\n"
                    "610014:NARROW:,narrow,\n"
                    "h4321-001-000,H4321-001-000,Medicare Example\n"
                    "H4321-002,partd.x,\n");
  LoadReport report;
  std::vector<PlanMapping> plans =
      LoadPlans(path, LoadOptions(), &report).value();
  ASSERT_THAT(plans, SizeIs(4));
  EXPECT_EQ(plans[0].plan.kind, PlanKey::Kind::kCommercial);
  EXPECT_EQ(plans[0].plan.bin, "610014");
  EXPECT_EQ(plans[0].plan.pcn, "ABC");
  EXPECT_EQ(plans[0].plan.group, "GRP1");
  EXPECT_EQ(plans[0].network_id, "narrow");
  EXPECT_EQ(plans[0].name, "Example PPO");
  EXPECT_EQ(plans[0].source, "plans.csv:2");
  EXPECT_EQ(plans[1].plan.pcn, "NARROW");
  EXPECT_EQ(plans[1].plan.group, "");
  EXPECT_EQ(plans[1].name, "");
  EXPECT_EQ(plans[2].plan.kind, PlanKey::Kind::kMedicare);
  EXPECT_EQ(plans[2].plan.ToString(), "H4321-001-000");
  EXPECT_EQ(plans[3].plan.ToString(), "H4321-002-000");
  EXPECT_EQ(plans[3].network_id, "partd.x");
  EXPECT_EQ(plans[3].source, "plans.csv:5");
  EXPECT_EQ(report.Summary(), path +
                                  ": 4 rows read, 4 loaded as 4 plans, 0 "
                                  "skipped, 0 warnings\n");
}

constexpr char kBadPlans[] =
    "network_id,plan\n"
    "narrow,610014:ABC:GRP1\n"
    "narrow,61001:ABC:GRP1\n"
    "narrow,610014\n"
    "broad,610014:abc:grp1\n"
    "bad/id,610014:ABC:GRP2\n"
    ",610014:ABC:GRP3\n";

TEST(LoadPlansTest, BadRowsAreSkippedWithExactMessages) {
  const std::string path = WriteTempFile("plans.csv", kBadPlans);
  LoadReport report;
  std::vector<PlanMapping> plans =
      LoadPlans(path, LoadOptions(), &report).value();
  ASSERT_THAT(plans, SizeIs(1));
  EXPECT_EQ(plans[0].network_id, "narrow");
  const std::string p = path + ":";
  EXPECT_THAT(
      report.examples,
      ElementsAre(
          p + "3: plan \"61001:ABC:GRP1\": bin \"61001\" must be 6 digits",
          p + "4: plan \"610014\": must be BIN:PCN:GROUP (e.g. "
              "610014:RXLOC:GRP1) or a Medicare contract-plan-segment (e.g. "
              "H4321-001-000)",
          p + "5: plan 610014:ABC:GRP1 is already mapped on line 2",
          p + "6: network_id \"bad/id\" must be 1-64 letters, digits, '-', "
              "'_' or '.'",
          p + "7: network_id \"\" must be 1-64 letters, digits, '-', '_' or "
              "'.'"));
  EXPECT_THAT(report.skipped_by_reason,
              ElementsAre(Pair("bad network id", 2), Pair("bad plan", 2),
                          Pair("duplicate plan", 1)));

  LoadOptions strict;
  strict.strict = true;
  absl::StatusOr<std::vector<PlanMapping>> failed =
      LoadPlans(path, strict, nullptr);
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(failed.status().message(), HasSubstr(p + "3: plan \"61001"));
}

TEST(LoadPlansTest, MissingRequiredColumn) {
  const std::string path = WriteTempFile("plans.csv", "plan,plan_name\n");
  ExpectInvalidArgument(LoadPlans(path, LoadOptions(), nullptr).status(),
                        path + ":1: missing required column \"network_id\"");
}

// ---- ParseNetworkFormat ----

TEST(ParseNetworkFormatTest, NamesAndErrors) {
  EXPECT_EQ(ParseNetworkFormat("native")->kind, NetworkFormat::Kind::kNative);
  EXPECT_FALSE(ParseNetworkFormat("native")->plan_year.has_value());
  EXPECT_EQ(ParseNetworkFormat("partd")->kind, NetworkFormat::Kind::kPartD);
  EXPECT_FALSE(ParseNetworkFormat("partd")->plan_year.has_value());
  EXPECT_EQ(ParseNetworkFormat("partd@2026")->kind,
            NetworkFormat::Kind::kPartD);
  EXPECT_EQ(ParseNetworkFormat("partd@2026")->plan_year, 2026);
  for (absl::string_view bad :
       {"partd@", "partd@20x6", "csv", "partd@+202", "partd@26", "partd@20260",
        "native@2026", "PARTD", ""}) {
    ExpectInvalidArgument(
        ParseNetworkFormat(bad).status(),
        absl::StrCat("unknown network format \"", bad,
                     "\" (known: native, partd, partd@YEAR such as "
                     "partd@2026)"));
  }
}

}  // namespace
}  // namespace rxlocator
