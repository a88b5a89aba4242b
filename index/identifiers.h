// Normalisation of pharmacy identifiers and coordinates, shared by the
// loaders and the server.
//
// Sources are messy: an NPI arrives as "1740219781.0", a ZIP code as ZIP+4 or
// with its leading zero lost. Each function accepts the forms seen in real
// data and returns the canonical form, or an InvalidArgument status whose
// message names the field and quotes the raw value:
//
//   absl::StatusOr<std::string> npi = NormalizeNpi(" 1740219781.0 ");
//   // *npi == "1740219781"
//   absl::StatusOr<std::string> zip = NormalizeZip("8873");
//   // *zip == "08873"
//   absl::Status s = ValidateLatLng(95.2, 10);
//   // s.message() == "latitude \"95.2\" is out of range [-90, 90]"
//
// All functions are pure and thread-safe.
#ifndef RXLOCATOR_INDEX_IDENTIFIERS_H_
#define RXLOCATOR_INDEX_IDENTIFIERS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rxlocator {

// A National Provider Identifier: 10 digits whose last is the Luhn check
// digit of the first nine prefixed with "80840" (the CMS rule). Accepts
// surrounding whitespace and a trailing ".0" (spreadsheets export NPIs as
// floats). Returns the 10 digits.
absl::StatusOr<std::string> NormalizeNpi(absl::string_view raw);

// A five-digit ZIP code. Accepts "99503", ZIP+4 as "99503-1234" or
// "995031234", and a ZIP whose leading zeros were lost by a number-typed
// column ("8873" -> "08873", "501" -> "00501"). Anything else (letters, six to
// eight digits, empty) is an error. Returns the five digits.
absl::StatusOr<std::string> NormalizeZip(absl::string_view raw);

// An NCPDP provider id: 7 digits, optionally followed by ".0".
absl::StatusOr<std::string> NormalizeNcpdp(absl::string_view raw);

// OK if both are finite, latitude is in [-90, 90] and longitude in
// [-180, 180]. (0, 0) is valid here; loaders treat it as "no coordinates"
// because real sources use it as a null.
absl::Status ValidateLatLng(double latitude, double longitude);

// `raw` in double quotes with control characters escaped, as every message
// about a bad value quotes it: Quoted("95.2\n") is "\"95.2\\n\"". A value
// longer than 64 characters is cut there and followed by "...", so that a
// message never echoes megabytes a caller sent.
std::string Quoted(absl::string_view raw);

// Whether every character of `s` is an ASCII digit (true for "").
bool AllDigits(absl::string_view s);

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_IDENTIFIERS_H_
