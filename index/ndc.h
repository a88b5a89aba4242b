// National Drug Codes: the 10-digit labeler-product-package code the FDA
// assigns, and the 11-digit 5-4-2 form that claims and inventory systems use.
//
// A 10-digit NDC is written with hyphens as 4-4-2, 5-3-2 or 5-4-1; padding
// the short segment with a leading zero gives the 11-digit form. Without
// hyphens the segments cannot be told apart, so 10 bare digits are rejected
// rather than guessed:
//
//   absl::StatusOr<std::string> ndc = NormalizeNdc("0069-1085-30");
//   // *ndc == "00069108530"
//   FormatNdc(*ndc);  // "00069-1085-30"
//   NormalizeNdc("0069108530").status().message();
//   // ndc "0069108530" is 10 digits without hyphens, which is ambiguous:
//   // write it as 4-4-2, 5-3-2 or 5-4-1
//
// All functions are pure and thread-safe.
#ifndef RXLOCATOR_INDEX_NDC_H_
#define RXLOCATOR_INDEX_NDC_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rxlocator {

// The 11 digits of an NDC given as 11 digits ("00069108530"), hyphenated
// 5-4-2 ("00069-1085-30"), or a hyphenated 10-digit 4-4-2 ("0069-1085-30"),
// 5-3-2 ("00069-085-30") or 5-4-1 ("00069-1085-3"), with surrounding
// whitespace allowed. Anything else is InvalidArgument naming the field
// "ndc" and quoting `raw`: 10 bare digits as ambiguous, hyphenated segments
// of other lengths, other characters, empty text.
absl::StatusOr<std::string> NormalizeNdc(absl::string_view raw);

// The 5-4-2 hyphenated form of an 11-digit NDC, "00069108530" ->
// "00069-1085-30", for display. Anything that is not 11 digits is returned
// unchanged.
std::string FormatNdc(absl::string_view ndc11);

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_NDC_H_
