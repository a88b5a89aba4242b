#include "server/json_log.h"

#include <grpc/support/log.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>

#include "absl/base/attributes.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"

namespace rxlocator {
namespace {

absl::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "error";
}

// The length of the valid UTF-8 sequence that `s` starts with, whose first
// byte is 0x80 or more; 0 if it is not one (RFC 3629: no overlong forms,
// no surrogates, nothing past U+10FFFF).
size_t Utf8SequenceLength(absl::string_view s) {
  const unsigned char lead = s[0];
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // The second byte's range.
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (s.size() < length) return 0;
  const unsigned char second = s[1];
  if (second < low || second > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0;
  }
  return length;
}

void AppendJsonNumber(double value, std::string* out) {
  if (!std::isfinite(value)) {
    out->append("null");
    return;
  }
  char buffer[32];
  const std::to_chars_result end =
      std::to_chars(buffer, buffer + sizeof buffer, value);
  out->append(buffer, end.ptr);
}

// Writes `line` to stderr whole, retrying short writes.
void WriteToStderr(absl::string_view line) {
  ABSL_CONST_INIT static absl::Mutex mutex(absl::kConstInit);
  absl::MutexLock lock(&mutex);
  while (!line.empty()) {
    const ssize_t written = write(STDERR_FILENO, line.data(), line.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return;  // Nowhere left to say so.
    }
    line.remove_prefix(written);
  }
}

void LogGrpcLine(gpr_log_func_args* args) {
  const LogLevel level = args->severity == GPR_LOG_SEVERITY_ERROR
                             ? LogLevel::kError
                             : LogLevel::kInfo;
  Log(level, args->message,
      {{"component", "grpc"}, {"file", args->file}, {"line", args->line}});
}

}  // namespace

void AppendJsonString(absl::string_view text, std::string* out) {
  out->push_back('"');
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = text[i];
    if (c >= 0x80) {
      const size_t length = Utf8SequenceLength(text.substr(i));
      if (length == 0) {
        out->append("\\ufffd");
        ++i;
      } else {
        out->append(text.data() + i, length);
        i += length;
      }
      continue;
    }
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          constexpr char kHex[] = "0123456789abcdef";
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->push_back(c);
        }
    }
    ++i;
  }
  out->push_back('"');
}

void LogField::AppendTo(std::string* out) const {
  out->push_back(',');
  AppendJsonString(key_, out);
  out->push_back(':');
  if (const auto* text = std::get_if<absl::string_view>(&value_)) {
    AppendJsonString(*text, out);
  } else if (const auto* integer = std::get_if<int64_t>(&value_)) {
    absl::StrAppend(out, *integer);
  } else if (const auto* number = std::get_if<double>(&value_)) {
    AppendJsonNumber(*number, out);
  } else {
    out->append(std::get<bool>(value_) ? "true" : "false");
  }
}

std::string JsonLogLine(absl::Time time, LogLevel level, absl::string_view msg,
                        absl::Span<const LogField> fields) {
  std::string line = absl::StrCat(
      "{\"time\":\"",
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", time, absl::UTCTimeZone()),
      "\",\"level\":\"", LevelName(level), "\",\"msg\":");
  AppendJsonString(msg, &line);
  for (const LogField& field : fields) field.AppendTo(&line);
  line.push_back('}');
  return line;
}

void Log(LogLevel level, absl::string_view msg,
         absl::Span<const LogField> fields) {
  std::string line = JsonLogLine(absl::Now(), level, msg, fields);
  line.push_back('\n');
  WriteToStderr(line);
}

void SendGrpcLogsToJsonLog() { gpr_set_log_function(LogGrpcLine); }

}  // namespace rxlocator
