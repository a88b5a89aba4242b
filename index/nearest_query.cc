#include "index/nearest_query.h"

#include <optional>

#include "absl/time/civil_time.h"
#include "index/geo.h"
#include "index/opening_hours.h"
#include "index/weekly_hours_column.h"

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

// Whether a pharmacy's counter is open at one instant, and for a while
// after: the instant is converted to each time zone once, when a pharmacy
// in that zone is first asked about; plain weekly hours are answered from
// the snapshot's compact column, the rest by full evaluation.
class OpenFilter {
 public:
  OpenFilter(const Snapshot& snapshot, absl::Time at, absl::Duration open_for)
      : snapshot_(snapshot), at_(at), open_for_(open_for) {
    local_.assign(snapshot.zones().size(), std::nullopt);
  }

  bool operator()(uint32_t i) {
    const uint32_t zone = snapshot_.zone_code(i);
    if (zone == Snapshot::kNoZone) return false;
    if (!local_[zone]) {
      const absl::CivilSecond local = snapshot_.zones()[zone].At(at_).cs;
      local_[zone] = Local{local, MinuteOfWeek(local)};
    }
    const std::optional<bool> plain =
        snapshot_.weekly_hours().OpenAt(i, local_[zone]->minute_of_week);
    const OpeningHours* hours = nullptr;
    if (plain.has_value()) {
      if (!*plain) return false;
    } else {
      hours = &CounterHours(snapshot_.pharmacy(i));
      if (StateAt(*hours, local_[zone]->civil) != OpenState::kOpen) {
        return false;
      }
    }
    if (open_for_ <= absl::ZeroDuration()) return true;
    if (hours == nullptr) hours = &CounterHours(snapshot_.pharmacy(i));
    return OpenThroughout(*hours, at_, open_for_, snapshot_.zones()[zone]);
  }

 private:
  struct Local {
    absl::CivilSecond civil;
    int minute_of_week;
  };
  const Snapshot& snapshot_;
  const absl::Time at_;
  const absl::Duration open_for_;
  std::vector<std::optional<Local>> local_;  // By zone code.
};

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
  std::optional<OpenFilter> open;
  if (query.open_at) open.emplace(snapshot, *query.open_at, query.open_for);
  thread_local std::vector<SpatialIndex::Neighbor> found;
  if (unchecked == 0 && allowed.empty() && !open) {
    searched.index->FindNearest(
        search, [](uint32_t) { return true; }, &found);
  } else {
    // Cheapest checks first; hours last.
    searched.index->FindNearest(
        search,
        [&](uint32_t i) {
          return (snapshot.services(i) & unchecked) == unchecked &&
                 (allowed.empty() || allowed[snapshot.chain_code(i)]) &&
                 (!open || (*open)(i));
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
