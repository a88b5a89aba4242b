#include "loaders/merge.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "index/geo.h"
#include "index/identifiers.h"
#include "loaders/street_address.h"

namespace rxlocator {
namespace {

void FillString(std::string& into, const std::string& from) {
  if (into.empty()) into = from;
}

// Fills the fields `into` left empty from `from`, a later record of the
// same pharmacy.
void FillEmpty(Pharmacy& into, const Pharmacy& from) {
  FillString(into.name, from.name);
  FillString(into.npi, from.npi);
  FillString(into.ncpdp_id, from.ncpdp_id);
  FillString(into.chain, from.chain);
  FillString(into.address.line1, from.address.line1);
  FillString(into.address.line2, from.address.line2);
  FillString(into.address.city, from.address.city);
  FillString(into.address.state, from.address.state);
  FillString(into.address.zip, from.address.zip);
  FillString(into.phone, from.phone);
  FillString(into.time_zone, from.time_zone);
  if (into.services == 0) into.services = from.services;
  if (!into.store_hours.known) into.store_hours = from.store_hours;
  if (!into.pharmacy_hours.known) into.pharmacy_hours = from.pharmacy_hours;
  absl::StrAppend(&into.source, " + ", from.source);
  if (from.id != into.id) into.merged_ids.push_back(from.id);
}

double MetersBetween(const Pharmacy& a, const Pharmacy& b) {
  return MetersFromChord2(Chord2(PointFromDegrees(a.latitude, a.longitude),
                                 PointFromDegrees(b.latitude, b.longitude)));
}

// "99503 2920 SEWARD HWY": the ZIP code and normalised street line that
// records at one address share, or "" if p lacks either.
std::string AddressKey(const Pharmacy& p) {
  if (p.address.zip.empty()) return "";
  const std::string street = NormalizeStreetAddress(p.address.line1);
  if (street.empty()) return "";
  return absl::StrCat(p.address.zip, " ", street);
}

// Whether two records at one address may be one pharmacy: their NPIs do not
// differ, at least one names a chain, and they name no two different ones.
bool MayShareAddress(const Pharmacy& a, const Pharmacy& b) {
  if (!a.npi.empty() && !b.npi.empty() && a.npi != b.npi) return false;
  if (a.chain.empty()) return !b.chain.empty();
  return b.chain.empty() || a.chain == b.chain;
}

absl::Status Check(const Pharmacy& p) {
  if (p.id.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("record from ", p.source, " has no id"));
  }
  absl::Status status = ValidateLatLng(p.latitude, p.longitude);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "pharmacy ", Quoted(p.id), " from ", p.source, ": ", status.message()));
  }
  return absl::OkStatus();
}

// The merged pharmacies, with indexes by id, NPI and address.
class Merger {
 public:
  explicit Merger(MergeReport& report) : report_(report) {}

  absl::Status Add(Pharmacy p, int source) {
    if (absl::Status status = Check(p); !status.ok()) return status;
    ++report_.records;
    std::string address_key = AddressKey(p);
    std::optional<size_t> into;
    if (auto it = by_id_.find(p.id); it != by_id_.end()) {
      into = it->second;
      ++report_.merged_by_id;
    } else if ((into = SameNpiNearby(p, source))) {
      ++report_.merged_by_npi;
    } else if ((into = SameAddressNearby(p, address_key, source))) {
      ++report_.merged_by_address;
    }
    if (!into.has_value()) {
      Insert(std::move(p), std::move(address_key), source);
      return absl::OkStatus();
    }
    by_id_.emplace(p.id, *into);  // Later records with this id join too.
    MergeInto(*into, p, source);
    return absl::OkStatus();
  }

  Dataset Finish(const ZipTable* zips) && {
    Dataset dataset;
    dataset.pharmacies.reserve(merged_.size());
    for (Entry& entry : merged_) {
      Pharmacy& p = entry.pharmacy;
      if (p.time_zone.empty() && zips != nullptr) {
        const ZipInfo* info = zips->Find(p.address.zip);
        if (info != nullptr && !info->time_zone.empty()) {
          p.time_zone = info->time_zone;
          ++report_.time_zones_from_zip;
        }
      }
      dataset.pharmacies.push_back(std::move(p));
    }
    report_.pharmacies = static_cast<int64_t>(dataset.pharmacies.size());
    return dataset;
  }

 private:
  using Index = absl::flat_hash_map<std::string, std::vector<size_t>>;

  struct Entry {
    Pharmacy pharmacy;
    std::vector<int> sources;  // Indexes of the sources merged into it.
    std::string address_key;   // AddressKey(pharmacy).

    bool HasSource(int source) const {
      return std::find(sources.begin(), sources.end(), source) != sources.end();
    }
  };

  void Insert(Pharmacy p, std::string address_key, int source) {
    const size_t i = merged_.size();
    by_id_.emplace(p.id, i);
    if (!p.npi.empty()) by_npi_[p.npi].push_back(i);
    if (!address_key.empty()) by_address_[address_key].push_back(i);
    merged_.push_back({std::move(p), {source}, std::move(address_key)});
  }

  // Fills entry i from p, indexing it under an NPI or address it gains.
  void MergeInto(size_t i, const Pharmacy& p, int source) {
    Entry& entry = merged_[i];
    const bool had_npi = !entry.pharmacy.npi.empty();
    FillEmpty(entry.pharmacy, p);
    if (!had_npi && !entry.pharmacy.npi.empty()) {
      by_npi_[entry.pharmacy.npi].push_back(i);
    }
    if (entry.address_key.empty()) {
      entry.address_key = AddressKey(entry.pharmacy);
      if (!entry.address_key.empty()) {
        by_address_[entry.address_key].push_back(i);
      }
    }
    if (!entry.HasSource(source)) entry.sources.push_back(source);
  }

  // The nearest pharmacy within kSameNpiMeters that has p's NPI and no
  // record from `source`.
  std::optional<size_t> SameNpiNearby(const Pharmacy& p, int source) const {
    return Nearest(by_npi_, p.npi, p, source, kSameNpiMeters,
                   [](const Pharmacy&) { return true; });
  }

  // The nearest pharmacy within kSameAddressMeters that has p's address
  // (`key`), no record from `source`, and MayShareAddress with p.
  std::optional<size_t> SameAddressNearby(const Pharmacy& p,
                                          const std::string& key,
                                          int source) const {
    return Nearest(by_address_, key, p, source, kSameAddressMeters,
                   [&p](const Pharmacy& q) { return MayShareAddress(p, q); });
  }

  // The nearest pharmacy listed under `key` in `index` (none if `key` is
  // empty) that is within `max_meters` of p, has no record from `source`
  // and passes `allowed`.
  template <typename Allowed>
  std::optional<size_t> Nearest(const Index& index, const std::string& key,
                                const Pharmacy& p, int source,
                                double max_meters, Allowed allowed) const {
    if (key.empty()) return std::nullopt;
    auto it = index.find(key);
    if (it == index.end()) return std::nullopt;
    std::optional<size_t> best;
    double best_meters = 0;
    for (size_t i : it->second) {
      const Entry& entry = merged_[i];
      if (entry.HasSource(source) || !allowed(entry.pharmacy)) continue;
      const double meters = MetersBetween(entry.pharmacy, p);
      if (meters <= max_meters && (!best || meters < best_meters)) {
        best = i;
        best_meters = meters;
      }
    }
    return best;
  }

  MergeReport& report_;
  std::vector<Entry> merged_;
  absl::flat_hash_map<std::string, size_t> by_id_;
  Index by_npi_;
  Index by_address_;
};

}  // namespace

std::string MergeReport::Summary() const {
  return absl::StrCat(
      records, " records -> ", pharmacies, " pharmacies (merged ", merged_by_id,
      " by id, ", merged_by_npi, " by NPI within ", kSameNpiMeters, " m, ",
      merged_by_address, " by address within ", kSameAddressMeters, " m); ",
      time_zones_from_zip, " time zones filled from ZIP codes");
}

absl::StatusOr<Dataset> MergeSources(std::vector<std::vector<Pharmacy>> sources,
                                     const ZipTable* zips,
                                     MergeReport* report) {
  MergeReport own_report;
  if (report == nullptr) report = &own_report;
  *report = MergeReport();
  Merger merger(*report);
  for (size_t s = 0; s < sources.size(); ++s) {
    for (Pharmacy& p : sources[s]) {
      absl::Status status = merger.Add(std::move(p), static_cast<int>(s));
      if (!status.ok()) return status;
    }
  }
  return std::move(merger).Finish(zips);
}

}  // namespace rxlocator
