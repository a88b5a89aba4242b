#include "loaders/text_file.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace rxlocator {

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  errno = 0;
  // gzopen reads plain files unchanged ("transparent" mode).
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) {
    const int error = errno;
    const std::string message =
        absl::StrCat("cannot open ", path, ": ",
                     error != 0 ? std::strerror(error) : "out of memory");
    return error == ENOENT ? absl::NotFoundError(message)
                           : absl::UnavailableError(message);
  }
  std::string text;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0) text.append(buffer, n);
  // A gzip stream cut short only shows as Z_BUF_ERROR here.
  int code;
  const char* what = gzerror(file, &code);
  absl::Status status;
  if (n < 0 || code != Z_OK) {
    status = absl::DataLossError(
        absl::StrCat("cannot read ", path, ": ",
                     code == Z_ERRNO ? std::strerror(errno) : what));
  }
  gzclose(file);
  if (!status.ok()) return status;
  return text;
}

}  // namespace rxlocator
