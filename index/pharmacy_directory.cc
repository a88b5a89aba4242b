#include "index/pharmacy_directory.h"

namespace rxlocator {

PharmacyDirectory::PharmacyDirectory(const std::vector<Pharmacy>& pharmacies) {
  const auto claim = [&](absl::flat_hash_map<std::string, uint32_t>& map,
                         const std::string& key, uint32_t i) {
    if (key.empty()) return;
    auto [it, fresh] = map.emplace(key, i);
    if (!fresh && pharmacies[i].id < pharmacies[it->second].id) it->second = i;
  };
  for (uint32_t i = 0; i < pharmacies.size(); ++i) {
    by_id_.emplace(pharmacies[i].id, i);
    for (const std::string& merged : pharmacies[i].merged_ids) {
      claim(by_merged_id_, merged, i);
    }
    claim(by_npi_, pharmacies[i].npi, i);
    claim(by_ncpdp_, pharmacies[i].ncpdp_id, i);
  }
}

std::optional<uint32_t> PharmacyDirectory::Find(
    absl::string_view id_npi_or_ncpdp) const {
  for (const auto* map : {&by_id_, &by_merged_id_, &by_npi_, &by_ncpdp_}) {
    if (auto it = map->find(id_npi_or_ncpdp); it != map->end()) {
      return it->second;
    }
  }
  return std::nullopt;
}

}  // namespace rxlocator
