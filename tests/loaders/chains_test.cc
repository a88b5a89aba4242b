#include "loaders/chains.h"

#include "gtest/gtest.h"

namespace rxlocator {
namespace {

struct Case {
  const char* name;
  const char* chain;
};

TEST(ChainFromNameTest, RealProviderNames) {
  // Names as they appear in the HHS, Vaccines.gov and Albertsons files.
  const Case cases[] = {
      {"Walgreens Store #15654", "walgreens"},
      {"Walgreens Co. #12680", "walgreens"},
      {"CVS Store #10859", "cvs"},
      {"CVS Pharmacy, Inc. #17404", "cvs"},
      {"CVS/pharmacy #123", "cvs"},
      {"Walmart Pharmacy #483", "walmart"},
      {"Walmart Inc #10-2070", "walmart"},
      {"WAL-MART PHARMACY 10-1234", "walmart"},
      {"Sams Pharmacy #4836", "sams_club"},
      {"Sam's Club Pharmacy 6523", "sams_club"},
      {"Rite Aid 06090", "rite_aid"},
      {"KROGER PHARMACY 02500454", "kroger"},
      {"Fred Meyer Pharmacy #70100011", "kroger"},
      {"FRED MEYER PHARMACY 70100069", "kroger"},
      {"Pick 'n Save Pharmacy", "kroger"},
      {"CARRS PHARMACY #1739", "albertsons"},
      {"SAFEWAY PHARMACY", "albertsons"},
      {"VONS PHARMACY", "albertsons"},
      {"Jewel-Osco Pharmacy", "albertsons"},
      {"OSCO PHARMACY", "albertsons"},
      {"SAV-ON PHARMACY", "albertsons"},
      {"ACME Markets Pharmacy", "albertsons"},
      {"TOM THUMB PHARMACY", "albertsons"},
      {"Shaw's Pharmacy", "albertsons"},
      {"Randalls Pharmacy", "albertsons"},
      {"Star Market Pharmacy", "albertsons"},
      {"Pak 'N Save Foods Pharmacy", "albertsons"},
      {"Costco Wholesale Corporation #10", "costco"},
      {"PUBLIX PHARMACY 1097", "publix"},
      {"HEB Pharmacy 189", "heb"},
      {"H-E-B Pharmacy", "heb"},
      {"Hy-Vee Pharmacy #3 (1866)", "hy_vee"},
      {"Meijer Store 124", "meijer"},
      {"Giant Eagle Inc.", "giant_eagle"},
      {"Wegmans Food Markets Inc.", "wegmans"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ChainFromName(c.name), c.chain) << c.name;
  }
}

TEST(ChainFromNameTest, IndependentsAndLookAlikes) {
  for (const char* name :
       {"Ron's Apothecary Shoppe", "ACVSX Drugs", "CVSX", "Bakers Pharmacy",
        "PAVILION PHARMACY", "UHS PAVILION PHARMACY", "SMITH PHARMACY",
        "Kaiser Permanente Market Street Pharmacy", "Giant Food Store # 378",
        "Acme Pharmacy", "HEBRON PHARMACY", "", "   "}) {
    EXPECT_EQ(ChainFromName(name), "") << name;
  }
}

}  // namespace
}  // namespace rxlocator
