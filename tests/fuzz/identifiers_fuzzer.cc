// Fuzz target for the identifier parsers: NormalizeNdc, NormalizeZip,
// NormalizeNpi, NormalizeNcpdp and ParsePlanKey each get every input. Each
// either fails with InvalidArgument and a message that quotes values
// (CheckMessage), or returns the canonical form, which it accepts again
// unchanged (and, for an NDC, from FormatNdc's 5-4-2 form too).
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "index/identifiers.h"
#include "index/ndc.h"
#include "index/plan_key.h"
#include "tests/fuzz/checks.h"

namespace rxlocator::fuzzing {
namespace {

// `normalize(text)` fails with InvalidArgument, or gives
// `digits` digits that it normalises again unchanged.
void CheckCanonical(absl::string_view text,
                    absl::StatusOr<std::string> (*normalize)(absl::string_view),
                    size_t digits) {
  absl::StatusOr<std::string> value = normalize(text);
  if (!value.ok()) {
    Require(value.status().code() == absl::StatusCode::kInvalidArgument,
            "an identifier error that is not InvalidArgument");
    CheckMessage(value.status().message());
    return;
  }
  Require(value->size() == digits && AllDigits(*value),
          "a canonical identifier of the wrong form");
  absl::StatusOr<std::string> again = normalize(*value);
  Require(again.ok() && *again == *value,
          "a canonical identifier that does not normalise to itself");
}

void CheckNdc(absl::string_view text) {
  CheckCanonical(text, NormalizeNdc, 11);
  absl::StatusOr<std::string> ndc = NormalizeNdc(text);
  if (ndc.ok()) {
    const std::string formatted = FormatNdc(*ndc);
    absl::StatusOr<std::string> again = NormalizeNdc(formatted);
    Require(formatted.size() == 13 && again.ok() && *again == *ndc,
            "FormatNdc's form does not normalise back");
  }
  const std::string formatted = FormatNdc(text);
  Require(formatted == text || (text.size() == 11 && AllDigits(text)),
          "FormatNdc changed something that is not 11 digits");
}

void CheckPlanKey(absl::string_view text) {
  absl::StatusOr<PlanKey> key = ParsePlanKey(text);
  if (!key.ok()) {
    Require(key.status().code() == absl::StatusCode::kInvalidArgument,
            "a plan key error that is not InvalidArgument");
    CheckMessage(key.status().message());
    return;
  }
  absl::StatusOr<PlanKey> again = ParsePlanKey(key->ToString());
  Require(again.ok() && *again == *key,
          "a plan key's text form does not parse back to it");
  absl::StatusOr<PlanKey> parts =
      key->kind == PlanKey::Kind::kCommercial
          ? CommercialPlan(key->bin, key->pcn, key->group)
          : MedicarePlan(key->contract, key->plan, key->segment);
  Require(parts.ok() && *parts == *key,
          "a plan key's parts do not make it again");
}

}  // namespace
}  // namespace rxlocator::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rxlocator;  // NOLINT(build/namespaces)
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  fuzzing::CheckNdc(text);
  fuzzing::CheckCanonical(text, NormalizeZip, 5);
  fuzzing::CheckCanonical(text, NormalizeNpi, 10);
  fuzzing::CheckCanonical(text, NormalizeNcpdp, 7);
  fuzzing::CheckPlanKey(text);
  return 0;
}
