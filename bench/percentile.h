// Percentiles of measured latencies, for the plain benchmark programs.
#ifndef RXLOCATOR_BENCH_PERCENTILE_H_
#define RXLOCATOR_BENCH_PERCENTILE_H_

#include <algorithm>
#include <vector>

namespace rxlocator {

// The value at `fraction` (nearest rank) of `values`, which it sorts; values
// must not be empty.
inline double Percentile(std::vector<double>& values, double fraction) {
  std::sort(values.begin(), values.end());
  const size_t rank = static_cast<size_t>(fraction * values.size() + 0.999);
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

}  // namespace rxlocator

#endif  // RXLOCATOR_BENCH_PERCENTILE_H_
