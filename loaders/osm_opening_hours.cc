#include "loaders/osm_opening_hours.h"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "loaders/weekly_hours.h"

namespace rxlocator {
namespace {

constexpr absl::string_view kWhat = "opening_hours";
constexpr int kMaxYears = 10;
constexpr absl::string_view kPunctuation = ":-,;/";
constexpr std::array<absl::string_view, 7> kWeekdays = {"Mo", "Tu", "We", "Th",
                                                        "Fr", "Sa", "Su"};
constexpr std::array<absl::string_view, 12> kMonths = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<int, 12> kMaxDayOfMonth = {31, 29, 31, 30, 31, 30,
                                                31, 31, 30, 31, 30, 31};

struct Token {
  enum Kind { kWord, kNumber, kPunct, kEnd };
  Kind kind;
  absl::string_view text;
  int column;  // 1-based.
};

// Words (letters), numbers (digits) and the punctuation ":-,;/", with spaces
// between them dropped, then a kEnd token. Any other character is an error.
absl::StatusOr<std::vector<Token>> Tokenize(absl::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    Token::Kind kind;
    if (text[i] == ' ') {
      ++i;
      continue;
    } else if (absl::ascii_isalpha(text[i])) {
      while (i < text.size() && absl::ascii_isalpha(text[i])) ++i;
      kind = Token::kWord;
    } else if (absl::ascii_isdigit(text[i])) {
      while (i < text.size() && absl::ascii_isdigit(text[i])) ++i;
      kind = Token::kNumber;
    } else if ((kPunctuation.find(text[i]) != absl::string_view::npos)) {
      ++i;
      kind = Token::kPunct;
    } else {
      while (i < text.size() && text[i] != ' ' &&
             !absl::ascii_isalnum(text[i]) &&
             !(kPunctuation.find(text[i]) != absl::string_view::npos)) {
        ++i;
      }
      return UnsupportedHoursToken(kWhat, text.substr(start, i - start),
                                   static_cast<int>(start) + 1);
    }
    tokens.push_back(
        {kind, text.substr(start, i - start), static_cast<int>(start) + 1});
  }
  tokens.push_back({Token::kEnd, "", static_cast<int>(text.size()) + 1});
  return tokens;
}

// Index of `word` in `names`, or -1.
template <size_t N>
int IndexOf(const std::array<absl::string_view, N>& names,
            absl::string_view word) {
  const auto it = std::find(names.begin(), names.end(), word);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

// Days first_day..last_day of a month (1-based).
struct MonthDays {
  int month;
  int first_day;
  int last_day;
};

struct Rule {
  std::vector<MonthDays> dates;  // None: not a month-day rule.
  bool has_weekdays = false;
  std::array<bool, 7> weekdays = {};  // By absl::Weekday, if has_weekdays.
  DaySpans spans;                     // On the days the rule names.

  // Whether the rule names `day`; month-day rules only if `dates_apply`.
  bool Names(absl::CivilDay day, bool dates_apply) const {
    if (dates.empty()) {
      return !has_weekdays || weekdays[static_cast<int>(absl::GetWeekday(day))];
    }
    return dates_apply &&
           std::any_of(dates.begin(), dates.end(), [&](const MonthDays& d) {
             return day.month() == d.month && day.day() >= d.first_day &&
                    day.day() <= d.last_day;
           });
  }
};

// A recursive-descent parser over the tokens of one text.
class Parser {
 public:
  Parser(absl::string_view text, std::vector<Token> tokens)
      : text_(text), tokens_(std::move(tokens)) {}

  absl::StatusOr<std::vector<Rule>> Rules() {
    std::vector<Rule> rules;
    while (true) {
      absl::StatusOr<Rule> rule = ParseRule();
      if (!rule.ok()) return rule.status();
      rules.push_back(*std::move(rule));
      if (Peek().kind == Token::kEnd) return rules;
      Next();  // ParseRule stopped at ';'.
    }
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(next_ + ahead, tokens_.size() - 1)];
  }
  const Token& Next() {
    const Token& token = Peek();
    if (next_ + 1 < tokens_.size()) ++next_;
    return token;
  }
  bool PeekIs(char punct, size_t ahead = 0) const {
    return Peek(ahead).kind == Token::kPunct && Peek(ahead).text[0] == punct;
  }
  bool PeekIs(Token::Kind kind, size_t ahead = 0) const {
    return Peek(ahead).kind == kind;
  }
  // Consumes `punct` if a token of kind `then` follows it.
  bool ConsumeBefore(char punct, Token::Kind then) {
    if (!PeekIs(punct) || !PeekIs(then, 1)) return false;
    Next();
    return true;
  }
  static absl::Status Error(const Token& token) {
    return UnsupportedHoursToken(kWhat, token.text, token.column);
  }
  // The text from `first`'s start to the end of the last token read.
  absl::string_view Since(const Token& first) const {
    const Token& last = tokens_[next_ - 1];
    return text_.substr(first.column - 1,
                        last.column + last.text.size() - first.column);
  }

  absl::StatusOr<Rule> ParseRule() {
    Rule rule;
    const size_t start = next_;
    if (Peek().text == "24" && PeekIs('/', 1) && Peek(2).text == "7") {
      next_ += 3;
      rule.spans = {{0, kMinutesPerDay}};
    } else {
      if (PeekIs(Token::kWord) && IndexOf(kMonths, Peek().text) >= 0) {
        if (absl::Status s = ParseDates(rule); !s.ok()) return s;
      }
      if (PeekIs(Token::kWord) && IndexOf(kWeekdays, Peek().text) >= 0) {
        if (!rule.dates.empty()) return Error(Peek());
        if (absl::Status s = ParseWeekdays(rule); !s.ok()) return s;
      }
      const bool has_times = PeekIs(Token::kNumber);
      if (has_times) {
        if (absl::Status s = ParseTimes(rule); !s.ok()) return s;
      } else {
        rule.spans = {{0, kMinutesPerDay}};
      }
      if (!has_times && (Peek().text == "off" || Peek().text == "closed")) {
        Next();
        rule.spans.clear();
      }
    }
    if (next_ == start || !(PeekIs(';') || PeekIs(Token::kEnd))) {
      return Error(Peek());
    }
    return rule;
  }

  absl::Status ParseDates(Rule& rule) {
    do {
      const int month = IndexOf(kMonths, Peek().text);
      if (month < 0) return Error(Peek());
      Next();
      absl::StatusOr<int> first_day = ParseDay(month, 1);
      if (!first_day.ok()) return first_day.status();
      absl::StatusOr<int> last_day = *first_day;
      if (ConsumeBefore('-', Token::kNumber)) {
        last_day = ParseDay(month, *first_day + 1);
        if (!last_day.ok()) return last_day.status();
      }
      rule.dates.push_back({month + 1, *first_day, *last_day});
    } while (ConsumeBefore(',', Token::kWord));
    return absl::OkStatus();
  }

  // A day of month (0-based `month`) of one or two digits, at least `min`.
  absl::StatusOr<int> ParseDay(int month, int min) {
    const Token& token = Peek();
    int day = 0;
    if (token.kind != Token::kNumber || token.text.size() > 2 ||
        !absl::SimpleAtoi(token.text, &day) || day < min ||
        day > kMaxDayOfMonth[month]) {
      return Error(token);
    }
    Next();
    return day;
  }

  absl::Status ParseWeekdays(Rule& rule) {
    rule.has_weekdays = true;
    do {
      const int first = IndexOf(kWeekdays, Peek().text);
      if (first < 0) return Error(Peek());
      Next();
      int last = first;
      if (PeekIs('-')) {
        Next();
        last = IndexOf(kWeekdays, Peek().text);
        if (last < 0) return Error(Peek());
        Next();
      }
      for (int day = first;; day = (day + 1) % 7) {
        rule.weekdays[day] = true;
        if (day == last) break;
      }
    } while (ConsumeBefore(',', Token::kWord));
    return absl::OkStatus();
  }

  absl::Status ParseTimes(Rule& rule) {
    do {
      const Token& first = Peek();
      absl::StatusOr<int> open = ParseClock(23);
      if (!open.ok()) return open.status();
      if (!PeekIs('-')) return Error(Peek());
      Next();
      absl::StatusOr<int> close = ParseClock(48);
      if (!close.ok()) return close.status();
      if (*close < *open) *close += kMinutesPerDay;
      if (*close == *open || *close > *open + kMinutesPerDay) {
        return UnsupportedHoursToken(kWhat, Since(first), first.column);
      }
      rule.spans.push_back({*open, *close});
    } while (ConsumeBefore(',', Token::kNumber));
    return absl::OkStatus();
  }

  // "HH:MM" with HH at most max_hour (and 48:00 at most), as minutes.
  absl::StatusOr<int> ParseClock(int max_hour) {
    const Token& hour = Peek();
    if (hour.kind != Token::kNumber || hour.text.size() != 2) {
      return Error(hour);
    }
    Next();
    if (!PeekIs(':')) return Error(Peek());
    Next();
    const Token& minute = Peek();
    if (minute.kind != Token::kNumber || minute.text.size() != 2) {
      return Error(minute);
    }
    Next();
    int h = 0;
    int m = 0;
    if (!absl::SimpleAtoi(hour.text, &h) ||
        !absl::SimpleAtoi(minute.text, &m) || h > max_hour || m > 59 ||
        h * 60 + m > 48 * 60) {
      return UnsupportedHoursToken(kWhat, Since(hour), hour.column);
    }
    return h * 60 + m;
  }

  absl::string_view text_;
  std::vector<Token> tokens_;
  size_t next_ = 0;
};

// The hours starting on `day`: those of the last rule naming it, cut at
// midnight if a later rule names the next day. Month-day rules apply to the
// days for which `dates_apply` is true.
template <typename DatesApply>
DaySpans HoursOn(const std::vector<Rule>& rules, absl::CivilDay day,
                 DatesApply dates_apply) {
  const auto last_naming = [&](absl::CivilDay d) {
    for (int i = static_cast<int>(rules.size()) - 1; i >= 0; --i) {
      if (rules[i].Names(d, dates_apply(d))) return i;
    }
    return -1;
  };
  const int rule = last_naming(day);
  if (rule < 0) return {};
  DaySpans spans = rules[rule].spans;
  if (last_naming(day + 1) > rule) {
    for (auto& span : spans)
      span.second = std::min(span.second, kMinutesPerDay);
  }
  std::sort(spans.begin(), spans.end());
  return spans;
}

}  // namespace

absl::StatusOr<OpeningHours> ParseOsmOpeningHours(absl::string_view text,
                                                  int first_year,
                                                  int last_year) {
  if (first_year > last_year || last_year - first_year >= kMaxYears) {
    return absl::InvalidArgumentError(
        absl::StrCat("opening_hours years ", first_year, "..", last_year,
                     " are not a range of 1 to ", kMaxYears, " years"));
  }
  absl::StatusOr<std::vector<Token>> tokens = Tokenize(text);
  if (!tokens.ok()) return tokens.status();
  absl::StatusOr<std::vector<Rule>> rules =
      Parser(text, *std::move(tokens)).Rules();
  if (!rules.ok()) return rules.status();

  const absl::CivilDay first(first_year, 1, 1);
  const absl::CivilDay last(last_year, 12, 31);
  const auto never = [](absl::CivilDay) { return false; };
  const auto in_years = [&](absl::CivilDay d) {
    return d >= first && d <= last;
  };
  WeekSpans week;
  for (absl::CivilDay day = first; day < first + 7; ++day) {
    week[static_cast<int>(absl::GetWeekday(day))] = HoursOn(*rules, day, never);
  }
  OpeningHours hours = OpeningHoursFromWeek(week);
  // Only month-day rules make one date differ from its weekday; most texts
  // have none, and walking the years for them dominated loading 70,000
  // pharmacies.
  if (std::none_of(rules->begin(), rules->end(),
                   [](const Rule& r) { return !r.dates.empty(); })) {
    return hours;
  }
  for (absl::CivilDay day = first - 1; day <= last; ++day) {
    DaySpans spans = HoursOn(*rules, day, in_years);
    if (spans != week[static_cast<int>(absl::GetWeekday(day))]) {
      hours.overrides.push_back({day, std::move(spans)});
    }
  }
  return hours;
}

}  // namespace rxlocator
