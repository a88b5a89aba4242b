#include "index/snapshot.h"

#include <algorithm>
#include <numeric>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "index/fingerprint.h"
#include "index/geo.h"
#include "index/identifiers.h"
#include "index/network_index.h"
#include "s2/s2cell_id.h"
#include "s2/s2latlng.h"

namespace rxlocator {
namespace {

// Spans as OpeningHours documents them: 0 <= open < 24:00 and
// open < close <= open + 24 h. Loaders guarantee it; a snapshot checks it.
absl::Status ValidateHours(const OpeningHours& hours) {
  const auto check = [](int open, int close) {
    if (open >= 0 && open < kMinutesPerDay && open < close &&
        close <= open + kMinutesPerDay) {
      return absl::OkStatus();
    }
    return absl::InvalidArgumentError(
        absl::StrCat("hours span ", open, "-", close,
                     " (minutes after midnight) is not a valid opening"));
  };
  for (const DailySpan& span : hours.weekly) {
    if (absl::Status s = check(span.open, span.close); !s.ok()) return s;
  }
  for (const DateOverride& o : hours.overrides) {
    for (const auto& [open, close] : o.spans) {
      if (absl::Status s = check(open, close); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status Validate(const std::vector<Pharmacy>& pharmacies) {
  if (pharmacies.empty()) {
    return absl::InvalidArgumentError("the dataset has no pharmacies");
  }
  absl::flat_hash_map<absl::string_view, const Pharmacy*> seen;
  for (const Pharmacy& p : pharmacies) {
    if (p.id.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "pharmacy \"", p.name, "\" from ", p.source, " has an empty id"));
    }
    if (auto [it, fresh] = seen.emplace(p.id, &p); !fresh) {
      return absl::InvalidArgumentError(
          absl::StrCat("pharmacy id \"", p.id, "\" is used twice: by ",
                       it->second->source, " and ", p.source));
    }
    if (absl::Status s = ValidateLatLng(p.latitude, p.longitude); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "pharmacy \"", p.id, "\" from ", p.source, ": ", s.message()));
    }
    for (const OpeningHours* hours : {&p.store_hours, &p.pharmacy_hours}) {
      if (absl::Status s = ValidateHours(*hours); !s.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "pharmacy \"", p.id, "\" from ", p.source, ": ", s.message()));
      }
    }
    absl::TimeZone zone;
    if (!p.time_zone.empty() && !absl::LoadTimeZone(p.time_zone, &zone)) {
      return absl::InvalidArgumentError(
          absl::StrCat("pharmacy \"", p.id, "\" from ", p.source,
                       ": unknown time zone \"", p.time_zone, "\""));
    }
  }
  return absl::OkStatus();
}

void AddHours(const OpeningHours& h, Fingerprint& f) {
  f.Add(uint64_t{h.known}).Add(uint64_t{h.always_open});
  f.Add(uint64_t{h.permanently_closed});
  for (const DailySpan& span : h.weekly) {
    f.Add(uint64_t(span.day))
        .Add(uint64_t(span.open))
        .Add(uint64_t(span.close));
  }
  f.Add(uint64_t{h.weekly.size()});
  for (const DateOverride& o : h.overrides) {
    f.Add(absl::FormatCivilTime(o.date));
    for (const auto& [open, close] : o.spans) {
      f.Add(uint64_t(open)).Add(uint64_t(close));
    }
    f.Add(uint64_t{o.spans.size()});
  }
  f.Add(uint64_t{h.overrides.size()});
  f.Add(h.closed_until ? absl::FormatCivilTime(*h.closed_until) : "");
}

S2CellId CellOf(const Pharmacy& p) {
  return S2CellId(S2LatLng::FromDegrees(p.latitude, p.longitude));
}

// `pharmacies` in cell order, which depends on the content alone.
uint64_t ContentVersion(const std::vector<Pharmacy>& pharmacies,
                        const ZipTable& zips, const Dataset& data) {
  Fingerprint f;
  for (const Pharmacy& p : pharmacies) {
    f.Add(p.id).Add(p.name).Add(p.npi).Add(p.ncpdp_id).Add(p.chain);
    f.Add(p.address.line1).Add(p.address.line2).Add(p.address.city);
    f.Add(p.address.state).Add(p.address.zip).Add(p.phone);
    f.Add(p.latitude).Add(p.longitude).Add(p.time_zone);
    f.Add(uint64_t{p.services}).Add(uint64_t{p.walk_in});
    for (const std::string& merged : p.merged_ids) f.Add(merged);
    f.Add(uint64_t{p.merged_ids.size()});
    AddHours(p.store_hours, f);
    AddHours(p.pharmacy_hours, f);
  }
  for (const ZipInfo& z : zips.entries()) {
    f.Add(z.zip).Add(uint64_t{static_cast<uint64_t>(z.type)});
    f.Add(uint64_t{z.active}).Add(z.city).Add(z.state).Add(z.time_zone);
    f.Add(uint64_t{z.has_location}).Add(z.latitude).Add(z.longitude);
  }
  for (const Network& n : data.networks) {
    f.Add(n.id).Add(n.name).Add(uint64_t{n.members.size()});
    for (const Membership& m : n.members) {
      f.Add(m.pharmacy_id).Add(uint64_t(m.tier)).Add(uint64_t{m.fills});
      f.Add(uint64_t(DayNumber(m.effective))).Add(uint64_t(DayNumber(m.end)));
    }
  }
  for (const PlanMapping& p : data.plans) {
    f.Add(p.plan.ToString()).Add(p.network_id).Add(p.name);
  }
  for (const Drug& d : data.drugs) {
    f.Add(d.ndc)
        .Add(d.name)
        .Add(d.strength)
        .Add(d.form)
        .Add(d.product)
        .Add(uint64_t{d.specialty});
  }
  return f.value();
}

}  // namespace

namespace {

// Sorts pharmacies into S2 cell-id order, equal cells by id.
std::vector<Pharmacy> InCellOrder(std::vector<Pharmacy> pharmacies) {
  std::vector<std::pair<S2CellId, size_t>> order;
  order.reserve(pharmacies.size());
  for (size_t i = 0; i < pharmacies.size(); ++i) {
    order.emplace_back(CellOf(pharmacies[i]), i);
  }
  std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first
               ? a.first < b.first
               : pharmacies[a.second].id < pharmacies[b.second].id;
  });
  std::vector<Pharmacy> sorted;
  sorted.reserve(pharmacies.size());
  for (const auto& [cell, i] : order)
    sorted.push_back(std::move(pharmacies[i]));
  return sorted;
}

// Indices of the pharmacies sorted by id.
std::vector<uint32_t> IdOrder(const std::vector<Pharmacy>& pharmacies) {
  std::vector<uint32_t> order(pharmacies.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return pharmacies[a].id < pharmacies[b].id;
  });
  return order;
}

// A spatial index over the walk-in pharmacies that offer every one of
// `services`, with each pharmacy's rank in id order breaking ties.
SpatialIndex IndexOf(const std::vector<Pharmacy>& pharmacies,
                     const std::vector<S2Point>& points,
                     const std::vector<uint32_t>& id_order,
                     ServiceMask services) {
  std::vector<uint32_t> rank(pharmacies.size());
  for (uint32_t r = 0; r < id_order.size(); ++r) rank[id_order[r]] = r;
  std::vector<SpatialIndex::Entry> entries;
  for (uint32_t i = 0; i < pharmacies.size(); ++i) {
    const Pharmacy& p = pharmacies[i];
    if (!p.walk_in || (p.services & services) != services) continue;
    entries.push_back({points[i], i, rank[i]});
  }
  return SpatialIndex(std::move(entries));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Snapshot>> Snapshot::Build(Dataset dataset,
                                                                ZipTable zips) {
  if (absl::Status s = Validate(dataset.pharmacies); !s.ok()) return s;
  // A pharmacy whose counter never closes offers 24-hour service, whatever
  // its source's flags say (unless it has closed for good).
  for (Pharmacy& p : dataset.pharmacies) {
    const OpeningHours& hours = CounterHours(p);
    if (hours.always_open && !hours.permanently_closed) {
      p.services |= Bit(Service::kTwentyFourHour);
    }
  }
  std::shared_ptr<Snapshot> snapshot(
      new Snapshot(std::move(dataset.pharmacies), std::move(zips)));
  absl::StatusOr<NetworkIndex> networks =
      NetworkIndex::Build(dataset.networks, dataset.plans, snapshot->directory_,
                          snapshot->pharmacies_.size());
  if (!networks.ok()) return networks.status();
  snapshot->networks_ = *std::move(networks);
  snapshot->drugs_ = DrugCatalog(dataset.drugs);
  snapshot->version_ =
      ContentVersion(snapshot->pharmacies_, snapshot->zips_, dataset);
  return snapshot;
}

Snapshot::Snapshot(std::vector<Pharmacy> pharmacies, ZipTable zips)
    : pharmacies_(InCellOrder(std::move(pharmacies))), zips_(std::move(zips)) {
  points_.reserve(pharmacies_.size());
  for (const Pharmacy& p : pharmacies_) {
    points_.push_back(PointFromDegrees(p.latitude, p.longitude));
  }
  const std::vector<uint32_t> id_order = IdOrder(pharmacies_);
  index_ = IndexOf(pharmacies_, points_, id_order, 0);
  for (int s = 0; s < kServiceCount; ++s) {
    by_service_[s] =
        IndexOf(pharmacies_, points_, id_order, ServiceMask{1} << s);
  }
  directory_ = PharmacyDirectory(pharmacies_);
  chains_.push_back("");
  absl::flat_hash_map<std::string, uint32_t> chain_codes{{"", 0}};
  chain_codes_.reserve(pharmacies_.size());
  services_.reserve(pharmacies_.size());
  zone_codes_.reserve(pharmacies_.size());
  absl::flat_hash_map<std::string, uint32_t> zone_codes;
  for (const Pharmacy& p : pharmacies_) {
    services_.push_back(p.services);
    if (p.time_zone.empty()) {
      zone_codes_.push_back(kNoZone);
    } else {
      auto [zone, fresh] = zone_codes.emplace(p.time_zone, zones_.size());
      // Validate() has loaded every zone once already.
      if (fresh) absl::LoadTimeZone(p.time_zone, &zones_.emplace_back());
      zone_codes_.push_back(zone->second);
    }
    auto [it, fresh] = chain_codes.emplace(p.chain, chains_.size());
    if (fresh) chains_.push_back(p.chain);
    chain_codes_.push_back(it->second);
  }
  weekly_hours_ = WeeklyHoursColumn(pharmacies_);
}

Snapshot::ServiceIndex Snapshot::IndexFor(ServiceMask services) const {
  ServiceIndex best{&index_, 0};
  for (int s = 0; s < kServiceCount; ++s) {
    if ((services >> s & 1) && by_service_[s].size() < best.index->size()) {
      best = {&by_service_[s], ServiceMask{1} << s};
    }
  }
  return best;
}

std::string Snapshot::version_text() const {
  return absl::StrCat(absl::Hex(version_, absl::kZeroPad16));
}

std::optional<uint32_t> Snapshot::FindChain(absl::string_view key) const {
  auto it = std::find(chains_.begin(), chains_.end(), key);
  if (it == chains_.end()) return std::nullopt;
  return it - chains_.begin();
}

std::optional<uint32_t> Snapshot::Lookup(absl::string_view key) const {
  return directory_.Find(key);
}

}  // namespace rxlocator
