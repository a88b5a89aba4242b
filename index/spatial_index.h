// SpatialIndex: exact k-nearest search over a fixed set of points on the
// sphere.
//
// The points stay in the order given (the Snapshot passes them in S2 cell-id
// order, so neighbours in the array are neighbours on the Earth) and are
// covered by a packed R-tree of 3-D bounding boxes: boxes of kLeafSize
// consecutive points, then boxes of kFanout consecutive boxes, up to one
// root. A query walks it best-first, nearest box first, so it reads only the
// few contiguous blocks around the origin whatever the radius. Distances are
// squared chords between unit vectors; the squared distance from the origin
// to a box is a lower bound for every point in it, so the answer is exact.
//
//   SpatialIndex index(points, tie_breaks);
//   std::vector<SpatialIndex::Neighbor> nearest;
//   index.FindNearest({.origin = p, .max_chord2 = Chord2FromMeters(16000)},
//                     [&](uint32_t i) { return open[i]; }, &nearest);
//
// A SpatialIndex is immutable; every method is const and thread-safe.
#ifndef RXLOCATOR_INDEX_SPATIAL_INDEX_H_
#define RXLOCATOR_INDEX_SPATIAL_INDEX_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "index/geo.h"
#include "s2/s2point.h"

namespace rxlocator {

class SpatialIndex {
 public:
  // A result's place in the total order: nearer first, then the smaller
  // tie_break (the Snapshot passes each pharmacy's rank in id order).
  struct Key {
    double chord2;
    uint32_t tie_break;
    friend bool operator<(const Key& a, const Key& b) {
      return a.chord2 < b.chord2 ||
             (a.chord2 == b.chord2 && a.tie_break < b.tie_break);
    }
  };
  struct Neighbor {
    Key key;
    uint32_t index;  // Position in the points given to the constructor.
  };
  struct Query {
    S2Point origin;            // Unit vector.
    double max_chord2 = 4.0;   // Points farther than this are left out.
    int k = 10;                // At most this many results.
    std::optional<Key> after;  // If set, only points after it (paging).
  };

  // `points` are unit vectors; tie_breaks[i] orders points[i] among points
  // at exactly the same distance.
  SpatialIndex(std::vector<S2Point> points, std::vector<uint32_t> tie_breaks);
  SpatialIndex() : SpatialIndex({}, {}) {}

  // Replaces *out with the query's nearest points for which accept(index) is
  // true, in Key order. accept is called only for points that would enter
  // the current best k, so an expensive filter runs rarely.
  template <typename Accept>
  void FindNearest(const Query& query, Accept&& accept,
                   std::vector<Neighbor>* out) const;

  size_t size() const { return points_.size(); }
  const S2Point& point(uint32_t i) const { return points_[i]; }

 private:
  static constexpr uint32_t kLeafSize = 8;
  static constexpr uint32_t kFanout = 8;

  struct Box {
    double lo[3], hi[3];
  };
  // A box waiting to be opened, with its lower bound.
  struct Pending {
    double chord2;
    uint32_t level;
    uint32_t box;  // Index within its level.
  };

  // Pushes the children of box `box` of `level` (level == number of levels
  // means the virtual root above the top level) that may hold a point within
  // `bound`, farthest first so that the nearest is on top.
  void PushChildren(const S2Point& origin, uint32_t level, uint32_t box,
                    double bound, std::vector<Pending>* stack) const {
    const uint32_t child_level = level - 1;
    const bool root = level + 1 == level_begin_.size();
    const uint32_t first = root ? 0 : box * kFanout;
    const uint32_t end =
        root ? LevelSize(child_level)
             : std::min(LevelSize(child_level), (box + 1) * kFanout);
    const size_t base = stack->size();
    for (uint32_t c = first; c < end; ++c) {
      const double d =
          Chord2ToBox(origin, boxes_[level_begin_[child_level] + c]);
      if (d > bound) continue;
      // Insertion into the descending run that starts at `base`.
      stack->push_back({d, child_level, c});
      for (size_t j = stack->size() - 1; j > base && (*stack)[j - 1].chord2 < d;
           --j) {
        std::swap((*stack)[j - 1], (*stack)[j]);
      }
    }
  }

  static double Chord2ToBox(const S2Point& p, const Box& b) {
    double sum = 0;
    for (int axis = 0; axis < 3; ++axis) {
      const double d =
          std::max({b.lo[axis] - p[axis], 0.0, p[axis] - b.hi[axis]});
      sum += d * d;
    }
    return sum;
  }
  uint32_t LevelSize(uint32_t level) const {
    return level_begin_[level + 1] - level_begin_[level];
  }

  std::vector<S2Point> points_;
  std::vector<uint32_t> tie_breaks_;
  // Boxes of every level, leaves first; level l is
  // boxes_[level_begin_[l], level_begin_[l + 1]).
  std::vector<Box> boxes_;
  std::vector<uint32_t> level_begin_;
};

template <typename Accept>
void SpatialIndex::FindNearest(const Query& query, Accept&& accept,
                               std::vector<Neighbor>* out) const {
  out->clear();
  if (points_.empty() || query.k <= 0) return;
  const size_t k = query.k;
  // *out is a max-heap on Key while searching: its front is the worst kept.
  auto key_less = [](const Neighbor& a, const Neighbor& b) {
    return a.key < b.key;
  };
  double bound = query.max_chord2;

  // Depth first, nearer boxes first: the first leaves reached are those
  // around the origin, which tightens the bound early and prunes the rest.
  // The stack holds boxes still to open, nearest on top.
  thread_local std::vector<Pending> stack;
  stack.clear();
  const uint32_t top = level_begin_.size() - 2;
  PushChildren(query.origin, top + 1, 0, bound, &stack);
  while (!stack.empty()) {
    const Pending next = stack.back();
    stack.pop_back();
    // Strictly greater: a point at exactly the bound may still win its tie.
    if (next.chord2 > bound) continue;
    if (next.level > 0) {
      PushChildren(query.origin, next.level, next.box, bound, &stack);
      continue;
    }
    const uint32_t end =
        std::min<uint32_t>(points_.size(), (next.box + 1) * kLeafSize);
    for (uint32_t i = next.box * kLeafSize; i < end; ++i) {
      const Key key{Chord2(points_[i], query.origin), tie_breaks_[i]};
      if (key.chord2 > bound) continue;
      if (query.after && !(*query.after < key)) continue;
      if (out->size() == k && !(key < out->front().key)) continue;
      if (!accept(i)) continue;
      if (out->size() == k) {
        std::pop_heap(out->begin(), out->end(), key_less);
        out->pop_back();
      }
      out->push_back({key, i});
      std::push_heap(out->begin(), out->end(), key_less);
      if (out->size() == k) bound = std::min(bound, out->front().key.chord2);
    }
  }
  std::sort_heap(out->begin(), out->end(), key_less);
}

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_SPATIAL_INDEX_H_
