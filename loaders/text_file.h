// Reads a data file, gunzipping it if it is gzip-compressed: whole, or a
// chunk at a time for files too large to hold in memory.
//
//   absl::StatusOr<std::string> text = ReadTextFile("data/zips.csv.gz");
//   if (!text.ok()) return text.status();  // e.g. NotFound naming the path
//
//   absl::StatusOr<std::unique_ptr<TextFileReader>> file =
//       TextFileReader::Open("stock.csv.gz");
//   std::string chunk;
//   while ((*file)->Read(&chunk)) Use(chunk);
//   if (!(*file)->status().ok()) ...
//
// Compression is detected from the content, not the name, so "x.csv" and
// "x.csv.gz" both work. Thread-safe; one TextFileReader is for one thread.
#ifndef RXLOCATOR_LOADERS_TEXT_FILE_H_
#define RXLOCATOR_LOADERS_TEXT_FILE_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct gzFile_s;  // zlib's gzFile

namespace rxlocator {

class TextFileReader {
 public:
  // Errors name `path`: NotFound for a missing file.
  static absl::StatusOr<std::unique_ptr<TextFileReader>> Open(
      const std::string& path);
  ~TextFileReader();
  TextFileReader(const TextFileReader&) = delete;
  TextFileReader& operator=(const TextFileReader&) = delete;

  // Replaces *chunk with the next bytes (decompressed), up to 256 KiB.
  // False at the end of the file or on an error (see status()).
  bool Read(std::string* chunk);
  // OK, or why reading failed: DataLoss naming the path, e.g. for a gzip
  // stream cut short.
  const absl::Status& status() const { return status_; }

 private:
  TextFileReader(std::string path, gzFile_s* file)
      : path_(std::move(path)), file_(file) {}

  const std::string path_;
  gzFile_s* const file_;
  absl::Status status_;
};

// The file's bytes (decompressed). Errors name `path`.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_TEXT_FILE_H_
