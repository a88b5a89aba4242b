#include "loaders/text_file.h"

#include <fstream>
#include <iterator>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_files.h"

namespace rxlocator {
namespace {

using ::rxlocator::testing::WriteTempFile;
using ::testing::StartsWith;

TEST(ReadTextFileTest, ReadsPlainFile) {
  const std::string path = WriteTempFile("plain.csv", "a,b\n1,2\n");
  EXPECT_EQ(ReadTextFile(path).value(), "a,b\n1,2\n");
}

TEST(ReadTextFileTest, GunzipsWhateverTheName) {
  EXPECT_EQ(
      ReadTextFile(WriteTempFile("x.csv.gz", "a,b\n", /*gzip=*/true)).value(),
      "a,b\n");
  EXPECT_EQ(
      ReadTextFile(WriteTempFile("x.csv", "zipped", /*gzip=*/true)).value(),
      "zipped");
}

TEST(ReadTextFileTest, ReadsEmptyFile) {
  EXPECT_EQ(ReadTextFile(WriteTempFile("empty.csv", "")).value(), "");
}

TEST(ReadTextFileTest, MissingFileIsNotFoundNamingThePath) {
  const std::string path = WriteTempFile("here.csv", "") + ".missing";
  absl::StatusOr<std::string> text = ReadTextFile(path);
  EXPECT_EQ(text.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(text.status().message(),
            "cannot open " + path + ": No such file or directory");
}

TEST(ReadTextFileTest, TruncatedGzipIsDataLossNamingThePath) {
  const std::string whole =
      WriteTempFile("whole.gz", std::string(100000, 'x'), /*gzip=*/true);
  std::ifstream in(whole, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), {});
  const std::string cut =
      WriteTempFile("cut.gz", bytes.substr(0, bytes.size() / 2));
  absl::StatusOr<std::string> text = ReadTextFile(cut);
  EXPECT_EQ(text.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(text.status().message()),
              StartsWith("cannot read " + cut + ": "));
}

}  // namespace
}  // namespace rxlocator
