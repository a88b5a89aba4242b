#include "loaders/street_address.h"

#include "gtest/gtest.h"

namespace rxlocator {
namespace {

struct Case {
  const char* line;
  const char* normalized;
};

TEST(NormalizeStreetAddressTest, RealSpellingsOfOneAddressAgree) {
  // How the Albertsons, Vaccines.gov and HHS files write their addresses.
  const Case cases[] = {
      {"2920 Seward Hwy", "2920 SEWARD HWY"},
      {"2920 SEWARD HWY", "2920 SEWARD HWY"},
      {"2920 Seward Highway", "2920 SEWARD HWY"},
      {"725 E NORTHERN LIGHTS BLVD -", "725 E NORTHERN LIGHTS BLVD"},
      {"725 East Northern Lights Boulevard", "725 E NORTHERN LIGHTS BLVD"},
      {"2240 E. 53rd Street", "2240 E 53RD ST"},
      {"4353 LAKE OTIS PARKWAY", "4353 LAKE OTIS PKWY"},
      {"1721 E Parks Highway", "1721 E PARKS HWY"},
      {"1501 Huffman Road", "1501 HUFFMAN RD"},
      {"3260 Hospital Drive", "3260 HOSPITAL DR"},
      {"301 N Santa Claus Lane", "301 N SANTA CLAUS LN"},
      {"2105 Avenue F Northwest", "2105 AVE F NW"},
      {"5802 134th Place Southeast", "5802 134TH PL SE"},
      {"  12200   Fairfax Towne\tCenter ", "12200 FAIRFAX TOWNE CTR"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NormalizeStreetAddress(c.line), c.normalized) << c.line;
  }
}

TEST(NormalizeStreetAddressTest, Punctuation) {
  // Apostrophes and periods vanish; other punctuation separates words.
  EXPECT_EQ(NormalizeStreetAddress("101 O'Malley Rd."), "101 OMALLEY RD");
  EXPECT_EQ(NormalizeStreetAddress("1301 E Palmer-Wasilla Hwy"),
            "1301 E PALMER WASILLA HWY");
  EXPECT_EQ(NormalizeStreetAddress("4320 Diplomacy Drive, Suite #1203"),
            "4320 DIPLOMACY DR STE 1203");
  EXPECT_EQ(NormalizeStreetAddress("3841 Piper St, Ste T4-054"),
            "3841 PIPER ST STE T4 054");
  EXPECT_EQ(NormalizeStreetAddress(" - "), "");
  EXPECT_EQ(NormalizeStreetAddress(""), "");
}

TEST(NormalizeStreetAddressTest, KeepsSuiteAndUnit) {
  // Different suites of one building are different providers.
  EXPECT_EQ(NormalizeStreetAddress("3340 Providence Drive, Suite 452"),
            "3340 PROVIDENCE DR STE 452");
  EXPECT_EQ(NormalizeStreetAddress("3340 Providence Dr Suite A466"),
            "3340 PROVIDENCE DR STE A466");
  EXPECT_EQ(NormalizeStreetAddress("18578 Coastal Hwy Unit 13"),
            "18578 COASTAL HWY UNIT 13");
}

TEST(NormalizeStreetAddressTest, ReplacesWholeWordsOnly) {
  EXPECT_EQ(NormalizeStreetAddress("100 Western Avenue"), "100 WESTERN AVE");
  EXPECT_EQ(NormalizeStreetAddress("9 Streeter Rd"), "9 STREETER RD");
  EXPECT_EQ(NormalizeStreetAddress("1 North Street"), "1 N ST");
}

TEST(NormalizeStreetAddressTest, KeepsBytesOutsideAscii) {
  EXPECT_EQ(NormalizeStreetAddress("Ave. Am\xC3\xA9rico Miranda"),
            "AVE AM\xC3\xA9RICO MIRANDA");
}

}  // namespace
}  // namespace rxlocator
