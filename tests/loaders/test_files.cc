#include "test_files.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"

namespace rxlocator::testing {

std::string WriteTempFile(absl::string_view name, absl::string_view contents,
                          bool gzip) {
  const ::testing::TestInfo* test =
      ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) /
      absl::StrCat("rxlocator_", test->test_suite_name(), "_", test->name());
  std::filesystem::create_directories(dir);
  const std::string path = (dir / std::string(name)).string();
  if (gzip) {
    gzFile file = gzopen(path.c_str(), "wb");
    if (file == nullptr) {
      ADD_FAILURE() << "cannot create " << path;
      return path;
    }
    EXPECT_EQ(gzwrite(file, contents.data(), contents.size()),
              static_cast<int>(contents.size()));
    gzclose(file);
  } else {
    std::ofstream(path, std::ios::binary) << contents;
  }
  return path;
}

std::string RealDataPath(absl::string_view bundled, absl::string_view shared) {
  const std::filesystem::path source_dir(RXLOCATOR_SOURCE_DIR);
  const std::filesystem::path bundled_path =
      source_dir / "data" / std::string(bundled);
  if (!bundled.empty() && std::filesystem::exists(bundled_path)) {
    return bundled_path.string();
  }
  const std::filesystem::path shared_path =
      source_dir.parent_path() / "shared" / "data" / std::string(shared);
  if (!shared.empty() && std::filesystem::exists(shared_path)) {
    return shared_path.string();
  }
  return "";
}

void ExpectInvalidArgument(const absl::Status& status,
                           const std::string& message) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), message);
}

std::string CsvLine(
    absl::string_view header,
    const std::vector<std::pair<std::string, std::string>>& values) {
  const auto key = [](absl::string_view name) {
    return absl::AsciiStrToLower(
        absl::StrReplaceAll(absl::StripAsciiWhitespace(name), {{" ", "_"}}));
  };
  std::vector<std::string> fields;
  for (absl::string_view column : absl::StrSplit(header, ',')) {
    fields.emplace_back();
    for (const auto& [name, value] : values) {
      if (key(name) == key(column)) fields.back() = value;
    }
  }
  return absl::StrCat(absl::StrJoin(fields, ","), "\n");
}

}  // namespace rxlocator::testing
