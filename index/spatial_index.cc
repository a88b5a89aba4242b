#include "index/spatial_index.h"

#include <limits>
#include <utility>

namespace rxlocator {
namespace {

template <typename T>
void Extend(const T& lo, const T& hi, double (&box_lo)[3],
            double (&box_hi)[3]) {
  for (int axis = 0; axis < 3; ++axis) {
    box_lo[axis] = std::min(box_lo[axis], lo[axis]);
    box_hi[axis] = std::max(box_hi[axis], hi[axis]);
  }
}

}  // namespace

SpatialIndex::SpatialIndex(std::vector<S2Point> points,
                           std::vector<uint32_t> tie_breaks)
    : points_(std::move(points)), tie_breaks_(std::move(tie_breaks)) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const Box empty{{kInf, kInf, kInf}, {-kInf, -kInf, -kInf}};
  level_begin_.push_back(0);
  for (size_t i = 0; i < points_.size(); ++i) {
    if (i % kLeafSize == 0) boxes_.push_back(empty);
    Extend(points_[i], points_[i], boxes_.back().lo, boxes_.back().hi);
  }
  level_begin_.push_back(boxes_.size());
  // Group kFanout boxes of the level below until one root remains.
  while (LevelSize(level_begin_.size() - 2) > 1) {
    const uint32_t below = level_begin_.size() - 2;
    for (uint32_t b = 0; b < LevelSize(below); ++b) {
      if (b % kFanout == 0) boxes_.push_back(empty);
      const Box child = boxes_[level_begin_[below] + b];
      Extend(child.lo, child.hi, boxes_.back().lo, boxes_.back().hi);
    }
    level_begin_.push_back(boxes_.size());
  }
}

}  // namespace rxlocator
