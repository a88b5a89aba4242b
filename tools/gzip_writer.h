// GzipWriter: a gzip file written a buffer at a time, so that millions of
// rows need not be held in memory.
//
//   GzipWriter out("/tmp/stock.csv.gz");
//   out.Record({"pharmacy", "ndc"});  // A CSV record (AppendCsvRecord).
//   out.Write("any text");
//   absl::Status s = out.Close();     // The first error, naming the path.
//
// Not thread-safe.
#ifndef RXLOCATOR_TOOLS_GZIP_WRITER_H_
#define RXLOCATOR_TOOLS_GZIP_WRITER_H_

#include <initializer_list>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

struct gzFile_s;

namespace rxlocator {

class GzipWriter {
 public:
  explicit GzipWriter(std::string path);
  GzipWriter(const GzipWriter&) = delete;
  GzipWriter& operator=(const GzipWriter&) = delete;
  ~GzipWriter();

  void Write(absl::string_view text) {
    buffer_.append(text.data(), text.size());
    if (buffer_.size() >= kFlushAt) Flush();
  }
  // Appends one CSV record (AppendCsvRecord).
  void Record(std::initializer_list<absl::string_view> fields);

  // Writes out the rest and closes the file.
  absl::Status Close();

 private:
  static constexpr size_t kFlushAt = 1 << 20;
  void Flush();

  std::string path_;
  gzFile_s* file_ = nullptr;
  int errno_ = 0;  // The first error.
  std::string buffer_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_TOOLS_GZIP_WRITER_H_
