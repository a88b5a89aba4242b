#include "tools/gzip_writer.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "tools/csv_fields.h"

namespace rxlocator {

GzipWriter::GzipWriter(std::string path) : path_(std::move(path)) {
  errno = 0;
  // Level 1: three times the speed of the default, a third larger.
  file_ = gzopen(path_.c_str(), "wb1");
  if (file_ == nullptr) errno_ = errno != 0 ? errno : EIO;
}

GzipWriter::~GzipWriter() {
  if (file_ != nullptr) gzclose(file_);
}

void GzipWriter::Record(std::initializer_list<absl::string_view> fields) {
  AppendCsvRecord(fields, &buffer_);
  if (buffer_.size() >= kFlushAt) Flush();
}

absl::Status GzipWriter::Close() {
  Flush();
  if (file_ != nullptr && gzclose(file_) != Z_OK && errno_ == 0) {
    errno_ = errno != 0 ? errno : EIO;
  }
  file_ = nullptr;
  if (errno_ == 0) return absl::OkStatus();
  return absl::Status(
      absl::ErrnoToStatusCode(errno_),
      absl::StrCat("cannot write ", path_, ": ", std::strerror(errno_)));
}

void GzipWriter::Flush() {
  if (file_ != nullptr && errno_ == 0 && !buffer_.empty() &&
      gzwrite(file_, buffer_.data(), buffer_.size()) !=
          static_cast<int>(buffer_.size())) {
    errno_ = errno != 0 ? errno : EIO;
  }
  buffer_.clear();
}

}  // namespace rxlocator
