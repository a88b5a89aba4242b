#include "tests/fuzz/fuzz_data.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "index/drug_catalog.h"
#include "index/network.h"
#include "index/plan_key.h"
#include "index/zip_table.h"
#include "loaders/hhs_locator.h"
#include "loaders/osm_opening_hours.h"

namespace rxlocator::fuzzing {
namespace {

constexpr char kAnchorage[] = "America/Anchorage";

// The value of `result`; a fixture that does not build is a bug here.
template <typename T>
T Must(absl::StatusOr<T> result) {
  if (!result.ok()) {
    std::fprintf(stderr, "fuzz fixture: %s\n",
                 result.status().ToString().c_str());
    std::abort();
  }
  return *std::move(result);
}

OpeningHours Hours(absl::string_view osm) {
  return Must(ParseOsmOpeningHours(osm, 2026, 2027));
}

Pharmacy Carrs(std::string store, std::string npi, std::string line1,
               std::string hhs_line1, std::string zip, std::string phone,
               double latitude, double longitude) {
  return {.id = "albertsons-" + store + "-P",
          .name = "Carrs Pharmacy",
          .npi = std::move(npi),
          .chain = "albertsons",
          .address = {.line1 = std::move(line1),
                      .city = "Anchorage",
                      .state = "AK",
                      .zip = zip},
          .phone = std::move(phone),
          .latitude = latitude,
          .longitude = longitude,
          .time_zone = kAnchorage,
          .services = Bit(Service::kVaccinations),
          .merged_ids = {HhsFacilityId("CARRS PHARMACY", hhs_line1, zip)},
          .source = "fuzz"};
}

std::vector<Pharmacy> MakePharmacies() {
  std::vector<Pharmacy> p = {
      Carrs("1812", "1740219781", "4000 W Dimond Blvd", "4000 W DIMOND BLVD",
            "99502", "(907) 339-1260", 61.13645, -149.95582),
      Carrs("720", "1265084933", "2920 Seward Hwy", "2920 SEWARD HWY", "99503",
            "(907) 339-0660", 61.1947423, -149.8631988),
      Carrs("1813", "1659300697", "1501 Huffman Rd", "1501 HUFFMAN RD", "99515",
            "(907) 339-1360", 61.1096739, -149.854128),
      {.id = "vgov-b63b7bf7-ecfb-4cf2-9de6-c8f6ce236ffc",
       .name = "Walgreens Co. #15654",
       .npi = "1316366032",
       .chain = "walgreens",
       .address = {.line1 = "2550 E 88TH AVE",
                   .city = "ANCHORAGE",
                   .state = "AK",
                   .zip = "99507"},
       .latitude = 61.141134,
       .longitude = -149.835259,
       .time_zone = kAnchorage,
       .services = Bit(Service::kVaccinations) | Bit(Service::kDriveThru),
       .merged_ids = {HhsFacilityId("Walgreens Store #15654", "2550 E 88TH AVE",
                                    "99507")},
       .source = "fuzz"},
      {.id = "vgov-d0396582-4993-4635-ae38-3dda38f33396",
       .name = "Walmart Inc #10-2070",
       .chain = "walmart",
       .address = {.line1 = "3101 A St",
                   .city = "Anchorage",
                   .state = "AK",
                   .zip = "99503"},
       .phone = "9075635900",
       .latitude = 61.192306,
       .longitude = -149.879103,
       .time_zone = kAnchorage,
       .services = Bit(Service::kVaccinations),
       .source = "fuzz"},
      {.id = "synthetic-mail-1",
       .name = "RxLocator Mail Service Pharmacy (synthetic)",
       .npi = "1999999901",
       .address = {.line1 = "4100 Example Parkway",
                   .line2 = "Suite 100",
                   .city = "Columbus",
                   .state = "OH",
                   .zip = "43219"},
       .phone = "(614) 555-0100",
       .latitude = 40.0326,
       .longitude = -82.9103,
       .time_zone = "America/New_York",
       .services = Bit(Service::kDelivery),
       .walk_in = false,
       .source = "fuzz"},
  };
  // Hours of every kind the model has: a weekly pattern with a holiday, a
  // counter apart from the store, around the clock, past midnight, unknown.
  p[0].store_hours = Hours("Mo-Su 06:00-23:00");
  p[0].pharmacy_hours =
      Hours("Mo-Fr 09:00-21:00; Sa,Su 10:00-18:00; Dec 25 off");
  p[1].store_hours = Hours("24/7");
  p[1].services |= Bit(Service::kTwentyFourHour) | Bit(Service::kDriveThru);
  p[2].pharmacy_hours = Hours("Mo-Th 09:00-19:00; Fr 18:00-02:00");
  p[2].pharmacy_hours.closed_until = absl::CivilDay(2026, 11, 20);
  p[3].pharmacy_hours = Hours("Mo-Fr 08:00-22:00; Sa 09:00-18:00");
  p[5].pharmacy_hours = Hours("Mo-Fr 08:00-17:00");
  return p;
}

ZipTable MakeZips() {
  const auto anchorage = [](std::string zip, ZipType type, double latitude,
                            double longitude) {
    return ZipInfo{.zip = std::move(zip),
                   .type = type,
                   .city = "Anchorage",
                   .state = "AK",
                   .time_zone = kAnchorage,
                   .has_location = true,
                   .latitude = latitude,
                   .longitude = longitude};
  };
  return ZipTable({
      anchorage("99502", ZipType::kStandard, 61.1633, -150.0949),
      anchorage("99503", ZipType::kStandard, 61.1891, -149.8862),
      anchorage("99507", ZipType::kStandard, 61.1456, -149.7733),
      anchorage("99509", ZipType::kPoBox, 61.2181, -149.9003),
      anchorage("99515", ZipType::kStandard, 61.1104, -149.9043),
      {.zip = "09001",
       .type = ZipType::kMilitary,
       .city = "Apo",
       .state = "AE"},
      {.zip = "43219",
       .city = "Columbus",
       .state = "OH",
       .time_zone = "America/New_York",
       .has_location = true,
       .latitude = 40.0326,
       .longitude = -82.9103},
  });
}

// The bundled synthetic networks and plans as they cover the pharmacies
// above, with a preferred retail pharmacy added to the narrow network.
void AddNetworks(Dataset& d) {
  const auto member = [](const Pharmacy& p, Tier tier, FillKinds fills) {
    return Membership{.pharmacy_id = p.id,
                      .tier = tier,
                      .fills = fills,
                      .effective = absl::CivilDay(2026, 1, 1),
                      .source = "fuzz"};
  };
  const FillKinds retail =
      Bit(FillKind::kRetail) | Bit(FillKind::kNinetyDayRetail);
  const FillKinds mail = Bit(FillKind::kMail);
  const std::vector<Pharmacy>& p = d.pharmacies;
  Network broad{.id = "national-broad", .name = "National Broad Network"};
  for (const Pharmacy& pharmacy : p) {
    broad.members.push_back(
        member(pharmacy, Tier::kStandard, pharmacy.walk_in ? retail : mail));
  }
  Network partd{.id = "H4321-001-000", .name = "H4321-001-000"};
  for (const Pharmacy& pharmacy : p) {
    if (pharmacy.npi.empty()) continue;
    const bool walgreens = pharmacy.chain == "walgreens";
    partd.members.push_back(
        member(pharmacy, walgreens ? Tier::kPreferred : Tier::kStandard,
               pharmacy.walk_in ? Bit(FillKind::kRetail) : mail));
  }
  d.networks = {
      std::move(broad),
      {.id = "narrow-preferred",
       .name = "Narrow Preferred Network",
       .members = {member(p[5], Tier::kStandard, mail),
                   member(p[0], Tier::kPreferred, retail)}},
      {.id = "specialty-select",
       .name = "Specialty Select Network",
       .members = {member(p[5], Tier::kStandard,
                          mail | Bit(FillKind::kSpecialty))}},
      std::move(partd),
  };
  const auto plan = [](absl::StatusOr<PlanKey> key, std::string network,
                       std::string name) {
    return PlanMapping{Must(std::move(key)), std::move(network),
                       std::move(name), "fuzz"};
  };
  d.plans = {
      plan(CommercialPlan("610014", "ABC", "GRP1"), "national-broad",
           "Example Commercial Broad Plan"),
      plan(CommercialPlan("610014", "NARROW", ""), "narrow-preferred",
           "Example Commercial Narrow Plan"),
      plan(CommercialPlan("610014", "SPEC", ""), "specialty-select",
           "Example Specialty Carve-out"),
      plan(MedicarePlan("H4321", "001", "000"), "H4321-001-000",
           "H4321-001-000"),
  };
}

std::shared_ptr<const Snapshot> MakeSnapshot() {
  Dataset d;
  d.pharmacies = TestPharmacies();
  AddNetworks(d);
  d.drugs = {
      {"00069108530", "Paxlovid", "150 mg; 100 mg", "tablet", "paxlovid"},
      {"00069110120", "Paxlovid", "150 mg; 100 mg", "tablet", "paxlovid"},
      {"00093505698", "Atorvastatin", "80 mg", "tablet", "atorvastatin"},
      {"00074055402", "Humira", "40 mg/0.8 mL", "kit", "humira", true},
  };
  return Must(Snapshot::Build(std::move(d), MakeZips()));
}

}  // namespace

const std::vector<Pharmacy>& TestPharmacies() {
  static const auto* const pharmacies =
      new std::vector<Pharmacy>(MakePharmacies());
  return *pharmacies;
}

const PharmacyDirectory& TestDirectory() {
  static const auto* const directory = new PharmacyDirectory(TestPharmacies());
  return *directory;
}

std::shared_ptr<const Snapshot> TestSnapshot() {
  static const auto* const snapshot =
      new std::shared_ptr<const Snapshot>(MakeSnapshot());
  return *snapshot;
}

const StockStore& TestStock() {
  static const StockStore* const stock = [] {
    auto* store = new StockStore;
    const std::vector<Pharmacy>& p = TestPharmacies();
    const auto add = [&](const Pharmacy& pharmacy, std::string ndc,
                         int64_t quantity, absl::Duration age) {
      store->Apply(
          {pharmacy.id, std::move(ndc), {quantity, Now() - age, "fuzz"}});
    };
    add(p[0], "00069108530", 17, absl::Hours(3));
    add(p[1], "00069108530", 3, absl::Hours(80));  // Low, and to confirm.
    add(p[1], "00069110120", 40, absl::Minutes(20));
    add(p[2], "00093505698", 0, absl::Hours(1));         // Out of stock.
    add(p[3], "00069108530", 22, absl::Hours(31 * 24));  // Too old to show.
    add(p[3], "00093505698", 90, absl::Hours(5));
    add(p[5], "00074055402", 6, absl::Hours(2));
    return store;
  }();
  return *stock;
}

absl::Time Now() {
  return absl::FromCivil(absl::CivilSecond(2026, 11, 18, 12, 0, 0),
                         absl::FixedTimeZone(-9 * 3600));
}

}  // namespace rxlocator::fuzzing
