#include "loaders/vaccines_gov_hours.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "index/identifiers.h"

namespace rxlocator {
namespace {

constexpr absl::string_view kWhat = "Vaccines.gov hours";
constexpr int kEndOfDayAsWritten = 23 * 60 + 59;  // "11:59 PM"

// Reads one day's text left to right; errors name the token at the cursor.
class DayScanner {
 public:
  explicit DayScanner(absl::string_view text) : text_(text) {}

  bool AtEnd() {
    SkipSpaces();
    return pos_ == text_.size();
  }

  // Consumes `c` (after spaces) or fails naming what is there instead.
  absl::Status Expect(char c) {
    SkipSpaces();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return absl::OkStatus();
    }
    return ErrorHere();
  }

  // A "H:MM AM" time as minutes after midnight, 0 to 1439.
  absl::StatusOr<int> Time() {
    SkipSpaces();
    const size_t start = pos_;
    const int hour = Digits(1, 2);
    if (hour < 0 || !Consume(':')) return ErrorAt(start);
    const int minute = Digits(2, 2);
    if (minute < 0) return ErrorAt(start);
    if (hour < 1 || hour > 12 || minute > 59) return ErrorAt(start);
    SkipSpaces();
    const absl::string_view rest = text_.substr(pos_);
    const bool am = absl::StartsWithIgnoreCase(rest, "AM");
    if (!am && !absl::StartsWithIgnoreCase(rest, "PM")) return ErrorHere();
    pos_ += 2;
    return (hour % 12 + (am ? 0 : 12)) * 60 + minute;
  }

  // The column of the cursor, 1-based.
  int Column() const { return static_cast<int>(pos_) + 1; }

  absl::Status ErrorHere() const { return ErrorAt(pos_); }

  // The token at `at`: a lone '-' or ',', else the run up to the next space,
  // '-' or ','.
  absl::Status ErrorAt(size_t at) const {
    size_t end = at;
    if (end < text_.size() && (text_[end] == '-' || text_[end] == ',')) {
      ++end;
    } else {
      while (end < text_.size() && text_[end] != ' ' && text_[end] != '-' &&
             text_[end] != ',') {
        ++end;
      }
    }
    return UnsupportedHoursToken(kWhat, text_.substr(at, end - at),
                                 static_cast<int>(at) + 1);
  }

 private:
  void SkipSpaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }

  bool Consume(char c) {
    if (pos_ == text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  // The number written with min_digits to max_digits digits, or -1.
  int Digits(int min_digits, int max_digits) {
    int value = 0;
    int count = 0;
    while (count < max_digits && pos_ < text_.size() &&
           absl::ascii_isdigit(text_[pos_])) {
      value = value * 10 + (text_[pos_++] - '0');
      ++count;
    }
    return count >= min_digits ? value : -1;
  }

  absl::string_view text_;
  size_t pos_ = 0;
};

constexpr std::array<absl::string_view, 7> kColumns = {
    "monday_hours", "tuesday_hours",  "wednesday_hours", "thursday_hours",
    "friday_hours", "saturday_hours", "sunday_hours"};

}  // namespace

absl::StatusOr<VaccinesGovDay> ParseVaccinesGovDay(absl::string_view text) {
  VaccinesGovDay day;
  if (absl::StripAsciiWhitespace(text).empty()) return day;
  day.given = true;
  if (absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(text), "closed")) {
    return day;
  }
  DayScanner scanner(text);
  // The first zero-length range, if any, and its column.
  absl::string_view empty_range;
  int empty_range_column = 0;
  do {
    if (!day.spans.empty()) {
      if (absl::Status comma = scanner.Expect(','); !comma.ok()) return comma;
    }
    scanner.AtEnd();  // Skips spaces, so that Column() is the range's.
    const int column = scanner.Column();
    absl::StatusOr<int> open = scanner.Time();
    if (!open.ok()) return open.status();
    if (absl::Status dash = scanner.Expect('-'); !dash.ok()) return dash;
    absl::StatusOr<int> close = scanner.Time();
    if (!close.ok()) return close.status();
    if (*close == kEndOfDayAsWritten) *close = kMinutesPerDay;
    if (*close == *open && empty_range.empty()) {
      empty_range = text.substr(column - 1, scanner.Column() - column);
      empty_range_column = column;
    }
    if (*close < *open) *close += kMinutesPerDay;
    day.spans.push_back({*open, *close});
  } while (!scanner.AtEnd());
  if (!empty_range.empty()) {
    if (day.spans.size() == 1) return VaccinesGovDay();
    return absl::InvalidArgumentError(
        absl::StrCat(kWhat, " zero-length range ", Quoted(empty_range),
                     " at column ", empty_range_column, " among others"));
  }
  return day;
}

absl::StatusOr<OpeningHours> ParseVaccinesGovWeek(
    const std::array<std::string, 7>& by_weekday) {
  WeekSpans week;
  bool all_given = true;
  for (int i = 0; i < 7; ++i) {
    absl::StatusOr<VaccinesGovDay> day = ParseVaccinesGovDay(by_weekday[i]);
    if (!day.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(kColumns[i], ": ", day.status().message()));
    }
    all_given = all_given && day->given;
    week[i] = std::move(day->spans);
  }
  if (!all_given) return OpeningHours();
  return OpeningHoursFromWeek(week);
}

}  // namespace rxlocator
