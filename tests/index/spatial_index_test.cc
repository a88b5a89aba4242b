#include "index/spatial_index.h"

#include <algorithm>
#include <random>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/geo.h"

namespace rxlocator {
namespace {

using ::testing::ElementsAre;

std::vector<uint32_t> Indices(const std::vector<SpatialIndex::Neighbor>& n) {
  std::vector<uint32_t> out;
  for (const auto& x : n) out.push_back(x.id);
  return out;
}

// Entry i is points[i] with id i and tie_breaks[i] (default: i).
SpatialIndex IndexOf(const std::vector<S2Point>& points,
                     std::vector<uint32_t> tie_breaks = {}) {
  std::vector<SpatialIndex::Entry> entries;
  for (uint32_t i = 0; i < points.size(); ++i) {
    entries.push_back({points[i], i, tie_breaks.empty() ? i : tie_breaks[i]});
  }
  return SpatialIndex(std::move(entries));
}

// Points on the equator, 0.01 degrees (1,111.95 m) apart: easy to check.
SpatialIndex EquatorIndex(int n) {
  std::vector<S2Point> points;
  for (int i = 0; i < n; ++i) points.push_back(PointFromDegrees(0, 0.01 * i));
  return IndexOf(points);
}

auto AcceptAll() {
  return [](uint32_t) { return true; };
}

TEST(SpatialIndexTest, NearestFirstFromBetweenPoints) {
  SpatialIndex index = EquatorIndex(50);
  std::vector<SpatialIndex::Neighbor> out;
  // Origin at 0.104 degrees: nearest 10 (0.4), then 11 (0.6), 9 (1.4)...
  index.FindNearest({.origin = PointFromDegrees(0, 0.104), .k = 4}, AcceptAll(),
                    &out);
  EXPECT_THAT(Indices(out), ElementsAre(10, 11, 9, 12));
  EXPECT_NEAR(MetersFromChord2(out[0].key.chord2), 0.004 * 111195.08, 0.01);
}

TEST(SpatialIndexTest, RadiusLimitsResults) {
  SpatialIndex index = EquatorIndex(50);
  std::vector<SpatialIndex::Neighbor> out;
  // 2,500 m from 0.2001 degrees reaches points 18 to 22, nearest first.
  index.FindNearest({.origin = PointFromDegrees(0, 0.2001),
                     .max_chord2 = Chord2FromMeters(2500),
                     .k = 10},
                    AcceptAll(), &out);
  EXPECT_THAT(Indices(out), ElementsAre(20, 21, 19, 22, 18));
}

TEST(SpatialIndexTest, EqualDistancesOrderedByTieBreak) {
  // Points 1 and 2 share a location; their tie_breaks decide their order.
  const std::vector<S2Point> points = {PointFromDegrees(0, 0),
                                       PointFromDegrees(0, 0.01),
                                       PointFromDegrees(0, 0.01)};
  std::vector<SpatialIndex::Neighbor> out;
  const SpatialIndex::Query query{.origin = PointFromDegrees(0, 0.011)};
  IndexOf(points, {0, 5, 3}).FindNearest(query, AcceptAll(), &out);
  EXPECT_THAT(Indices(out), ElementsAre(2, 1, 0));
  IndexOf(points, {0, 3, 5}).FindNearest(query, AcceptAll(), &out);
  EXPECT_THAT(Indices(out), ElementsAre(1, 2, 0));
}

TEST(SpatialIndexTest, ManyPointsAtOnePlace) {
  // More pharmacies in one building than a leaf holds: a cell that cannot
  // be split. Tie breaks run backwards, so the order reverses the ids.
  std::vector<S2Point> points(50, PointFromDegrees(40.75, -73.99));
  points.push_back(PointFromDegrees(40.76, -73.99));
  std::vector<uint32_t> ties;
  for (uint32_t i = 0; i < 50; ++i) ties.push_back(100 - i);
  ties.push_back(0);
  std::vector<SpatialIndex::Neighbor> out;
  IndexOf(points, ties)
      .FindNearest({.origin = PointFromDegrees(40.75, -73.99), .k = 51},
                   AcceptAll(), &out);
  ASSERT_EQ(out.size(), 51);
  for (uint32_t r = 0; r < 50; ++r) EXPECT_EQ(out[r].id, 49 - r);
  EXPECT_EQ(out[50].id, 50);
}

TEST(SpatialIndexTest, FilterAppliesBeforeTheLimit) {
  SpatialIndex index = EquatorIndex(100);
  std::vector<SpatialIndex::Neighbor> out;
  index.FindNearest(
      {.origin = PointFromDegrees(0, 0), .k = 3},
      [](uint32_t i) { return i % 10 == 7; }, &out);
  EXPECT_THAT(Indices(out), ElementsAre(7, 17, 27));
}

TEST(SpatialIndexTest, AfterStartsPastTheKey) {
  SpatialIndex index = EquatorIndex(30);
  std::vector<SpatialIndex::Neighbor> first, second;
  const S2Point origin = PointFromDegrees(0, 0);
  index.FindNearest({.origin = origin, .k = 3}, AcceptAll(), &first);
  index.FindNearest({.origin = origin, .k = 3, .after = first.back().key},
                    AcceptAll(), &second);
  EXPECT_THAT(Indices(first), ElementsAre(0, 1, 2));
  EXPECT_THAT(Indices(second), ElementsAre(3, 4, 5));
}

TEST(SpatialIndexTest, EmptyIndexFindsNothing) {
  SpatialIndex index;
  std::vector<SpatialIndex::Neighbor> out = {{{0, 0}, 1}};
  index.FindNearest({.origin = PointFromDegrees(0, 0)}, AcceptAll(), &out);
  EXPECT_TRUE(out.empty());
}

// Against a full sort of every point, on clustered points with many exact
// duplicates (pharmacies sharing a building), random filters and paging.
TEST(SpatialIndexTest, MatchesFullSortOnRandomQueries) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> lat(-60, 70), lng(-180, 180),
      jitter(-0.05, 0.05);
  std::vector<S2Point> points;
  for (int c = 0; c < 300; ++c) {
    const double clat = lat(rng), clng = lng(rng);
    for (int i = 0; i < 20; ++i) {
      const bool duplicate = !points.empty() && rng() % 5 == 0;
      points.push_back(
          duplicate ? points.back()
                    : PointFromDegrees(clat + jitter(rng), clng + jitter(rng)));
    }
  }
  std::vector<uint32_t> ties(points.size());
  for (uint32_t i = 0; i < ties.size(); ++i) ties[i] = i;
  std::shuffle(ties.begin(), ties.end(), rng);
  const SpatialIndex index = IndexOf(points, ties);

  std::vector<SpatialIndex::Neighbor> out;
  for (int q = 0; q < 2000; ++q) {
    const S2Point origin = q % 2 ? points[rng() % points.size()]
                                 : PointFromDegrees(lat(rng), lng(rng));
    const double max_chord2 =
        q % 3 ? Chord2FromMeters(1000.0 * (1 + rng() % 3000)) : 4.0;
    const int k = 1 + rng() % 40;
    const uint32_t modulus = 1 + rng() % 4;
    auto accept = [&](uint32_t i) { return i % modulus == 0; };
    std::vector<SpatialIndex::Neighbor> expected;
    for (uint32_t i = 0; i < points.size(); ++i) {
      const SpatialIndex::Key key{Chord2(points[i], origin), ties[i]};
      if (key.chord2 <= max_chord2 && accept(i)) expected.push_back({key, i});
    }
    std::sort(expected.begin(), expected.end(),
              [](const auto& a, const auto& b) { return a.key < b.key; });
    // Walk pages of k until the end, comparing each with the full sort.
    std::optional<SpatialIndex::Key> after;
    for (size_t start = 0;; start += k) {
      index.FindNearest(
          {.origin = origin, .max_chord2 = max_chord2, .k = k, .after = after},
          accept, &out);
      const size_t end = std::min(expected.size(), start + k);
      ASSERT_EQ(out.size(), end - start) << "query " << q << " page " << start;
      for (size_t r = 0; r < out.size(); ++r) {
        ASSERT_EQ(out[r].id, expected[start + r].id)
            << "query " << q << " rank " << start + r;
      }
      if (out.size() < static_cast<size_t>(k) || start > 200) break;
      after = out.back().key;
    }
  }
}

}  // namespace
}  // namespace rxlocator
