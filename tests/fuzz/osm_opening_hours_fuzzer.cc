// Fuzz target for ParseOsmOpeningHours: any bytes either parse into hours
// that keep the model's invariants or give InvalidArgument.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "index/opening_hours.h"
#include "loaders/osm_opening_hours.h"
#include "tests/fuzz/checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rxlocator::fuzzing;  // NOLINT(build/namespaces)
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<rxlocator::OpeningHours> hours =
      rxlocator::ParseOsmOpeningHours(text, 2026, 2027);
  if (!hours.ok()) {
    Require(hours.status().code() == absl::StatusCode::kInvalidArgument,
            "an error that is not InvalidArgument");
    return 0;
  }
  CheckHours(*hours);
  return 0;
}
