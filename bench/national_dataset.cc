#include "bench/national_dataset.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <random>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "index/fingerprint.h"
#include "index/plan_key.h"

namespace rxlocator {
namespace {

std::vector<const ZipInfo*> PlaceableZips(const ZipTable& zips) {
  std::vector<const ZipInfo*> out;
  for (const ZipInfo& z : zips.entries()) {
    // Territories and military ZIPs are left out: the set is the 50 states.
    if (z.has_location && z.type != ZipType::kMilitary && z.state.size() == 2 &&
        z.state != "PR" && z.state != "VI" && z.state != "GU" &&
        z.state != "AS" && z.state != "MP") {
      out.push_back(&z);
    }
  }
  return out;
}

// A pharmacy in ZIP `z`, moved from its centroid by `jitter` degrees in
// latitude and then longitude.
Pharmacy AtZip(const ZipInfo& z, std::uniform_real_distribution<double>& jitter,
               std::mt19937_64& rng) {
  Pharmacy p;
  p.address.city = z.city;
  p.address.state = z.state;
  p.address.zip = z.zip;
  p.latitude = z.latitude + jitter(rng);
  p.longitude = z.longitude + jitter(rng);
  p.time_zone = z.time_zone;
  p.source = "synthetic";
  return p;
}

// Store hours as chains keep them: most 09:00-21:00 on weekdays with shorter
// weekends, one in twelve around the clock, one in ten open until 01:00.
OpeningHours RealisticHours(std::mt19937_64& rng) {
  OpeningHours h;
  h.known = true;
  const int kind = rng() % 120;
  if (kind < 10) {
    h.always_open = true;
    return h;
  }
  const int late = kind < 22 ? 25 * 60 : 21 * 60;  // 01:00 the next day.
  for (int day = 0; day < 7; ++day) {
    const Weekday weekday = static_cast<Weekday>(day);
    if (day < 5) {
      h.weekly.push_back({weekday, 9 * 60, late});
    } else if (day == 5 || rng() % 4 != 0) {  // Some close on Sundays.
      h.weekly.push_back({weekday, 10 * 60, day == 5 ? 18 * 60 : 17 * 60});
    }
  }
  return h;
}

// A draw uniform in [0, 1), the same with every standard library.
double Unit(std::mt19937_64& rng) { return (rng() >> 11) * 0x1.0p-53; }

// A seeded permutation, the same with every standard library.
template <typename T>
void Shuffle(std::vector<T>& v, std::mt19937_64& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng() % i]);
}

// A generator for one purpose, seeded by the dataset seed and a name.
std::mt19937_64 Rng(uint64_t seed, absl::string_view purpose) {
  return std::mt19937_64(Fingerprint().Add(seed).Add(purpose).value());
}

// ---------------------------------------------------------------------------
// Networks.

enum class Shape { kBroad, kNarrow, kPreferred, kMedicare, kSpecialty };

struct ShapeInfo {
  Shape shape;
  const char* key;  // In network ids.
  const char* title;
  int networks;
  double min_share, max_share;  // Of the walk-in pharmacies.
};

// In the order networks are numbered: 1-12 broad, 13-30 narrow, ...
constexpr ShapeInfo kShapes[] = {
    {Shape::kBroad, "broad", "Broad", 12, 0.88, 0.95},
    {Shape::kNarrow, "narrow", "Narrow", 18, 0.30, 0.50},
    {Shape::kPreferred, "preferred", "Preferred Pharmacy", 12, 0.80, 0.90},
    {Shape::kMedicare, "medicare", "Medicare Part D", 6, 0.85, 0.92},
    {Shape::kSpecialty, "specialty", "Specialty", 2, 0, 0},
};
constexpr int kMailOrderPharmacies = 3;
constexpr int kSpecialtyPharmacies = 10;
constexpr const char* kBins[] = {"900101", "900202", "900303"};

PlanMapping Plan(absl::string_view text, absl::string_view network_id,
                 std::string name) {
  return PlanMapping{.plan = *ParsePlanKey(text),
                     .network_id = std::string(network_id),
                     .name = std::move(name),
                     .source = "synthetic"};
}

// `k` distinct ids of `ids`.
std::vector<std::string> Pick(std::vector<std::string> ids, size_t k,
                              std::mt19937_64& rng) {
  Shuffle(ids, rng);
  ids.resize(std::min(k, ids.size()));
  return ids;
}

// ---------------------------------------------------------------------------
// Drugs.

struct Ingredient {
  const char* name;
  const char* form;
  const char* strengths;  // Separated by '|'; each is a product.
  bool specialty;
};

constexpr Ingredient kIngredients[] = {
    {"Atorvastatin", "tablet", "10 mg|20 mg|40 mg|80 mg", false},
    {"Lisinopril", "tablet", "2.5 mg|5 mg|10 mg|20 mg|40 mg", false},
    {"Levothyroxine", "tablet", "25 mcg|50 mcg|75 mcg|88 mcg|100 mcg|125 mcg",
     false},
    {"Metformin", "tablet", "500 mg|850 mg|1000 mg", false},
    {"Amlodipine", "tablet", "2.5 mg|5 mg|10 mg", false},
    {"Metoprolol Succinate", "extended-release tablet",
     "25 mg|50 mg|100 mg|200 mg", false},
    {"Omeprazole", "delayed-release capsule", "10 mg|20 mg|40 mg", false},
    {"Simvastatin", "tablet", "10 mg|20 mg|40 mg", false},
    {"Losartan", "tablet", "25 mg|50 mg|100 mg", false},
    {"Albuterol", "inhalation aerosol", "90 mcg/actuation", false},
    {"Gabapentin", "capsule", "100 mg|300 mg|400 mg", false},
    {"Hydrochlorothiazide", "tablet", "12.5 mg|25 mg|50 mg", false},
    {"Sertraline", "tablet", "25 mg|50 mg|100 mg", false},
    {"Furosemide", "tablet", "20 mg|40 mg|80 mg", false},
    {"Fluticasone", "nasal spray", "50 mcg/actuation", false},
    {"Escitalopram", "tablet", "5 mg|10 mg|20 mg", false},
    {"Rosuvastatin", "tablet", "5 mg|10 mg|20 mg|40 mg", false},
    {"Bupropion XL", "extended-release tablet", "150 mg|300 mg", false},
    {"Pantoprazole", "delayed-release tablet", "20 mg|40 mg", false},
    {"Montelukast", "tablet", "10 mg", false},
    {"Trazodone", "tablet", "50 mg|100 mg|150 mg", false},
    {"Prednisone", "tablet", "5 mg|10 mg|20 mg", false},
    {"Tamsulosin", "capsule", "0.4 mg", false},
    {"Carvedilol", "tablet", "3.125 mg|6.25 mg|12.5 mg|25 mg", false},
    {"Meloxicam", "tablet", "7.5 mg|15 mg", false},
    {"Clopidogrel", "tablet", "75 mg", false},
    {"Citalopram", "tablet", "10 mg|20 mg|40 mg", false},
    {"Duloxetine", "delayed-release capsule", "20 mg|30 mg|60 mg", false},
    {"Pravastatin", "tablet", "10 mg|20 mg|40 mg|80 mg", false},
    {"Warfarin", "tablet", "1 mg|2 mg|2.5 mg|5 mg|10 mg", false},
    {"Amoxicillin", "capsule", "250 mg|500 mg", false},
    {"Azithromycin", "tablet", "250 mg|500 mg", false},
    {"Cephalexin", "capsule", "250 mg|500 mg", false},
    {"Ciprofloxacin", "tablet", "250 mg|500 mg|750 mg", false},
    {"Doxycycline Hyclate", "capsule", "50 mg|100 mg", false},
    {"Fluoxetine", "capsule", "10 mg|20 mg|40 mg", false},
    {"Glipizide", "tablet", "5 mg|10 mg", false},
    {"Insulin Glargine", "injection", "100 units/mL", false},
    {"Insulin Lispro", "injection", "100 units/mL", false},
    {"Lamotrigine", "tablet", "25 mg|100 mg|150 mg|200 mg", false},
    {"Levetiracetam", "tablet", "250 mg|500 mg|750 mg|1000 mg", false},
    {"Methotrexate", "tablet", "2.5 mg", false},
    {"Oseltamivir", "capsule", "30 mg|45 mg|75 mg", false},
    {"Spironolactone", "tablet", "25 mg|50 mg|100 mg", false},
    {"Topiramate", "tablet", "25 mg|50 mg|100 mg|200 mg", false},
    {"Valsartan", "tablet", "40 mg|80 mg|160 mg|320 mg", false},
    {"Venlafaxine ER", "extended-release capsule", "37.5 mg|75 mg|150 mg",
     false},
    {"Allopurinol", "tablet", "100 mg|300 mg", false},
    {"Propranolol", "tablet", "10 mg|20 mg|40 mg|80 mg", false},
    {"Diltiazem ER", "extended-release capsule", "120 mg|180 mg|240 mg|300 mg",
     false},
    {"Buspirone", "tablet", "5 mg|10 mg|15 mg|30 mg", false},
    {"Cyclobenzaprine", "tablet", "5 mg|10 mg", false},
    {"Famotidine", "tablet", "20 mg|40 mg", false},
    {"Finasteride", "tablet", "5 mg", false},
    {"Glimepiride", "tablet", "1 mg|2 mg|4 mg", false},
    {"Hydroxychloroquine", "tablet", "200 mg", false},
    {"Ondansetron", "tablet", "4 mg|8 mg", false},
    {"Quetiapine", "tablet", "25 mg|50 mg|100 mg|200 mg|300 mg", false},
    {"Sumatriptan", "tablet", "25 mg|50 mg|100 mg", false},
    {"Apixaban", "tablet", "2.5 mg|5 mg", false},
    {"Nitrofurantoin", "capsule", "50 mg|100 mg", false},
    {"Benzonatate", "capsule", "100 mg|200 mg", false},
    {"Clonazepam", "tablet", "0.5 mg|1 mg|2 mg", false},
    {"Tramadol", "tablet", "50 mg", false},
    {"Adalimumab", "prefilled pen", "40 mg/0.4 mL|80 mg/0.8 mL", true},
    {"Etanercept", "prefilled syringe", "25 mg/0.5 mL|50 mg/mL", true},
    {"Glatiramer", "prefilled syringe", "20 mg/mL|40 mg/mL", true},
    {"Imatinib", "tablet", "100 mg|400 mg", true},
    {"Teriparatide", "injection pen", "620 mcg/2.48 mL", true},
};
constexpr int kNdcs = 1000;
// Made-up labeler codes, for the first five digits of the NDCs.
constexpr const char* kLabelers[] = {"70010", "70123", "70345",
                                     "70567", "70789", "70901"};

// ---------------------------------------------------------------------------
// Stock.

// The walk-in pharmacies, by id.
std::vector<const Pharmacy*> WalkInById(const std::vector<Pharmacy>& all) {
  std::vector<const Pharmacy*> out;
  for (const Pharmacy& p : all) {
    if (p.walk_in) out.push_back(&p);
  }
  std::sort(out.begin(), out.end(),
            [](const Pharmacy* x, const Pharmacy* y) { return x->id < y->id; });
  return out;
}

// How many of `pharmacies` stock the NDC of each popularity rank (the curve
// in the header), adding up to as near `target` as the curve allows.
std::vector<int> RankCounts(int ndcs, int pharmacies, int64_t target) {
  if (pharmacies == 0) return std::vector<int>(ndcs, 0);
  const double top = 0.9 * pharmacies;
  const double l0 = std::log(top);
  const double dl = std::log(std::min(20.0, top)) - l0;
  const double c = dl < 0 ? std::min(1.0, std::log(0.5) / dl) : 0;
  auto counts = [&](double p) {
    std::vector<int> out(ndcs);
    for (int r = 0; r < ndcs; ++r) {
      const double q = ndcs > 1 ? double(r) / (ndcs - 1) : 0;
      const double g = c * (1 - std::pow(1 - q, 60)) + (1 - c) * std::pow(q, p);
      out[r] = static_cast<int>(std::lround(std::exp(l0 + dl * g)));
    }
    return out;
  };
  auto miss = [&](double p) {
    const std::vector<int> v = counts(p);
    return std::accumulate(v.begin(), v.end(), int64_t{0}) - target;
  };
  // The total grows with p; bisect on a log scale.
  double lo = 0.01, hi = 100;
  for (int i = 0; i < 60; ++i) {
    const double mid = std::sqrt(lo * hi);
    (miss(mid) < 0 ? lo : hi) = mid;
  }
  return counts(std::abs(miss(lo)) <= std::abs(miss(hi)) ? lo : hi);
}

int64_t Quantity(std::mt19937_64& rng) {
  const int kind = rng() % 100;
  if (kind < 8) return 0;
  if (kind < 20) return 1 + rng() % 5;
  return static_cast<int64_t>(6 * std::pow(1000.0 / 6, Unit(rng)));
}

// How long before `now` a count was taken.
absl::Duration Age(std::mt19937_64& rng) {
  constexpr int64_t kHour = 3600, kDay = 24 * kHour;
  const int kind = rng() % 100;
  const auto [from, to] = kind < 70   ? std::pair(0 * kHour, 24 * kHour)
                          : kind < 85 ? std::pair(24 * kHour, 72 * kHour)
                          : kind < 95 ? std::pair(3 * kDay, 14 * kDay)
                                      : std::pair(14 * kDay, 35 * kDay);
  return absl::Seconds(from + static_cast<int64_t>(rng() % (to - from)));
}

}  // namespace

Dataset NationalDataset(const ZipTable& zips, int count, uint64_t seed) {
  const std::vector<const ZipInfo*> placeable = PlaceableZips(zips);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, placeable.size() - 1);
  std::uniform_real_distribution<double> jitter(-0.02, 0.02);
  const char* const kChains[] = {"",       "walgreens", "cvs",        "walmart",
                                 "kroger", "rite_aid",  "albertsons", "publix"};
  Dataset d;
  d.pharmacies.reserve(count);
  for (int i = 0; i < count; ++i) {
    const ZipInfo& z = *placeable[pick(rng)];
    const char* chain = kChains[rng() % 8];
    Pharmacy p = AtZip(z, jitter, rng);
    p.id = absl::StrFormat("syn-%06d", i);
    p.name = absl::StrFormat("Synthetic Pharmacy %d", i);
    p.chain = chain;
    p.store_hours = RealisticHours(rng);
    if (i % 10 == 0) p.services |= Bit(Service::kDriveThru);
    if (rng() % 2 == 0) p.services |= Bit(Service::kVaccinations);
    d.pharmacies.push_back(std::move(p));
  }
  return d;
}

std::vector<ZipInfo> RandomOrigins(const ZipTable& zips, int count,
                                   uint64_t seed) {
  const std::vector<const ZipInfo*> placeable = PlaceableZips(zips);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, placeable.size() - 1);
  std::uniform_real_distribution<double> jitter(-0.03, 0.03);
  std::vector<ZipInfo> out;
  for (int i = 0; i < count; ++i) {
    ZipInfo z = *placeable[pick(rng)];
    z.latitude += jitter(rng);
    z.longitude += jitter(rng);
    out.push_back(std::move(z));
  }
  return out;
}

void AddNationalNetworks(const ZipTable& zips, uint64_t seed, Dataset& d) {
  std::vector<size_t> walk_in;  // Indices into d.pharmacies.
  std::vector<std::string> chains;
  for (size_t i = 0; i < d.pharmacies.size(); ++i) {
    const Pharmacy& p = d.pharmacies[i];
    if (!p.walk_in) continue;
    walk_in.push_back(i);
    if (!p.chain.empty()) chains.push_back(p.chain);
  }
  std::sort(chains.begin(), chains.end());
  chains.erase(std::unique(chains.begin(), chains.end()), chains.end());

  // The mail-order and specialty pharmacies.
  std::vector<std::string> mail_ids, specialty_ids;
  for (int i = 1; i <= kMailOrderPharmacies; ++i) {
    mail_ids.push_back(absl::StrCat("syn-mail-", i));
  }
  for (int i = 1; i <= kSpecialtyPharmacies; ++i) {
    specialty_ids.push_back(absl::StrFormat("syn-specialty-pharmacy-%02d", i));
  }
  {
    const std::vector<const ZipInfo*> placeable = PlaceableZips(zips);
    std::mt19937_64 rng = Rng(seed, "central pharmacies");
    std::uniform_real_distribution<double> jitter(-0.02, 0.02);
    auto add = [&](const std::string& id, std::string name) {
      Pharmacy p = AtZip(*placeable[rng() % placeable.size()], jitter, rng);
      p.id = id;
      p.name = std::move(name);
      p.services = Bit(Service::kDelivery);
      p.walk_in = false;
      d.pharmacies.push_back(std::move(p));
    };
    for (int i = 0; i < kMailOrderPharmacies; ++i) {
      add(mail_ids[i], absl::StrCat("Synthetic Mail-Order Pharmacy ", i + 1));
    }
    for (int i = 0; i < kSpecialtyPharmacies; ++i) {
      add(specialty_ids[i],
          absl::StrCat("Synthetic Specialty Pharmacy ", i + 1));
    }
  }

  int number = 0;  // Of the network, 1 to 50, across shapes.
  for (const ShapeInfo& shape : kShapes) {
    for (int k = 1; k <= shape.networks; ++k) {
      ++number;
      Network network{
          .id = absl::StrFormat("syn-%s-%02d", shape.key, k),
          .name = absl::StrFormat("Synthetic %s Network %d", shape.title, k)};
      std::mt19937_64 rng = Rng(seed, network.id);
      const bool narrow = shape.shape == Shape::kNarrow;
      auto add = [&](const std::string& id, Tier tier, FillKinds fills) {
        network.members.push_back(
            {.pharmacy_id = id, .tier = tier, .fills = fills});
      };

      if (shape.shape == Shape::kSpecialty) {
        for (const std::string& id : Pick(specialty_ids, 5, rng)) {
          add(id, Tier::kStandard, Bit(FillKind::kSpecialty));
        }
      } else {
        // Narrow networks leave out one or two chains and prefer another;
        // preferred-pharmacy and Medicare networks prefer two.
        std::vector<std::string> order = chains;
        Shuffle(order, rng);
        const size_t excluded =
            narrow ? std::min<size_t>(1 + rng() % 2, order.size()) : 0;
        const size_t preferred_end = std::min(
            order.size(), excluded + (narrow                         ? 1
                                      : shape.shape == Shape::kBroad ? 0
                                                                     : 2));
        auto position = [&](const std::string& chain) {
          return std::find(order.begin(), order.end(), chain) - order.begin();
        };
        size_t eligible = 0;
        for (size_t i : walk_in) {
          const Pharmacy& p = d.pharmacies[i];
          eligible += p.chain.empty() || position(p.chain) >= excluded;
        }
        const double share =
            shape.min_share + Unit(rng) * (shape.max_share - shape.min_share);
        const double chance =
            eligible == 0 ? 0 : share * walk_in.size() / eligible;
        for (size_t i : walk_in) {
          const Pharmacy& p = d.pharmacies[i];
          const size_t chain =
              p.chain.empty() ? order.size() : position(p.chain);
          if (chain < excluded || Unit(rng) >= chance) continue;
          const bool preferred =
              chain < preferred_end || (narrow && Unit(rng) < 0.25);
          const bool ninety_day = narrow ? preferred : !p.chain.empty();
          add(p.id, preferred ? Tier::kPreferred : Tier::kStandard,
              Bit(FillKind::kRetail) |
                  (ninety_day ? Bit(FillKind::kNinetyDayRetail) : 0));
        }
        const bool preferred_mail =
            shape.shape == Shape::kPreferred || shape.shape == Shape::kMedicare;
        add(mail_ids[rng() % mail_ids.size()],
            preferred_mail ? Tier::kPreferred : Tier::kStandard,
            Bit(FillKind::kMail));
        for (const std::string& id : Pick(specialty_ids, 2, rng)) {
          add(id, Tier::kStandard, Bit(FillKind::kSpecialty));
        }
      }

      const std::string plan_name =
          absl::StrFormat("Synthetic %s Plan %d", shape.title, k);
      if (shape.shape == Shape::kMedicare) {
        for (int plan = 1; plan <= 2; ++plan) {
          const std::string key =
              absl::StrFormat("H%04d-%03d-000", 5100 + k, plan);
          d.plans.push_back(Plan(
              key, network.id, absl::StrCat("Synthetic Medicare Plan ", key)));
        }
      } else {
        d.plans.push_back(
            Plan(absl::StrFormat("%s:SYN%02d:", kBins[number % 3], number),
                 network.id, plan_name));
      }
      if (narrow) {
        // An employer group under a broad network's PCN (broad networks are
        // numbered 1 to 12) that uses this network instead.
        const int broad = (k - 1) % kShapes[0].networks + 1;
        d.plans.push_back(
            Plan(absl::StrFormat("%s:SYN%02d:GRP%02d", kBins[broad % 3], broad,
                                 number),
                 network.id,
                 absl::StrFormat("%s, group GRP%02d", plan_name, number)));
      }
      d.networks.push_back(std::move(network));
    }
  }
}

std::vector<Drug> NationalDrugs() {
  struct Product {
    const Ingredient* ingredient;
    std::string strength;
  };
  std::vector<Product> products;
  for (const Ingredient& ingredient : kIngredients) {
    for (absl::string_view strength :
         absl::StrSplit(ingredient.strengths, '|')) {
      products.push_back({&ingredient, std::string(strength)});
    }
  }
  const int per_product = kNdcs / products.size();
  const int with_one_more = kNdcs % products.size();
  std::vector<Drug> drugs;
  for (int p = 0; p < products.size(); ++p) {
    const Ingredient& ingredient = *products[p].ingredient;
    Drug drug{
        .name = ingredient.name,
        .strength = products[p].strength,
        .form = ingredient.form,
        .product = absl::AsciiStrToLower(absl::StrCat(
            ingredient.name, " ", products[p].strength, " ", ingredient.form)),
        .specialty = ingredient.specialty,
        .source = "synthetic"};
    // Packages of one product come from several labelers; the product code
    // and package code make every NDC unique.
    for (int package = 0; package < per_product + (p < with_one_more);
         ++package) {
      drug.ndc = absl::StrFormat(
          "%s%04d%02d", kLabelers[(p + package) % std::size(kLabelers)], p,
          package + 1);
      drugs.push_back(drug);
    }
  }
  std::sort(drugs.begin(), drugs.end(),
            [](const Drug& x, const Drug& y) { return x.ndc < y.ndc; });
  return drugs;
}

std::vector<NationalNdcStock> PlanNationalStock(
    const std::vector<Pharmacy>& pharmacies, const std::vector<Drug>& drugs,
    const NationalStockOptions& options) {
  // Ranks: the NDCs that are not specialty in a seeded order, then the
  // specialty ones, each group drawn from NDC order.
  std::vector<std::string> common, specialty;
  for (const Drug& drug : drugs) {
    (drug.specialty ? specialty : common).push_back(drug.ndc);
  }
  std::sort(common.begin(), common.end());
  std::sort(specialty.begin(), specialty.end());
  std::mt19937_64 rng = Rng(options.seed, "stock ranks");
  Shuffle(common, rng);
  Shuffle(specialty, rng);
  common.insert(common.end(), specialty.begin(), specialty.end());

  const std::vector<int> counts =
      RankCounts(common.size(), WalkInById(pharmacies).size(), options.rows);
  std::vector<NationalNdcStock> plan;
  for (size_t r = 0; r < common.size(); ++r) {
    plan.push_back({std::move(common[r]), counts[r]});
  }
  return plan;
}

void ForEachNationalStockRow(
    const std::vector<Pharmacy>& pharmacies, const std::vector<Drug>& drugs,
    const NationalStockOptions& options,
    absl::FunctionRef<void(const StockObservation&)> fn) {
  const std::vector<const Pharmacy*> walk_in = WalkInById(pharmacies);
  std::vector<uint32_t> order(walk_in.size());
  StockObservation row;
  row.level.source = "synthetic";
  for (const NationalNdcStock& ndc :
       PlanNationalStock(pharmacies, drugs, options)) {
    // Each NDC's sample, a partial Fisher-Yates shuffle, is drawn apart.
    std::mt19937_64 rng = Rng(options.seed, absl::StrCat("stock ", ndc.ndc));
    std::iota(order.begin(), order.end(), 0);
    row.ndc = ndc.ndc;
    for (size_t i = 0; i < ndc.pharmacies; ++i) {
      std::swap(order[i], order[i + rng() % (order.size() - i)]);
      row.pharmacy_id = walk_in[order[i]]->id;
      row.level.quantity = Quantity(rng);
      row.level.observed_at = options.now - Age(rng);
      fn(row);
    }
  }
}

int64_t FillNationalStock(const std::vector<Pharmacy>& pharmacies,
                          const std::vector<Drug>& drugs,
                          const NationalStockOptions& options,
                          StockStore& store) {
  int64_t rows = 0;
  ForEachNationalStockRow(pharmacies, drugs, options,
                          [&](const StockObservation& row) {
                            store.Apply(row);
                            ++rows;
                          });
  return rows;
}

}  // namespace rxlocator
