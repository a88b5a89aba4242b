// GenerateNetworks: synthetic plan networks for any pharmacy set, shaped like
// real PBM networks, and writers for the files the network loaders read.
//
// The networks are made up (no real network data is public); they exist so
// that the service, its tests and its demos have plans to search with. Every
// choice comes from a hash of (seed, pharmacy id), coded out here rather than
// taken from <random>, so the same pharmacies and seed give the same file
// contents on every platform and standard library, whatever the order of the
// input. (Compressed, the bytes also depend on the zlib build: its gzip
// header names the OS but no file name or time.)
//
//   NetworkGeneratorOptions options;  // seed 1, plan year 2026
//   GeneratedNetworks generated = GenerateNetworks(pharmacies, options);
//   absl::Status s = WriteNetworksCsv(generated.networks, "networks.csv.gz");
//   std::vector<Pharmacy> all = pharmacies;
//   all.push_back(generated.mail_order);
//   s.Update(WritePartDFile(generated.part_d, all, "partd.txt.gz"));
//   s.Update(WritePlansCsv(generated.plans, "plans.csv.gz"));
//   s.Update(WriteNativePharmaciesCsv({generated.mail_order}, "mail.csv.gz"));
//
// What is generated, with n pharmacies (rounded counts, exact for a given
// input):
//   - "national-broad", National Broad Network: all but 3% of the pharmacies,
//     standard tier, retail, chain pharmacies also 90-day retail. Members
//     join on Jan 1 of the plan year, open-ended, except 2% that join on
//     Jul 1 and 2% that leave after Sep 30.
//   - "narrow-preferred", Narrow Preferred Network: no pharmacy of the
//     largest chain; 60% of the others, the first half of them (in hash
//     order) preferred with 90-day retail, the rest standard retail.
//   - "H4321-001-000", the Part D plan's network: 90% of the pharmacies that
//     can appear in a CMS Part D file (those with an NPI; where pharmacies
//     share an NPI, only the one with the smallest id, which is the one a
//     loader resolves the NPI to). The second and third largest chains (or,
//     with fewer than three chains, the ones there are, up to two) are
//     preferred; chains get 90-day retail. Memberships cover the plan year.
//   - "specialty-select", Specialty Select Network: 5 pharmacies in
//     different states where possible, specialty fills only.
//   - One synthetic mail-order pharmacy, a member for mail of every network
//     (standard tier; preferred in Part D). The 5 specialty pharmacies also
//     fill specialty in national-broad and narrow-preferred where they are
//     members of them (they are not added where they are not).
//   - Plans 610014:ABC:GRP1 -> national-broad, 610014:NARROW: (any group) ->
//     narrow-preferred, 610014:SPEC: -> specialty-select. The Part D plan is
//     named by its network's id, as its file implies.
// Memberships are sorted by pharmacy id.
//
// Pure functions; thread-safe. The writers create or replace one file each
// and gzip it when the path ends in ".gz".
#ifndef RXLOCATOR_TOOLS_NETWORK_GENERATOR_H_
#define RXLOCATOR_TOOLS_NETWORK_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "index/network.h"
#include "index/pharmacy.h"

namespace rxlocator {

struct NetworkGeneratorOptions {
  // Seeds every choice. Default 1.
  uint64_t seed = 1;
  // The year the networks are for: memberships start on its Jan 1, and the
  // Part D network covers it. Default 2026.
  int plan_year = 2026;
};

struct GeneratedNetworks {
  // national-broad, narrow-preferred and specialty-select, in that order.
  std::vector<Network> networks;
  // The Part D plan's network, id "H4321-001-000", named "Medicare Part D
  // H4321-001-000" as the Part D loader names it.
  Network part_d;
  // The three commercial plans above.
  std::vector<PlanMapping> plans;
  // "RxLocator Mail Service Pharmacy (synthetic)", id "synthetic-mail-1"
  // (or -2, -3, ... if the input already uses that id), in Columbus, OH,
  // with a made-up address, a 555-01xx phone number and an NPI that passes
  // the check but no input pharmacy uses. No hours.
  Pharmacy mail_order;

  // What the generator chose, for its log.
  std::string excluded_chain;  // Left out of narrow-preferred; "" if none.
  int excluded_chain_size = 0;
  std::vector<std::string> part_d_preferred_chains;
  int part_d_without_npi = 0;  // Pharmacies that cannot be in Part D.
  int part_d_shared_npi = 0;   // Left out: their NPI finds another pharmacy.
};

GeneratedNetworks GenerateNetworks(const std::vector<Pharmacy>& pharmacies,
                                   const NetworkGeneratorOptions& options);

// `first_nine` digits followed by their NPI check digit (the Luhn digit of
// "80840" + first_nine). `first_nine` must be nine ASCII digits.
std::string NpiWithCheckDigit(absl::string_view first_nine);

// The native network CSV: one row per membership,
//   network_id,network_name,pharmacy,tier,retail,mail,ninety_day_retail,
//   specialty,effective_date,end_date
// with tier preferred|standard, flags Y|N, dates YYYY-MM-DD and empty when
// open-ended (kFirstDay, kLastDay).
absl::Status WriteNetworksCsv(const std::vector<Network>& networks,
                              const std::string& path);

// The plans CSV, "plan,network_id,plan_name", plan as PlanKey::ToString().
absl::Status WritePlansCsv(const std::vector<PlanMapping>& plans,
                           const std::string& path);

// `network` as a CMS Part D pharmacy network file (pipe-delimited, the CMS
// header with dispensing fees). network.id must be a Medicare plan
// ("H4321-001-000"). Each member is found in `pharmacies` by id; its NPI,
// zero-padded to 12 characters, is PHARMACY_NUMBER. The file has no dates,
// names or addresses. The 90-day fee columns are filled only for members
// with 90-day retail. InvalidArgument, writing nothing, if a member is
// unknown or has no NPI.
absl::Status WritePartDFile(const Network& network,
                            const std::vector<Pharmacy>& pharmacies,
                            const std::string& path);

// `pharmacies` in the native pharmacy format (docs/formats.md), with every
// documented column. Hours are not written: InvalidArgument, writing
// nothing, if a pharmacy has known hours.
absl::Status WriteNativePharmaciesCsv(const std::vector<Pharmacy>& pharmacies,
                                      const std::string& path);

}  // namespace rxlocator

#endif  // RXLOCATOR_TOOLS_NETWORK_GENERATOR_H_
