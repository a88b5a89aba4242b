// How the client prints the server's answers: as JSON, in columns, and the
// pieces of text several commands share (addresses, hours, tiers, stock).
//
//   if (args.Has("json")) {
//     PrintJson(response);
//   } else {
//     PrintColumns({{"NAME", "ADDRESS"},
//                   {p.name(), OneLineAddress(p.address())}});
//   }
#ifndef RXLOCATOR_TOOLS_CLI_OUTPUT_H_
#define RXLOCATOR_TOOLS_CLI_OUTPUT_H_

#include <google/protobuf/message.h>

#include <string>
#include <vector>

#include "rxlocator/v1/inventory.pb.h"
#include "rxlocator/v1/pharmacy_locator.pb.h"

namespace rxlocator::cli {

// Said when an answer is marked stock_stale.
inline constexpr char kStaleStock[] =
    "stock may be stale: the shared inventory is unreachable";

// Prints `message` as JSON: indented, or with `one_line` on a line of its
// own (for streams).
void PrintJson(const google::protobuf::Message& message, bool one_line = false);

// Prints `rows`, the first the header, in columns two spaces apart, each as
// wide as its widest cell.
void PrintColumns(const std::vector<std::vector<std::string>>& rows);

// "4000 W Dimond Blvd, Anchorage, AK 99502"
std::string OneLineAddress(const v1::PostalAddress& a);

// "open until 9:00 PM AKST", "closed, opens Mon 9:00 AM EST", ...
std::string HoursSummary(const v1::OpenStatus& s);

// "Plan 610014:ABC:GRP1 (Example Commercial Broad Plan): network
// national-broad (National Broad Network)"
std::string PlanNetworkLine(const v1::PlanNetwork& p);

// "preferred", "standard" or "unknown".
std::string TierName(v1::NetworkTier tier);

// How far to trust a stock count, in words.
std::string FreshnessName(v1::StockFreshness freshness);

// When a count was made, in UTC to the minute ("2026-11-22 14:05Z"): the
// pharmacy's own time zone is not in the answer. "-" without a count.
std::string AsOf(const v1::StockStatus& s);

}  // namespace rxlocator::cli

#endif  // RXLOCATOR_TOOLS_CLI_OUTPUT_H_
