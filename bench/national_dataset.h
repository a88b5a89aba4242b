// A national-scale synthetic dataset for benchmarks, deterministic by seed
// (with one standard library: pharmacies are placed through <random>
// distributions, whose algorithms it chooses): about 70,000 pharmacies, 50
// plan networks, 1,000 NDCs and 20 million stock rows.
//
//   const ZipTable zips = BundledZipTable();        // bench/bench_data.h
//   Dataset d = NationalDataset(zips, 70000, /*seed=*/1);
//   AddNationalNetworks(zips, /*seed=*/1, d);
//   d.drugs = NationalDrugs();
//   const NationalStockOptions stock{.now = now};    // seed 1, 20M rows
//   std::vector<NationalNdcStock> plan =
//       PlanNationalStock(d.pharmacies, d.drugs, stock);
//   // plan.front().ndc: stocked at ~90% of the pharmacies; plan.back().ndc
//   // at 20.
//   StockStore store;
//   FillNationalStock(d.pharmacies, d.drugs, stock, store);
//
// Pharmacies (NationalDataset): placed at random US ZIP centroids (ZIPs are
// drawn to hold similar numbers of addresses, so their density follows
// population), moved up to ~2 km so that none coincide by accident, in
// their ZIP's time zone, one in eight independent and one in eight in each
// of seven chains, with services drawn at fixed rates (drive-thru exactly 10%
// of pharmacies) and realistic store hours (24-hour and open-past-midnight
// among them).
//
// Networks (AddNationalNetworks): 50, open-ended, over the walk-in
// pharmacies, each member drawn independently at the network's share:
//   - 12 broad ("syn-broad-01"...): 88-95%, standard tier, chain members
//     also 90-day retail;
//   - 18 narrow ("syn-narrow-01"...): 30-50%, none of one or two excluded
//     chains; the members of one other chain and a quarter of the rest
//     preferred with 90-day retail, the others standard;
//   - 12 preferred-pharmacy ("syn-preferred-01"...) and 6 Medicare Part D
//     ("syn-medicare-01"...): 80-90% and 85-92%, two chains preferred, chain
//     members 90-day retail;
//   - 2 specialty ("syn-specialty-01", "-02"): five specialty pharmacies
//     each, specialty fills only.
// Every network but the specialty ones also has one of 3 mail-order
// pharmacies (mail fills; preferred tier in preferred and Medicare
// networks) and 2 of 10 specialty pharmacies (specialty fills). Those 13
// are not walk-in ("syn-mail-1"..., "syn-specialty-pharmacy-01"...), have
// no hours and are added to the dataset. Plans: each commercial network
// has BIN:PCN: (every group, PCN "SYN01"... by network number) and each
// narrow network also one group under a broad network's PCN
// ("900202:SYN01:GRP13"); each Medicare network two contract-plans
// ("H5101-001-000", "H5101-002-000"). 74 plans in all.
//
// Drugs (NationalDrugs): 1,000 NDCs, the same for every seed: 64 common
// generics and 5 specialty drugs (45 NDCs, Drug::specialty) at their usual
// strengths, each strength a product (185 in all) of 5 or 6 NDCs from
// several made-up labelers that can be dispensed for one another. A name
// ("Atorvastatin") covers every strength.
//
// Stock (PlanNationalStock, ForEachNationalStockRow): one row per (walk-in
// pharmacy, NDC) stocked, so rows never supersede one another; mail-order
// and specialty pharmacies report none. The NDCs are ranked by popularity
// (non-specialty NDCs in a seeded order, then the specialty ones, rarest);
// with n walk-in pharmacies and D NDCs, rank r (q = r / (D - 1)) is stocked
// at
//   exp(ln(0.9 n) + (ln 20 - ln(0.9 n)) g(q)) pharmacies, rounded, where
//   g(q) = c (1 - (1 - q)^60) + (1 - c) q^p,  c = ln 2 / ln(0.9 n / 20):
// a few very common NDCs fall from 90% of the pharmacies to about half over
// the first ~5% of ranks, the body then declines as q^p, and the tail ends
// at 20 pharmacies. p is solved so that the counts add up to the target (at
// 70,000 pharmacies and 20M rows, p ~ 5: 15 NDCs above 60%, the median at
// 36%, 139 below 1,000 pharmacies, 48 below 100, 27 at 50 or fewer). Each
// NDC's pharmacies are a seeded uniform sample. Quantities: 8% zero, 12%
// low (1-5), the rest 6-999 log-uniform. observed_at, before `now`: 70%
// within 24 h, 15% 24-72 h, 10% 3-14 days (call to confirm), 5% 14-35 days
// (some past the 29-day horizon); whole seconds. Source "synthetic".
//
// Pure functions; thread-safe.
#ifndef RXLOCATOR_BENCH_NATIONAL_DATASET_H_
#define RXLOCATOR_BENCH_NATIONAL_DATASET_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/time/time.h"
#include "index/drug_catalog.h"
#include "index/pharmacy.h"
#include "index/stock.h"
#include "index/stock_store.h"
#include "index/zip_table.h"

namespace rxlocator {

// `count` pharmacies with ids "syn-000000"...; ZIPs of every type with a
// location in the 50 states and DC.
Dataset NationalDataset(const ZipTable& zips, int count, uint64_t seed);

// `count` search origins near random ZIP centroids, as members would search.
std::vector<ZipInfo> RandomOrigins(const ZipTable& zips, int count,
                                   uint64_t seed);

// Adds the 50 networks, their plans and the 13 mail-order and specialty
// pharmacies above to `d`, whose pharmacies (walk-in ones in network) come
// from NationalDataset. The same pharmacies, in the same order, and seed
// give the same result.
void AddNationalNetworks(const ZipTable& zips, uint64_t seed, Dataset& d);

// The 1,000 drugs above, sorted by NDC.
std::vector<Drug> NationalDrugs();

struct NationalStockOptions {
  // Seeds the ranking, the samples, quantities and times. Default 1.
  uint64_t seed = 1;
  // observed_at is spread over the days before this. Required.
  absl::Time now;
  // How many rows to aim for; the counts add up to within a few of it,
  // or as near as the curve allows (at most 90% of the pharmacies per NDC).
  // Default 20,000,000.
  int64_t rows = 20'000'000;
};

// One NDC's planned stock.
struct NationalNdcStock {
  std::string ndc;
  int pharmacies = 0;  // How many walk-in pharmacies have a row for it.
};

// Every NDC of `drugs`, most stocked first, with the number of walk-in
// pharmacies of `pharmacies` that stock it. Depends on the sets of walk-in
// pharmacy ids and NDCs, not their order: a dataset and the snapshot built
// from it (its pharmacies() and drugs().drugs()) give the same plan.
std::vector<NationalNdcStock> PlanNationalStock(
    const std::vector<Pharmacy>& pharmacies, const std::vector<Drug>& drugs,
    const NationalStockOptions& options);

// Calls fn once per stock row of the plan, NDC by NDC in plan order: about
// options.rows calls, without holding them all. Like the plan, the rows
// (and their order) depend only on the sets of ids.
void ForEachNationalStockRow(
    const std::vector<Pharmacy>& pharmacies, const std::vector<Drug>& drugs,
    const NationalStockOptions& options,
    absl::FunctionRef<void(const StockObservation&)> fn);

// Applies every row to `store`; returns how many.
int64_t FillNationalStock(const std::vector<Pharmacy>& pharmacies,
                          const std::vector<Drug>& drugs,
                          const NationalStockOptions& options,
                          StockStore& store);

}  // namespace rxlocator

#endif  // RXLOCATOR_BENCH_NATIONAL_DATASET_H_
