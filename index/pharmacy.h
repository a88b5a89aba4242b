// The pharmacy record: what the loaders produce and the index serves.
//
// Plain data, no behaviour: loaders fill it from their file formats, the
// Snapshot builder lays it out for search. Identifiers are stored already
// normalised (see identifiers.h); an empty string means "not known".
#ifndef RXLOCATOR_INDEX_PHARMACY_H_
#define RXLOCATOR_INDEX_PHARMACY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "index/drug_catalog.h"
#include "index/network.h"
#include "index/opening_hours.h"

namespace rxlocator {

// Services a pharmacy offers, as bits so a filter is one AND.
enum class Service : uint32_t {
  kTwentyFourHour = 1u << 0,
  kDriveThru = 1u << 1,
  kDelivery = 1u << 2,
  kVaccinations = 1u << 3,
  kCompounding = 1u << 4,
};
inline constexpr int kServiceCount = 5;
using ServiceMask = uint32_t;
inline constexpr ServiceMask Bit(Service s) {
  return static_cast<ServiceMask>(s);
}

struct Address {
  std::string line1;
  std::string line2;
  std::string city;
  std::string state;  // Two-letter USPS code, upper case.
  std::string zip;    // Five digits.
};

struct Pharmacy {
  std::string id;  // Stable, unique within a dataset.
  std::string name;
  std::string npi;       // 10 digits with a valid check digit, or empty.
  std::string ncpdp_id;  // 7 digits, or empty.
  std::string chain;     // Chain key such as "walgreens"; empty if independent.
  Address address;
  std::string phone;      // As published, e.g. "(907) 344-1717".
  double latitude = 0;    // Degrees, WGS84.
  double longitude = 0;   // Degrees, WGS84.
  std::string time_zone;  // IANA name, e.g. "America/Anchorage"; may be empty.
  ServiceMask services = 0;
  OpeningHours store_hours;
  // The pharmacy counter's hours where the data gives them apart from the
  // store's; pharmacy queries use CounterHours().
  OpeningHours pharmacy_hours;
  // Serves members in person. False for mail-order and central-fill
  // pharmacies: searches for pharmacies near a place leave them out, but
  // lookups by id and network checks find them.
  bool walk_in = true;
  // Ids of the source records merged into this one (see loaders/merge.h);
  // lookups by id find the pharmacy under them too.
  std::vector<std::string> merged_ids;
  std::string source;  // Where the record came from: "hhs:<file>:<line>".
};

// The hours that matter to a member picking up a prescription: the
// counter's where known, else the store's.
inline const OpeningHours& CounterHours(const Pharmacy& p) {
  return p.pharmacy_hours.known ? p.pharmacy_hours : p.store_hours;
}

// Everything a snapshot is built from.
struct Dataset {
  std::vector<Pharmacy> pharmacies;
  std::vector<Network> networks;
  std::vector<PlanMapping> plans;
  std::vector<Drug> drugs;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_INDEX_PHARMACY_H_
