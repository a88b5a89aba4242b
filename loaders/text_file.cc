#include "loaders/text_file.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"

namespace rxlocator {

constexpr size_t kChunkBytes = 1 << 18;

absl::StatusOr<std::unique_ptr<TextFileReader>> TextFileReader::Open(
    const std::string& path) {
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
  gzbuffer(file, kChunkBytes);
  return std::unique_ptr<TextFileReader>(new TextFileReader(path, file));
}

TextFileReader::~TextFileReader() { gzclose(file_); }

bool TextFileReader::Read(std::string* chunk) {
  if (!status_.ok()) return false;
  chunk->resize(kChunkBytes);
  const int n = gzread(file_, chunk->data(), kChunkBytes);
  chunk->resize(n > 0 ? n : 0);
  // A gzip stream cut short only shows as Z_BUF_ERROR here.
  int code;
  const char* what = gzerror(file_, &code);
  if (n < 0 || code != Z_OK) {
    status_ = absl::DataLossError(
        absl::StrCat("cannot read ", path_, ": ",
                     code == Z_ERRNO ? std::strerror(errno) : what));
    return false;
  }
  return n > 0;
}

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  absl::StatusOr<std::unique_ptr<TextFileReader>> file =
      TextFileReader::Open(path);
  if (!file.ok()) return file.status();
  std::string text;
  std::string chunk;
  while ((*file)->Read(&chunk)) text += chunk;
  if (!(*file)->status().ok()) return (*file)->status();
  return text;
}

}  // namespace rxlocator
