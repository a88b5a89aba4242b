#include "index/ndc.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/index/status_matchers.h"

namespace rxlocator {
namespace {

using ::rxlocator::testing::FailsWith;
using ::rxlocator::testing::IsValue;

// What every "not an NDC" message ends with.
constexpr char kForms[] =
    ": an NDC is 11 digits (5-4-2, hyphens optional) or 10 digits hyphenated "
    "as 4-4-2, 5-3-2 or 5-4-1";

// Paxlovid's two packages: the 30-tablet pack (nirmatrelvir 300 mg dose)
// and the 20-tablet renal-dose pack (150 mg), as FDA lists them (10-digit
// 4-4-2) and as the HHS locator files write them: "0069-1085-30" up to
// 2022-03-08, "00069-1085-30" from 2022-03-16.
TEST(NormalizeNdcTest, PaxlovidInEveryForm) {
  EXPECT_THAT(NormalizeNdc("00069108530"), IsValue("00069108530"));
  EXPECT_THAT(NormalizeNdc("00069-1085-30"), IsValue("00069108530"));
  EXPECT_THAT(NormalizeNdc("0069-1085-30"), IsValue("00069108530"));
  EXPECT_THAT(NormalizeNdc("00069110120"), IsValue("00069110120"));
  EXPECT_THAT(NormalizeNdc("00069-1101-20"), IsValue("00069110120"));
  EXPECT_THAT(NormalizeNdc("0069-1101-20"), IsValue("00069110120"));
}

TEST(NormalizeNdcTest, PadsTheShortSegmentOfEachTenDigitForm) {
  EXPECT_THAT(NormalizeNdc("1234-5678-90"), IsValue("01234567890"));  // 4-4-2
  EXPECT_THAT(NormalizeNdc("12345-678-90"), IsValue("12345067890"));  // 5-3-2
  EXPECT_THAT(NormalizeNdc("12345-6789-0"), IsValue("12345678900"));  // 5-4-1
  EXPECT_THAT(NormalizeNdc("12345-6789-01"), IsValue("12345678901"));
}

TEST(NormalizeNdcTest, AcceptsSurroundingWhitespace) {
  EXPECT_THAT(NormalizeNdc(" 00069-1085-30\t"), IsValue("00069108530"));
  EXPECT_THAT(NormalizeNdc("\n00069108530 "), IsValue("00069108530"));
  EXPECT_THAT(NormalizeNdc("  0069-1085-30  "), IsValue("00069108530"));
}

TEST(NormalizeNdcTest, RejectsTenBareDigitsAsAmbiguous) {
  // 0069108530 could be 0069-1085-30 (00069108530), 00691-085-30
  // (00691008530) or 00691-0853-0 (00691085300).
  EXPECT_THAT(NormalizeNdc("0069108530").status(),
              FailsWith("ndc \"0069108530\" is 10 digits without hyphens, "
                        "which is ambiguous: write it as 4-4-2, 5-3-2 or "
                        "5-4-1"));
  EXPECT_THAT(NormalizeNdc(" 0069110120 ").status(),
              FailsWith("ndc \" 0069110120 \" is 10 digits without hyphens, "
                        "which is ambiguous: write it as 4-4-2, 5-3-2 or "
                        "5-4-1"));
}

TEST(NormalizeNdcTest, RejectsOtherDigitCounts) {
  EXPECT_THAT(
      NormalizeNdc("000691085300").status(),
      FailsWith(std::string("ndc \"000691085300\" has 12 digits") + kForms));
  EXPECT_THAT(
      NormalizeNdc("006910853").status(),
      FailsWith(std::string("ndc \"006910853\" has 9 digits") + kForms));
  EXPECT_THAT(NormalizeNdc("123").status(),
              FailsWith(std::string("ndc \"123\" has 3 digits") + kForms));
}

TEST(NormalizeNdcTest, RejectsSegmentsOfOtherLengths) {
  EXPECT_THAT(
      NormalizeNdc("0006-91085-30").status(),
      FailsWith(std::string("ndc \"0006-91085-30\" has parts of 4-5-2 digits") +
                kForms));
  EXPECT_THAT(
      NormalizeNdc("069-1085-30").status(),
      FailsWith(std::string("ndc \"069-1085-30\" has parts of 3-4-2 digits") +
                kForms));
  // 4-3-2 and 4-4-1 are 9 digits; 4-4-3 is 11 but not 5-4-2.
  EXPECT_THAT(
      NormalizeNdc("0069-108-30").status(),
      FailsWith(std::string("ndc \"0069-108-30\" has parts of 4-3-2 digits") +
                kForms));
  EXPECT_THAT(
      NormalizeNdc("0069-1085-300").status(),
      FailsWith(std::string("ndc \"0069-1085-300\" has parts of 4-4-3 digits") +
                kForms));
}

TEST(NormalizeNdcTest, RejectsWhatIsNotHyphenatedDigits) {
  for (const char* raw :
       {"00069-1085", "00069-1085-30-1", "00069--1085-30", "-00069-1085-30",
        "00069-1085-30-", "00069 1085 30", "00069-1085-3O", "0069.1085.30",
        "NDC 00069-1085-30", "00069-1085-30\n1", "paxlovid"}) {
    SCOPED_TRACE(raw);
    absl::StatusOr<std::string> ndc = NormalizeNdc(raw);
    ASSERT_FALSE(ndc.ok()) << *ndc;
    EXPECT_EQ(ndc.status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_THAT(NormalizeNdc("00069 1085 30").status(),
              FailsWith(std::string("ndc \"00069 1085 30\" is not digits in "
                                    "three hyphenated parts") +
                        kForms));
  // Control characters are escaped in the message.
  EXPECT_THAT(NormalizeNdc("00069-1085-30\n1").status(),
              FailsWith(std::string("ndc \"00069-1085-30\\n1\" is not digits "
                                    "in three hyphenated parts") +
                        kForms));
}

TEST(NormalizeNdcTest, RejectsEmpty) {
  EXPECT_THAT(NormalizeNdc("").status(), FailsWith("ndc is empty"));
  EXPECT_THAT(NormalizeNdc(" \t").status(), FailsWith("ndc is empty"));
}

TEST(FormatNdcTest, HyphenatesElevenDigits) {
  EXPECT_EQ(FormatNdc("00069108530"), "00069-1085-30");
  EXPECT_EQ(FormatNdc("00069110120"), "00069-1101-20");
  EXPECT_EQ(FormatNdc(*NormalizeNdc("12345-6789-0")), "12345-6789-00");
}

TEST(FormatNdcTest, LeavesAnythingElseAlone) {
  EXPECT_EQ(FormatNdc(""), "");
  EXPECT_EQ(FormatNdc("0069108530"), "0069108530");
  EXPECT_EQ(FormatNdc("00069-1085-30"), "00069-1085-30");
  EXPECT_EQ(FormatNdc("0006910853x"), "0006910853x");
}

}  // namespace
}  // namespace rxlocator
