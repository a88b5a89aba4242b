#include "loaders/csv.h"

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_files.h"

namespace rxlocator {
namespace {

using ::testing::ElementsAre;

struct Row {
  int line;
  std::vector<std::string> fields;
  bool operator==(const Row&) const = default;
};

// The rows of `table` as (line, fields) for whole-table comparisons.
std::vector<Row> Rows(const CsvTable& table) {
  std::vector<Row> rows;
  for (const CsvRecord& r : table.rows) rows.push_back({r.line, r.fields});
  return rows;
}

void PrintTo(const Row& row, std::ostream* os) {
  *os << row.line << ":";
  for (const std::string& f : row.fields) *os << " [" << f << "]";
}

TEST(ParseCsvTest, HeaderAndRowsWithLines) {
  CsvTable table = ParseCsv("id,name\n1,a\n2,b\n", "f.csv").value();
  EXPECT_THAT(table.header.fields, ElementsAre("id", "name"));
  EXPECT_EQ(table.header.line, 1);
  EXPECT_THAT(Rows(table), ElementsAre(Row{2, {"1", "a"}}, Row{3, {"2", "b"}}));
}

TEST(ParseCsvTest, QuotedFieldsWithCommasQuotesAndNewlines) {
  const char* text =
      "name,address,notes\n"
      "\"Senior Care Pharmacy, Inc.\",\"4373 Northcreek Blvd\",plain\n"
      "\"Say \"\"hi\"\"\",\"line one\nline two\nline three\",x\n"
      "last,\"\",\"a,b\"\n";
  CsvTable table = ParseCsv(text, "f.csv").value();
  EXPECT_THAT(
      Rows(table),
      ElementsAre(
          Row{2,
              {"Senior Care Pharmacy, Inc.", "4373 Northcreek Blvd", "plain"}},
          Row{3, {"Say \"hi\"", "line one\nline two\nline three", "x"}},
          Row{6, {"last", "", "a,b"}}));
}

TEST(ParseCsvTest, CrlfBomAndNoFinalNewline) {
  CsvTable table =
      ParseCsv("\xEF\xBB\xBFzip,city\r\n99503,Anchorage\r\n\"995\r\n01\",X",
               "f.csv")
          .value();
  EXPECT_THAT(table.header.fields, ElementsAre("zip", "city"));
  EXPECT_THAT(Rows(table), ElementsAre(Row{2, {"99503", "Anchorage"}},
                                       Row{3, {"995\r\n01", "X"}}));
}

TEST(ParseCsvTest, DropsBlankAndAllEmptyRecords) {
  CsvTable table = ParseCsv("\n\na,b\n\n1,2\n,\n\n3,4\n\n", "f.csv").value();
  EXPECT_EQ(table.header.line, 3);
  EXPECT_THAT(Rows(table), ElementsAre(Row{5, {"1", "2"}}, Row{8, {"3", "4"}}));
}

TEST(ParseCsvTest, QuoteInsideUnquotedFieldIsLiteral) {
  CsvTable table = ParseCsv("name\nPak 'N Save\nSay \"x\"\n", "f.csv").value();
  EXPECT_THAT(Rows(table),
              ElementsAre(Row{2, {"Pak 'N Save"}}, Row{3, {"Say \"x\""}}));
}

TEST(ParseCsvTest, TabSeparatedGazetteer) {
  // The first lines of Gaz_zcta_national_2010-derived.txt (INTPTLONG comes
  // before INTPTLAT), including its CRLF ends and blank last record.
  const char* text =
      "GEOID\tALAND\tAWATER\tALAND_SQMI\tAWATER_SQMI\tINTPTLONG\tINTPTLAT\r\n"
      "00601\t166659789\t799296\t64.348\t0.309\t-66.749961\t18.180555\r\n"
      "\t\t\t\t\t\t\r\n";
  CsvTable table = ParseCsv(text, "gaz.txt", '\t').value();
  EXPECT_EQ(table.Column("INTPTLAT"), 6);
  EXPECT_EQ(table.Column("intptlong"), 5);
  ASSERT_EQ(table.rows.size(), 1);
  EXPECT_EQ(table.rows[0].Field(table.Column("GEOID")), "00601");
  EXPECT_EQ(table.rows[0].Field(6), "18.180555");
}

TEST(ParseCsvTest, ColumnLookupIgnoresCaseSpacesAndUnderscores) {
  CsvTable table =
      ParseCsv("Provider Name, State Code ,zip\n", "f.csv").value();
  EXPECT_EQ(table.Column("provider_name"), 0);
  EXPECT_EQ(table.Column("STATE_CODE"), 1);
  EXPECT_EQ(table.Column("Zip"), 2);
  EXPECT_EQ(table.Column("npi"), -1);
}

TEST(ParseCsvTest, FieldOutOfRangeIsEmpty) {
  CsvRecord record{7, {"a"}};
  EXPECT_EQ(record.Field(0), "a");
  EXPECT_EQ(record.Field(1), "");
  EXPECT_EQ(record.Field(-1), "");
}

TEST(ParseCsvTest, CheckWidth) {
  CsvTable table = ParseCsv("a,b,c\n1,2,3\n1,2\n1,2,3,4\n", "f.csv").value();
  EXPECT_TRUE(table.CheckWidth(table.rows[0]).ok());
  EXPECT_EQ(table.CheckWidth(table.rows[1]).message(),
            "has 2 fields, the header has 3");
  EXPECT_EQ(table.CheckWidth(table.rows[2]).message(),
            "has 4 fields, the header has 3");
}

TEST(ParseCsvTest, UnterminatedQuoteNamesTheRecordLine) {
  absl::StatusOr<CsvTable> table =
      ParseCsv("a,b\n1,2\n3,\"open\n4,5\n", "f.csv");
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(table.status().message(), "f.csv:3: unterminated quoted field");
}

TEST(ParseCsvTest, NoHeader) {
  EXPECT_EQ(ParseCsv("", "f.csv").status().message(), "f.csv: no header line");
  EXPECT_EQ(ParseCsv("\n\n", "f.csv").status().message(),
            "f.csv: no header line");
}

TEST(ReadCsvFileTest, ReadsGzip) {
  const std::string path =
      testing::WriteTempFile("t.csv.gz", "a,b\n1,2\n", /*gzip=*/true);
  CsvTable table = ReadCsvFile(path).value();
  EXPECT_THAT(Rows(table), ElementsAre(Row{2, {"1", "2"}}));
  EXPECT_EQ(ReadCsvFile(path + ".missing").status().code(),
            absl::StatusCode::kNotFound);
}

// A file is read 256 KiB at a time: records, quoted fields, doubled
// quotes and CRLFs that straddle a chunk's end come out as ParseCsv gives
// them from the whole text. Random texts of about 1 MB of short fields,
// dense in quotes, delimiters and line ends.
TEST(CsvFileReaderTest, AgreesWithParseCsvAcrossChunks) {
  std::mt19937 rng(20261122);
  const std::string alphabet = "ab,\"\r\n ";
  for (int round = 0; round < 4; ++round) {
    SCOPED_TRACE(round);
    std::string text = "h1,h2,h3\n";
    while (text.size() < (1 << 20)) {
      text += alphabet[rng() % alphabet.size()];
    }
    // Close any quote left open at the end, so that both parse.
    absl::StatusOr<CsvTable> whole = ParseCsv(text, "f.csv");
    if (!whole.ok()) {
      text += '"';
      whole = ParseCsv(text, "f.csv");
    }
    ASSERT_TRUE(whole.ok()) << whole.status();
    ASSERT_GT(whole->rows.size(), 1000u);
    const std::string path =
        testing::WriteTempFile("chunks.csv.gz", text, /*gzip=*/round % 2 == 0);
    std::unique_ptr<CsvFileReader> file = CsvFileReader::Open(path).value();
    EXPECT_EQ(file->header().fields, whole->header.fields);
    std::vector<Row> streamed;
    CsvRecord row;
    while (file->Next(row)) streamed.push_back({row.line, row.fields});
    ASSERT_TRUE(file->status().ok()) << file->status();
    EXPECT_EQ(streamed, Rows(*whole));
  }
}

TEST(CsvFileReaderTest, ErrorsAsReadCsvFile) {
  const std::string empty = testing::WriteTempFile("e.csv", "\n");
  EXPECT_EQ(CsvFileReader::Open(empty).status().message(),
            empty + ": no header line");
  const std::string open_quote =
      testing::WriteTempFile("q.csv", "a,b\n1,\"open\n");
  std::unique_ptr<CsvFileReader> file = CsvFileReader::Open(open_quote).value();
  CsvRecord row;
  EXPECT_FALSE(file->Next(row));
  EXPECT_EQ(file->status().message(),
            open_quote + ":2: unterminated quoted field");
  EXPECT_EQ(CsvFileReader::Open(empty + ".missing").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace rxlocator
