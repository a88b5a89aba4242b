// Page tokens for FindPharmacies.
//
// A token carries where the previous page ended (its last result's key in the
// total order), the data version it was issued on, the instant hours were
// evaluated at, and a fingerprint of the query, so that paging is stable, a
// token from other data is recognised, and a token reused with another query is
// refused. A checksum catches corrupted or hand-edited tokens. Tokens are
// opaque web-safe base64; they hold nothing secret, so they are not signed.
//
//   std::string t = EncodePageToken({.data_version = v, ...});
//   absl::StatusOr<PageToken> p = DecodePageToken(t);
#ifndef RXLOCATOR_SERVER_PAGE_TOKEN_H_
#define RXLOCATOR_SERVER_PAGE_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "index/nearest_query.h"

namespace rxlocator {

struct PageToken {
  uint64_t data_version = 0;
  uint64_t query_fingerprint = 0;
  RankKey after{};
  // The instant opening hours were evaluated at on the first page, so that
  // later pages of an "open now" search use the same "now".
  absl::Time asked_at = absl::UnixEpoch();
};

std::string EncodePageToken(const PageToken& token);

// InvalidArgument naming page_token if `text` is not a token this server
// issued (garbage, truncated, edited).
absl::StatusOr<PageToken> DecodePageToken(absl::string_view text);

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_PAGE_TOKEN_H_
