// Loads plan networks (which pharmacies count in a network, at which tier,
// for which fills and when) and the mapping from plans to networks, from the
// formats in docs/formats.md ("Network files", "Plans file"):
//
//   - "native": rxlocator's own network CSV,
//       network_id,network_name,pharmacy,tier,retail,mail,ninety_day_retail,specialty,effective_date,end_date
//       narrow,Example Narrow,rx-1,preferred,Y,N,Y,N,2026-01-01,2026-12-31
//   - "partd": the public CMS Medicare Part D pharmacy network file,
//     pipe-delimited, one network and one plan per contract-plan-segment;
//     "partd@2026" dates every membership to the 2026 contract year.
//
//   absl::StatusOr<NetworkFormat> format = ParseNetworkFormat("partd@2026");
//   if (!format.ok()) return format.status();
//   PharmacyDirectory directory(dataset.pharmacies);
//   LoadReport report;
//   absl::StatusOr<LoadedNetworks> loaded =
//       LoadNetworks(*format, "pharmacy_networks.txt.gz", dataset.pharmacies,
//                    directory, LoadOptions(), &report);
//
// A row naming a pharmacy the directory does not know is a bad row ("unknown
// pharmacy"): skipped and counted, or in strict mode the load fails. Network
// ids are not checked against plans here; the snapshot builder does that.
// Thread-safe.
#ifndef RXLOCATOR_LOADERS_NETWORK_LOADER_H_
#define RXLOCATOR_LOADERS_NETWORK_LOADER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "index/network.h"
#include "index/pharmacy.h"
#include "index/pharmacy_directory.h"
#include "loaders/load_report.h"

namespace rxlocator {

struct NetworkFormat {
  enum class Kind { kNative, kPartD };
  // Default kNative.
  Kind kind = Kind::kNative;
  // kPartD only: the contract year the file describes; memberships are then
  // effective Jan 1 through Dec 31 of it. Default unset: open-ended.
  std::optional<int> plan_year;
};

// "native", "partd" or "partd@YEAR" (a four-digit year from 1900 to 2999,
// e.g. "partd@2026"); InvalidArgument listing the forms otherwise.
absl::StatusOr<NetworkFormat> ParseNetworkFormat(absl::string_view name);

struct LoadedNetworks {
  // In order of first appearance in the file, members in file order. A
  // network exists once a row names it with a valid id (native) or plan
  // (partd), even if every such row is then skipped.
  std::vector<Network> networks;
  // Part D files imply one plan per contract-plan-segment; empty for native.
  std::vector<PlanMapping> plans;
};

// Loads the network file at `path` (gzip or not). `directory` must be built
// over `pharmacies`; Membership::pharmacy_id is the id of the pharmacy a row
// names, and Membership::source "<format>:<file name>:<line>". The report
// counts rows and the networks they make.
absl::StatusOr<LoadedNetworks> LoadNetworks(
    const NetworkFormat& format, const std::string& path,
    const std::vector<Pharmacy>& pharmacies, const PharmacyDirectory& directory,
    const LoadOptions& options, LoadReport* report);

// Loads the plan-to-network mapping file at `path`, a CSV with columns
// plan,network_id,plan_name. PlanMapping::source is "<file name>:<line>".
absl::StatusOr<std::vector<PlanMapping>> LoadPlans(const std::string& path,
                                                   const LoadOptions& options,
                                                   LoadReport* report);

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_NETWORK_LOADER_H_
