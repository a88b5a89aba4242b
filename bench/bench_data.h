// The bundled ZIP table, which the benchmarks place synthetic pharmacies by.
#ifndef RXLOCATOR_BENCH_BENCH_DATA_H_
#define RXLOCATOR_BENCH_BENCH_DATA_H_

#include "index/zip_table.h"

namespace rxlocator {

// Exits with a message if the bundled file cannot be read.
ZipTable BundledZipTable();

}  // namespace rxlocator

#endif  // RXLOCATOR_BENCH_BENCH_DATA_H_
