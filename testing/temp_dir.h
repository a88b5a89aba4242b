// NewTempDir: a new, empty directory for a test's or a benchmark's server,
// under $TMPDIR (or /tmp), named PREFIX-XXXXXX. The caller removes it.
#ifndef RXLOCATOR_TESTING_TEMP_DIR_H_
#define RXLOCATOR_TESTING_TEMP_DIR_H_

#include <string>

#include "absl/strings/string_view.h"

namespace rxlocator {

// Its path, or "" if it could not be made.
std::string NewTempDir(absl::string_view prefix);

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTING_TEMP_DIR_H_
