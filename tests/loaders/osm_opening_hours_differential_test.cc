// Compares ParseOsmOpeningHours + Evaluate with the npm opening_hours library
// (tests/oracles/opening_hours_oracle.js) on realistic pharmacy strings, at
// random instants across 2026 and every 20 minutes of its DST days, in New
// York and Los Angeles: state and next change must agree.
//
// Needs node and the oracle's packages: `npm ci --prefix tests/oracles`.
// Skips (with the reason) when either is missing.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "index/opening_hours.h"
#include "loaders/osm_opening_hours.h"

namespace rxlocator {
namespace {

constexpr const char* kStrings[] = {
    "Mo-Fr 08:00-20:00; Sa 09:00-18:00",
    "Mo-Fr 08:00-21:00; Sa 09:00-18:00; Su 10:00-17:00",
    "Mo-Fr 09:00-19:00; Sa 09:00-17:00; Su off",
    "Mo-Fr 08:00-12:00,13:00-18:00; Sa 09:00-12:00",
    "Mo,We,Fr 09:00-17:00; Tu,Th 09:00-19:00",
    "Mo-Sa 08:00-22:00; Su 10:00-18:00; Dec 25 off",
    "24/7",
    "00:00-24:00",
    "Mo-Su 00:00-24:00",
    "24/7; Dec 25 off; Jan 01 10:00-14:00",
    "Mo-Fr 07:00-23:00; Sa,Su 08:00-20:00",
    "Mo-Su 08:00-22:00",
    "Mo-Fr 09:00-18:00; Sa 10:00-14:00; Jul 04 off; Nov 26 off",
    "Mo-Fr 22:00-02:00",
    "Fr-Sa 18:00-03:00",
    "Mo-Th 09:00-21:00; Fr-Sa 09:00-02:00; Su off",
    "Mo-Sa 08:00-20:00; Sa 10:00-14:00",
    "Mo-Fr 08:30-17:30; Dec 24-26 off; Dec 31 09:00-12:00",
    "Mo-Fr 09:00-17:00; Jan 01 off; Dec 25 off; Nov 26 off",
    "Fr 18:00-03:00; Sa off",
    "Th 22:00-02:00; Dec 25 off",
    "Mo-Su 01:00-03:00",
    "Su 01:30-02:30",
    "Sa-Mo 10:00-16:00",
    "Mo-Fr 08:00-20:00; We 08:00-13:00",
    "off",
};
constexpr const char* kZones[] = {"America/New_York", "America/Los_Angeles"};

// Local days on which the answers are known to differ, and why. Probes of
// `text` whose local day in their zone is `day` are not compared.
struct KnownDifference {
  const char* text;
  absl::CivilDay day;
};
constexpr absl::CivilDay kSpringForward(2026, 3, 8);
constexpr absl::CivilDay kFallBack(2026, 11, 1);
const KnownDifference kKnownDifferences[] = {
    // npm bug: after the spring-forward night, a range running past
    // midnight shows up again on Monday 00:00-01:00, and Sunday gets a
    // change at Monday 00:00.
    {"Fr-Sa 18:00-03:00", kSpringForward + 1},
    {"Mo-Th 09:00-21:00; Fr-Sa 09:00-02:00; Su off", kSpringForward},
    {"Mo-Th 09:00-21:00; Fr-Sa 09:00-02:00; Su off", kSpringForward + 1},
    // A closing time the clock skips (02:30): the model closes at the
    // transition (03:00), the library's Date arithmetic at 03:30.
    {"Su 01:30-02:30", kSpringForward},
    // A span starting inside the repeated hour: the model follows the wall
    // clock, which falls back from 02:00 EDT to 01:00 EST, outside the span,
    // so it closes at the transition until the clock reaches 01:30 again;
    // the library keeps it open until 02:30 EST.
    {"Su 01:30-02:30", kFallBack},
};

bool KnownToDiffer(absl::string_view text, absl::Time at,
                   const absl::TimeZone& zone) {
  const absl::CivilDay day = absl::ToCivilDay(at, zone);
  for (const KnownDifference& known : kKnownDifferences) {
    if (text == known.text && day == known.day) return true;
  }
  return false;
}

struct Probe {
  std::string text;
  absl::Time at;
  std::string zone;
};

std::string Iso(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", t, absl::UTCTimeZone());
}

// The oracle's answer lines for `probes`, or none with *missing set to what
// is missing.
std::vector<std::string> RunOracle(const std::vector<Probe>& probes,
                                   std::string* missing) {
  const std::string dir = RXLOCATOR_SOURCE_DIR "/tests/oracles";
  if (std::system("node --version > /dev/null 2>&1") != 0) {
    *missing = "node is not installed (scripts/setup.sh installs it)";
    return {};
  }
  if (!std::ifstream(dir + "/node_modules/opening_hours/package.json")) {
    *missing =
        "run `npm ci --prefix tests/oracles` first (scripts/test.sh does)";
    return {};
  }
  const std::string in = ::testing::TempDir() + "/osm_oracle_in.tsv";
  const std::string out = ::testing::TempDir() + "/osm_oracle_out.tsv";
  {
    std::ofstream file(in);
    for (const Probe& p : probes) {
      file << p.text << '\t' << Iso(p.at) << '\t' << p.zone << '\n';
    }
  }
  const std::string command =
      absl::StrCat("node ", dir, "/opening_hours_oracle.js < ", in, " > ", out);
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream file(out);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);) lines.push_back(line);
  return lines;
}

std::string Describe(const HoursAnswer& a) {
  return absl::StrCat(a.state == OpenState::kOpen     ? "open"
                      : a.state == OpenState::kClosed ? "closed"
                                                      : "unknown",
                      "\t", a.change ? Iso(a.change->at) : "none");
}

TEST(OsmOpeningHoursDifferentialTest, AgreesWithTheNpmLibrary) {
  std::mt19937 random(20260308);
  std::vector<absl::Time> instants;
  const absl::Time year =
      absl::FromCivil(absl::CivilSecond(2026, 1, 1), absl::UTCTimeZone());
  std::uniform_int_distribution<int> minute(0, 365 * 24 * 60 - 1);
  for (int i = 0; i < 150; ++i) {
    instants.push_back(year + absl::Minutes(minute(random)));
  }
  // The DST days, in UTC terms wide enough for both zones.
  for (const absl::CivilDay day :
       {absl::CivilDay(2026, 3, 8), absl::CivilDay(2026, 11, 1)}) {
    const absl::Time start =
        absl::FromCivil(day, absl::UTCTimeZone()) + absl::Hours(4);
    for (int m = 0; m < 28 * 60; m += 20) {
      instants.push_back(start + absl::Minutes(m));
    }
  }
  std::vector<Probe> probes;
  for (const char* text : kStrings) {
    for (const char* zone : kZones) {
      for (const absl::Time at : instants) probes.push_back({text, at, zone});
    }
  }
  // The oracle is part of the suite: without it the test fails, not skips.
  std::string missing;
  const std::vector<std::string> expected = RunOracle(probes, &missing);
  ASSERT_TRUE(missing.empty()) << missing;
  ASSERT_EQ(expected.size(), probes.size());

  int mismatches = 0;
  int oracle_failures = 0;
  for (size_t i = 0; i < probes.size(); ++i) {
    const Probe& p = probes[i];
    if (absl::StartsWith(expected[i], "failed\t")) {
      if (++oracle_failures <= 10) {
        std::cout << "npm library failed on \"" << p.text << "\" at "
                  << Iso(p.at) << " " << p.zone << ": " << expected[i] << "\n";
      }
      continue;
    }
    absl::StatusOr<OpeningHours> hours =
        ParseOsmOpeningHours(p.text, 2026, 2027);
    ASSERT_TRUE(hours.ok()) << p.text << ": " << hours.status();
    absl::TimeZone zone;
    ASSERT_TRUE(absl::LoadTimeZone(p.zone, &zone)) << p.zone;
    if (KnownToDiffer(p.text, p.at, zone)) continue;
    const std::string actual = Describe(Evaluate(*hours, p.at, zone));
    if (actual != expected[i] && ++mismatches <= 30) {
      ADD_FAILURE() << "\"" << p.text << "\" at " << Iso(p.at) << " ("
                    << absl::FormatTime("%a %Y-%m-%d %H:%M %Z", p.at, zone)
                    << "): rxlocator " << actual << ", npm " << expected[i];
    }
  }
  EXPECT_EQ(mismatches, 0) << "of " << probes.size() << " probes";
  // The library's own failures are few and reported, not compared.
  EXPECT_LE(oracle_failures, probes.size() / 100);
}

}  // namespace
}  // namespace rxlocator
