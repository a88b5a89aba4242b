#include "loaders/json_records.h"

#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rxlocator {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

std::vector<std::pair<int, std::string>> Split(absl::string_view text) {
  std::vector<std::pair<int, std::string>> out;
  const std::vector<JsonRecord> records =
      SplitJsonArray(text, "f.json").value();
  for (const JsonRecord& r : records) {
    out.emplace_back(r.line, std::string(r.text));
  }
  return out;
}

std::string SplitError(absl::string_view text) {
  return std::string(SplitJsonArray(text, "f.json").status().message());
}

TEST(SplitJsonArrayTest, SocrataStyleOneObjectPerLineWithLeadingCommas) {
  EXPECT_THAT(Split("[{\"a\":1}\n,{\"a\":2}\n,{\"a\":3}]\n"),
              ElementsAre(Pair(1, "{\"a\":1}"), Pair(2, "{\"a\":2}"),
                          Pair(3, "{\"a\":3}")));
}

TEST(SplitJsonArrayTest, PrettyPrintedObjectsSpanningLines) {
  const char* text = R"([
  {
    "name": "Carrs",
    "address": {"line1": "1650 W Northern Lights Blvd",
                "city": "Anchorage"},
    "tags": ["a", "b"]
  },
  {
    "name": "Safeway"
  }, {"name": "same line"}
]
)";
  const auto records = Split(text);
  ASSERT_EQ(records.size(), 3);
  EXPECT_EQ(records[0].first, 2);
  EXPECT_THAT(records[0].second, StartsWith("{\n    \"name\": \"Carrs\""));
  EXPECT_THAT(records[1], Pair(8, "{\n    \"name\": \"Safeway\"\n  }"));
  EXPECT_THAT(records[2], Pair(10, "{\"name\": \"same line\"}"));
}

TEST(SplitJsonArrayTest, StringsMayHoldBracketsQuotesAndCommas) {
  const char* text =
      "[{\"s\":\"}],[{\\\"\\\\\"},\n"
      "{\"t\":\"x\"}]";
  EXPECT_THAT(Split(text), ElementsAre(Pair(1, "{\"s\":\"}],[{\\\"\\\\\"}"),
                                       Pair(2, "{\"t\":\"x\"}")));
}

TEST(SplitJsonArrayTest, ScalarsEmptyArrayAndBom) {
  EXPECT_THAT(Split("[ 1 ,\n\"two\" , null ]"),
              ElementsAre(Pair(1, "1"), Pair(2, "\"two\""), Pair(2, "null")));
  EXPECT_THAT(Split("  [ ]  "), ElementsAre());
  EXPECT_THAT(Split("\xEF\xBB\xBF[{}]"), ElementsAre(Pair(1, "{}")));
}

TEST(SplitJsonArrayTest, Errors) {
  EXPECT_EQ(SplitError("{\"a\":1}"),
            "f.json:1: expected '[' to open the array");
  EXPECT_EQ(SplitError(""), "f.json:1: expected '[' to open the array");
  EXPECT_EQ(SplitError("[\n{\"a\":\"open\n}]"),
            "f.json:2: unterminated string");
  EXPECT_EQ(SplitError("[\n{\"a\":{\"b\":1}\n"),
            "f.json:2: element not closed before the end of the file");
  EXPECT_EQ(SplitError("[{\"a\":1}\n{\"a\":2}]"),
            "f.json:2: expected ',' or ']'");
  EXPECT_EQ(SplitError("[{},\n]"), "f.json:2: expected a value");
  EXPECT_EQ(SplitError("[{}]\n[]"), "f.json:2: text after the array");
}

TEST(FlattenJsonObjectTest, NestedKeysArraysAndScalars) {
  const char* text = R"({"name": "ACME Markets Pharmacy",
    "address": {"city": "Bear", "line2": null, "postalCode": "19701"},
    "geocodedCoordinate": {"lat": 39.6066056, "long": -75.71203059999999},
    "in_stock": false, "n": 3, "hours": ["9-5", "closed"],
    "notes": "caf\u00e9 \"quoted\""})";
  JsonFields fields = FlattenJsonObject(text).value();
  EXPECT_THAT(
      fields,
      UnorderedElementsAre(
          Pair("name", "ACME Markets Pharmacy"), Pair("address.city", "Bear"),
          Pair("address.postalCode", "19701"),
          Pair("geocodedCoordinate.lat", "39.6066056"),
          Pair("geocodedCoordinate.long", "-75.71203059999999"),
          Pair("in_stock", "false"), Pair("n", "3"), Pair("hours.0", "9-5"),
          Pair("hours.1", "closed"), Pair("notes", "caf\xC3\xA9 \"quoted\"")));
  EXPECT_EQ(Get(fields, "address.city"), "Bear");
  EXPECT_EQ(Get(fields, "address.line2"), "");
  EXPECT_EQ(Get(fields, "no.such.key"), "");
}

TEST(FlattenJsonObjectTest, Errors) {
  EXPECT_EQ(FlattenJsonObject("[1]").status().message(), "not a JSON object");
  absl::StatusOr<JsonFields> bad = FlattenJsonObject("{\"a\": }");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.status().message()),
              StartsWith("malformed JSON: "));
}

}  // namespace
}  // namespace rxlocator
