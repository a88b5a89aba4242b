// A national-scale synthetic pharmacy set for benchmarks, deterministic by
// seed: pharmacies placed at random US ZIP centroids (ZIPs are drawn to hold
// similar numbers of addresses, so their density follows population), moved
// up to ~2 km so that none coincide by accident, in their ZIP's time zone,
// with services drawn at fixed rates (drive-thru exactly 10% of pharmacies)
// and realistic store hours (24-hour and open-past-midnight among them).
#ifndef RXLOCATOR_BENCH_NATIONAL_DATASET_H_
#define RXLOCATOR_BENCH_NATIONAL_DATASET_H_

#include <cstdint>
#include <vector>

#include "index/pharmacy.h"
#include "index/zip_table.h"

namespace rxlocator {

// `count` pharmacies with ids "syn-000000"...; ZIPs of every type with a
// location in the 50 states and DC.
Dataset NationalDataset(const ZipTable& zips, int count, uint64_t seed);

// `count` search origins near random ZIP centroids, as members would search.
std::vector<ZipInfo> RandomOrigins(const ZipTable& zips, int count,
                                   uint64_t seed);

}  // namespace rxlocator

#endif  // RXLOCATOR_BENCH_NATIONAL_DATASET_H_
