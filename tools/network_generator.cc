#include "tools/network_generator.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "index/plan_key.h"
#include "tools/csv_fields.h"

namespace rxlocator {
namespace {

constexpr absl::string_view kPartDNetwork = "H4321-001-000";

// 64-bit FNV-1a over the bytes of `s`. Coded here rather than taken from
// Fingerprint, whose Add(string_view) also hashes the length in the
// machine's byte order.
uint64_t Fnv1a(absl::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

// The splitmix64 finaliser: a well-mixed 64-bit value from any 64 bits.
uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// `candidates` in a pseudo-random order that depends only on the seed, the
// draw's name (so each network draws independently) and the pharmacy ids:
// not on the order of the input. Ties, which need a 64-bit collision, go by
// id.
std::vector<const Pharmacy*> Shuffled(std::vector<const Pharmacy*> candidates,
                                      uint64_t seed, absl::string_view draw) {
  const uint64_t draw_key = SplitMix64(seed ^ Fnv1a(draw));
  std::vector<std::pair<uint64_t, const Pharmacy*>> keyed;
  keyed.reserve(candidates.size());
  for (const Pharmacy* p : candidates) {
    keyed.emplace_back(SplitMix64(draw_key ^ Fnv1a(p->id)), p);
  }
  std::sort(keyed.begin(), keyed.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : x.second->id < y.second->id;
  });
  for (size_t i = 0; i < keyed.size(); ++i) candidates[i] = keyed[i].second;
  return candidates;
}

// `percent` of `n`, rounded half up.
size_t Share(size_t n, int percent) { return (n * percent + 50) / 100; }

// Chain keys, most pharmacies first, ties by key.
std::vector<std::pair<std::string, int>> ChainsBySize(
    const std::vector<Pharmacy>& pharmacies) {
  absl::flat_hash_map<std::string, int> counts;
  for (const Pharmacy& p : pharmacies) {
    if (!p.chain.empty()) ++counts[p.chain];
  }
  std::vector<std::pair<std::string, int>> chains(counts.begin(), counts.end());
  std::sort(chains.begin(), chains.end(), [](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : x.first < y.first;
  });
  return chains;
}

Membership Member(const Pharmacy& p, Tier tier, FillKinds fills,
                  absl::CivilDay effective, absl::CivilDay end = kLastDay) {
  Membership m;
  m.pharmacy_id = p.id;
  m.tier = tier;
  m.fills = fills;
  m.effective = effective;
  m.end = end;
  return m;
}

Network MakeNetwork(absl::string_view id, absl::string_view name,
                    std::vector<Membership> members) {
  std::sort(members.begin(), members.end(),
            [](const Membership& x, const Membership& y) {
              return x.pharmacy_id < y.pharmacy_id;
            });
  return Network{std::string(id), std::string(name), std::move(members)};
}

FillKinds ChainNinetyDay(const Pharmacy& p) {
  return p.chain.empty() ? 0 : Bit(FillKind::kNinetyDayRetail);
}

Pharmacy MailOrderPharmacy(const std::vector<Pharmacy>& pharmacies) {
  absl::flat_hash_set<absl::string_view> ids, npis;
  for (const Pharmacy& p : pharmacies) {
    ids.insert(p.id);
    if (!p.npi.empty()) npis.insert(p.npi);
  }
  Pharmacy mail;
  for (int i = 1; mail.id.empty() || ids.contains(mail.id); ++i) {
    mail.id = absl::StrCat("synthetic-mail-", i);
  }
  // Nine digits counting down from 199999990, with their check digit.
  for (int i = 0; mail.npi.empty() || npis.contains(mail.npi); ++i) {
    mail.npi = NpiWithCheckDigit(absl::StrCat(199999990 - i));
  }
  mail.name = "RxLocator Mail Service Pharmacy (synthetic)";
  mail.address = {.line1 = "4100 Example Parkway",
                  .line2 = "Suite 100",
                  .city = "Columbus",
                  .state = "OH",
                  .zip = "43219"};
  mail.phone = "(614) 555-0100";  // 555-0100..0199 are reserved as fictional.
  mail.latitude = 40.0326;        // ZIP 43219's centroid.
  mail.longitude = -82.9103;
  mail.time_zone = "America/New_York";
  mail.services = Bit(Service::kDelivery);
  mail.walk_in = false;  // Members are served by mail only.
  mail.source = "synthetic";
  return mail;
}

// Up to 5 pharmacies, in draw order but each in a state none of the earlier
// ones is in while there are such.
std::vector<const Pharmacy*> SpecialtyPharmacies(
    const std::vector<const Pharmacy*>& all, uint64_t seed) {
  constexpr size_t kCount = 5;
  const std::vector<const Pharmacy*> order =
      Shuffled(all, seed, "specialty-select");
  std::vector<const Pharmacy*> chosen;
  absl::flat_hash_set<std::string> states;
  std::vector<bool> taken(order.size(), false);
  for (size_t i = 0; i < order.size() && chosen.size() < kCount; ++i) {
    if (states.insert(order[i]->address.state).second) {
      chosen.push_back(order[i]);
      taken[i] = true;
    }
  }
  for (size_t i = 0; i < order.size() && chosen.size() < kCount; ++i) {
    if (!taken[i]) chosen.push_back(order[i]);
  }
  return chosen;
}

}  // namespace

std::string NpiWithCheckDigit(absl::string_view first_nine) {
  // Luhn over "80840" + first_nine + check digit: double every second digit
  // from the right, starting with the one left of the check digit.
  const std::string digits = absl::StrCat("80840", first_nine);
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    int d = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return absl::StrCat(first_nine, (10 - sum % 10) % 10);
}

GeneratedNetworks GenerateNetworks(const std::vector<Pharmacy>& pharmacies,
                                   const NetworkGeneratorOptions& options) {
  const uint64_t seed = options.seed;
  const int year = options.plan_year;
  const absl::CivilDay jan1(year, 1, 1), jul1(year, 7, 1), sep30(year, 9, 30),
      dec31(year, 12, 31);
  GeneratedNetworks out;
  out.mail_order = MailOrderPharmacy(pharmacies);
  const Pharmacy& mail = out.mail_order;
  const Membership mail_member =
      Member(mail, Tier::kStandard, Bit(FillKind::kMail), jan1);

  std::vector<const Pharmacy*> all;
  for (const Pharmacy& p : pharmacies) all.push_back(&p);
  const std::vector<std::pair<std::string, int>> chains =
      ChainsBySize(pharmacies);
  if (!chains.empty()) {
    out.excluded_chain = chains[0].first;
    out.excluded_chain_size = chains[0].second;
  }

  const std::vector<const Pharmacy*> specialty = SpecialtyPharmacies(all, seed);
  absl::flat_hash_set<const Pharmacy*> is_specialty(specialty.begin(),
                                                    specialty.end());
  auto specialty_fill = [&](const Pharmacy* p) -> FillKinds {
    return is_specialty.contains(p) ? Bit(FillKind::kSpecialty) : 0;
  };

  // national-broad: 3% out, then 2% joining Jul 1, 2% leaving after Sep 30.
  {
    const std::vector<const Pharmacy*> order =
        Shuffled(all, seed, "national-broad");
    const size_t out_end = Share(order.size(), 3);
    const size_t joining_end = out_end + Share(order.size(), 2);
    const size_t leaving_end = joining_end + Share(order.size(), 2);
    std::vector<Membership> members = {mail_member};
    for (size_t i = out_end; i < order.size(); ++i) {
      const Pharmacy& p = *order[i];
      members.push_back(Member(
          p, Tier::kStandard,
          Bit(FillKind::kRetail) | ChainNinetyDay(p) | specialty_fill(&p),
          i < joining_end ? jul1 : jan1,
          i >= joining_end && i < leaving_end ? sep30 : kLastDay));
    }
    out.networks.push_back(MakeNetwork(
        "national-broad", "National Broad Network", std::move(members)));
  }

  // narrow-preferred: 60% of the pharmacies outside the largest chain, the
  // first half of those preferred.
  {
    std::vector<const Pharmacy*> candidates;
    for (const Pharmacy* p : all) {
      if (out.excluded_chain.empty() || p->chain != out.excluded_chain) {
        candidates.push_back(p);
      }
    }
    const std::vector<const Pharmacy*> order =
        Shuffled(std::move(candidates), seed, "narrow-preferred");
    const size_t count = Share(order.size(), 60);
    const size_t preferred = (count + 1) / 2;
    std::vector<Membership> members = {mail_member};
    for (size_t i = 0; i < count; ++i) {
      const Pharmacy& p = *order[i];
      const FillKinds fills =
          i < preferred
              ? Bit(FillKind::kRetail) | Bit(FillKind::kNinetyDayRetail)
              : Bit(FillKind::kRetail);
      members.push_back(
          Member(p, i < preferred ? Tier::kPreferred : Tier::kStandard,
                 fills | specialty_fill(&p), jan1));
    }
    out.networks.push_back(MakeNetwork(
        "narrow-preferred", "Narrow Preferred Network", std::move(members)));
  }

  // specialty-select.
  {
    std::vector<Membership> members = {mail_member};
    for (const Pharmacy* p : specialty) {
      members.push_back(
          Member(*p, Tier::kStandard, Bit(FillKind::kSpecialty), jan1));
    }
    out.networks.push_back(MakeNetwork(
        "specialty-select", "Specialty Select Network", std::move(members)));
  }

  // Part D: 90% of the pharmacies a Part D file can name.
  {
    // The second and third largest chains, or with fewer than three chains
    // the ones there are.
    const size_t first = chains.size() >= 3 ? 1 : 0;
    for (size_t i = first; i < chains.size() && i < first + 2; ++i) {
      out.part_d_preferred_chains.push_back(chains[i].first);
    }
    // An NPI names the pharmacy with the smallest id that has it.
    absl::flat_hash_map<absl::string_view, const Pharmacy*> by_npi;
    for (const Pharmacy* p : all) {
      if (p->npi.empty()) continue;
      auto [it, inserted] = by_npi.try_emplace(p->npi, p);
      if (!inserted && p->id < it->second->id) it->second = p;
    }
    std::vector<const Pharmacy*> eligible;
    for (const Pharmacy* p : all) {
      if (p->npi.empty()) {
        ++out.part_d_without_npi;
      } else if (by_npi[p->npi] != p) {
        ++out.part_d_shared_npi;
      } else {
        eligible.push_back(p);
      }
    }
    const std::vector<const Pharmacy*> order =
        Shuffled(std::move(eligible), seed, kPartDNetwork);
    const size_t count = Share(order.size(), 90);
    std::vector<Membership> members = {
        Member(mail, Tier::kPreferred, Bit(FillKind::kMail), jan1, dec31)};
    for (size_t i = 0; i < count; ++i) {
      const Pharmacy& p = *order[i];
      const bool preferred =
          std::find(out.part_d_preferred_chains.begin(),
                    out.part_d_preferred_chains.end(),
                    p.chain) != out.part_d_preferred_chains.end();
      members.push_back(
          Member(p, preferred ? Tier::kPreferred : Tier::kStandard,
                 Bit(FillKind::kRetail) | ChainNinetyDay(p), jan1, dec31));
    }
    // Named as the Part D loader names it: the file gives no name.
    out.part_d = MakeNetwork(kPartDNetwork,
                             absl::StrCat("Medicare Part D ", kPartDNetwork),
                             std::move(members));
  }

  auto plan = [](absl::string_view pcn, absl::string_view group,
                 absl::string_view network, absl::string_view name) {
    PlanMapping mapping;
    mapping.plan.bin = "610014";
    mapping.plan.pcn = std::string(pcn);
    mapping.plan.group = std::string(group);
    mapping.network_id = std::string(network);
    mapping.name = std::string(name);
    return mapping;
  };
  out.plans = {
      plan("ABC", "GRP1", "national-broad", "Example Commercial Broad Plan"),
      plan("NARROW", "", "narrow-preferred", "Example Commercial Narrow Plan"),
      plan("SPEC", "", "specialty-select", "Example Specialty Carve-out"),
  };
  return out;
}

// ---------------------------------------------------------------------------
// Writers.

namespace {

// `path`'s new contents, gzipped if the name ends in ".gz".
absl::Status WriteFile(const std::string& path, absl::string_view contents) {
  auto error = [&path](absl::string_view what) {
    const int e = errno;
    return absl::Status(
        e != 0 ? absl::ErrnoToStatusCode(e) : absl::StatusCode::kInternal,
        absl::StrCat("cannot ", what, " ", path,
                     e != 0 ? absl::StrCat(": ", std::strerror(e)) : ""));
  };
  errno = 0;
  if (absl::EndsWith(path, ".gz")) {
    // zlib's gzip header carries no name or time, so equal contents give
    // equal bytes.
    gzFile file = gzopen(path.c_str(), "wb");
    if (file == nullptr) return error("create");
    const bool written =
        contents.empty() || gzwrite(file, contents.data(),
                                    static_cast<unsigned>(contents.size())) ==
                                static_cast<int>(contents.size());
    if (gzclose(file) != Z_OK || !written) return error("write");
    return absl::OkStatus();
  }
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return error("create");
  const bool written =
      std::fwrite(contents.data(), 1, contents.size(), file) == contents.size();
  if (std::fclose(file) != 0 || !written) return error("write");
  return absl::OkStatus();
}

absl::string_view YesNo(bool b) { return b ? "Y" : "N"; }

bool Has(const Membership& m, FillKind kind) { return (m.fills & Bit(kind)); }

std::string Date(absl::CivilDay day, absl::CivilDay open_end) {
  return day == open_end ? "" : absl::FormatCivilTime(day);
}

// Dispensing fees in dollars: brand 30/60/90-day, then generic.
struct Fees {
  absl::string_view brand[3];
  absl::string_view generic[3];
};
constexpr Fees kPreferredFees = {{"0.50", "0.50", "0.75"},
                                 {"0.50", "0.50", "0.75"}};
constexpr Fees kStandardFees = {{"1.00", "1.00", "1.50"},
                                {"1.25", "1.25", "1.75"}};

}  // namespace

absl::Status WriteNetworksCsv(const std::vector<Network>& networks,
                              const std::string& path) {
  std::string text;
  AppendCsvRecord(
      {"network_id", "network_name", "pharmacy", "tier", "retail", "mail",
       "ninety_day_retail", "specialty", "effective_date", "end_date"},
      &text);
  for (const Network& network : networks) {
    for (const Membership& m : network.members) {
      AppendCsvRecord(
          {network.id, network.name, m.pharmacy_id,
           m.tier == Tier::kPreferred ? "preferred" : "standard",
           YesNo(Has(m, FillKind::kRetail)), YesNo(Has(m, FillKind::kMail)),
           YesNo(Has(m, FillKind::kNinetyDayRetail)),
           YesNo(Has(m, FillKind::kSpecialty)), Date(m.effective, kFirstDay),
           Date(m.end, kLastDay)},
          &text);
    }
  }
  return WriteFile(path, text);
}

absl::Status WritePlansCsv(const std::vector<PlanMapping>& plans,
                           const std::string& path) {
  std::string text;
  AppendCsvRecord({"plan", "network_id", "plan_name"}, &text);
  for (const PlanMapping& plan : plans) {
    AppendCsvRecord({plan.plan.ToString(), plan.network_id, plan.name}, &text);
  }
  return WriteFile(path, text);
}

absl::Status WritePartDFile(const Network& network,
                            const std::vector<Pharmacy>& pharmacies,
                            const std::string& path) {
  absl::StatusOr<PlanKey> plan = ParsePlanKey(network.id);
  if (!plan.ok() || plan->kind != PlanKey::Kind::kMedicare) {
    return absl::InvalidArgumentError(
        absl::StrCat("network \"", network.id,
                     "\" is not a Medicare contract-plan-segment, so it "
                     "cannot be written as a Part D file"));
  }
  absl::flat_hash_map<absl::string_view, const Pharmacy*> by_id;
  for (const Pharmacy& p : pharmacies) by_id.try_emplace(p.id, &p);
  std::string text =
      "CONTRACT_ID|PLAN_ID|SEGMENT_ID|PHARMACY_NUMBER|PHARMACY_ZIPCODE|"
      "PREFERRED_STATUS_RETAIL|PREFERRED_STATUS_MAIL|PHARMACY_RETAIL|"
      "PHARMACY_MAIL|IN_AREA_FLAG|BRAND_DISPENSING_FEE_30|"
      "BRAND_DISPENSING_FEE_60|BRAND_DISPENSING_FEE_90|"
      "GENERIC_DISPENSING_FEE_30|GENERIC_DISPENSING_FEE_60|"
      "GENERIC_DISPENSING_FEE_90\n";
  for (const Membership& m : network.members) {
    const auto it = by_id.find(m.pharmacy_id);
    if (it == by_id.end() || it->second->npi.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("network ", network.id, ": pharmacy \"", m.pharmacy_id,
                       "\" ", it == by_id.end() ? "is unknown" : "has no NPI",
                       ", so it cannot be in a Part D file"));
    }
    const Pharmacy& p = *it->second;
    const bool preferred = m.tier == Tier::kPreferred;
    const bool retail = Has(m, FillKind::kRetail);
    const bool mail = Has(m, FillKind::kMail);
    const Fees& fees = preferred ? kPreferredFees : kStandardFees;
    const bool ninety = Has(m, FillKind::kNinetyDayRetail);
    absl::StrAppend(&text, plan->contract, "|", plan->plan, "|", plan->segment,
                    "|", std::string(12 - p.npi.size(), '0'), p.npi, "|",
                    p.address.zip, "|", YesNo(preferred && retail), "|",
                    YesNo(preferred && mail), "|", YesNo(retail), "|",
                    YesNo(mail), "|1|", fees.brand[0], "|", fees.brand[1], "|",
                    ninety ? fees.brand[2] : "", "|", fees.generic[0], "|",
                    fees.generic[1], "|", ninety ? fees.generic[2] : "", "\n");
  }
  return WriteFile(path, text);
}

absl::Status WriteNativePharmaciesCsv(const std::vector<Pharmacy>& pharmacies,
                                      const std::string& path) {
  std::string text;
  AppendCsvRecord(
      {"id", "name", "latitude", "longitude", "npi", "ncpdp_id", "chain",
       "address1", "address2", "city", "state", "zip", "phone", "time_zone",
       "services", "hours", "pharmacy_hours", "walk_in"},
      &text);
  for (const Pharmacy& p : pharmacies) {
    if (p.store_hours.known || p.pharmacy_hours.known) {
      return absl::InvalidArgumentError(
          absl::StrCat("pharmacy \"", p.id,
                       "\" has opening hours, which this writer cannot write"));
    }
    AppendCsvRecord(
        {p.id, p.name, CsvNumber(p.latitude), CsvNumber(p.longitude), p.npi,
         p.ncpdp_id, p.chain, p.address.line1, p.address.line2, p.address.city,
         p.address.state, p.address.zip, p.phone, p.time_zone,
         ServicesField(p.services), "", "", p.walk_in ? "Y" : "N"},
        &text);
  }
  return WriteFile(path, text);
}

}  // namespace rxlocator
