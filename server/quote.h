// How request handlers show a caller's value in an error: quoted, escaped,
// cut short, so that a message names the bad value without echoing a
// megabyte of it.
#ifndef RXLOCATOR_SERVER_QUOTE_H_
#define RXLOCATOR_SERVER_QUOTE_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "index/identifiers.h"

namespace rxlocator {

inline std::string Quote(absl::string_view value) {
  constexpr size_t kShown = 64;
  return absl::StrCat(Quoted(value.substr(0, kShown)),
                      value.size() > kShown ? "..." : "");
}

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_QUOTE_H_
