// Fuzz target for ParseVaccinesGovDay, and ParseVaccinesGovWeek with the
// input as every day: any bytes either parse into spans and hours that keep
// the model's invariants or give InvalidArgument.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "loaders/vaccines_gov_hours.h"
#include "tests/fuzz/checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rxlocator::fuzzing;  // NOLINT(build/namespaces)
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<rxlocator::VaccinesGovDay> day =
      rxlocator::ParseVaccinesGovDay(text);
  absl::StatusOr<rxlocator::OpeningHours> week =
      rxlocator::ParseVaccinesGovWeek({std::string(text), std::string(text),
                                       std::string(text), std::string(text),
                                       std::string(text), std::string(text),
                                       std::string(text)});
  Require(day.ok() == week.ok(), "a day that parses in one place only");
  if (!day.ok()) {
    Require(day.status().code() == absl::StatusCode::kInvalidArgument &&
                week.status().code() == absl::StatusCode::kInvalidArgument,
            "an error that is not InvalidArgument");
    return 0;
  }
  Require(day->given || day->spans.empty(), "spans on a day not given");
  for (const auto& [open, close] : day->spans) {
    Require(ValidSpan(open, close), "a span out of range");
  }
  Require(week->known == day->given, "a week of given days with unknown hours");
  if (week->known) CheckHours(*week);
  return 0;
}
