// Helpers for loader tests: write fixtures to a scratch directory, and find
// the real data files.
#ifndef RXLOCATOR_TESTS_LOADERS_TEST_FILES_H_
#define RXLOCATOR_TESTS_LOADERS_TEST_FILES_H_

#include <string>

#include "absl/strings/string_view.h"

namespace rxlocator::testing {

// Writes `contents` to `name` in a directory private to the running test and
// returns its path. With gzip, the file is gzip-compressed.
std::string WriteTempFile(absl::string_view name, absl::string_view contents,
                          bool gzip = false);

// The path of a real data file: `bundled`, relative to the project's data/
// directory, if it is there; else `shared`, relative to ../shared/data next
// to the project. "" if neither exists.
std::string RealDataPath(absl::string_view bundled, absl::string_view shared);

}  // namespace rxlocator::testing

#endif  // RXLOCATOR_TESTS_LOADERS_TEST_FILES_H_
