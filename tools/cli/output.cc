// Printing the server's answers.
#include "tools/cli/output.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"

namespace rxlocator::cli {

void PrintJson(const google::protobuf::Message& message, bool one_line) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = !one_line;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  std::printf("%s%s", json.c_str(), one_line ? "\n" : "");
}

void PrintColumns(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const std::vector<std::string>& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  for (const std::vector<std::string>& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i + 1 == row.size()) {
        absl::StrAppend(&line, row[i]);
      } else {
        absl::StrAppendFormat(&line, "%-*s  ", widths[i], row[i]);
      }
    }
    std::printf("%s\n", line.c_str());
  }
}

std::string OneLineAddress(const v1::PostalAddress& a) {
  return absl::StrCat(a.line1(), a.line2().empty() ? "" : " ", a.line2(), ", ",
                      a.city(), ", ", a.state(), " ", a.zip_code());
}

std::string HoursSummary(const v1::OpenStatus& s) {
  switch (s.state()) {
    case v1::OpenStatus::OPEN:
      if (!s.has_closes_at()) return "open 24 hours";
      return "open until " + s.closes_at().local_text();
    case v1::OpenStatus::CLOSED:
      if (!s.has_next_opens_at()) return "closed";
      return "closed, opens " + s.next_opens_at().local_text();
    default:
      return "hours unknown";
  }
}

std::string PlanNetworkLine(const v1::PlanNetwork& p) {
  return absl::StrCat("Plan ", p.plan(), " (", p.plan_name(), "): network ",
                      p.network_id(), " (", p.network_name(), ")");
}

std::string TierName(v1::NetworkTier tier) {
  switch (tier) {
    case v1::NETWORK_TIER_PREFERRED:
      return "preferred";
    case v1::NETWORK_TIER_STANDARD:
      return "standard";
    default:
      return "unknown";
  }
}

std::string FreshnessName(v1::StockFreshness freshness) {
  switch (freshness) {
    case v1::STOCK_FRESHNESS_IN_STOCK:
      return "in stock";
    case v1::STOCK_FRESHNESS_LOW:
      return "low";
    case v1::STOCK_FRESHNESS_CALL_TO_CONFIRM:
      return "call to confirm";
    case v1::STOCK_FRESHNESS_OUT_OF_STOCK:
      return "out of stock";
    default:
      return "no data";
  }
}

std::string AsOf(const v1::StockStatus& s) {
  if (!s.has_observed_at()) return "-";
  const absl::Time t = absl::FromUnixSeconds(s.observed_at().seconds()) +
                       absl::Nanoseconds(s.observed_at().nanos());
  return absl::FormatTime("%Y-%m-%d %H:%MZ", t, absl::UTCTimeZone());
}

}  // namespace rxlocator::cli
