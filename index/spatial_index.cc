#include "index/spatial_index.h"

#include <array>
#include <cmath>
#include <deque>
#include <limits>
#include <utility>

#include "s2/s2cell_id.h"

namespace rxlocator {
namespace {

// The entries of `cells` (sorted) that lie in `cell`, as [first, second).
std::pair<uint32_t, uint32_t> RangeOf(const std::vector<S2CellId>& cells,
                                      S2CellId cell, uint32_t begin,
                                      uint32_t end) {
  const auto first = std::lower_bound(cells.begin() + begin,
                                      cells.begin() + end, cell.range_min());
  const auto last =
      std::upper_bound(first, cells.begin() + end, cell.range_max());
  return {first - cells.begin(), last - cells.begin()};
}

// The children of `cell`; the six face cells for S2CellId::None() (the root).
std::vector<S2CellId> ChildCells(S2CellId cell) {
  std::vector<S2CellId> out;
  if (!cell.is_valid()) {
    for (int face = 0; face < 6; ++face)
      out.push_back(S2CellId::FromFace(face));
    return out;
  }
  for (S2CellId c = cell.child_begin(); c != cell.child_end(); c = c.next()) {
    out.push_back(c);
  }
  return out;
}

}  // namespace

SpatialIndex::SpatialIndex(std::vector<Entry> entries) {
  std::vector<std::pair<S2CellId, uint32_t>> order;
  order.reserve(entries.size());
  for (uint32_t i = 0; i < entries.size(); ++i) {
    order.emplace_back(S2CellId(entries[i].point), i);
  }
  std::sort(order.begin(), order.end());
  std::vector<S2CellId> cells;
  for (const auto& [cell, i] : order) {
    cells.push_back(cell);
    xs_.push_back(entries[i].point.x());
    ys_.push_back(entries[i].point.y());
    zs_.push_back(entries[i].point.z());
    ids_.push_back(entries[i].id);
    tie_breaks_.push_back(entries[i].tie_break);
  }

  // Breadth first, so that each node's children are allocated side by side.
  struct Todo {
    uint32_t node;
    S2CellId cell;  // None for the root.
  };
  nodes_.push_back({.begin = 0, .end = static_cast<uint32_t>(ids_.size())});
  std::deque<Todo> todo = {{0, S2CellId::None()}};
  while (!todo.empty()) {
    const Todo t = todo.front();
    todo.pop_front();
    const uint32_t begin = nodes_[t.node].begin, end = nodes_[t.node].end;
    Node& node = nodes_[t.node];
    constexpr float kInf = std::numeric_limits<float>::infinity();
    for (int axis = 0; axis < 3; ++axis) {
      const std::vector<double>& coordinate =
          *std::array{&xs_, &ys_, &zs_}[axis];
      node.lo[axis] = kInf;
      node.hi[axis] = -kInf;
      for (uint32_t i = begin; i < end; ++i) {
        const float v = static_cast<float>(coordinate[i]);
        node.lo[axis] = std::min(node.lo[axis], std::nextafter(v, -kInf));
        node.hi[axis] = std::max(node.hi[axis], std::nextafter(v, kInf));
      }
    }
    if (end - begin <= kLeafSize || (t.cell.is_valid() && t.cell.is_leaf())) {
      continue;
    }
    node.first_child = nodes_.size();
    for (S2CellId child : ChildCells(t.cell)) {
      auto [first, last] = RangeOf(cells, child, begin, end);
      if (first == last) continue;
      // Skip down chains of cells with one non-empty child.
      for (bool single = true;
           single && last - first > kLeafSize && !child.is_leaf();) {
        int non_empty = 0;
        S2CellId only;
        for (S2CellId c : ChildCells(child)) {
          auto [f, l] = RangeOf(cells, c, first, last);
          if (f < l) ++non_empty, only = c;
        }
        single = non_empty == 1;
        if (single) child = only;
      }
      todo.push_back({static_cast<uint32_t>(nodes_.size()), child});
      nodes_.push_back({.begin = first, .end = last});
    }
    nodes_[t.node].child_count = nodes_.size() - nodes_[t.node].first_child;
  }
}

}  // namespace rxlocator
