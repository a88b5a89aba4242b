// UrgentFill against the brute-force oracle of urgent_oracle.h, on random
// prescriptions over the bundled HHS Paxlovid sites with generated hours,
// plan memberships and stock. The oracle scans every pharmacy and applies
// docs/urgent_fill.md directly (see its file comment), so the engine's
// planner, spatial search and weekly-hours shortcut are checked against the
// rules, not against themselves. Every field of every answer is compared.
//
// The generated data makes the mistakes that matter visible, and the test
// counts the cases that would expose them (see Coverage):
// - ignoring pickup_window: windows of 1 minute to 2 hours against hours
//   that close at any minute and need_by as soon as 30 minutes away;
// - ignoring time zones (or using the origin's): the ZIP codes' zones, some
//   pharmacies moved to Honolulu, Phoenix or St. John's, late-night local
//   times and nows around both 2026 US DST changes;
// - ranking confirm above fresh: counts observed from minutes to 31 days
//   before now, on both sides of the 72 h and 29 day limits;
// - a substitute before a fresh requested NDC: the second Paxlovid and
//   insulin packages are stocked at many of the same pharmacies;
// - the scan path (Lagevrio and Humira at 30 pharmacies each, in two
//   towns) and the outward search (Paxlovid nearly everywhere, insulin at
//   half).
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "index/drug_catalog.h"
#include "index/geo.h"
#include "index/network.h"
#include "index/opening_hours.h"
#include "index/pharmacy.h"
#include "index/plan_key.h"
#include "index/snapshot.h"
#include "index/stock.h"
#include "index/stock_store.h"
#include "index/urgent_fill.h"
#include "loaders/hhs_locator.h"
#include "loaders/load_report.h"
#include "loaders/merge.h"
#include "loaders/stock_loader.h"
#include "loaders/zip_loader.h"
#include "tests/integration/urgent_oracle.h"

namespace rxlocator {
namespace {

constexpr char kPaxlovid[] = "00069108530";  // In the HHS file.
constexpr char kPaxlovid2[] = "00069110120";
constexpr char kLagevrio[] = "00006505506";  // Rare: scanned.
constexpr char kHumira[] = "00074433902";    // Specialty, rare: scanned.
constexpr char kLantus[] = "00088222033";    // Common: searched for.
constexpr char kLantusPen[] = "00088221905";

std::vector<Drug> Drugs() {
  return {
      {.ndc = kPaxlovid, .name = "Paxlovid", .product = "paxlovid"},
      {.ndc = kPaxlovid2, .name = "Paxlovid", .product = "paxlovid"},
      {.ndc = kLagevrio, .name = "Lagevrio", .product = "lagevrio"},
      {.ndc = kHumira,
       .name = "Humira",
       .product = "humira",
       .specialty = true},
      {.ndc = kLantus, .name = "Lantus", .product = "insulin glargine"},
      {.ndc = kLantusPen, .name = "Lantus", .product = "insulin glargine"},
  };
}

// The days the cases are asked around, both US DST changes of 2026; each
// has its own stock store, counted relative to noon UTC that day.
const absl::CivilDay kAnchorDays[] = {absl::CivilDay(2026, 3, 8),
                                      absl::CivilDay(2026, 11, 1)};

absl::Time Noon(absl::CivilDay day) {
  return absl::FromCivil(absl::CivilHour(day) + 12, absl::UTCTimeZone());
}

double Uniform(std::mt19937_64& rng, double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(rng);
}

absl::Duration UniformHours(std::mt19937_64& rng, double lo, double hi) {
  return absl::Microseconds(
      static_cast<int64_t>(Uniform(rng, lo, hi) * 3600 * 1e6));
}

// One span a day in a style drawn at random: daytime, split, past
// midnight, all day, or around 02:00 (the hour DST skips or repeats).
void AddDay(std::mt19937_64& rng, int day, std::vector<DailySpan>* weekly) {
  const Weekday weekday = static_cast<Weekday>(day);
  const int style = rng() % 8;
  if (style == 0) {  // Evening into the night.
    const int open = 17 * 60 + rng() % (6 * 60);
    weekly->push_back({weekday, open, open + 4 * 60 + int(rng() % (8 * 60))});
  } else if (style == 1) {
    weekly->push_back({weekday, 0, kMinutesPerDay});
  } else if (style == 2) {  // Lunch break.
    const int close = 11 * 60 + rng() % 120;
    weekly->push_back({weekday, 8 * 60 + int(rng() % 90), close});
    weekly->push_back({weekday, close + 30 + int(rng() % 60), 21 * 60});
  } else if (style == 3) {  // Across 02:00.
    const int open = rng() % 150;
    weekly->push_back({weekday, open, open + 30 + int(rng() % 240)});
  } else {
    const int open = 6 * 60 + rng() % (4 * 60);
    weekly->push_back({weekday, open, 17 * 60 + int(rng() % (7 * 60))});
  }
}

// Random hours: unknown, 24/7 or a weekly pattern, with date overrides
// (closed, or special hours) and temporary closures around the anchor days.
OpeningHours RandomHours(std::mt19937_64& rng) {
  OpeningHours h;
  const int kind = rng() % 20;
  if (kind < 2) return h;
  h.known = true;
  if (kind < 4) {
    h.always_open = true;
  } else {
    for (int day = 0; day < 7; ++day) {
      if (rng() % 8 != 0) AddDay(rng, day, &h.weekly);
    }
  }
  for (absl::CivilDay anchor : kAnchorDays) {
    if (rng() % 4 != 0) continue;
    const int first = static_cast<int>(rng() % 6) - 2;
    const int days = 1 + rng() % 2;
    for (int d = first; d < first + days; ++d) {
      DateOverride o{anchor + d, {}};
      if (rng() % 2) {
        const int open = rng() % (20 * 60);
        o.spans.push_back({open, open + 60 + int(rng() % (10 * 60))});
      }
      h.overrides.push_back(std::move(o));
    }
    if (rng() % 6 == 0) h.closed_until = anchor + int(rng() % 4) - 1;
  }
  if (rng() % 60 == 0) h.permanently_closed = true;
  return h;
}

FillKinds WalkInFills(std::mt19937_64& rng) {
  FillKinds fills = 0;
  if (rng() % 10 != 0) fills |= Bit(FillKind::kRetail);
  if (rng() % 3 == 0) fills |= Bit(FillKind::kNinetyDayRetail);
  if (rng() % 12 == 0) fills |= Bit(FillKind::kSpecialty);
  return fills == 0 ? Bit(FillKind::kNinetyDayRetail) : fills;
}

// A pharmacy's periods in a network: open-ended, or up to three separated
// by changes within two days of each anchor day, some of them gaps.
void AddPeriods(std::mt19937_64& rng, const std::string& id,
                FillKinds (*fills)(std::mt19937_64&), Network* network) {
  const auto period = [&](absl::CivilDay from, absl::CivilDay to) {
    network->members.push_back(
        {.pharmacy_id = id,
         .tier = rng() % 3 == 0 ? Tier::kPreferred : Tier::kStandard,
         .fills = fills(rng),
         .effective = from,
         .end = to,
         .source = "generated"});
  };
  if (rng() % 5 < 3) return period(kFirstDay, kLastDay);
  const absl::CivilDay b1 = kAnchorDays[0] + int(rng() % 5) - 2;
  const absl::CivilDay b2 = kAnchorDays[1] + int(rng() % 5) - 2;
  const std::pair<absl::CivilDay, absl::CivilDay> spans[] = {
      {kFirstDay, b1 - 1}, {b1, b2 - 1}, {b2, kLastDay}};
  const int gap = rng() % 4;  // 3: no gap.
  for (int s = 0; s < 3; ++s) {
    if (s != gap) period(spans[s].first, spans[s].second);
  }
}

FillKinds MailFills(std::mt19937_64&) { return Bit(FillKind::kMail); }
FillKinds SpecialtyFills(std::mt19937_64& rng) {
  return Bit(FillKind::kSpecialty) |
         (rng() % 2 ? Bit(FillKind::kRetail) : FillKinds{0});
}
FillKinds RetailFills(std::mt19937_64&) { return Bit(FillKind::kRetail); }

// How long before the anchor a count was taken: a mix of fresh, around
// the 72 h limit, call-to-confirm, around the 29 day horizon and hidden,
// given that now is up to about two days either side of the anchor.
absl::Duration RandomAge(std::mt19937_64& rng) {
  const int r = rng() % 100;
  if (r < 45) return UniformHours(rng, 0, 60);
  if (r < 60) return UniformHours(rng, 60, 110);
  if (r < 85) return UniformHours(rng, 5 * 24, 27 * 24);
  if (r < 95) return UniformHours(rng, 27 * 24, 31 * 24);
  return UniformHours(rng, 31 * 24, 60 * 24);
}

int64_t RandomQuantity(std::mt19937_64& rng) {
  return rng() % 10 == 0 ? 0 : 1 + rng() % 60;
}

// The ids of the n walk-in pharmacies nearest to pharmacies[center].
std::vector<std::string> Nearest(const std::vector<Pharmacy>& pharmacies,
                                 size_t center, size_t n) {
  const S2Point at = PointFromDegrees(pharmacies[center].latitude,
                                      pharmacies[center].longitude);
  std::vector<std::pair<double, const std::string*>> by_distance;
  for (const Pharmacy& p : pharmacies) {
    if (!p.walk_in) continue;
    by_distance.push_back(
        {Chord2(at, PointFromDegrees(p.latitude, p.longitude)), &p.id});
  }
  std::partial_sort(by_distance.begin(), by_distance.begin() + n,
                    by_distance.end());
  std::vector<std::string> ids;
  for (size_t i = 0; i < n; ++i) ids.push_back(*by_distance[i].second);
  return ids;
}

struct World {
  std::shared_ptr<const Snapshot> snapshot;
  uint32_t network = 0;  // The plan's.
  // One store per anchor day.
  std::vector<std::unique_ptr<StockStore>> stores;
  std::vector<uint32_t> walk_in;
  // The walk-in pharmacies with a count of each NDC.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> stocked;
};

// The HHS sites (time zones from their ZIP codes) with random hours,
// services and memberships; 150 copies of random sites at the same spot
// (exact distance ties); 8 pharmacies that serve no walk-ins: 4 mail-order
// (no stock on file; one with no time zone) and 4 specialty (with Humira
// and Paxlovid). Networks "urgent" (the plan's) and "other".
World BuildWorld() {
  const std::string data = std::string(RXLOCATOR_SOURCE_DIR) + "/data/";
  LoadReport report;
  absl::StatusOr<ZipTable> zips =
      LoadZipTable({data + "zip_latlng_timezone.csv.gz"}, {}, &report);
  EXPECT_TRUE(zips.ok()) << zips.status();
  const std::string hhs_path = data + "paxlovid-data_2022-03-18.csv.gz";
  absl::StatusOr<std::vector<Pharmacy>> hhs =
      LoadHhs(hhs_path, {.zips = &*zips}, &report);
  EXPECT_TRUE(hhs.ok()) << hhs.status();
  absl::StatusOr<Dataset> merged = MergeSources({*hhs}, &*zips, nullptr);
  EXPECT_TRUE(merged.ok()) << merged.status();
  Dataset d = *std::move(merged);

  std::mt19937_64 rng(20260308);
  const size_t sites = d.pharmacies.size();
  for (int i = 0; i < 150; ++i) {
    Pharmacy copy = d.pharmacies[rng() % sites];
    copy.id = absl::StrCat("dup-", i);
    copy.npi.clear();
    copy.merged_ids.clear();
    d.pharmacies.push_back(std::move(copy));
  }
  const char* const kOddZones[] = {"Pacific/Honolulu", "America/Phoenix",
                                   "America/St_Johns", ""};
  for (Pharmacy& p : d.pharmacies) {
    p.store_hours = RandomHours(rng);
    if (rng() % 3 == 0) p.pharmacy_hours = RandomHours(rng);
    p.services = rng() % 32 & ~Bit(Service::kTwentyFourHour);
    if (rng() % 30 == 0) p.services |= Bit(Service::kTwentyFourHour);
    if (rng() % 25 == 0) p.time_zone = kOddZones[rng() % 4];
  }
  std::vector<std::string> mail, specialty;
  for (int i = 0; i < 8; ++i) {
    Pharmacy p = d.pharmacies[rng() % sites];
    p.id = absl::StrCat(i < 4 ? "mail-" : "specialty-", i);
    p.npi.clear();
    p.merged_ids.clear();
    p.walk_in = false;
    if (i == 0) p.time_zone.clear();
    (i < 4 ? mail : specialty).push_back(p.id);
    d.pharmacies.push_back(std::move(p));
  }

  Network urgent{"urgent", "Urgent test network"};
  Network other{"other", "Another network"};
  for (const Pharmacy& p : d.pharmacies) {
    if (!p.walk_in) continue;
    if (rng() % 4 != 0) AddPeriods(rng, p.id, WalkInFills, &urgent);
    if (rng() % 2 == 0) AddPeriods(rng, p.id, RetailFills, &other);
  }
  for (const std::string& id : mail) AddPeriods(rng, id, MailFills, &urgent);
  for (const std::string& id : specialty) {
    AddPeriods(rng, id, SpecialtyFills, &urgent);
  }
  d.networks = {urgent, other};
  d.plans = {
      {*ParsePlanKey("610014:URGENT:G1"), "urgent", "Urgent plan", "test"}};
  d.drugs = Drugs();

  // Which pharmacies hold counts of the generated drugs.
  std::vector<std::pair<std::string, std::string>> held;  // (id, ndc)
  std::vector<std::string> walk_in_ids;
  for (const Pharmacy& p : d.pharmacies) {
    if (p.walk_in) walk_in_ids.push_back(p.id);
  }
  for (const std::string& id : walk_in_ids) {
    // The copies are not in the HHS file.
    if (id.starts_with("dup-") && rng() % 4 != 0) {
      held.push_back({id, kPaxlovid});
    }
    if (rng() % 5 < 2) held.push_back({id, kPaxlovid2});
    if (rng() % 2 == 0) held.push_back({id, kLantus});
    if (rng() % 10 < 3) held.push_back({id, kLantusPen});
  }
  // The rare drugs at the 15 pharmacies nearest each of two random ones,
  // so that where they are, several are within reach.
  for (const char* ndc : {kLagevrio, kHumira}) {
    for (int town = 0; town < 2; ++town) {
      for (const std::string& id : Nearest(d.pharmacies, rng() % sites, 15)) {
        held.push_back({id, ndc});
      }
    }
  }
  for (const std::string& id : specialty) {
    held.push_back({id, kHumira});
    held.push_back({id, kPaxlovid});
  }

  World world;
  absl::StatusOr<std::shared_ptr<const Snapshot>> built =
      Snapshot::Build(std::move(d), *std::move(zips));
  EXPECT_TRUE(built.ok()) << built.status();
  world.snapshot = *built;
  const Snapshot& snapshot = *world.snapshot;
  world.network =
      snapshot.networks().FindPlan(*ParsePlanKey("610014:URGENT:G1"))->network;
  for (uint32_t i = 0; i < snapshot.pharmacies().size(); ++i) {
    if (snapshot.pharmacy(i).walk_in) world.walk_in.push_back(i);
  }

  // The HHS courses available per site, and the generated counts; every
  // count dated at random before the anchor.
  absl::StatusOr<std::vector<StockObservation>> courses = LoadHhsStock(
      hhs_path, snapshot.pharmacies(), snapshot.directory(), {}, &report);
  EXPECT_TRUE(courses.ok()) << courses.status();
  for (absl::CivilDay day : kAnchorDays) {
    auto store = std::make_unique<StockStore>();
    for (StockObservation o : *courses) {
      o.level.observed_at = Noon(day) - RandomAge(rng);
      store->Apply(o);
    }
    for (const auto& [id, ndc] : held) {
      store->Apply(
          {id,
           ndc,
           {RandomQuantity(rng), Noon(day) - RandomAge(rng), "generated"}});
    }
    world.stores.push_back(std::move(store));
  }
  for (const char* ndc :
       {kPaxlovid, kPaxlovid2, kLagevrio, kHumira, kLantus, kLantusPen}) {
    world.stores[0]->ForEachPharmacy(
        ndc, [&](const std::string& id, const StockLevel&) {
          const uint32_t i = *snapshot.Lookup(id);
          if (snapshot.pharmacy(i).walk_in) world.stocked[ndc].push_back(i);
        });
    // In index order, so that the cases do not depend on hash order.
    std::sort(world.stocked[ndc].begin(), world.stocked[ndc].end());
  }
  return world;
}

const World& GetWorld() {
  static const World* const kWorld = new World(BuildWorld());
  return *kWorld;
}

// The instant of a zone's transition: where the wall clock skips (spring
// forward) or where it repeats (fall back).
absl::Time TransitionAt(const absl::TimeZone& zone,
                        const absl::TimeZone::CivilTransition& t) {
  const absl::TimeZone::TimeInfo from = zone.At(t.from);
  return from.kind != absl::TimeZone::TimeInfo::UNIQUE ? from.trans
                                                       : zone.At(t.to).trans;
}

constexpr uint64_t kSeed = 7;

struct Case {
  int index;
  int anchor;
  double latitude, longitude;
  UrgentFillQuery query;
};

// An item for a product: by NDC (with or without substitution) or by drug
// name (every NDC of the name), as the server resolves requests.
UrgentItem RandomItem(std::mt19937_64& rng, const DrugCatalog& catalog,
                      const std::string& ndc) {
  UrgentItem item;
  const Drug& drug = *catalog.Find(ndc);
  if (rng() % 4 == 0) {
    for (const Drug* same : catalog.FindByName(drug.name)) {
      if (same->name == drug.name) item.ndcs.push_back(same->ndc);
    }
  } else {
    item.ndcs = {ndc};
  }
  if (rng() % 2 == 0) {
    for (const Drug* same : catalog.SameProduct(ndc)) {
      if (std::find(item.ndcs.begin(), item.ndcs.end(), same->ndc) ==
          item.ndcs.end()) {
        item.substitutes.push_back(same->ndc);
      }
    }
  }
  for (const std::string& n : item.ndcs) {
    item.specialty = item.specialty || catalog.Find(n)->specialty;
  }
  const int64_t most = ndc == kHumira ? 6 : ndc == kLagevrio ? 20 : 30;
  item.quantity = 1 + rng() % most;
  return item;
}

// A random prescription asked near a random (or a stocking) pharmacy, or
// where there is none, at a random now around an anchor day: late at night
// locally, around the DST change, or any time; need_by 30 minutes to 3
// days later.
Case RandomCase(std::mt19937_64& rng, const World& world, int index) {
  const Snapshot& snapshot = *world.snapshot;
  Case c{.index = index, .anchor = static_cast<int>(rng() % 2)};
  UrgentFillQuery& q = c.query;
  q.network = world.network;
  q.store = world.stores[c.anchor].get();

  const char* const kProducts[] = {kPaxlovid, kPaxlovid2, kLagevrio,
                                   kHumira,   kLantus,    kLantusPen};
  std::vector<std::string> products;  // One NDC of each product asked for.
  // One item a quarter of the time, else two or three.
  const int n = rng() % 4 == 0 ? 1 : 2 + rng() % 2;
  while (static_cast<int>(products.size()) < n) {
    const std::string ndc = kProducts[rng() % 6];
    const bool same_product = std::any_of(
        products.begin(), products.end(), [&](const std::string& other) {
          return snapshot.drugs().Find(other)->product ==
                 snapshot.drugs().Find(ndc)->product;
        });
    if (!same_product) products.push_back(ndc);
  }
  for (const std::string& ndc : products) {
    q.items.push_back(RandomItem(rng, snapshot.drugs(), ndc));
  }

  const int where = rng() % 10;
  std::optional<uint32_t> near;
  if (where == 0) {  // Open sea, desert or wilderness.
    const std::pair<double, double> kEmpty[] = {
        {40.0, -135.0}, {26.0, -90.0}, {40.5, -117.5}, {66.0, -155.0}};
    const auto& [lat, lng] = kEmpty[rng() % 4];
    c.latitude = lat + Uniform(rng, -0.5, 0.5);
    c.longitude = lng + Uniform(rng, -0.5, 0.5);
  } else {
    // Near a pharmacy holding the rarest drug asked for (where a split is
    // likely), any drug asked for, or anything.
    const std::string* rarest = &products[0];
    for (const std::string& ndc : products) {
      if (world.stocked.at(ndc).size() < world.stocked.at(*rarest).size()) {
        rarest = &ndc;
      }
    }
    const std::vector<uint32_t>& pool =
        where < 4   ? world.stocked.at(*rarest)
        : where < 6 ? world.stocked.at(products[rng() % products.size()])
                    : world.walk_in;
    near = pool[rng() % pool.size()];
    const Pharmacy& p = snapshot.pharmacy(*near);
    c.latitude = p.latitude;
    c.longitude = p.longitude;
    if (rng() % 4 != 0) {  // Else at the pharmacy's door.
      const double spread = rng() % 2 ? 0.05 : 0.3;
      c.latitude += Uniform(rng, -spread, spread);
      c.longitude += Uniform(rng, -spread, spread);
    }
  }
  q.origin = PointFromDegrees(c.latitude, c.longitude);

  const absl::CivilDay day = kAnchorDays[c.anchor];
  absl::TimeZone local;
  const std::string zone =
      near.has_value() && !snapshot.pharmacy(*near).time_zone.empty()
          ? snapshot.pharmacy(*near).time_zone
          : "America/Chicago";
  absl::LoadTimeZone(zone, &local);
  const int when = rng() % 20;
  if (when < 7) {  // Around the zone's DST change (New York's if none).
    absl::TimeZone::CivilTransition t;
    if (!local.NextTransition(Noon(day) - absl::Hours(72), &t)) {
      absl::LoadTimeZone("America/New_York", &local);
      local.NextTransition(Noon(day) - absl::Hours(72), &t);
    }
    q.now = TransitionAt(local, t) + UniformHours(rng, -4, 1);
  } else if (when < 14) {  // 21:00 to 05:00 local.
    q.now =
        absl::FromCivil(absl::CivilSecond(day + int(rng() % 3) - 1), local) +
        UniformHours(rng, 21, 29);
  } else {
    q.now = Noon(day) + UniformHours(rng, -36, 36);
  }

  const int by = rng() % 40;
  q.need_by = by == 0   ? q.now + absl::Hours(48)
              : by < 18 ? q.now + UniformHours(rng, 0.5, 4)
              : by < 30 ? q.now + UniformHours(rng, 4, 47)
                        : q.now + UniformHours(rng, 47, 72);
  if (rng() % 5 == 0) q.travel = kWalking;
  const int window = rng() % 20;  // Else the default 15 minutes.
  if (window < 8) {
    q.pickup_window = absl::Seconds(60 + rng() % (30 * 60));
  } else if (window < 15) {
    q.pickup_window = absl::Seconds(30 * 60 + rng() % (90 * 60 + 1));
  }
  q.max_options = 1 + rng() % 8;
  return c;
}

std::string Time(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S UTC", t, absl::UTCTimeZone());
}

std::string Describe(const Case& c) {
  const UrgentFillQuery& q = c.query;
  std::string s = absl::StrCat(
      "seed ", kSeed, " case ", c.index, " (anchor ",
      absl::FormatCivilTime(kAnchorDays[c.anchor]), ")\n  origin ", c.latitude,
      ", ", c.longitude, "\n  now ", Time(q.now), "\n  need_by ",
      Time(q.need_by), " (", absl::FormatDuration(q.need_by - q.now),
      ")\n  pickup_window ", absl::FormatDuration(q.pickup_window), ", ",
      q.travel.meters_per_second == kWalking.meters_per_second ? "walking"
                                                               : "driving",
      ", max_options ", q.max_options, ", stale ", q.store->stale(), "\n");
  for (const UrgentItem& item : q.items) {
    absl::StrAppend(&s, "  item ndcs [", absl::StrJoin(item.ndcs, " "),
                    "] substitutes [", absl::StrJoin(item.substitutes, " "),
                    "] quantity ", item.quantity,
                    item.specialty ? " specialty" : "", "\n");
  }
  return s;
}

const char* Name(UrgentOptionKind kind) {
  switch (kind) {
    case UrgentOptionKind::kComplete:
      return "complete";
    case UrgentOptionKind::kPartial:
      return "partial";
    case UrgentOptionKind::kSplit:
      return "split";
    case UrgentOptionKind::kTwentyFourHour:
      return "24-hour";
    case UrgentOptionKind::kSpecialty:
      return "specialty";
    case UrgentOptionKind::kMailOrder:
      return "mail order";
    case UrgentOptionKind::kOutOfNetwork:
      return "out of network";
  }
  return "?";
}

const char* Name(FillState state) {
  return state == FillState::kFresh     ? "fresh"
         : state == FillState::kConfirm ? "confirm"
                                        : "none";
}

const char* Name(Freshness f) {
  switch (f) {
    case Freshness::kInStock:
      return "in stock";
    case Freshness::kLow:
      return "low";
    case Freshness::kCallToConfirm:
      return "call to confirm";
    case Freshness::kOut:
      return "out";
  }
  return "?";
}

std::string Describe(const MembershipPeriod* m) {
  if (m == nullptr) return "out of network";
  return absl::StrCat(m->tier == Tier::kPreferred ? "preferred" : "standard",
                      " fills ", m->fills, " ",
                      absl::FormatCivilTime(CivilDayOf(m->effective)), "..",
                      absl::FormatCivilTime(CivilDayOf(m->end)));
}

std::string Describe(const ItemFill& f) {
  std::string s = absl::StrCat("item ", f.item, " ", Name(f.state));
  if (!f.ndc.empty()) {
    absl::StrAppend(&s, " ", f.ndc, f.substitute ? " (substitute)" : "", " ",
                    f.level.quantity, " observed ", Time(f.level.observed_at),
                    " by ", f.level.source, " (", Name(f.freshness), ")");
  }
  return s;
}

std::string Describe(const UrgentFillAnswer& a, const Snapshot& snapshot) {
  std::string s =
      absl::StrCat("  strategy ",
                   a.strategy == UrgentStrategy::kScanStock ? "scan" : "search",
                   ", stock_stale ", a.stock_stale, "\n");
  for (const UrgentOption& o : a.options) {
    absl::StrAppend(&s, "  ", Name(o.kind), o.confirm ? " (confirm)" : "",
                    "\n");
    for (const UrgentStop& stop : o.stops) {
      const Pharmacy& p = snapshot.pharmacy(stop.pharmacy);
      absl::StrAppend(&s, "    ", p.id, " [", stop.pharmacy, "] ", p.time_zone,
                      " ", stop.distance_meters, " m, arrives ",
                      stop.arrival ? Time(*stop.arrival) : "never", ", ",
                      Describe(stop.membership), "\n");
      for (const ItemFill& f : stop.items) {
        absl::StrAppend(&s, "      ", Describe(f), "\n");
      }
    }
  }
  if (a.shortfall) {
    absl::StrAppend(&s, "  shortfall: ", a.shortfall->reachable, " reachable, ",
                    a.shortfall->open, " open, filling [",
                    absl::StrJoin(a.shortfall->filling, " "), "]\n");
  }
  return s;
}

std::string Difference(const ItemFill& got, const ItemFill& want) {
  if (got.item != want.item || got.state != want.state || got.ndc != want.ndc ||
      got.substitute != want.substitute ||
      got.level.quantity != want.level.quantity ||
      got.level.observed_at != want.level.observed_at ||
      got.level.source != want.level.source ||
      got.freshness != want.freshness) {
    return absl::StrCat("got ", Describe(got), ", oracle ", Describe(want));
  }
  return "";
}

std::string Difference(const UrgentStop& got, const UrgentStop& want) {
  if (got.pharmacy != want.pharmacy) {
    return absl::StrCat("pharmacy ", got.pharmacy, ", oracle ", want.pharmacy);
  }
  if (std::abs(got.distance_meters - want.distance_meters) >
      1e-6 * std::max(1.0, want.distance_meters)) {
    return absl::StrCat("distance ", got.distance_meters, ", oracle ",
                        want.distance_meters);
  }
  if (got.arrival.has_value() != want.arrival.has_value() ||
      (got.arrival && absl::AbsDuration(*got.arrival - *want.arrival) >
                          absl::Microseconds(1))) {
    return absl::StrCat("arrival ", got.arrival ? Time(*got.arrival) : "none",
                        ", oracle ",
                        want.arrival ? Time(*want.arrival) : "none");
  }
  const MembershipPeriod* g = got.membership;
  const MembershipPeriod* w = want.membership;
  if ((g == nullptr) != (w == nullptr) ||
      (g != nullptr && (g->effective != w->effective || g->end != w->end ||
                        g->tier != w->tier || g->fills != w->fills))) {
    return absl::StrCat("membership ", Describe(g), ", oracle ", Describe(w));
  }
  if (got.items.size() != want.items.size()) {
    return absl::StrCat(got.items.size(), " items, oracle ", want.items.size());
  }
  for (size_t i = 0; i < got.items.size(); ++i) {
    if (std::string d = Difference(got.items[i], want.items[i]); !d.empty()) {
      return absl::StrCat("item ", i, ": ", d);
    }
  }
  return "";
}

// The first difference between the engine's answer and the oracle's, or
// "" when they agree.
std::string Difference(const UrgentFillAnswer& got,
                       const UrgentFillAnswer& want) {
  if (got.strategy != want.strategy) return "strategy";
  if (got.stock_stale != want.stock_stale) return "stock_stale";
  for (size_t i = 0; i < std::max(got.options.size(), want.options.size());
       ++i) {
    if (i >= got.options.size() || i >= want.options.size()) {
      return absl::StrCat(got.options.size(), " options, oracle ",
                          want.options.size());
    }
    const UrgentOption& g = got.options[i];
    const UrgentOption& w = want.options[i];
    const std::string at = absl::StrCat("option ", i, " (", Name(w.kind), ")");
    if (g.kind != w.kind) return absl::StrCat(at, ": kind ", Name(g.kind));
    if (g.confirm != w.confirm) return absl::StrCat(at, ": confirm");
    if (g.stops.size() != w.stops.size()) {
      return absl::StrCat(at, ": ", g.stops.size(), " stops");
    }
    for (size_t s = 0; s < g.stops.size(); ++s) {
      if (std::string d = Difference(g.stops[s], w.stops[s]); !d.empty()) {
        return absl::StrCat(at, " stop ", s, ": ", d);
      }
    }
  }
  if (got.shortfall.has_value() != want.shortfall.has_value()) {
    return "shortfall present or not";
  }
  if (got.shortfall && (got.shortfall->reachable != want.shortfall->reachable ||
                        got.shortfall->open != want.shortfall->open ||
                        got.shortfall->filling != want.shortfall->filling)) {
    return "shortfall counts";
  }
  return "";
}

// Counts of the cases that would catch a class of engine mistakes; each
// must be well above zero for the test to mean anything.
struct Coverage {
  absl::flat_hash_map<int, int> kinds;  // By UrgentOptionKind.
  int scans = 0, searches = 0, shortfalls = 0;
  // The answer changes if the pickup window is taken as zero.
  int window_matters = 0;
  // A stop open for the window in its own zone would not be if its hours
  // were read in UTC or in another zone (Chicago's).
  int zone_matters = 0;
  // A fresh complete option ranks ahead of a confirm one that arrives
  // sooner.
  int fresh_over_sooner_confirm = 0;
  // A fill takes the requested NDC while a substitute is fresh too, or a
  // fresh substitute while the requested NDC only needs confirming.
  int asked_over_fresh_substitute = 0;
  int fresh_substitute_over_confirm = 0;

  void Add(const Case& c, const UrgentFillAnswer& a, const Snapshot& snapshot,
           const UrgentOracle& oracle) {
    const UrgentFillQuery& q = c.query;
    (a.strategy == UrgentStrategy::kScanStock ? scans : searches)++;
    shortfalls += a.shortfall.has_value();
    UrgentFillQuery no_window = q;
    no_window.pickup_window = absl::ZeroDuration();
    window_matters += !Difference(oracle.Answer(no_window), a).empty();
    absl::TimeZone chicago;
    absl::LoadTimeZone("America/Chicago", &chicago);
    bool zone = false, saw_fresh = false;
    absl::Time fresh_arrival;
    for (const UrgentOption& o : a.options) {
      if (o.kind == UrgentOptionKind::kComplete) {
        if (!o.confirm && !saw_fresh) {
          saw_fresh = true;
          fresh_arrival = *o.stops[0].arrival;
        }
        fresh_over_sooner_confirm +=
            o.confirm && saw_fresh && *o.stops[0].arrival < fresh_arrival;
      }
      ++kinds[static_cast<int>(o.kind)];
      for (const UrgentStop& stop : o.stops) {
        const Pharmacy& p = snapshot.pharmacy(stop.pharmacy);
        if (stop.arrival) {
          const OpeningHours& h = CounterHours(p);
          zone = zone ||
                 !OpenThroughout(h, *stop.arrival, q.pickup_window,
                                 absl::UTCTimeZone()) ||
                 !OpenThroughout(h, *stop.arrival, q.pickup_window, chicago);
        }
        for (const ItemFill& f : stop.items) {
          CountSubstitution(q, p.id, f);
        }
      }
    }
    zone_matters += zone;
  }

  void CountSubstitution(const UrgentFillQuery& q, const std::string& id,
                         const ItemFill& f) {
    const UrgentItem& item = q.items[f.item];
    const auto any = [&](const std::vector<std::string>& ndcs, bool fresh) {
      return std::any_of(ndcs.begin(), ndcs.end(), [&](const std::string& n) {
        const std::optional<StockLevel> l = q.store->Get(id, n);
        return l.has_value() &&
               (fresh ? Available(*l, item.quantity, q.now, q.freshness)
                      : FreshnessAt(*l, q.now, q.freshness) ==
                                Freshness::kCallToConfirm &&
                            l->quantity >= item.quantity);
      });
    };
    if (f.state != FillState::kFresh) return;
    if (!f.substitute && any(item.substitutes, true)) {
      ++asked_over_fresh_substitute;
    }
    if (f.substitute && any(item.ndcs, false)) ++fresh_substitute_over_confirm;
  }
};

TEST(UrgentFillDifferentialTest, MatchesBruteForceOnHhsPaxlovidData) {
  const World& world = GetWorld();
  const Snapshot& snapshot = *world.snapshot;
  const UrgentOracle oracle(snapshot);
  std::mt19937_64 rng(kSeed);
  constexpr int kCases = 1000;
  Coverage coverage;
  int failures = 0;
  for (int i = 0; i < kCases; ++i) {
    const Case c = RandomCase(rng, world, i);
    world.stores[c.anchor]->set_stale(rng() % 10 == 0);
    const UrgentFillAnswer got = UrgentFill(snapshot, c.query);
    const UrgentFillAnswer want = oracle.Answer(c.query);
    if (const std::string d = Difference(got, want); !d.empty()) {
      if (++failures <= 5) {
        ADD_FAILURE() << d << "\n"
                      << Describe(c) << "engine:\n"
                      << Describe(got, snapshot) << "oracle:\n"
                      << Describe(want, snapshot);
      }
      continue;
    }
    coverage.Add(c, want, snapshot, oracle);
  }
  EXPECT_EQ(failures, 0) << "of " << kCases << " cases";

  EXPECT_GT(coverage.scans, kCases / 10);
  EXPECT_GT(coverage.searches, kCases / 10);
  EXPECT_GT(coverage.shortfalls, kCases / 10);
  for (UrgentOptionKind kind :
       {UrgentOptionKind::kComplete, UrgentOptionKind::kPartial,
        UrgentOptionKind::kSplit, UrgentOptionKind::kTwentyFourHour,
        UrgentOptionKind::kSpecialty, UrgentOptionKind::kMailOrder,
        UrgentOptionKind::kOutOfNetwork}) {
    EXPECT_GE(coverage.kinds[static_cast<int>(kind)], 5) << Name(kind);
  }
  EXPECT_GT(coverage.window_matters, kCases / 10);
  EXPECT_GT(coverage.zone_matters, kCases / 20);
  EXPECT_GE(coverage.fresh_over_sooner_confirm, 10);
  EXPECT_GE(coverage.asked_over_fresh_substitute, 10);
  EXPECT_GE(coverage.fresh_substitute_over_confirm, 10);
}

}  // namespace
}  // namespace rxlocator
