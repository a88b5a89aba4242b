#include "index/plan_key.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "index/identifiers.h"

namespace rxlocator {
namespace {

// `value` upper-cased if it has at most `max` characters, each a letter, a
// digit or one of `extra`; an error naming `field` otherwise.
absl::StatusOr<std::string> Code(absl::string_view field,
                                 absl::string_view value, size_t max,
                                 absl::string_view extra = "") {
  bool ok = value.size() <= max;
  for (char c : value) {
    ok = ok && (absl::ascii_isalnum(c) || extra.find(c) != extra.npos);
  }
  if (!ok) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " ", Quoted(value), " must be at most ", max,
                     " letters or digits",
                     extra.empty() ? "" : absl::StrCat(" or '", extra, "'")));
  }
  return absl::AsciiStrToUpper(value);
}

absl::Status Digits(absl::string_view field, absl::string_view value,
                    size_t count) {
  if (value.size() == count && AllDigits(value)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(field, " ", Quoted(value), " must be ", count, " digits"));
}

}  // namespace

std::string PlanKey::ToString() const {
  return kind == Kind::kCommercial
             ? absl::StrCat(bin, ":", pcn, ":", group)
             : absl::StrCat(contract, "-", plan, "-", segment);
}

absl::StatusOr<PlanKey> CommercialPlan(absl::string_view bin,
                                       absl::string_view pcn,
                                       absl::string_view group) {
  PlanKey key;
  if (absl::Status s = Digits("bin", bin, 6); !s.ok()) return s;
  key.bin = std::string(bin);
  absl::StatusOr<std::string> p = Code("pcn", pcn, 10);
  if (!p.ok()) return p.status();
  absl::StatusOr<std::string> g = Code("group", group, 15, "-");
  if (!g.ok()) return g.status();
  key.pcn = *std::move(p);
  key.group = *std::move(g);
  return key;
}

absl::StatusOr<PlanKey> MedicarePlan(absl::string_view contract_id,
                                     absl::string_view plan_id,
                                     absl::string_view segment_id) {
  const std::string contract = absl::AsciiStrToUpper(contract_id);
  if (contract.size() != 5 ||
      std::string("HRSE").find(contract[0]) == std::string::npos ||
      !AllDigits(absl::string_view(contract).substr(1))) {
    return absl::InvalidArgumentError(
        absl::StrCat("contract_id ", Quoted(contract_id),
                     " must be H, R, S or E followed by 4 digits"));
  }
  if (absl::Status s = Digits("plan_id", plan_id, 3); !s.ok()) return s;
  if (segment_id.empty()) segment_id = "000";
  if (absl::Status s = Digits("segment_id", segment_id, 3); !s.ok()) return s;
  PlanKey key;
  key.kind = PlanKey::Kind::kMedicare;
  key.contract = contract;
  key.plan = std::string(plan_id);
  key.segment = std::string(segment_id);
  return key;
}

absl::StatusOr<PlanKey> ParsePlanKey(absl::string_view text) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  const std::vector<absl::string_view> commercial =
      absl::StrSplit(trimmed, ':');
  const std::vector<absl::string_view> medicare = absl::StrSplit(trimmed, '-');
  absl::StatusOr<PlanKey> key;
  if (commercial.size() == 3) {
    key = CommercialPlan(commercial[0], commercial[1], commercial[2]);
  } else if (medicare.size() == 2 || medicare.size() == 3) {
    key = MedicarePlan(medicare[0], medicare[1],
                       medicare.size() == 3 ? medicare[2] : "");
  } else {
    key = absl::InvalidArgumentError(
        "must be BIN:PCN:GROUP (e.g. 610014:RXLOC:GRP1) or a Medicare "
        "contract-plan-segment (e.g. H4321-001-000)");
  }
  if (!key.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("plan ", Quoted(text), ": ", key.status().message()));
  }
  return key;
}

}  // namespace rxlocator
