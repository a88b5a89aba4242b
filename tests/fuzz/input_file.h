// A fuzz input as a file, for loaders that take a path.
//
//   extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
//     const std::string& path = InputFile(data, size);
//     absl::StatusOr<std::vector<Pharmacy>> sites =
//         LoadHhs(path, LoadOptions(), &report);
//
// The file is an anonymous in-memory one (Linux memfd), created on first use
// and rewritten for each input: nothing touches the disk, and the loaders
// are fuzzed through their real entry points, gzip detection included. Its
// path, /proc/self/fd/N, stays the same. Not thread-safe; libFuzzer runs one
// input at a time.
#ifndef RXLOCATOR_TESTS_FUZZ_INPUT_FILE_H_
#define RXLOCATOR_TESTS_FUZZ_INPUT_FILE_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace rxlocator::fuzzing {

// The path of a file now holding the `size` bytes at `data`. Aborts if the
// file cannot be made or written.
const std::string& InputFile(const uint8_t* data, size_t size);

}  // namespace rxlocator::fuzzing

#endif  // RXLOCATOR_TESTS_FUZZ_INPUT_FILE_H_
