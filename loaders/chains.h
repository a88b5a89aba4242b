// Recognises US pharmacy chains, and the banners they trade under, in a
// provider name.
//
//   ChainFromName("CVS Pharmacy, Inc. #17404");  // "cvs"
//   ChainFromName("CARRS PHARMACY #1739");       // "albertsons"
//   ChainFromName("Ron's Apothecary Shoppe");    // "" (independent)
//
// Matching is on whole words, ignoring case and punctuation: "CVS" matches
// "CVS/pharmacy #123" but not "ACVSX"; "Sam's Club" matches "SAMS CLUB".
// Banners whose names are common words ("Market Street", "Lucky", "Amigos",
// "City Market", "Baker's") are left out on purpose, since independents use
// them too. Thread-safe.
#ifndef RXLOCATOR_LOADERS_CHAINS_H_
#define RXLOCATOR_LOADERS_CHAINS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace rxlocator {

// The chain key ("walgreens", "kroger", ...) for a provider name, or "".
std::string ChainFromName(absl::string_view provider_name);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_CHAINS_H_
