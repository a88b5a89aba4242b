// libFuzzer target for ParseOsmOpeningHours: any bytes either parse into
// hours that keep the model's invariants or give InvalidArgument.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "absl/strings/string_view.h"
#include "index/opening_hours.h"
#include "loaders/osm_opening_hours.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<rxlocator::OpeningHours> hours =
      rxlocator::ParseOsmOpeningHours(text, 2026, 2027);
  if (!hours.ok()) {
    if (hours.status().code() != absl::StatusCode::kInvalidArgument) abort();
    return 0;
  }
  const auto valid = [](int open, int close) {
    return open >= 0 && open < rxlocator::kMinutesPerDay && close > open &&
           close <= open + rxlocator::kMinutesPerDay;
  };
  if (!hours->known) abort();
  for (const rxlocator::DailySpan& span : hours->weekly) {
    if (!valid(span.open, span.close)) abort();
  }
  for (const rxlocator::DateOverride& day : hours->overrides) {
    for (const auto& [open, close] : day.spans) {
      if (!valid(open, close)) abort();
    }
  }
  return 0;
}
