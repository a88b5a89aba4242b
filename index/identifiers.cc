#include "index/identifiers.h"

#include <charconv>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace rxlocator {
namespace {

// Trims whitespace and one trailing ".0", then requires `length` digits.
absl::StatusOr<std::string> DigitsOfLength(absl::string_view raw,
                                           absl::string_view field,
                                           size_t length) {
  absl::string_view s = absl::StripAsciiWhitespace(raw);
  if (absl::EndsWith(s, ".0")) s.remove_suffix(2);
  if (s.size() != length || !AllDigits(s)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " ", Quoted(raw), " is not ", length, " digits"));
  }
  return std::string(s);
}

// Luhn check over "80840" + all ten NPI digits (check digit included).
bool NpiCheckDigitValid(absl::string_view npi) {
  const std::string digits = absl::StrCat("80840", npi);
  int sum = 0;
  bool double_it = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (double_it) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double_it = !double_it;
  }
  return sum % 10 == 0;
}

// The shortest text that reads back as `v`, quoted: "95.2", "nan".
std::string QuotedNumber(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return Quoted(absl::string_view(buf, end - buf));
}

absl::Status CheckDegrees(absl::string_view field, double v, double limit) {
  if (!std::isfinite(v)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " ", QuotedNumber(v), " is not a finite number"));
  }
  if (v < -limit || v > limit) {
    return absl::InvalidArgumentError(absl::StrCat(field, " ", QuotedNumber(v),
                                                   " is out of range [-", limit,
                                                   ", ", limit, "]"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string Quoted(absl::string_view raw) {
  constexpr size_t kShown = 64;
  return absl::StrCat("\"", absl::CHexEscape(raw.substr(0, kShown)),
                      raw.size() > kShown ? "\"..." : "\"");
}

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::StatusOr<std::string> NormalizeNpi(absl::string_view raw) {
  absl::StatusOr<std::string> npi = DigitsOfLength(raw, "NPI", 10);
  if (!npi.ok()) return npi.status();
  if (!NpiCheckDigitValid(*npi)) {
    return absl::InvalidArgumentError(
        absl::StrCat("NPI ", Quoted(raw), " fails the check digit"));
  }
  return npi;
}

absl::StatusOr<std::string> NormalizeZip(absl::string_view raw) {
  absl::string_view s = absl::StripAsciiWhitespace(raw);
  if (s.size() == 10 && s[5] == '-' && AllDigits(s.substr(0, 5)) &&
      AllDigits(s.substr(6))) {
    return std::string(s.substr(0, 5));
  }
  if (AllDigits(s)) {
    if (s.size() == 9 || s.size() == 5) return std::string(s.substr(0, 5));
    if (s.size() == 3 || s.size() == 4) {
      return absl::StrCat(std::string(5 - s.size(), '0'), s);
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat("ZIP code ", Quoted(raw), " is not a 5-digit ZIP or ZIP+4"));
}

absl::StatusOr<std::string> NormalizeNcpdp(absl::string_view raw) {
  return DigitsOfLength(raw, "NCPDP id", 7);
}

absl::Status ValidateLatLng(double latitude, double longitude) {
  absl::Status status = CheckDegrees("latitude", latitude, 90);
  if (!status.ok()) return status;
  return CheckDegrees("longitude", longitude, 180);
}

}  // namespace rxlocator
