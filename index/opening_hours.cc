#include "index/opening_hours.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace rxlocator {
namespace {

constexpr int64_t kSecondsPerMinute = 60;
constexpr int64_t kSecondsPerDay = kMinutesPerDay * kSecondsPerMinute;
constexpr int64_t kHorizonSeconds = 7 * kSecondsPerDay;

const DateOverride* FindOverride(const OpeningHours& hours,
                                 absl::CivilDay day) {
  for (const DateOverride& date_override : hours.overrides) {
    if (date_override.date == day) return &date_override;
  }
  return nullptr;
}

// Calls fn(open, close) for each span starting on `day`, after overrides,
// closures and the 24/7 flag, until fn returns true. Returns whether it did.
template <typename Fn>
bool AnySpan(const OpeningHours& hours, absl::CivilDay day, Fn fn) {
  if (hours.permanently_closed) return false;
  if (hours.closed_until.has_value() && day < *hours.closed_until) {
    return false;
  }
  if (const DateOverride* date_override = FindOverride(hours, day)) {
    for (const auto& [open, close] : date_override->spans) {
      if (fn(open, close)) return true;
    }
    return false;
  }
  if (hours.always_open) return fn(0, kMinutesPerDay);
  const Weekday weekday = absl::GetWeekday(day);
  for (const DailySpan& span : hours.weekly) {
    if (span.day == weekday && fn(span.open, span.close)) return true;
  }
  return false;
}

absl::CivilSecond At(absl::CivilDay day, int minutes) {
  return absl::CivilSecond(day) + minutes * kSecondsPerMinute;
}

// Whether some span covers the wall-clock time `local`. Spans start on its
// day or, running past midnight, on the day before.
bool IsOpenAt(const OpeningHours& hours, absl::CivilSecond local) {
  const absl::CivilDay day(local);
  for (absl::CivilDay start_day = day - 1; start_day <= day; ++start_day) {
    if (AnySpan(hours, start_day, [&](int open, int close) {
          return At(start_day, open) <= local && local < At(start_day, close);
        })) {
      return true;
    }
  }
  return false;
}

// The end of the run of spans, touching or overlapping, that covers the
// open wall-clock time `local`; none if it runs past `limit`.
std::optional<absl::CivilSecond> RunEnd(const OpeningHours& hours,
                                        absl::CivilSecond local,
                                        absl::CivilSecond limit) {
  absl::CivilSecond end = local;
  while (end <= limit) {
    absl::CivilSecond furthest = end;
    const absl::CivilDay day(end);
    for (absl::CivilDay start_day = day - 1; start_day <= day; ++start_day) {
      AnySpan(hours, start_day, [&](int open, int close) {
        if (At(start_day, open) <= end && At(start_day, close) > furthest) {
          furthest = At(start_day, close);
        }
        return false;
      });
    }
    if (furthest == end) return end;
    end = furthest;
  }
  return std::nullopt;
}

// The first span start after the closed wall-clock time `local`, if at or
// before `limit`.
std::optional<absl::CivilSecond> NextStart(const OpeningHours& hours,
                                           absl::CivilSecond local,
                                           absl::CivilSecond limit) {
  // Spans start within their day, so the first day with a start after
  // `local` holds the earliest one.
  for (absl::CivilDay day(local); day <= absl::CivilDay(limit); ++day) {
    std::optional<absl::CivilSecond> first;
    AnySpan(hours, day, [&](int open, int /*close*/) {
      const absl::CivilSecond start = At(day, open);
      if (start > local && start <= limit && (!first || start < *first)) {
        first = start;
      }
      return false;
    });
    if (first) return first;
  }
  return std::nullopt;
}

// The first instant at which the wall clock reaches `local`: its first
// occurrence, or the transition instant if the clock skips it.
absl::Time FirstInstant(const absl::TimeZone& zone, absl::CivilSecond local) {
  const absl::TimeZone::TimeInfo info = zone.At(local);
  return info.kind == absl::TimeZone::TimeInfo::SKIPPED ? info.trans : info.pre;
}

// The first instant after `after` at which the wall clock reaches `local`,
// given that it reads earlier than `local` at `after`: the second occurrence
// of a repeated time when the first is already past.
absl::Time FirstReachAfter(const absl::TimeZone& zone, absl::CivilSecond local,
                           absl::Time after) {
  const absl::TimeZone::TimeInfo info = zone.At(local);
  switch (info.kind) {
    case absl::TimeZone::TimeInfo::SKIPPED:
      return info.trans;
    case absl::TimeZone::TimeInfo::REPEATED:
      return info.pre > after ? info.pre : info.post;
    case absl::TimeZone::TimeInfo::UNIQUE:
      break;
  }
  return info.pre;
}

HoursChange MakeChange(const absl::TimeZone& zone, absl::Time at) {
  return HoursChange{at, absl::CivilMinute(zone.At(at).cs)};
}

// 24/7 with nothing that could interrupt it.
bool AlwaysOpenWithoutExceptions(const OpeningHours& hours) {
  return hours.always_open && hours.overrides.empty() &&
         !hours.closed_until.has_value() && !hours.permanently_closed;
}

std::string FormatMinute(int minutes) {
  minutes %= kMinutesPerDay;
  const int hour = minutes / 60;
  const int hour12 = hour % 12 == 0 ? 12 : hour % 12;
  return absl::StrCat(hour12, ":", absl::Dec(minutes % 60, absl::kZeroPad2),
                      hour < 12 ? " AM" : " PM");
}

}  // namespace

OpenState StateAt(const OpeningHours& hours, absl::CivilSecond local) {
  if (!hours.known) return OpenState::kUnknown;
  return IsOpenAt(hours, local) ? OpenState::kOpen : OpenState::kClosed;
}

HoursAnswer Evaluate(const OpeningHours& hours, absl::Time at,
                     const absl::TimeZone& zone) {
  HoursAnswer answer;
  if (!hours.known) return answer;
  if (hours.permanently_closed) {
    answer.state = OpenState::kClosed;
    return answer;
  }
  if (AlwaysOpenWithoutExceptions(hours)) {
    answer.state = OpenState::kOpen;
    return answer;
  }
  const absl::CivilSecond local = zone.At(at).cs;
  const absl::CivilSecond limit = local + kHorizonSeconds;
  const bool open = IsOpenAt(hours, local);
  answer.state = open ? OpenState::kOpen : OpenState::kClosed;

  // Follow the wall clock from `at`: it runs forward to the boundary unless
  // a transition first jumps it. A forward jump that passes the boundary
  // lands on it (the skipped-time rule); a backward one may land in other
  // hours, and then the state changes at the jump.
  absl::Time now = at;
  absl::CivilSecond wall = local;
  while (true) {
    const std::optional<absl::CivilSecond> boundary =
        open ? RunEnd(hours, wall, limit) : NextStart(hours, wall, limit);
    std::optional<absl::Time> change;
    if (boundary) change = FirstReachAfter(zone, *boundary, now);
    absl::TimeZone::CivilTransition transition;
    if (zone.NextTransition(now, &transition)) {
      const absl::Time jump = zone.At(transition.to).trans;
      if (change ? jump < *change : transition.to <= limit) {
        if (IsOpenAt(hours, transition.to) != open) {
          answer.change = MakeChange(zone, jump);
          return answer;
        }
        now = jump;
        wall = transition.to;
        continue;
      }
    }
    if (change) answer.change = MakeChange(zone, *change);
    return answer;
  }
}

bool OpenThroughout(const OpeningHours& hours, absl::Time from,
                    absl::Duration duration, const absl::TimeZone& zone) {
  const HoursAnswer answer = Evaluate(hours, from, zone);
  if (answer.state != OpenState::kOpen) return false;
  if (answer.change) return from + duration <= answer.change->at;
  return from + duration <=
         FirstInstant(zone, zone.At(from).cs + kHorizonSeconds);
}

std::string HoursTextForDay(const OpeningHours& hours, absl::Time at,
                            const absl::TimeZone& zone) {
  if (!hours.known) return "Hours unknown";
  const absl::CivilDay day(zone.At(at).cs);
  std::vector<std::pair<int, int>> spans;
  AnySpan(hours, day, [&](int open, int close) {
    spans.emplace_back(open, close);
    return false;
  });
  // The part of the previous evening's spans that runs into this day: at
  // 01:30 after a Fri 19:00-02:00 span, Saturday is "12:00 AM - 2:00 AM".
  AnySpan(hours, day - 1, [&](int open, int close) {
    if (close > kMinutesPerDay) spans.emplace_back(0, close - kMinutesPerDay);
    return false;
  });
  if (spans.empty()) return "Closed";
  std::sort(spans.begin(), spans.end());
  // Join spans that touch or overlap.
  std::vector<std::pair<int, int>> joined = {spans.front()};
  for (const auto& [open, close] : spans) {
    if (open <= joined.back().second) {
      joined.back().second = std::max(joined.back().second, close);
    } else {
      joined.emplace_back(open, close);
    }
  }
  if (joined.size() == 1 && joined[0].first == 0 &&
      joined[0].second >= kMinutesPerDay) {
    return "Open 24 hours";
  }
  std::string text;
  for (const auto& [open, close] : joined) {
    absl::StrAppend(&text, text.empty() ? "" : ", ", FormatMinute(open), " - ",
                    FormatMinute(close));
  }
  return text;
}

}  // namespace rxlocator
