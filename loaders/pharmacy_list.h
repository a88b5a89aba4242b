// The pharmacies of one file in first-seen order, indexed by id, so an
// adapter can tell a repeated id from a new one and name the line where the
// id first appeared.
//
//   PharmacyList list;
//   if (int first = list.LineOf(p.id)) {
//     log.Skip(line, "duplicate id", absl::StrCat("see line ", first));
//   } else {
//     list.Add(std::move(p), line);
//   }
//   std::vector<Pharmacy> all = std::move(list).Release();
//
// Not thread-safe; one adapter call owns it.
#ifndef RXLOCATOR_LOADERS_PHARMACY_LIST_H_
#define RXLOCATOR_LOADERS_PHARMACY_LIST_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "index/pharmacy.h"

namespace rxlocator {

class PharmacyList {
 public:
  // The line on which `id` was added, or 0 if it was not.
  int LineOf(absl::string_view id) const;

  // The pharmacy added with `id`, or nullptr. Invalidated by Add.
  const Pharmacy* Find(absl::string_view id) const;

  // Adds `pharmacy`, read from `line`. Its id must not be in the list yet.
  void Add(Pharmacy pharmacy, int line);

  std::vector<Pharmacy> Release() && { return std::move(pharmacies_); }

 private:
  struct Entry {
    size_t index;
    int line;
  };
  std::vector<Pharmacy> pharmacies_;
  absl::flat_hash_map<std::string, Entry> by_id_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_LOADERS_PHARMACY_LIST_H_
