#include "index/identifiers.h"

#include <cmath>
#include <limits>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/index/status_matchers.h"

namespace rxlocator {
namespace {

using ::rxlocator::testing::FailsWith;
using ::rxlocator::testing::IsValue;
using ::testing::HasSubstr;

TEST(NormalizeNpiTest, AcceptsDigitsFloatFormAndSpaces) {
  EXPECT_THAT(NormalizeNpi("1740219781"), IsValue("1740219781"));
  EXPECT_THAT(NormalizeNpi("1740219781.0"), IsValue("1740219781"));
  EXPECT_THAT(NormalizeNpi("  1740219781.0 "), IsValue("1740219781"));
  // The worked example in the CMS NPI check-digit document.
  EXPECT_THAT(NormalizeNpi("1234567893"), IsValue("1234567893"));
}

TEST(NormalizeNpiTest, RejectsBadCheckDigit) {
  // From the 2022-03-08 HHS Paxlovid file; valid would end in 3.
  EXPECT_THAT(NormalizeNpi("1902804716.0").status(),
              FailsWith("NPI \"1902804716.0\" fails the check digit"));
  EXPECT_THAT(NormalizeNpi("1234567890").status(),
              FailsWith("NPI \"1234567890\" fails the check digit"));
}

TEST(NormalizeNpiTest, RejectsWrongShape) {
  EXPECT_THAT(NormalizeNpi("100289923.0").status(),
              FailsWith("NPI \"100289923.0\" is not 10 digits"));
  EXPECT_THAT(NormalizeNpi("").status(),
              FailsWith("NPI \"\" is not 10 digits"));
  EXPECT_FALSE(NormalizeNpi("17402197810").ok());
  EXPECT_FALSE(NormalizeNpi("174021978a").ok());
  EXPECT_FALSE(NormalizeNpi("1740219781.5").ok());
  EXPECT_FALSE(NormalizeNpi("1740219781.0.0").ok());
}

TEST(NormalizeZipTest, AcceptsZipAndZipPlus4) {
  EXPECT_THAT(NormalizeZip("99503"), IsValue("99503"));
  EXPECT_THAT(NormalizeZip(" 99503 "), IsValue("99503"));
  EXPECT_THAT(NormalizeZip("99503-1234"), IsValue("99503"));
  EXPECT_THAT(NormalizeZip("995031234"), IsValue("99503"));
  EXPECT_THAT(NormalizeZip("08873-3102"), IsValue("08873"));
}

TEST(NormalizeZipTest, RestoresLostLeadingZeros) {
  EXPECT_THAT(NormalizeZip("8873"), IsValue("08873"));
  EXPECT_THAT(NormalizeZip("501"), IsValue("00501"));
  EXPECT_THAT(NormalizeZip("601"), IsValue("00601"));  // Adjuntas, PR.
}

TEST(NormalizeZipTest, RejectsEverythingElse) {
  EXPECT_THAT(NormalizeZip("676742").status(),
              FailsWith("ZIP code \"676742\" is not a 5-digit ZIP or ZIP+4"));
  EXPECT_THAT(NormalizeZip("").status(),
              FailsWith("ZIP code \"\" is not a 5-digit ZIP or ZIP+4"));
  for (const char* bad : {"9950A", "9950312", "99503123", "44654-____",
                          "99503-12", "99503 1234", "12", "-9950"}) {
    EXPECT_FALSE(NormalizeZip(bad).ok()) << bad;
  }
}

TEST(NormalizeNcpdpTest, AcceptsSevenDigits) {
  EXPECT_THAT(NormalizeNcpdp("0212345"), IsValue("0212345"));
  EXPECT_THAT(NormalizeNcpdp("1234567.0"), IsValue("1234567"));
  EXPECT_THAT(NormalizeNcpdp("123456").status(),
              FailsWith("NCPDP id \"123456\" is not 7 digits"));
  EXPECT_FALSE(NormalizeNcpdp("12345678").ok());
  EXPECT_FALSE(NormalizeNcpdp("12345a7").ok());
}

TEST(ValidateLatLngTest, AcceptsRangeIncludingEdgesAndZero) {
  EXPECT_TRUE(ValidateLatLng(61.137411, -149.954561).ok());
  EXPECT_TRUE(ValidateLatLng(0, 0).ok());
  EXPECT_TRUE(ValidateLatLng(90, 180).ok());
  EXPECT_TRUE(ValidateLatLng(-90, -180).ok());
}

TEST(ValidateLatLngTest, NamesTheFieldAndValue) {
  EXPECT_THAT(ValidateLatLng(95.2, 10),
              FailsWith("latitude \"95.2\" is out of range [-90, 90]"));
  EXPECT_THAT(ValidateLatLng(10, -180.5),
              FailsWith("longitude \"-180.5\" is out of range [-180, 180]"));
  EXPECT_THAT(ValidateLatLng(std::nan(""), 10),
              FailsWith("latitude \"nan\" is not a finite number"));
  EXPECT_THAT(ValidateLatLng(10, std::numeric_limits<double>::infinity()),
              FailsWith("longitude \"inf\" is not a finite number"));
  // Full precision, not six digits.
  EXPECT_THAT(ValidateLatLng(-90.0000001, 0).message(),
              HasSubstr("\"-90.0000001\""));
}

TEST(QuotedTest, QuotesAndEscapes) {
  EXPECT_EQ(Quoted("95.2"), "\"95.2\"");
  EXPECT_EQ(Quoted(""), "\"\"");
  EXPECT_EQ(Quoted("a\nb\"c"), "\"a\\nb\\\"c\"");
  // A caller's megabyte is not echoed: 64 characters, then "...".
  EXPECT_EQ(Quoted(std::string(64, 'x')), "\"" + std::string(64, 'x') + "\"");
  EXPECT_EQ(Quoted(std::string(1 << 20, 'x')),
            "\"" + std::string(64, 'x') + "\"...");
}

TEST(AllDigitsTest, AsciiDigitsOnly) {
  EXPECT_TRUE(AllDigits(""));
  EXPECT_TRUE(AllDigits("0069108530"));
  EXPECT_FALSE(AllDigits("0069-1085-30"));
  EXPECT_FALSE(AllDigits(" 1"));
  EXPECT_FALSE(AllDigits("\xd9\xa1"));  // ARABIC-INDIC DIGIT ONE
}

}  // namespace
}  // namespace rxlocator
