#include "index/ndc.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "index/identifiers.h"

namespace rxlocator {
namespace {

absl::Status NotAnNdc(absl::string_view raw, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("ndc ", Quoted(raw), " ", why,
                   ": an NDC is 11 digits (5-4-2, hyphens optional) or 10 "
                   "digits hyphenated as 4-4-2, 5-3-2 or 5-4-1"));
}

// The lengths of each hyphenated form, and the segment each pads.
struct HyphenatedForm {
  size_t lengths[3];
  int pad;  // The segment given a leading zero; -1 for none.
};
constexpr HyphenatedForm kForms[] = {
    {{5, 4, 2}, -1}, {{4, 4, 2}, 0}, {{5, 3, 2}, 1}, {{5, 4, 1}, 2}};

}  // namespace

absl::StatusOr<std::string> NormalizeNdc(absl::string_view raw) {
  const absl::string_view s = absl::StripAsciiWhitespace(raw);
  if (s.empty()) return absl::InvalidArgumentError("ndc is empty");
  if (AllDigits(s)) {
    if (s.size() == 11) return std::string(s);
    if (s.size() == 10) {
      return absl::InvalidArgumentError(
          absl::StrCat("ndc ", Quoted(raw),
                       " is 10 digits without hyphens, which is ambiguous: "
                       "write it as 4-4-2, 5-3-2 or 5-4-1"));
    }
    return NotAnNdc(raw, absl::StrCat("has ", s.size(), " digits"));
  }
  const std::vector<absl::string_view> segments = absl::StrSplit(s, '-');
  bool digits = segments.size() == 3;
  for (absl::string_view segment : segments) {
    digits = digits && !segment.empty() && AllDigits(segment);
  }
  if (!digits) return NotAnNdc(raw, "is not digits in three hyphenated parts");
  for (const HyphenatedForm& form : kForms) {
    if (segments[0].size() != form.lengths[0] ||
        segments[1].size() != form.lengths[1] ||
        segments[2].size() != form.lengths[2]) {
      continue;
    }
    std::string ndc;
    for (int i = 0; i < 3; ++i) {
      absl::StrAppend(&ndc, i == form.pad ? "0" : "", segments[i]);
    }
    return ndc;
  }
  return NotAnNdc(raw, absl::StrCat("has parts of ", segments[0].size(), "-",
                                    segments[1].size(), "-", segments[2].size(),
                                    " digits"));
}

std::string FormatNdc(absl::string_view ndc11) {
  if (ndc11.size() != 11 || !AllDigits(ndc11)) return std::string(ndc11);
  return absl::StrCat(ndc11.substr(0, 5), "-", ndc11.substr(5, 4), "-",
                      ndc11.substr(9));
}

}  // namespace rxlocator
