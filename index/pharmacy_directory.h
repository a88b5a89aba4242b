// PharmacyDirectory: finds a pharmacy by its id, NPI or NCPDP id, the three
// ways callers and network files name one.
//
//   PharmacyDirectory directory(dataset.pharmacies);
//   std::optional<uint32_t> i = directory.Find("1740219781");
//
// Immutable after construction; Find is thread-safe.
#ifndef RXLOCATOR_INDEX_PHARMACY_DIRECTORY_H_
#define RXLOCATOR_INDEX_PHARMACY_DIRECTORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "index/pharmacy.h"

namespace rxlocator {

class PharmacyDirectory {
 public:
  PharmacyDirectory() = default;
  // Positions in `pharmacies`, whose ids must be unique; copies the keys.
  explicit PharmacyDirectory(const std::vector<Pharmacy>& pharmacies);

  // The position of the pharmacy with this id, a source id merged into it
  // (Pharmacy::merged_ids), NPI or NCPDP id, in that order of preference. A
  // merged id, NPI or NCPDP id that several pharmacies share finds the one
  // with the smallest id.
  std::optional<uint32_t> Find(absl::string_view id_npi_or_ncpdp) const;

 private:
  absl::flat_hash_map<std::string, uint32_t> by_id_, by_merged_id_, by_npi_,
      by_ncpdp_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_PHARMACY_DIRECTORY_H_
