// Reads a whole data file into memory, gunzipping it if it is gzip-compressed.
//
//   absl::StatusOr<std::string> text = ReadTextFile("data/zips.csv.gz");
//   if (!text.ok()) return text.status();  // e.g. NotFound naming the path
//
// Compression is detected from the content, not the name, so "x.csv" and
// "x.csv.gz" both work. Thread-safe.
#ifndef RXLOCATOR_LOADERS_TEXT_FILE_H_
#define RXLOCATOR_LOADERS_TEXT_FILE_H_

#include <string>

#include "absl/status/statusor.h"

namespace rxlocator {

// The file's bytes (decompressed). Errors name `path`.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_TEXT_FILE_H_
