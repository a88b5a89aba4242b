#include "tests/fuzz/input_file.h"

#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace rxlocator::fuzzing {
namespace {

[[noreturn]] void Fail(const char* what) {
  std::perror(what);
  std::abort();
}

}  // namespace

const std::string& InputFile(const uint8_t* data, size_t size) {
  static const int fd = [] {
    const int fd = memfd_create("fuzz-input", MFD_CLOEXEC);
    if (fd < 0) Fail("memfd_create");
    return fd;
  }();
  static const std::string* const path =
      new std::string(absl::StrCat("/proc/self/fd/", fd));
  if (ftruncate(fd, 0) != 0) Fail("ftruncate");
  for (size_t done = 0; done < size;) {
    const ssize_t n = pwrite(fd, data + done, size - done, done);
    if (n < 0) Fail("pwrite");
    done += n;
  }
  return *path;
}

}  // namespace rxlocator::fuzzing
