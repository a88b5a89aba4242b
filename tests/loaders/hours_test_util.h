// DescribeHours: OpeningHours as one line of text, so that tests can state
// exact expected spans readably.
#ifndef RXLOCATOR_TESTS_LOADERS_HOURS_TEST_UTIL_H_
#define RXLOCATOR_TESTS_LOADERS_HOURS_TEST_UTIL_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "index/opening_hours.h"

namespace rxlocator::testing {

// "08:00-12:00,13:00-26:00" (minutes past 24:00 run into the next day), or
// "off" for none.
inline std::string DescribeSpans(
    const std::vector<std::pair<int, int>>& spans) {
  if (spans.empty()) return "off";
  return absl::StrJoin(spans, ",", [](std::string* out, const auto& span) {
    absl::StrAppendFormat(out, "%02d:%02d-%02d:%02d", span.first / 60,
                          span.first % 60, span.second / 60, span.second % 60);
  });
}

// "unknown", or the weekly pattern ("Mo 08:00-20:00; Sa 09:00-18:00", or
// "24/7", or "closed" if empty), then " | <date> <spans>" per override, in
// the order stored.
inline std::string DescribeHours(const OpeningHours& hours) {
  if (!hours.known) return "unknown";
  static constexpr const char* kDays[] = {"Mo", "Tu", "We", "Th",
                                          "Fr", "Sa", "Su"};
  std::string out;
  if (hours.always_open) out = "24/7";
  for (const DailySpan& span : hours.weekly) {
    const std::string day = kDays[static_cast<int>(span.day)];
    absl::StrAppend(&out, out.empty() ? "" : "; ", day, " ",
                    DescribeSpans({{span.open, span.close}}));
  }
  if (out.empty()) out = "closed";
  for (const DateOverride& day : hours.overrides) {
    absl::StrAppend(&out, " | ", absl::FormatCivilTime(day.date), " ",
                    DescribeSpans(day.spans));
  }
  return out;
}

}  // namespace rxlocator::testing

#endif  // RXLOCATOR_TESTS_LOADERS_HOURS_TEST_UTIL_H_
