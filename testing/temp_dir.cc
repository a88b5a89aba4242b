#include "testing/temp_dir.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace rxlocator {

std::string NewTempDir(absl::string_view prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/", prefix, "-XXXXXX");
  return mkdtemp(pattern.data()) != nullptr ? pattern : "";
}

}  // namespace rxlocator
