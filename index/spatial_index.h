// SpatialIndex: exact k-nearest search over a fixed set of points on the
// sphere.
//
// The points are kept in S2 cell-id (Hilbert) order, and the tree over them
// is the S2 cell hierarchy itself: a node is an S2 cell holding a contiguous
// run of the points, its children are its non-empty child cells (chains of
// cells with a single non-empty child are skipped), and a cell with at most
// kLeafSize points is a leaf. Each node keeps the 3-D bounding box of the
// unit vectors below it, so the squared distance from the origin to the box
// is a lower bound for every point inside: the search walks the tree depth
// first, nearer boxes first, prunes every box beyond the current k-th best
// and is exact. Nodes are stored breadth first, children side by side.
//
//   SpatialIndex index({{.point = p, .id = 7, .tie_break = 3}, ...});
//   std::vector<SpatialIndex::Neighbor> nearest;
//   index.FindNearest({.origin = o, .max_chord2 = Chord2FromMeters(16000)},
//                     [&](uint32_t id) { return open[id]; }, &nearest);
//
// A SpatialIndex is immutable; every method is const and thread-safe.
#ifndef RXLOCATOR_INDEX_SPATIAL_INDEX_H_
#define RXLOCATOR_INDEX_SPATIAL_INDEX_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <type_traits>
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
  struct Entry {
    S2Point point;       // Unit vector.
    uint32_t id;         // Reported in results and passed to the filter.
    uint32_t tie_break;  // Orders entries at exactly the same distance.
  };
  struct Neighbor {
    Key key;
    uint32_t id;
  };
  struct Query {
    S2Point origin;            // Unit vector.
    double max_chord2 = 4.0;   // Points farther than this are left out.
    int k = 10;                // At most this many results.
    std::optional<Key> after;  // If set, only points after it (paging).
  };

  // Entries in any order; they are sorted by S2 cell id here.
  explicit SpatialIndex(std::vector<Entry> entries = {});

  // Replaces *out with the query's nearest entries for which accept(id) is
  // true, in Key order. accept is called only for entries that would enter
  // the current best k, so an expensive filter runs rarely. An accept that
  // also takes the entry's Key, accept(id, key), is told its distance.
  template <typename Accept>
  void FindNearest(const Query& query, Accept&& accept,
                   std::vector<Neighbor>* out) const;

  size_t size() const { return ids_.size(); }

 private:
  static constexpr uint32_t kLeafSize = 32;

  struct Node {
    // Bounds of the unit vectors below, rounded outward to float.
    float lo[3], hi[3];
    uint32_t begin, end;   // The node's points, [begin, end).
    uint32_t first_child;  // Children are nodes_[first_child, +child_count).
    uint32_t child_count;  // 0 for a leaf.
  };
  // A node still to open, with the lower bound of its points' distance.
  struct Pending {
    double chord2;
    uint32_t node;
  };

  static double Chord2ToBox(const S2Point& p, const Node& n) {
    const double dx = std::max(0.0, std::max(n.lo[0] - p.x(), p.x() - n.hi[0]));
    const double dy = std::max(0.0, std::max(n.lo[1] - p.y(), p.y() - n.hi[1]));
    const double dz = std::max(0.0, std::max(n.lo[2] - p.z(), p.z() - n.hi[2]));
    return dx * dx + dy * dy + dz * dz;
  }

  // The points in S2 cell-id order, one array per coordinate.
  std::vector<double> xs_, ys_, zs_;
  std::vector<uint32_t> ids_;
  std::vector<uint32_t> tie_breaks_;
  std::vector<Node> nodes_;  // nodes_[0] is the root (the whole sphere).
};

template <typename Accept>
void SpatialIndex::FindNearest(const Query& query, Accept&& accept,
                               std::vector<Neighbor>* out) const {
  out->clear();
  if (ids_.empty() || query.k <= 0) return;
  const size_t k = query.k;
  const Key after = query.after.value_or(Key{-1.0, 0});
  // *out stays sorted; k is small, so insertion beats a heap.
  out->reserve(k + 1);
  double bound = query.max_chord2;

  // The stack holds nodes still to open, nearest on top, so the first leaves
  // reached are those around the origin: the bound tightens early.
  thread_local std::vector<Pending> stack;
  stack.clear();
  stack.push_back({0.0, 0});
  while (!stack.empty()) {
    const Pending next = stack.back();
    stack.pop_back();
    // Strictly greater: a point at exactly the bound may still win its tie.
    if (next.chord2 > bound) continue;
    const Node& node = nodes_[next.node];
    if (node.child_count > 0) {
      const size_t base = stack.size();
      for (uint32_t c = node.first_child;
           c < node.first_child + node.child_count; ++c) {
        const double d = Chord2ToBox(query.origin, nodes_[c]);
        if (d > bound) continue;
        // Insert into the run above `base`, kept farthest first.
        stack.push_back({d, c});
        for (size_t j = stack.size() - 1; j > base && stack[j - 1].chord2 < d;
             --j) {
          std::swap(stack[j - 1], stack[j]);
        }
      }
      continue;
    }
    // A leaf in chunks (a leaf cell can hold more than kLeafSize points at
    // one spot), each chunk's distances first, in a loop that vectorizes.
    for (uint32_t start = node.begin; start < node.end; start += kLeafSize) {
      const uint32_t n = std::min(kLeafSize, node.end - start);
      double chord2[kLeafSize];
      for (uint32_t j = 0; j < n; ++j) {
        const double dx = xs_[start + j] - query.origin.x();
        const double dy = ys_[start + j] - query.origin.y();
        const double dz = zs_[start + j] - query.origin.z();
        chord2[j] = dx * dx + dy * dy + dz * dz;
      }
      for (uint32_t j = 0; j < n; ++j) {
        if (chord2[j] > bound) continue;
        const uint32_t i = start + j;
        const Key key{chord2[j], tie_breaks_[i]};
        if (!(after < key)) continue;
        if (out->size() == k && !(key < out->back().key)) continue;
        if constexpr (std::is_invocable_v<Accept, uint32_t, const Key&>) {
          if (!accept(ids_[i], key)) continue;
        } else {
          if (!accept(ids_[i])) continue;
        }
        if (out->size() == k) out->pop_back();
        out->push_back({key, ids_[i]});
        for (size_t r = out->size() - 1; r > 0 && key < (*out)[r - 1].key;
             --r) {
          std::swap((*out)[r - 1], (*out)[r]);
        }
        if (out->size() == k) bound = std::min(bound, out->back().key.chord2);
      }
    }
  }
}

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_SPATIAL_INDEX_H_
