#include "loaders/network_loader.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "index/identifiers.h"
#include "index/plan_key.h"
#include "loaders/csv.h"
#include "loaders/rows.h"

namespace rxlocator {
namespace {

constexpr size_t kMaxNetworkIdLength = 64;

// Field index of each column a format names, in the order of its column
// enum; -1 for an optional column the file lacks.
using Columns = CsvColumns;

// 1-64 letters, digits, '-', '_' or '.'.
absl::Status CheckNetworkId(absl::string_view id) {
  bool ok = !id.empty() && id.size() <= kMaxNetworkIdLength;
  for (char c : id) {
    ok = ok && (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.');
  }
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("network_id ", Quoted(id), " must be 1-",
                   kMaxNetworkIdLength, " letters, digits, '-', '_' or '.'"));
}

// A yes/no flag in any case: Y, N, 1 or 0, and with `words` also true or
// false. Errors name `column` and quote `value`.
absl::StatusOr<bool> ParseFlag(absl::string_view column,
                               absl::string_view value, bool words) {
  const std::string v = absl::AsciiStrToLower(value);
  if (v == "y" || v == "1" || (words && v == "true")) return true;
  if (v == "n" || v == "0" || (words && v == "false")) return false;
  return absl::InvalidArgumentError(
      absl::StrCat(column, " ", Quoted(value), " must be Y or N",
                   words ? " (or true/false, 1/0)" : " (or 1/0)"));
}

// YYYY-MM-DD, a real calendar day; `if_empty` for "".
absl::StatusOr<absl::CivilDay> ParseDay(absl::string_view column,
                                        absl::string_view value,
                                        absl::CivilDay if_empty) {
  if (value.empty()) return if_empty;
  absl::CivilDay day;
  if (value.size() != 10 || !absl::ParseCivilTime(value, &day) ||
      absl::FormatCivilTime(day) != value) {
    return absl::InvalidArgumentError(
        absl::StrCat(column, " ", Quoted(value), " is not a date YYYY-MM-DD"));
  }
  return day;
}

// Networks in order of first appearance.
class NetworkList {
 public:
  // The position of the network called `id`, added (with no name and no
  // members) if new; sets *added to whether it was.
  size_t Add(const std::string& id, bool* added) {
    auto [it, fresh] = by_id_.emplace(id, networks_.size());
    if (fresh) networks_.push_back(Network{id, "", {}});
    *added = fresh;
    return it->second;
  }
  Network& operator[](size_t i) { return networks_[i]; }
  size_t size() const { return networks_.size(); }
  std::vector<Network> Release() && { return std::move(networks_); }

 private:
  std::vector<Network> networks_;
  absl::flat_hash_map<std::string, size_t> by_id_;
};

// A (network, pharmacy) pair, by position.
using MemberKey = std::pair<size_t, uint32_t>;

// What every network format needs while it loads rows.
struct NetworkContext {
  absl::string_view format;  // "native" or "partd", for Membership::source.
  const std::string& path;
  const std::vector<Pharmacy>& pharmacies;
  const PharmacyDirectory& directory;
  RowLog& log;
  NetworkList networks;

  // Appends a member to network `network`: pharmacy `pharmacy` from the row
  // on `line`.
  void AddMember(size_t network, uint32_t pharmacy, Tier tier, FillKinds fills,
                 absl::CivilDay effective, absl::CivilDay end, int line) {
    networks[network].members.push_back(
        Membership{pharmacies[pharmacy].id, tier, fills, effective, end,
                   SourceLabel(format, path, line)});
  }

  // Finishes the report; the networks if the load succeeded.
  absl::StatusOr<LoadedNetworks> Finish(std::vector<PlanMapping> plans) {
    if (absl::Status s = log.Finish(networks.size(), "networks"); !s.ok()) {
      return s;
    }
    return LoadedNetworks{std::move(networks).Release(), std::move(plans)};
  }
};

// ---- native ----

enum NativeColumn {
  kNetworkId,
  kPharmacy,
  kTier,
  kRetail,
  kMail,
  kNinetyDayRetail,
  kSpecialty,
  kNetworkName,
  kEffectiveDate,
  kEndDate,
  kNumNativeColumns
};
constexpr absl::string_view kNativeColumnNames[kNumNativeColumns] = {
    "network_id",     "pharmacy",          "tier",      "retail",
    "mail",           "ninety_day_retail", "specialty", "network_name",
    "effective_date", "end_date"};
constexpr size_t kNumNativeRequired = kSpecialty + 1;

struct Period {
  absl::CivilDay effective;
  absl::CivilDay end;
  int line;
};

class NativeLoader {
 public:
  explicit NativeLoader(NetworkContext& context) : c_(context) {}

  void Add(const Columns& columns, const CsvRecord& row) {
    const auto field = [&](NativeColumn column) {
      return row.Trimmed(columns[column]);
    };
    const auto skip = [&](absl::string_view reason, absl::string_view what) {
      c_.log.Skip(row.line, reason, what);
    };

    const std::string id = field(kNetworkId);
    if (absl::Status s = CheckNetworkId(id); !s.ok()) {
      return skip("bad network id", s.message());
    }
    bool added;
    const size_t network = c_.networks.Add(id, &added);
    if (added) name_lines_.push_back(0);

    const std::string key = field(kPharmacy);
    if (key.empty()) return skip("missing pharmacy", "pharmacy is empty");
    const std::optional<uint32_t> pharmacy = FindPharmacy(c_.directory, key);
    if (!pharmacy.has_value()) {
      return skip("unknown pharmacy",
                  absl::StrCat("pharmacy ", Quoted(key),
                               " is not a known pharmacy id, NPI or NCPDP id"));
    }

    const std::string tier_text = absl::AsciiStrToLower(field(kTier));
    if (tier_text != "preferred" && tier_text != "standard") {
      return skip("bad tier", absl::StrCat("tier ", Quoted(field(kTier)),
                                           " must be preferred or standard"));
    }
    const Tier tier =
        tier_text == "preferred" ? Tier::kPreferred : Tier::kStandard;

    FillKinds fills = 0;
    for (const auto& [column, kind] :
         {std::pair{kRetail, FillKind::kRetail},
          std::pair{kMail, FillKind::kMail},
          std::pair{kNinetyDayRetail, FillKind::kNinetyDayRetail},
          std::pair{kSpecialty, FillKind::kSpecialty}}) {
      absl::StatusOr<bool> flag =
          ParseFlag(kNativeColumnNames[column], field(column), /*words=*/true);
      if (!flag.ok()) return skip("bad flag", flag.status().message());
      if (*flag) fills |= Bit(kind);
    }
    if (fills == 0) {
      return skip("no fill kind",
                  "none of retail, mail, ninety_day_retail and specialty is Y");
    }
    if ((fills & Bit(FillKind::kNinetyDayRetail)) &&
        !(fills & Bit(FillKind::kRetail))) {
      return skip("90-day without retail",
                  "ninety_day_retail is Y but retail is not");
    }

    absl::StatusOr<absl::CivilDay> effective =
        ParseDay("effective_date", field(kEffectiveDate), kFirstDay);
    if (!effective.ok()) return skip("bad date", effective.status().message());
    absl::StatusOr<absl::CivilDay> end =
        ParseDay("end_date", field(kEndDate), kLastDay);
    if (!end.ok()) return skip("bad date", end.status().message());
    if (*end < *effective) {
      return skip("end before effective",
                  absl::StrCat("end_date ", Quoted(field(kEndDate)),
                               " is before effective_date ",
                               Quoted(field(kEffectiveDate))));
    }

    std::vector<Period>& periods = periods_[MemberKey{network, *pharmacy}];
    for (const Period& p : periods) {
      if (*effective <= p.end && p.effective <= *end) {
        return skip(
            "overlapping membership",
            absl::StrCat("pharmacy ", Quoted(key), " is already in network ",
                         Quoted(id), " on line ", p.line,
                         " for dates overlapping these"));
      }
    }
    periods.push_back(Period{*effective, *end, row.line});

    NameNetwork(network, field(kNetworkName), row.line);
    c_.AddMember(network, *pharmacy, tier, fills, *effective, *end, row.line);
  }

 private:
  // The first non-empty name names the network; a different later one is a
  // warning.
  void NameNetwork(size_t network, const std::string& name, int line) {
    if (name.empty()) return;
    std::string& current = c_.networks[network].name;
    if (name_lines_[network] == 0) {
      current = name;
      name_lines_[network] = line;
    } else if (name != current) {
      c_.log.Warn(line, "conflicting network name",
                  absl::StrCat("network_name ", Quoted(name), " differs from ",
                               Quoted(current), " given on line ",
                               name_lines_[network], "; keeping the first"));
    }
  }

  NetworkContext& c_;
  std::vector<int> name_lines_;  // Per network: where it was named, or 0.
  absl::flat_hash_map<MemberKey, std::vector<Period>> periods_;
};

// ---- partd ----

enum PartDColumn {
  kContractId,
  kPlanId,
  kSegmentId,
  kPharmacyNumber,
  kPharmacyZipcode,
  kPreferredStatusRetail,
  kPreferredStatusMail,
  kPharmacyRetail,
  kPharmacyMail,
  kInAreaFlag,
  kBrandDispensingFee90,
  kGenericDispensingFee90,
  kNumPartDColumns
};
constexpr absl::string_view kPartDColumnNames[kNumPartDColumns] = {
    "CONTRACT_ID",
    "PLAN_ID",
    "SEGMENT_ID",
    "PHARMACY_NUMBER",
    "PHARMACY_ZIPCODE",
    "PREFERRED_STATUS_RETAIL",
    "PREFERRED_STATUS_MAIL",
    "PHARMACY_RETAIL",
    "PHARMACY_MAIL",
    "IN_AREA_FLAG",
    "BRAND_DISPENSING_FEE_90",
    "GENERIC_DISPENSING_FEE_90"};
constexpr size_t kNumPartDRequired = kInAreaFlag + 1;

// PHARMACY_NUMBER is the NPI left-padded with zeros ("001740219781").
absl::StatusOr<std::string> PartDNpi(absl::string_view raw) {
  absl::string_view digits = raw;
  while (digits.size() > 10 && digits.front() == '0') digits.remove_prefix(1);
  absl::StatusOr<std::string> npi = NormalizeNpi(digits);
  if (!npi.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "PHARMACY_NUMBER ", Quoted(raw), ": ", npi.status().message()));
  }
  return npi;
}

class PartDLoader {
 public:
  PartDLoader(NetworkContext& context, std::optional<int> plan_year)
      : c_(context) {
    if (plan_year.has_value()) {
      effective_ = absl::CivilDay(*plan_year, 1, 1);
      end_ = absl::CivilDay(*plan_year, 12, 31);
    }
  }

  void Add(const Columns& columns, const CsvRecord& row) {
    const auto field = [&](PartDColumn column) {
      return row.Trimmed(columns[column]);
    };
    const auto skip = [&](absl::string_view reason, absl::string_view what) {
      c_.log.Skip(row.line, reason, what);
    };

    absl::StatusOr<PlanKey> plan =
        MedicarePlan(field(kContractId), field(kPlanId), field(kSegmentId));
    if (!plan.ok()) return skip("bad plan", plan.status().message());
    const std::string id = plan->ToString();
    bool added;
    const size_t network = c_.networks.Add(id, &added);
    if (added) {
      const std::string name = absl::StrCat("Medicare Part D ", id);
      c_.networks[network].name = name;
      plans_.push_back(PlanMapping{*std::move(plan), id, name,
                                   SourceLabel("partd", c_.path, row.line)});
    }

    const std::string number = field(kPharmacyNumber);
    absl::StatusOr<std::string> npi = PartDNpi(number);
    if (!npi.ok()) return skip("bad NPI", npi.status().message());

    // IN_AREA_FLAG (whether the pharmacy is in the plan's service area) is
    // validated but not used: the search is by distance, not service area.
    bool flags[kInAreaFlag - kPreferredStatusRetail + 1];
    for (int c = kPreferredStatusRetail; c <= kInAreaFlag; ++c) {
      const PartDColumn column = static_cast<PartDColumn>(c);
      absl::StatusOr<bool> flag =
          ParseFlag(kPartDColumnNames[column], field(column), /*words=*/false);
      if (!flag.ok()) return skip("bad flag", flag.status().message());
      flags[c - kPreferredStatusRetail] = *flag;
    }
    const bool preferred_retail = flags[0], preferred_mail = flags[1],
               retail = flags[2], mail = flags[3];
    if (!retail && !mail) {
      return skip("neither retail nor mail",
                  "PHARMACY_RETAIL and PHARMACY_MAIL are both N");
    }
    // The file has no 90-day flag; a 90-day dispensing fee means the
    // pharmacy fills 90-day supplies. It has no specialty flag either.
    const bool ninety_day = !field(kBrandDispensingFee90).empty() ||
                            !field(kGenericDispensingFee90).empty();
    FillKinds fills = 0;
    if (retail) fills |= Bit(FillKind::kRetail);
    if (mail) fills |= Bit(FillKind::kMail);
    if (retail && ninety_day) fills |= Bit(FillKind::kNinetyDayRetail);
    // One tier per membership: the retail status where the pharmacy fills
    // retail, else the mail status.
    const Tier tier = (retail ? preferred_retail : preferred_mail)
                          ? Tier::kPreferred
                          : Tier::kStandard;

    const std::optional<uint32_t> pharmacy = c_.directory.Find(*npi);
    if (!pharmacy.has_value()) {
      return skip("unknown pharmacy",
                  absl::StrCat("PHARMACY_NUMBER ", Quoted(number),
                               ": no known pharmacy has NPI ", *npi));
    }
    auto [first, fresh] =
        first_lines_.emplace(MemberKey{network, *pharmacy}, row.line);
    if (!fresh) {
      return skip("duplicate pharmacy",
                  absl::StrCat("PHARMACY_NUMBER ", Quoted(number), " (NPI ",
                               *npi, ") is already listed for ", id,
                               " on line ", first->second));
    }
    // Not used for matching; a bad one is only worth a warning.
    NormalizeOrWarn(c_.log, row.line, "bad ZIP code", field(kPharmacyZipcode),
                    NormalizeZip);
    c_.AddMember(network, *pharmacy, tier, fills, effective_, end_, row.line);
  }

  std::vector<PlanMapping> Release() && { return std::move(plans_); }

 private:
  NetworkContext& c_;
  absl::CivilDay effective_ = kFirstDay;
  absl::CivilDay end_ = kLastDay;
  std::vector<PlanMapping> plans_;
  absl::flat_hash_map<MemberKey, int> first_lines_;
};

// ---- plans ----

enum PlanColumn { kPlan, kPlanNetworkId, kPlanName, kNumPlanColumns };
constexpr absl::string_view kPlanColumnNames[kNumPlanColumns] = {
    "plan", "network_id", "plan_name"};
constexpr size_t kNumPlanRequired = kPlanNetworkId + 1;

}  // namespace

absl::StatusOr<NetworkFormat> ParseNetworkFormat(absl::string_view name) {
  NetworkFormat format;
  if (name == "native") return format;
  format.kind = NetworkFormat::Kind::kPartD;
  if (name == "partd") return format;
  absl::string_view year = name;
  int y;
  if (absl::ConsumePrefix(&year, "partd@") && year.size() == 4 &&
      absl::ascii_isdigit(year[0]) && absl::SimpleAtoi(year, &y) &&
      y >= kFirstDay.year() && y <= kLastDay.year()) {
    format.plan_year = y;
    return format;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown network format ", Quoted(name),
                   " (known: native, partd, partd@YEAR such as partd@2026)"));
}

absl::StatusOr<LoadedNetworks> LoadNetworks(
    const NetworkFormat& format, const std::string& path,
    const std::vector<Pharmacy>& pharmacies, const PharmacyDirectory& directory,
    const LoadOptions& options, LoadReport* report) {
  const bool partd = format.kind == NetworkFormat::Kind::kPartD;
  if (!partd && format.plan_year.has_value()) {
    return absl::InvalidArgumentError(
        "a plan year applies only to the partd network format");
  }
  RowLog log(path, options, report);
  NetworkContext context{
      partd ? "partd" : "native", path, pharmacies, directory, log, {}};
  if (partd) {
    PartDLoader loader(context, format.plan_year);
    absl::Status status =
        ForEachCsvFileRow(path, '|', kPartDColumnNames, kNumPartDRequired, log,
                          [&](const Columns& columns, const CsvRecord& row) {
                            loader.Add(columns, row);
                          });
    if (!status.ok()) return status;
    return context.Finish(std::move(loader).Release());
  }
  NativeLoader loader(context);
  absl::Status status =
      ForEachCsvFileRow(path, ',', kNativeColumnNames, kNumNativeRequired, log,
                        [&](const Columns& columns, const CsvRecord& row) {
                          loader.Add(columns, row);
                        });
  if (!status.ok()) return status;
  return context.Finish({});
}

absl::StatusOr<std::vector<PlanMapping>> LoadPlans(const std::string& path,
                                                   const LoadOptions& options,
                                                   LoadReport* report) {
  RowLog log(path, options, report);
  const std::string file_name = std::filesystem::path(path).filename().string();
  std::vector<PlanMapping> plans;
  absl::flat_hash_map<PlanKey, int> first_lines;
  absl::Status status = ForEachCsvFileRow(
      path, ',', kPlanColumnNames, kNumPlanRequired, log,
      [&](const Columns& columns, const CsvRecord& row) {
        absl::StatusOr<PlanKey> plan =
            ParsePlanKey(row.Trimmed(columns[kPlan]));
        if (!plan.ok()) {
          return log.Skip(row.line, "bad plan", plan.status().message());
        }
        const std::string network_id = row.Trimmed(columns[kPlanNetworkId]);
        if (absl::Status s = CheckNetworkId(network_id); !s.ok()) {
          return log.Skip(row.line, "bad network id", s.message());
        }
        auto [first, fresh] = first_lines.emplace(*plan, row.line);
        if (!fresh) {
          return log.Skip(
              row.line, "duplicate plan",
              absl::StrCat("plan ", plan->ToString(),
                           " is already mapped on line ", first->second));
        }
        plans.push_back(PlanMapping{*std::move(plan), network_id,
                                    row.Trimmed(columns[kPlanName]),
                                    absl::StrCat(file_name, ":", row.line)});
      });
  if (!status.ok()) return status;
  return log.Finish(std::move(plans), "plans");
}

}  // namespace rxlocator
