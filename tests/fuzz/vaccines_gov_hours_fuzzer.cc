// libFuzzer target for ParseVaccinesGovDay: any bytes either parse into
// spans that keep the model's invariants or give InvalidArgument.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "absl/strings/string_view.h"
#include "index/opening_hours.h"
#include "loaders/vaccines_gov_hours.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<rxlocator::VaccinesGovDay> day =
      rxlocator::ParseVaccinesGovDay(text);
  if (!day.ok()) {
    if (day.status().code() != absl::StatusCode::kInvalidArgument) abort();
    return 0;
  }
  if (!day->given && !day->spans.empty()) abort();
  for (const auto& [open, close] : day->spans) {
    if (open < 0 || open >= rxlocator::kMinutesPerDay || close <= open ||
        close > open + rxlocator::kMinutesPerDay) {
      abort();
    }
  }
  return 0;
}
