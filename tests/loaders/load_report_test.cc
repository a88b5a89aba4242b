#include "loaders/load_report.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rxlocator {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(RowLogTest, LenientCountsSkipsAndWarningsAndKeepsExamples) {
  LoadOptions options;
  options.max_examples = 2;
  LoadReport report;
  report.rows_read = 99;  // Reset by RowLog.
  RowLog log("paxlovid.csv", options, &report);
  for (int i = 0; i < 4; ++i) log.Read();
  log.Skip(412, "bad coordinates",
           "latitude \"95.2\" is out of range [-90, 90]");
  log.Warn(413, "bad NPI", "NPI \"1902804716.0\" fails the check digit");
  log.Skip(414, "bad coordinates", "latitude \"x\" is not a number");
  EXPECT_TRUE(log.status().ok());
  std::vector<int> items = {7, 8};
  EXPECT_THAT(log.Finish(items, "pharmacies").value(), ElementsAre(7, 8));

  EXPECT_EQ(report.path, "paxlovid.csv");
  EXPECT_EQ(report.rows_read, 4);
  EXPECT_EQ(report.rows_skipped, 2);
  EXPECT_EQ(report.rows_loaded, 2);
  EXPECT_EQ(report.warnings, 1);
  EXPECT_EQ(report.items, 2);
  EXPECT_THAT(report.skipped_by_reason,
              ElementsAre(Pair("bad coordinates", 2)));
  EXPECT_THAT(report.warnings_by_reason, ElementsAre(Pair("bad NPI", 1)));
  EXPECT_THAT(
      report.examples,
      ElementsAre(
          "paxlovid.csv:412: latitude \"95.2\" is out of range [-90, 90]",
          "paxlovid.csv:413: NPI \"1902804716.0\" fails the check digit"));
  EXPECT_EQ(report.Summary(),
            "paxlovid.csv: 4 rows read, 2 loaded as 2 pharmacies, 2 skipped "
            "(bad coordinates 2), 1 warnings (bad NPI 1)\n"
            "  paxlovid.csv:412: latitude \"95.2\" is out of range [-90, 90]\n"
            "  paxlovid.csv:413: NPI \"1902804716.0\" fails the check "
            "digit\n");
}

TEST(RowLogTest, StrictFailsWithTheFirstProblem) {
  LoadOptions options;
  options.strict = true;
  LoadReport report;
  RowLog log("p.csv", options, &report);
  log.Read();
  log.Warn(2, "bad NPI", "NPI \"1\" is not 10 digits");
  log.Skip(3, "no coordinates", "later problem");
  EXPECT_EQ(log.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(log.status().message(), "p.csv:2: NPI \"1\" is not 10 digits");
  EXPECT_EQ(log.Finish(std::vector<int>{1}, "pharmacies").status(),
            log.status());
}

TEST(RowLogTest, NullReportAndFileLabel) {
  LoadOptions options;
  options.strict = true;
  RowLog log("a.csv, b.txt", options, nullptr);
  log.set_file("b.txt");
  log.Skip(9, "bad ZIP code", "ZIP code \"x\" is not a 5-digit ZIP or ZIP+4");
  EXPECT_EQ(log.status().message(),
            "b.txt:9: ZIP code \"x\" is not a 5-digit ZIP or ZIP+4");
}

TEST(LoadReportTest, SummaryOfCleanLoadWithZipPlacement) {
  LoadReport report;
  report.path = "hhs.csv";
  report.rows_read = report.rows_loaded = report.items = 3;
  report.item_kind = "pharmacies";
  report.located_by_zip = 1;
  EXPECT_EQ(report.Summary(),
            "hhs.csv: 3 rows read, 3 loaded as 3 pharmacies (1 placed at "
            "their ZIP code), 0 skipped, 0 warnings\n");
}

}  // namespace
}  // namespace rxlocator
