#include "server/json_log.h"

#include <unistd.h>

#include <cmath>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace rxlocator {
namespace {

const absl::Time kNoon = absl::FromUnixMillis(1714564800123);

std::string Quoted(absl::string_view text) {
  std::string out;
  AppendJsonString(text, &out);
  return out;
}

TEST(JsonLogTest, LineHasTimeLevelMessageThenFieldsInOrder) {
  EXPECT_EQ(JsonLogLine(kNoon, LogLevel::kInfo, "listening",
                        {{"listener", "grpc"}, {"port", 50051}}),
            R"({"time":"2024-05-01T12:00:00.123Z","level":"info",)"
            R"("msg":"listening","listener":"grpc","port":50051})");
  EXPECT_EQ(JsonLogLine(kNoon, LogLevel::kWarning, "w"),
            R"({"time":"2024-05-01T12:00:00.123Z","level":"warning",)"
            R"("msg":"w"})");
  EXPECT_EQ(JsonLogLine(absl::FromUnixMillis(7), LogLevel::kError, "e"),
            R"({"time":"1970-01-01T00:00:00.007Z","level":"error",)"
            R"("msg":"e"})");
}

TEST(JsonLogTest, FieldsOfEveryType) {
  const std::string owned = "owned";
  EXPECT_EQ(JsonLogLine(kNoon, LogLevel::kInfo, "m",
                        {{"s", owned},
                         {"view", absl::string_view("v")},
                         {"null_chars", static_cast<const char*>(nullptr)},
                         {"negative", -42},
                         {"size", size_t{7}},
                         {"big", int64_t{9007199254740993}},
                         {"ms", 0.412},
                         {"whole", 3.0},
                         {"nan", std::nan("")},
                         {"inf", HUGE_VAL},
                         {"yes", true},
                         {"no", false}}),
            R"({"time":"2024-05-01T12:00:00.123Z","level":"info","msg":"m",)"
            R"("s":"owned","view":"v","null_chars":"","negative":-42,"size":7,)"
            R"("big":9007199254740993,"ms":0.412,"whole":3,"nan":null,)"
            R"("inf":null,"yes":true,"no":false})");
}

TEST(JsonLogTest, EscapesWhatJsonRequires) {
  EXPECT_EQ(Quoted(""), R"("")");
  EXPECT_EQ(Quoted("say \"hi\"\\"), R"("say \"hi\"\\")");
  EXPECT_EQ(Quoted("a\nb\rc\td"), R"("a\nb\rc\td")");
  EXPECT_EQ(Quoted(absl::string_view("\x01\x1f\0z", 4)),
            R"("\u0001\u001f\u0000z")");
  // Printable ASCII, the slash and DEL pass as they are.
  EXPECT_EQ(Quoted("/path ~\x7f"), "\"/path ~\x7f\"");
}

TEST(JsonLogTest, KeepsUtf8AndReplacesWhatIsNot) {
  // 2, 3 and 4 byte sequences: é, €, U+1F48A (pill).
  EXPECT_EQ(Quoted("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\x8a"),
            "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\x8a\"");
  // Latin-1 é, a lone continuation byte, and a byte never in UTF-8.
  EXPECT_EQ(Quoted("caf\xe9"), R"("caf\ufffd")");
  EXPECT_EQ(Quoted("\x80x"), R"("\ufffdx")");
  EXPECT_EQ(Quoted("\xff"), R"("\ufffd")");
  // A sequence cut short, at the end and before ASCII.
  EXPECT_EQ(Quoted("\xe2\x82"), R"("\ufffd\ufffd")");
  EXPECT_EQ(Quoted("\xe2\x82z"), R"("\ufffd\ufffdz")");
  // Overlong forms, a UTF-16 surrogate, and past U+10FFFF.
  EXPECT_EQ(Quoted("\xc0\xaf"), R"("\ufffd\ufffd")");
  EXPECT_EQ(Quoted("\xe0\x80\xaf"), R"("\ufffd\ufffd\ufffd")");
  EXPECT_EQ(Quoted("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");
  EXPECT_EQ(Quoted("\xf4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");
  // The last code points that are valid.
  EXPECT_EQ(Quoted("\xed\x9f\xbf\xf4\x8f\xbf\xbf"),
            "\"\xed\x9f\xbf\xf4\x8f\xbf\xbf\"");
}

// An independent parser reads every line back to what was logged.
TEST(JsonLogTest, LinesParseBackToTheirValues) {
  const std::string nasty =
      "plan \"610014:ABC\"\\\n\ttab \x01 caf\xc3\xa9 \xe2\x82\xac";
  const std::string line =
      JsonLogLine(kNoon, LogLevel::kError, nasty, {{"file", nasty}, {"n", 12}});
  const nlohmann::json parsed = nlohmann::json::parse(line);
  EXPECT_EQ(parsed["msg"], nasty);
  EXPECT_EQ(parsed["file"], nasty);
  EXPECT_EQ(parsed["n"], 12);
  EXPECT_EQ(parsed["level"], "error");
  EXPECT_EQ(parsed["time"], "2024-05-01T12:00:00.123Z");
  // Not UTF-8: it parses, with U+FFFD in place of each bad byte.
  EXPECT_EQ(nlohmann::json::parse(
                JsonLogLine(kNoon, LogLevel::kInfo, "a\xff\xfe"))["msg"],
            "a\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(JsonLogTest, LogWritesOneLineToStderr) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const int saved = dup(STDERR_FILENO);
  dup2(pipe_fds[1], STDERR_FILENO);
  close(pipe_fds[1]);
  Log(LogLevel::kWarning, "stock \"stale\"", {{"component", "redis"}});
  dup2(saved, STDERR_FILENO);
  close(saved);
  char buffer[512];
  const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
  close(pipe_fds[0]);
  ASSERT_GT(n, 0);
  const std::string written(buffer, n);
  ASSERT_EQ(written.back(), '\n');
  EXPECT_EQ(written.find('\n'), written.size() - 1);
  const nlohmann::json line = nlohmann::json::parse(written);
  EXPECT_EQ(line["level"], "warning");
  EXPECT_EQ(line["msg"], "stock \"stale\"");
  EXPECT_EQ(line["component"], "redis");
  // Logged now: within a minute of the test's clock.
  absl::Time logged;
  std::string error;
  ASSERT_TRUE(absl::ParseTime(absl::RFC3339_full,
                              line["time"].get<std::string>(), &logged, &error))
      << error;
  EXPECT_LT(absl::AbsDuration(absl::Now() - logged), absl::Minutes(1));
}

}  // namespace
}  // namespace rxlocator
