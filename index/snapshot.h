// Snapshot: one immutable version of the pharmacy data, laid out for search.
//
// Build() validates a Dataset and arranges it for the query engine: the
// pharmacies in S2 cell-id (Hilbert) order, which is the order of every
// per-pharmacy column and of the spatial index, plus lookups by id, NPI and
// NCPDP id. A new data load builds a new Snapshot off to the side; the server
// publishes it by swapping a shared_ptr, and requests keep the one they
// started with.
//
//   absl::StatusOr<std::shared_ptr<const Snapshot>> s =
//       Snapshot::Build(std::move(dataset), std::move(zips));
//   std::optional<uint32_t> i = (*s)->Lookup("1740219781");
//
// A Snapshot is immutable; every method is const and thread-safe.
#ifndef RXLOCATOR_INDEX_SNAPSHOT_H_
#define RXLOCATOR_INDEX_SNAPSHOT_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "index/drug_catalog.h"
#include "index/network_index.h"
#include "index/pharmacy.h"
#include "index/pharmacy_directory.h"
#include "index/spatial_index.h"
#include "index/weekly_hours_column.h"
#include "index/zip_table.h"
#include "s2/s2point.h"

namespace rxlocator {

class Snapshot {
 public:
  // Fails with InvalidArgument if the dataset is empty, an id is empty or
  // repeated, a location is invalid or a time zone unknown; the message
  // names the pharmacy. Fails as NetworkIndex::Build does for bad networks.
  // Pharmacies whose counter is always open get the 24-hour service.
  static absl::StatusOr<std::shared_ptr<const Snapshot>> Build(Dataset dataset,
                                                               ZipTable zips);

  // Pharmacies in index order; a pharmacy's index is its position here.
  const std::vector<Pharmacy>& pharmacies() const { return pharmacies_; }
  const Pharmacy& pharmacy(uint32_t i) const { return pharmacies_[i]; }
  // Per-pharmacy columns, compact so that filters inside the search stay
  // in cache.
  ServiceMask services(uint32_t i) const { return services_[i]; }
  // The pharmacy's location as a unit vector.
  const S2Point& point(uint32_t i) const { return points_[i]; }
  // The pharmacy's time zone as a code into zones(), or kNoZone.
  uint32_t zone_code(uint32_t i) const { return zone_codes_[i]; }
  static constexpr uint32_t kNoZone = UINT32_MAX;
  // The distinct time zones of the pharmacies, by code.
  const std::vector<absl::TimeZone>& zones() const { return zones_; }
  // The pharmacy's time zone, or nullptr when its data gives none.
  const absl::TimeZone* zone(uint32_t i) const {
    return zone_codes_[i] == kNoZone ? nullptr : &zones_[zone_codes_[i]];
  }
  // Plain weekly counter hours, for the open-now filter.
  const WeeklyHoursColumn& weekly_hours() const { return weekly_hours_; }
  // The pharmacy's chain as a code into chains(); 0 is "no chain".
  uint32_t chain_code(uint32_t i) const { return chain_codes_[i]; }
  // Chain keys by code; chains()[0] is "".
  const std::vector<std::string>& chains() const { return chains_; }
  std::optional<uint32_t> FindChain(absl::string_view key) const;

  // The pharmacy with this id, NPI or NCPDP id, in that order of preference.
  // An NPI or NCPDP id shared by several pharmacies finds the smallest id.
  std::optional<uint32_t> Lookup(absl::string_view id_npi_or_ncpdp) const;
  // The lookup behind Lookup(), for loaders that resolve against this data.
  const PharmacyDirectory& directory() const { return directory_; }

  // A spatial index and the services every pharmacy in it offers.
  struct ServiceIndex {
    const SpatialIndex* index;  // Ids are indices into pharmacies().
    ServiceMask services;
  };
  // The index to search for pharmacies offering all of `services`: the one
  // over only the pharmacies with the rarest of them (a filter that keeps
  // one pharmacy in ten then costs no more than no filter), or the index
  // over all of them when `services` is 0.
  ServiceIndex IndexFor(ServiceMask services) const;
  const ZipTable& zips() const { return zips_; }
  // Plan networks over pharmacies().
  const NetworkIndex& networks() const { return networks_; }
  // The drugs the data names.
  const DrugCatalog& drugs() const { return drugs_; }

  // A fingerprint of the content (pharmacies, ZIP table, networks, plans
  // and drugs): the same data gives the same version in every process.
  uint64_t version() const { return version_; }
  // The version as the API shows it: 16 hex digits.
  std::string version_text() const;

 private:
  Snapshot(std::vector<Pharmacy> pharmacies, ZipTable zips);

  std::vector<Pharmacy> pharmacies_;
  std::vector<ServiceMask> services_;
  std::vector<S2Point> points_;
  std::vector<uint32_t> chain_codes_;
  std::vector<uint32_t> zone_codes_;
  WeeklyHoursColumn weekly_hours_;
  std::vector<absl::TimeZone> zones_;
  std::vector<std::string> chains_;
  PharmacyDirectory directory_;
  ZipTable zips_;
  NetworkIndex networks_;
  DrugCatalog drugs_;
  SpatialIndex index_;
  std::array<SpatialIndex, kServiceCount> by_service_;
  uint64_t version_ = 0;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_SNAPSHOT_H_
