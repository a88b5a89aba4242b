#include "loaders/drug_catalog_loader.h"

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_files.h"

namespace rxlocator {

// gtest prints a Drug this way.
void PrintTo(const Drug& d, std::ostream* os) {
  *os << "{" << d.ndc << ", " << d.name << ", " << d.strength << ", " << d.form
      << ", " << d.product << ", " << d.source << "}";
}

namespace {

using ::rxlocator::testing::CsvLine;
using ::rxlocator::testing::ExpectInvalidArgument;
using ::rxlocator::testing::kHhsHeadHeader;
using ::rxlocator::testing::kHhsOrderDatesHeader;
using ::rxlocator::testing::kHhsTitleCaseHeader;
using ::rxlocator::testing::RealDataPath;
using ::rxlocator::testing::WriteTempFile;
using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::SizeIs;

const LoadOptions kStrict{.strict = true};
const LoadOptions kManyExamples{.max_examples = 20};

MATCHER_P6(IsDrug, ndc, name, strength, form, product, source, "") {
  return arg.ndc == ndc && arg.name == name && arg.strength == strength &&
         arg.form == form && arg.product == product && arg.source == source;
}

// ---- native ----

constexpr char kCatalog[] =
    "ndc,name,strength,form,product\n"
    "00069-1085-30,Paxlovid,150 mg/100 mg,tablet,paxlovid\n"
    "0069-1101-20,Paxlovid,150 mg/100 mg,tablet,\n"
    "00069108530,Paxlovid again,,,\n"
    "0069108530,Ambiguous,,,\n"
    ",No NDC,,,\n"
    "0006-5055-06,,200 mg,capsule,molnupiravir\n"
    " 0006-5055-06 , Lagevrio ,200 mg, capsule ,molnupiravir\n"
    "00069-1085,Short,,,\n"
    "00069-1085-30,Too,many,fields,here,x\n";

TEST(LoadDrugCatalogTest, LoadsGoodRowsAndSkipsBadOnes) {
  const std::string path = WriteTempFile("drugs.csv", kCatalog);
  LoadReport report;
  const std::vector<Drug> drugs =
      LoadDrugCatalog(path, kManyExamples, &report).value();
  EXPECT_THAT(
      drugs,
      ElementsAre(IsDrug("00069108530", "Paxlovid", "150 mg/100 mg", "tablet",
                         "paxlovid", "native:drugs.csv:2"),
                  // 4-4-2 padded; an empty product is the name, strength
                  // and form in lower case.
                  IsDrug("00069110120", "Paxlovid", "150 mg/100 mg", "tablet",
                         "paxlovid 150 mg/100 mg tablet", "native:drugs.csv:3"),
                  // Trimmed; line 7 with the same NDC was bad, so it is new.
                  IsDrug("00006505506", "Lagevrio", "200 mg", "capsule",
                         "molnupiravir", "native:drugs.csv:8")));
  EXPECT_EQ(report.rows_read, 9);
  EXPECT_EQ(report.rows_loaded, 3);
  EXPECT_EQ(report.rows_skipped, 6);
  EXPECT_EQ(report.items, 3);
  EXPECT_EQ(report.item_kind, "drugs");
  EXPECT_THAT(report.skipped_by_reason,
              ElementsAre(Pair("bad NDC", 2), Pair("duplicate NDC", 1),
                          Pair("missing NDC", 1), Pair("missing name", 1),
                          Pair("wrong field count", 1)));
  EXPECT_EQ(report.warnings, 0);
  EXPECT_THAT(
      report.examples,
      ElementsAre(
          path + ":4: ndc \"00069108530\" is 00069-1085-30, already listed "
                 "on line 2",
          path + ":5: ndc \"0069108530\" is 10 digits without hyphens, which "
                 "is ambiguous: write it as 4-4-2, 5-3-2 or 5-4-1",
          path + ":6: ndc is empty", path + ":7: name is empty",
          path + ":9: ndc \"00069-1085\" is not digits in three hyphenated "
                 "parts: an NDC is 11 digits (5-4-2, hyphens optional) or 10 "
                 "digits hyphenated as 4-4-2, 5-3-2 or 5-4-1",
          path + ":10: has 6 fields, the header has 5"));
}

TEST(LoadDrugCatalogTest, StrictFailsOnFirstBadRow) {
  const std::string path = WriteTempFile("drugs.csv", kCatalog);
  ExpectInvalidArgument(
      LoadDrugCatalog(path, kStrict, nullptr).status(),
      path +
          ":4: ndc \"00069108530\" is 00069-1085-30, already listed on "
          "line 2");
}

TEST(LoadDrugCatalogTest, ColumnsByNameInAnyCaseAndOrder) {
  const std::string path =
      WriteTempFile("drugs.csv.gz",
                    "Product,NAME,extra,NDC\n"
                    ",Paxlovid,x,00069-1085-30\n"
                    "covid-antiviral,Lagevrio,y,00006-5055-06\n",
                    /*gzip=*/true);
  EXPECT_THAT(LoadDrugCatalog(path, kStrict, nullptr).value(),
              ElementsAre(IsDrug("00069108530", "Paxlovid", "", "", "paxlovid",
                                 "native:drugs.csv.gz:2"),
                          IsDrug("00006505506", "Lagevrio", "", "",
                                 "covid-antiviral", "native:drugs.csv.gz:3")));
}

TEST(LoadDrugCatalogTest, SpecialtyIsYOrN) {
  const std::string path = WriteTempFile("drugs.csv",
                                         "ndc,name,specialty\n"
                                         "00074-0554-02,Humira,y\n"
                                         "00069-1085-30,Paxlovid,N\n"
                                         "00006-5055-06,Lagevrio,\n"
                                         "00169-4132-12,Ozempic,maybe\n");
  LoadReport report;
  const std::vector<Drug> drugs =
      LoadDrugCatalog(path, LoadOptions{}, &report).value();
  ASSERT_THAT(drugs, SizeIs(3));
  EXPECT_TRUE(drugs[0].specialty);
  EXPECT_FALSE(drugs[1].specialty);
  EXPECT_FALSE(drugs[2].specialty);
  EXPECT_THAT(report.examples,
              ElementsAre(path + ":5: specialty \"maybe\" is not Y or N"));
}

TEST(LoadDrugCatalogTest, MissingRequiredColumnFailsTheLoad) {
  const std::string path =
      WriteTempFile("drugs.csv", "ndc,strength\n00069-1085-30,1 mg\n");
  ExpectInvalidArgument(LoadDrugCatalog(path, {}, nullptr).status(),
                        path + ":1: missing required column \"name\"");
}

TEST(LoadDrugCatalogTest, MissingFileFails) {
  EXPECT_FALSE(LoadDrugCatalog("/nonexistent/drugs.csv", {}, nullptr).ok());
}

// ---- HHS ----

// A row of an HHS file with `header`.
std::string HhsRow(absl::string_view header, absl::string_view name,
                   absl::string_view ndc, absl::string_view label) {
  return CsvLine(header, {{"provider_name", std::string(name)},
                          {"address1", "1 MAIN ST"},
                          {"zip", "99502"},
                          {"national_drug_code", std::string(ndc)},
                          {"order_label", std::string(label)},
                          {"courses_available", "17"}});
}

std::string HeadRow(absl::string_view name, absl::string_view ndc,
                    absl::string_view label) {
  return HhsRow(kHhsHeadHeader, name, ndc, label);
}

TEST(LoadHhsDrugsTest, OneDrugPerNdc) {
  const std::string path = WriteTempFile(
      "therapeutics.csv",
      absl::StrCat(
          kHhsHeadHeader, "\n", HeadRow("A", "00069-1085-30", "Paxlovid"),
          HeadRow("B", "0069-1085-30", "Paxlovid"),
          HeadRow("C", "00069-1085-30", "PAXLOVID"),
          HeadRow("D", "0310-7442-02", "Evusheld"),
          HeadRow("E", "0069108530", "Paxlovid"), HeadRow("F", "", "Paxlovid"),
          HeadRow("G", "0006-5055-06", " ")));
  LoadReport report;
  EXPECT_THAT(LoadHhsDrugs(path, kManyExamples, &report).value(),
              ElementsAre(IsDrug("00069108530", "Paxlovid", "", "", "paxlovid",
                                 "hhs:therapeutics.csv:2"),
                          IsDrug("00310744202", "Evusheld", "", "", "evusheld",
                                 "hhs:therapeutics.csv:5")));
  EXPECT_EQ(report.rows_read, 7);
  EXPECT_EQ(report.rows_loaded, 4);
  EXPECT_EQ(report.items, 2);
  EXPECT_EQ(report.item_kind, "drugs");
  EXPECT_THAT(report.skipped_by_reason,
              ElementsAre(Pair("bad NDC", 1), Pair("missing NDC", 1),
                          Pair("missing name", 1)));
  EXPECT_THAT(report.warnings_by_reason,
              ElementsAre(Pair("conflicting name", 1)));
  EXPECT_THAT(
      report.examples,
      ElementsAre(
          path + ":4: order_label \"PAXLOVID\" differs from \"Paxlovid\" "
                 "given for 00069-1085-30 on line 2; keeping the first",
          path + ":6: national_drug_code: ndc \"0069108530\" is 10 digits "
                 "without hyphens, which is ambiguous: write it as 4-4-2, "
                 "5-3-2 or 5-4-1",
          path + ":7: national_drug_code is empty",
          path + ":8: order_label is empty"));
}

TEST(LoadHhsDrugsTest, EveryHeaderVariant) {
  for (absl::string_view header :
       {kHhsTitleCaseHeader, kHhsOrderDatesHeader, kHhsHeadHeader}) {
    SCOPED_TRACE(header);
    const std::string path = WriteTempFile(
        "therapeutics.csv",
        absl::StrCat(header, "\n",
                     HhsRow(header, "A", "0310-7442-02", "Evusheld"),
                     HhsRow(header, "B", "0069-1085-30", "Paxlovid")));
    EXPECT_THAT(LoadHhsDrugs(path, kStrict, nullptr).value(),
                ElementsAre(IsDrug("00310744202", "Evusheld", "", "",
                                   "evusheld", "hhs:therapeutics.csv:2"),
                            IsDrug("00069108530", "Paxlovid", "", "",
                                   "paxlovid", "hhs:therapeutics.csv:3")));
  }
}

TEST(LoadHhsDrugsTest, MissingColumnFailsTheLoad) {
  const std::string path =
      WriteTempFile("therapeutics.csv",
                    "provider_name,national_drug_code,courses_available\nA,"
                    "00069-1085-30,1\n");
  ExpectInvalidArgument(LoadHhsDrugs(path, {}, nullptr).status(),
                        path + ":1: missing required column \"order_label\"");
}

// ---- real data ----

TEST(LoadHhsDrugsRealDataTest, BundledPaxlovidFile) {
  const std::string path =
      RealDataPath("paxlovid-data_2022-03-18.csv.gz",
                   "hhs-therapeutics-locator/paxlovid-data_2022-03-18.csv.gz");
  if (path.empty()) GTEST_SKIP() << "the HHS Paxlovid file is not here";
  LoadReport report;
  EXPECT_THAT(LoadHhsDrugs(path, kStrict, &report).value(),
              ElementsAre(IsDrug("00069108530", "Paxlovid", "", "", "paxlovid",
                                 "hhs:paxlovid-data_2022-03-18.csv.gz:2")));
  EXPECT_EQ(report.rows_read, 5571);
  EXPECT_EQ(report.rows_loaded, 5571);
  EXPECT_EQ(report.warnings, 0);
}

// Every version of the Paxlovid file, 2022-02-10 to 2022-03-16: the NDC is
// written 4-4-2 ("0069-1085-30") until 2022-03-08 and 5-4-2 after.
TEST(LoadHhsDrugsRealDataTest, PaxlovidHistory) {
  const std::string dir = RealDataPath(
      "history/paxlovid", "hhs-therapeutics-locator/history/paxlovid");
  if (dir.empty()) GTEST_SKIP() << "the HHS Paxlovid history is not here";
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    paths.push_back(entry.path().string());
  }
  EXPECT_THAT(paths, SizeIs(12));
  for (const std::string& path : paths) {
    SCOPED_TRACE(path);
    const std::vector<Drug> drugs =
        LoadHhsDrugs(path, kStrict, nullptr).value();
    ASSERT_THAT(drugs, SizeIs(1));
    EXPECT_EQ(drugs[0].ndc, "00069108530");
    EXPECT_EQ(drugs[0].name, "Paxlovid");
  }
}

}  // namespace
}  // namespace rxlocator
