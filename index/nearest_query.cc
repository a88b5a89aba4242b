#include "index/nearest_query.h"

#include "index/geo.h"

namespace rxlocator {
namespace {

// Which chain codes a query admits; empty when every chain is allowed.
std::vector<bool> AllowedChains(const Snapshot& snapshot,
                                const NearestQuery& query) {
  if (query.include_chains.empty() && query.exclude_chains.empty()) return {};
  std::vector<bool> allowed(snapshot.chains().size(),
                            query.include_chains.empty());
  for (uint32_t code : query.include_chains) allowed[code] = true;
  for (uint32_t code : query.exclude_chains) allowed[code] = false;
  return allowed;
}

}  // namespace

NearestPage FindNearest(const Snapshot& snapshot, const NearestQuery& query) {
  const Snapshot::ServiceIndex searched =
      snapshot.IndexFor(query.required_services);
  // What the index does not already guarantee is checked per candidate.
  const ServiceMask unchecked = query.required_services & ~searched.services;
  const std::vector<bool> allowed = AllowedChains(snapshot, query);
  // One more than asked tells whether another page follows.
  const SpatialIndex::Query search{
      .origin = query.origin,
      .max_chord2 = Chord2FromMeters(query.radius_meters),
      .k = query.max_results + 1,
      .after = query.after};
  thread_local std::vector<SpatialIndex::Neighbor> found;
  if (unchecked == 0 && allowed.empty()) {
    searched.index->FindNearest(
        search, [](uint32_t) { return true; }, &found);
  } else {
    searched.index->FindNearest(
        search,
        [&](uint32_t i) {
          return (snapshot.services(i) & unchecked) == unchecked &&
                 (allowed.empty() || allowed[snapshot.chain_code(i)]);
        },
        &found);
  }

  NearestPage page;
  const size_t shown = std::min<size_t>(found.size(), query.max_results);
  page.results.reserve(shown);
  for (size_t r = 0; r < shown; ++r) {
    page.results.push_back(
        {found[r].id, MetersFromChord2(found[r].key.chord2)});
  }
  if (found.size() > shown && shown > 0) page.next = found[shown - 1].key;
  return page;
}

}  // namespace rxlocator
