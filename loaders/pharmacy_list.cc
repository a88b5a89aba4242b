#include "loaders/pharmacy_list.h"

#include <utility>

namespace rxlocator {

int PharmacyList::LineOf(absl::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? 0 : it->second.line;
}

const Pharmacy* PharmacyList::Find(absl::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &pharmacies_[it->second.index];
}

void PharmacyList::Add(Pharmacy pharmacy, int line) {
  by_id_.emplace(pharmacy.id, Entry{pharmacies_.size(), line});
  pharmacies_.push_back(std::move(pharmacy));
}

}  // namespace rxlocator
