// JSON logs: every line the server writes on stderr is one JSON object, so
// that a log collector can parse it. A line holds `time` (RFC 3339, UTC, to
// the millisecond), `level` (info, warning or error) and `msg`, then its own
// fields in the order given.
//
//   Log(LogLevel::kInfo, "listening", {{"listener", "grpc"}, {"port", 50051}});
//   // {"time":"2024-05-01T12:00:00.123Z","level":"info","msg":"listening",
//   //  "listener":"grpc","port":50051}
//
// Strings are escaped as JSON requires, and bytes that are not UTF-8 (a
// Latin-1 data file quoted in an error) become U+FFFD, so every line parses.
// Field keys are the caller's: they should be plain snake_case words other
// than time, level and msg.
//
// Thread-safe: lines written from many threads at once never interleave.
#ifndef RXLOCATOR_SERVER_JSON_LOG_H_
#define RXLOCATOR_SERVER_JSON_LOG_H_

#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

namespace rxlocator {

enum class LogLevel { kInfo, kWarning, kError };

// One field of a log line: a key and a string, number or boolean. It refers
// to the strings it is given, so it lives no longer than the call it is
// made for.
class LogField {
 public:
  LogField(absl::string_view key, absl::string_view value)
      : key_(key), value_(value) {}
  LogField(absl::string_view key, const char* value)
      : key_(key), value_(absl::NullSafeStringView(value)) {}
  LogField(absl::string_view key, const std::string& value)
      : key_(key), value_(absl::string_view(value)) {}
  template <typename Int,
            std::enable_if_t<
                std::is_integral_v<Int> && !std::is_same_v<Int, bool>, int> = 0>
  LogField(absl::string_view key, Int value)
      : key_(key), value_(static_cast<int64_t>(value)) {}
  // NaN and infinities are written as null.
  LogField(absl::string_view key, double value) : key_(key), value_(value) {}
  LogField(absl::string_view key, bool value) : key_(key), value_(value) {}

  // Appends ,"key":value to *out.
  void AppendTo(std::string* out) const;

 private:
  absl::string_view key_;
  std::variant<absl::string_view, int64_t, double, bool> value_;
};

// The line for `msg` and `fields` at `time`, without its newline.
std::string JsonLogLine(absl::Time time, LogLevel level, absl::string_view msg,
                        absl::Span<const LogField> fields = {});

// Writes JsonLogLine for now, and a newline, to stderr in one piece.
void Log(LogLevel level, absl::string_view msg,
         absl::Span<const LogField> fields = {});

// Appends `text` to *out as a JSON string: quoted and escaped, with each
// byte that is not part of valid UTF-8 replaced by U+FFFD.
void AppendJsonString(absl::string_view text, std::string* out);

// Sends gRPC's own log lines through Log (with fields component "grpc",
// file and line), so that they are JSON too. Call before gRPC starts.
void SendGrpcLogsToJsonLog();

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_JSON_LOG_H_
