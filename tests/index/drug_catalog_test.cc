#include "index/drug_catalog.h"

#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rxlocator {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Drug MakeDrug(std::string ndc, std::string name, std::string product,
              std::string source = "") {
  Drug d;
  d.ndc = std::move(ndc);
  d.name = std::move(name);
  d.product = std::move(product);
  d.source = std::move(source);
  return d;
}

// The NDCs of `drugs`, in order.
std::vector<std::string> Ndcs(const std::vector<const Drug*>& drugs) {
  std::vector<std::string> ndcs;
  for (const Drug* d : drugs) ndcs.push_back(d->ndc);
  return ndcs;
}

// Given out of NDC order: two Paxlovid packs, two of Lagevrio's, a drug
// with no product and names that share prefixes.
DrugCatalog TestCatalog() {
  return DrugCatalog({
      MakeDrug("00069110120", "Paxlovid", "paxlovid"),
      MakeDrug("00006505506", "Lagevrio", "lagevrio"),
      MakeDrug("00069108530", "Paxlovid", "paxlovid"),
      MakeDrug("00006505507", "LAGEVRIO", "lagevrio"),
      MakeDrug("99999000001", "Paxlovid sample pack", "paxlovid"),
      MakeDrug("12345000001", "Pax", ""),
      MakeDrug("12345000002", "Ritonavir", "ritonavir"),
  });
}

TEST(DrugCatalogTest, FindsByElevenDigitNdcOnly) {
  const DrugCatalog catalog = TestCatalog();
  EXPECT_EQ(catalog.size(), 7u);
  const Drug* d = catalog.Find("00069108530");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->name, "Paxlovid");
  EXPECT_EQ(catalog.Find("00069-1085-30"), nullptr);
  EXPECT_EQ(catalog.Find("0069-1085-30"), nullptr);
  EXPECT_EQ(catalog.Find("00069108531"), nullptr);
  EXPECT_EQ(catalog.Find(""), nullptr);
}

TEST(DrugCatalogTest, DrugsAreSortedByNdc) {
  const DrugCatalog catalog = TestCatalog();
  std::vector<std::string> ndcs;
  for (const Drug& d : catalog.drugs()) ndcs.push_back(d.ndc);
  EXPECT_THAT(ndcs, ElementsAre("00006505506", "00006505507", "00069108530",
                                "00069110120", "12345000001", "12345000002",
                                "99999000001"));
}

TEST(DrugCatalogTest, FirstRecordOfAnNdcWins) {
  const DrugCatalog catalog({
      MakeDrug("00069108530", "Paxlovid", "paxlovid", "native:drugs.csv:2"),
      MakeDrug("00006505506", "Lagevrio", "lagevrio", "native:drugs.csv:3"),
      MakeDrug("00069108530", "PAXLOVID", "other", "hhs:paxlovid.csv:2"),
      MakeDrug("00069108530", "Third", "third", "hhs:paxlovid.csv:3"),
  });
  EXPECT_EQ(catalog.size(), 2u);
  const Drug* d = catalog.Find("00069108530");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->name, "Paxlovid");
  EXPECT_EQ(d->source, "native:drugs.csv:2");
  // The dropped records leave no trace in products or names.
  EXPECT_THAT(catalog.SameProduct("00069108530"), ElementsAre(d));
  EXPECT_THAT(catalog.FindByName("third"), IsEmpty());
}

TEST(DrugCatalogTest, SameProductIncludesItselfSortedByNdc) {
  const DrugCatalog catalog = TestCatalog();
  EXPECT_THAT(Ndcs(catalog.SameProduct("00069110120")),
              ElementsAre("00069108530", "00069110120", "99999000001"));
  EXPECT_THAT(Ndcs(catalog.SameProduct("00069108530")),
              ElementsAre("00069108530", "00069110120", "99999000001"));
  EXPECT_THAT(Ndcs(catalog.SameProduct("00006505507")),
              ElementsAre("00006505506", "00006505507"));
  EXPECT_THAT(Ndcs(catalog.SameProduct("12345000002")),
              ElementsAre("12345000002"));
}

TEST(DrugCatalogTest, EmptyProductIsSubstitutableWithNothingElse) {
  const DrugCatalog catalog(
      {MakeDrug("12345000001", "A", ""), MakeDrug("12345000002", "B", "")});
  EXPECT_THAT(Ndcs(catalog.SameProduct("12345000001")),
              ElementsAre("12345000001"));
  EXPECT_THAT(Ndcs(catalog.SameProduct("12345000002")),
              ElementsAre("12345000002"));
}

TEST(DrugCatalogTest, SameProductOfUnknownNdcIsEmpty) {
  EXPECT_THAT(TestCatalog().SameProduct("00000000000"), IsEmpty());
  EXPECT_THAT(TestCatalog().SameProduct("00069-1085-30"), IsEmpty());
}

TEST(DrugCatalogTest, ProductKeysCompareExactly) {
  const DrugCatalog catalog({MakeDrug("12345000001", "A", "paxlovid"),
                             MakeDrug("12345000002", "B", "Paxlovid")});
  EXPECT_THAT(Ndcs(catalog.SameProduct("12345000001")),
              ElementsAre("12345000001"));
}

TEST(DrugCatalogTest, FindByNameExactMatchesFirstThenPrefixes) {
  const DrugCatalog catalog = TestCatalog();
  // "Pax" itself, then "Paxlovid" (two NDCs), then the sample pack.
  EXPECT_THAT(
      Ndcs(catalog.FindByName("pax")),
      ElementsAre("12345000001", "00069108530", "00069110120", "99999000001"));
  EXPECT_THAT(Ndcs(catalog.FindByName("  PAXLOVID ")),
              ElementsAre("00069108530", "00069110120", "99999000001"));
  EXPECT_THAT(Ndcs(catalog.FindByName("paxlovid sample")),
              ElementsAre("99999000001"));
  // Case-insensitive on the stored names too ("Lagevrio", "LAGEVRIO").
  EXPECT_THAT(Ndcs(catalog.FindByName("lagevrio")),
              ElementsAre("00006505506", "00006505507"));
  EXPECT_THAT(Ndcs(catalog.FindByName("l")),
              ElementsAre("00006505506", "00006505507"));
}

TEST(DrugCatalogTest, FindByNameNoMatch) {
  const DrugCatalog catalog = TestCatalog();
  EXPECT_THAT(catalog.FindByName(""), IsEmpty());
  EXPECT_THAT(catalog.FindByName("   "), IsEmpty());
  EXPECT_THAT(catalog.FindByName("lovid"), IsEmpty());  // Not a substring.
  EXPECT_THAT(catalog.FindByName("paxlovidx"), IsEmpty());
  EXPECT_THAT(catalog.FindByName("zzz"), IsEmpty());
}

TEST(DrugCatalogTest, EmptyCatalog) {
  const DrugCatalog catalog;
  EXPECT_EQ(catalog.size(), 0u);
  EXPECT_EQ(catalog.Find("00069108530"), nullptr);
  EXPECT_THAT(catalog.SameProduct("00069108530"), IsEmpty());
  EXPECT_THAT(catalog.FindByName("pax"), IsEmpty());
}

TEST(DrugCatalogTest, PointersSurviveMovingTheCatalog) {
  DrugCatalog catalog = TestCatalog();
  const Drug* before = catalog.Find("00069108530");
  const DrugCatalog moved = std::move(catalog);
  EXPECT_EQ(moved.Find("00069108530"), before);
  EXPECT_EQ(before->name, "Paxlovid");
}

TEST(DrugCatalogTest, ConcurrentReaders) {
  const DrugCatalog catalog = TestCatalog();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&catalog] {
      for (int i = 0; i < 1000; ++i) {
        EXPECT_NE(catalog.Find("00069108530"), nullptr);
        EXPECT_EQ(catalog.SameProduct("00069108530").size(), 3u);
        EXPECT_EQ(catalog.FindByName("pax").size(), 4u);
      }
    });
  }
  for (std::thread& t : threads) t.join();
}

}  // namespace
}  // namespace rxlocator
