#include "index/network_index.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace rxlocator {
namespace {

struct ResolvedMembership {
  uint32_t pharmacy;
  MembershipPeriod period;
  const Membership* source;
};

std::string Period(const Membership& m) {
  return absl::StrFormat("%s to %s (%s)", absl::FormatCivilTime(m.effective),
                         absl::FormatCivilTime(m.end), m.source);
}

}  // namespace

absl::StatusOr<NetworkIndex> NetworkIndex::Build(
    const std::vector<Network>& networks, const std::vector<PlanMapping>& plans,
    const PharmacyDirectory& directory, size_t pharmacy_count) {
  NetworkIndex index;
  absl::flat_hash_map<std::string, uint32_t> codes;
  std::vector<std::vector<ResolvedMembership>> members;
  for (const Network& network : networks) {
    auto [it, fresh] = codes.emplace(network.id, index.networks_.size());
    if (fresh) {
      index.networks_.push_back({.id = network.id});
      members.emplace_back();
    }
    Column& column = index.networks_[it->second];
    if (column.name.empty()) column.name = network.name;
    for (const Membership& m : network.members) {
      std::optional<uint32_t> pharmacy = directory.Find(m.pharmacy_id);
      if (!pharmacy) {
        return absl::InvalidArgumentError(absl::StrCat(
            "network \"", network.id, "\" names pharmacy \"", m.pharmacy_id,
            "\" (", m.source, "), which is not in the data"));
      }
      if (m.fills == 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("network \"", network.id, "\": membership ", Period(m),
                         " allows no kind of fill"));
      }
      if (m.end < m.effective) {
        return absl::InvalidArgumentError(
            absl::StrCat("network \"", network.id, "\": membership ", Period(m),
                         " ends before it starts"));
      }
      members[it->second].push_back(
          {*pharmacy,
           {DayNumber(m.effective), DayNumber(m.end), m.tier, m.fills},
           &m});
    }
  }

  const size_t words = (pharmacy_count + 63) / 64;
  for (size_t n = 0; n < members.size(); ++n) {
    std::vector<ResolvedMembership>& list = members[n];
    std::sort(list.begin(), list.end(), [](const auto& x, const auto& y) {
      return std::pair(x.pharmacy, x.period.effective) <
             std::pair(y.pharmacy, y.period.effective);
    });
    Column& column = index.networks_[n];
    column.bits.assign(words, 0);
    column.periods.reserve(list.size());
    for (size_t i = 0; i < list.size(); ++i) {
      const ResolvedMembership& m = list[i];
      if (i > 0 && list[i - 1].pharmacy == m.pharmacy) {
        if (m.period.effective <= list[i - 1].period.end) {
          return absl::InvalidArgumentError(absl::StrCat(
              "network \"", column.id, "\": pharmacy \"", m.source->pharmacy_id,
              "\" has overlapping memberships ", Period(*list[i - 1].source),
              " and ", Period(*m.source)));
        }
      } else {
        column.bits[m.pharmacy >> 6] |= uint64_t{1} << (m.pharmacy & 63);
        column.periods_of.push_back(column.periods.size());
      }
      column.periods.push_back(m.period);
    }
    column.periods_of.push_back(column.periods.size());
    column.rank.reserve(words);
    uint32_t before = 0;
    for (uint64_t word : column.bits) {
      column.rank.push_back(before);
      before += std::popcount(word);
    }
  }

  index.plans_ = plans;
  for (uint32_t p = 0; p < index.plans_.size(); ++p) {
    const PlanMapping& plan = index.plans_[p];
    auto network = codes.find(plan.network_id);
    if (network == codes.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("plan ", plan.plan.ToString(), " (", plan.source,
                       ") names network \"", plan.network_id,
                       "\", which no network file defines"));
    }
    auto [it, fresh] = index.plan_by_key_.emplace(plan.plan, p);
    if (!fresh) {
      return absl::InvalidArgumentError(
          absl::StrCat("plan ", plan.plan.ToString(), " is mapped twice: by ",
                       index.plans_[it->second].source, " and ", plan.source));
    }
    index.plan_network_.push_back(network->second);
  }
  return index;
}

std::optional<NetworkIndex::ResolvedPlan> NetworkIndex::FindPlan(
    const PlanKey& plan) const {
  PlanKey key = plan;
  for (;;) {
    if (auto it = plan_by_key_.find(key); it != plan_by_key_.end()) {
      return ResolvedPlan{plan_network_[it->second], &plans_[it->second]};
    }
    // Commercial mappings may cover every group of a PCN, or every PCN.
    if (key.kind != PlanKey::Kind::kCommercial) return std::nullopt;
    if (!key.group.empty()) {
      key.group.clear();
    } else if (!key.pcn.empty()) {
      key.pcn.clear();
    } else {
      return std::nullopt;
    }
  }
}

const MembershipPeriod* NetworkIndex::On(uint32_t network, uint32_t pharmacy,
                                         absl::CivilDay day) const {
  const int32_t number = DayNumber(day);
  for (const MembershipPeriod& period : Periods(network, pharmacy)) {
    if (period.Covers(number)) return &period;
  }
  return nullptr;
}

}  // namespace rxlocator
