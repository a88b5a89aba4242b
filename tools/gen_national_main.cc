// rxlocator-gen-national: writes the national synthetic dataset
// (bench/national_dataset.h) in the native formats (docs/formats.md), so
// the server and the load tests can serve what the benchmarks measure.
//
//   rxlocator-gen-national --out_dir=/tmp/national --seed=1
//   rxlocator-server --pharmacies=native:/tmp/national/pharmacies.csv.gz
//       --networks=native:/tmp/national/networks.csv.gz
//       --plans=/tmp/national/plans.csv.gz
//       --drug_catalog=/tmp/national/drugs.csv.gz
//       --stock=native:/tmp/national/stock.csv.gz
//
// The same flags give the same files.

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/bench_data.h"
#include "bench/national_dataset.h"
#include "server/command_main.h"
#include "tools/csv_fields.h"
#include "tools/gzip_writer.h"
#include "tools/network_generator.h"
#include "tools/peer_files.h"

namespace rxlocator {
namespace {

constexpr char kUsage[] = R"(Usage: rxlocator-gen-national --out_dir=DIR [flags]

Writes the national synthetic dataset of the benchmarks, placed by the
bundled ZIP table, into DIR (which must exist), gzipped:
  pharmacies.csv.gz  native pharmacies, with store hours
  networks.csv.gz    native plan networks (50)
  plans.csv.gz       plan -> network
  drugs.csv.gz       native drug catalog (1,000 NDCs)
  stock.csv.gz       native stock snapshot
and with --peer_files, the same for the peer comparison (tools/peer_files.h):
  redis.resp.gz      commands for redis-cli --pipe
  postgis.sql.gz     a psql script

  --out_dir=DIR        where to write (required)
  --seed=N             seeds every choice; the same flags give the same
                       files (default 1)
  --pharmacies=N       walk-in pharmacies, 1 to 1000000 (default 70000)
  --stock_rows=N       stock rows to aim for (default 20000000)
  --peer_files         also write the peer systems' files
  --now=TIME           counts are spread over the days before this RFC 3339
                       time (default 2026-11-18T23:30:00Z)
  --help               this text
)";

struct Flags {
  std::string out_dir;
  uint64_t seed = 1;
  int pharmacies = 70000;
  int64_t stock_rows = 20'000'000;
  absl::Time now = absl::FromUnixSeconds(1795044600);  // 2026-11-18 23:30Z
  bool peer_files = false;
};

absl::StatusOr<Flags> ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    const std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(arg, absl::MaxSplits('=', 1));
    const auto [name, value] = kv;
    if (name != "--out_dir" && name != "--seed" && name != "--pharmacies" &&
        name != "--stock_rows" && name != "--now" && name != "--peer_files") {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag \"", arg, "\" (see --help)"));
    }
    if (name == "--peer_files") {
      if (arg != name) {
        return absl::InvalidArgumentError(
            absl::StrCat("--peer_files takes no value, got \"", arg, "\""));
      }
      flags.peer_files = true;
      continue;
    }
    if (arg.find('=') == absl::string_view::npos || value.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "flag \"", arg, "\" needs a value: ", name, "=... (see --help)"));
    }
    std::string error;
    if (name == "--out_dir") {
      flags.out_dir = std::string(value);
    } else if (name == "--seed") {
      if (!absl::SimpleAtoi(value, &flags.seed)) {
        error = "a whole number from 0 to 2^64-1";
      }
    } else if (name == "--pharmacies") {
      if (!absl::SimpleAtoi(value, &flags.pharmacies) || flags.pharmacies < 1 ||
          flags.pharmacies > 1'000'000) {
        error = "a whole number from 1 to 1000000";
      }
    } else if (name == "--stock_rows") {
      if (!absl::SimpleAtoi(value, &flags.stock_rows) || flags.stock_rows < 0) {
        error = "a whole number, 0 or more";
      }
    } else if (!absl::ParseTime(absl::RFC3339_full, value, &flags.now,
                                &error)) {  // --now
      error = absl::StrCat("an RFC 3339 time such as 2026-11-18T23:30:00Z (",
                           error, ")");
    }
    if (!error.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, " must be ", error, ", got \"", value, "\""));
    }
  }
  if (flags.out_dir.empty()) {
    return absl::InvalidArgumentError("--out_dir=DIR is required");
  }
  return flags;
}

// Weekly hours in the OpenStreetMap subset the native loader reads
// (loaders/osm_opening_hours.h): "24/7", or one rule per set of days with
// the same spans ("Mo-Fr 09:00-01:00; Sa 10:00-18:00"), "off" if never
// open; "" if unknown.
// A rule's range past midnight is cut by any later rule naming the next
// day, so a rule comes after the rule of each day its ranges run into.
// InvalidArgument for hours with dates or closures, or whose rules would
// each have to come after the other.
absl::StatusOr<std::string> OsmHours(const OpeningHours& hours) {
  if (!hours.known) return "";
  if (!hours.overrides.empty() || hours.closed_until.has_value() ||
      hours.permanently_closed) {
    return absl::InvalidArgumentError(
        "hours with dates or closures cannot be written");
  }
  if (hours.always_open) return "24/7";
  using Spans = std::vector<std::pair<int, int>>;
  std::array<Spans, 7> days;  // By absl::Weekday, Monday first.
  for (const DailySpan& s : hours.weekly) {
    days[static_cast<int>(s.day)].emplace_back(s.open, s.close);
  }
  std::vector<std::vector<int>> rules;  // Each rule's days.
  for (int day = 0; day < 7; ++day) {
    std::sort(days[day].begin(), days[day].end());
    if (days[day].empty()) continue;  // Days no rule names are closed.
    auto same = [&](const std::vector<int>& r) {
      return days[r[0]] == days[day];
    };
    auto it = std::find_if(rules.begin(), rules.end(), same);
    if (it == rules.end()) {
      rules.push_back({day});
    } else {
      it->push_back(day);
    }
  }
  if (rules.empty()) return "off";
  auto clock = [](int minutes) {
    return absl::StrFormat("%02d:%02d", minutes / 60, minutes % 60);
  };
  std::vector<int> rule_of(7, -1);
  for (int r = 0; r < rules.size(); ++r) {
    for (int day : rules[r]) rule_of[day] = r;
  }
  std::vector<bool> written(rules.size(), false);
  std::vector<std::string> text;
  while (text.size() < rules.size()) {
    auto ready = [&](int r) {
      if (written[r]) return false;
      const Spans& spans = days[rules[r][0]];
      const bool past_midnight =
          std::any_of(spans.begin(), spans.end(),
                      [](const auto& s) { return s.second > kMinutesPerDay; });
      if (!past_midnight) return true;
      for (int day : rules[r]) {
        const int next = rule_of[(day + 1) % 7];
        if (next != -1 && next != r && !written[next]) return false;
      }
      return true;
    };
    int r = 0;
    while (r < rules.size() && !ready(r)) ++r;
    if (r == rules.size()) {
      return absl::InvalidArgumentError(
          "hours whose ranges past midnight run into one another's days "
          "cannot be written");
    }
    written[r] = true;
    // Runs of consecutive days as ranges: "Mo-Fr", "Sa".
    std::vector<std::string> day_text;
    const std::vector<int>& d = rules[r];
    constexpr const char* kDays[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
    for (size_t i = 0; i < d.size();) {
      size_t j = i + 1;
      while (j < d.size() && d[j] == d[j - 1] + 1) ++j;
      day_text.push_back(j - i == 1
                             ? kDays[d[i]]
                             : absl::StrCat(kDays[d[i]], "-", kDays[d[j - 1]]));
      i = j;
    }
    std::vector<std::string> span_text;
    for (const auto& [open, close] : days[d[0]]) {
      // Past midnight as the next day's clock ("01:00"), unless that reads
      // as a zero-length range (24 hours from `open`).
      const int shown = close > kMinutesPerDay && close - kMinutesPerDay < open
                            ? close - kMinutesPerDay
                            : close;
      span_text.push_back(absl::StrCat(clock(open), "-", clock(shown)));
    }
    text.push_back(absl::StrCat(absl::StrJoin(day_text, ","), " ",
                                absl::StrJoin(span_text, ",")));
  }
  return absl::StrJoin(text, "; ");
}

absl::Status WritePharmacies(const std::vector<Pharmacy>& pharmacies,
                             const std::string& path) {
  GzipWriter out(path);
  out.Record({"id", "name", "latitude", "longitude", "npi", "ncpdp_id", "chain",
              "address1", "address2", "city", "state", "zip", "phone",
              "time_zone", "services", "hours", "pharmacy_hours", "walk_in"});
  for (const Pharmacy& p : pharmacies) {
    absl::StatusOr<std::string> hours = OsmHours(p.store_hours);
    absl::StatusOr<std::string> counter = OsmHours(p.pharmacy_hours);
    if (absl::Status s = hours.ok() ? counter.status() : hours.status();
        !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("pharmacy ", p.id, ": ", s.message()));
    }
    out.Record({p.id, p.name, CsvNumber(p.latitude), CsvNumber(p.longitude),
                p.npi, p.ncpdp_id, p.chain, p.address.line1, p.address.line2,
                p.address.city, p.address.state, p.address.zip, p.phone,
                p.time_zone, ServicesField(p.services), *hours, *counter,
                p.walk_in ? "Y" : "N"});
  }
  return out.Close();
}

absl::Status WriteDrugs(const std::vector<Drug>& drugs,
                        const std::string& path) {
  GzipWriter out(path);
  out.Record({"ndc", "name", "strength", "form", "product", "specialty"});
  for (const Drug& d : drugs) {
    out.Record({d.ndc, d.name, d.strength, d.form, d.product,
                d.specialty ? "Y" : "N"});
  }
  return out.Close();
}

// Returns the number of rows written; each goes to `peers` too, if set.
absl::StatusOr<int64_t> WriteStock(const Dataset& d,
                                   const NationalStockOptions& options,
                                   const std::string& path, PeerFiles* peers) {
  GzipWriter out(path);
  out.Record({"pharmacy", "ndc", "quantity", "observed_at", "source"});
  int64_t rows = 0;
  ForEachNationalStockRow(
      d.pharmacies, d.drugs, options, [&](const StockObservation& row) {
        out.Record(
            {row.pharmacy_id, row.ndc, absl::StrCat(row.level.quantity),
             absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", row.level.observed_at,
                              absl::UTCTimeZone()),
             row.level.source});
        if (peers != nullptr) peers->AddStock(row);
        ++rows;
      });
  if (absl::Status status = out.Close(); !status.ok()) return status;
  return rows;
}

int Run(const Flags& flags) {
  const absl::Time start = absl::Now();
  const ZipTable zips = BundledZipTable();
  Dataset d = NationalDataset(zips, flags.pharmacies, flags.seed);
  AddNationalNetworks(zips, flags.seed, d);
  d.drugs = NationalDrugs();
  const NationalStockOptions stock{
      .seed = flags.seed, .now = flags.now, .rows = flags.stock_rows};

  const std::string dir = flags.out_dir + "/";
  absl::Status status =
      WritePharmacies(d.pharmacies, dir + "pharmacies.csv.gz");
  status.Update(WriteNetworksCsv(d.networks, dir + "networks.csv.gz"));
  status.Update(WritePlansCsv(d.plans, dir + "plans.csv.gz"));
  status.Update(WriteDrugs(d.drugs, dir + "drugs.csv.gz"));
  std::optional<PeerFiles> peers;
  if (flags.peer_files && status.ok()) {
    peers.emplace(flags.out_dir);
    status.Update(peers->Begin(d, flags.now));
  }
  absl::StatusOr<int64_t> rows = int64_t{0};
  if (status.ok()) {
    rows =
        WriteStock(d, stock, dir + "stock.csv.gz", peers ? &*peers : nullptr);
  }
  status.Update(rows.status());
  if (peers) status.Update(peers->Close());
  if (!status.ok()) {
    std::fprintf(stderr, "rxlocator-gen-national: %s\n",
                 std::string(status.message()).c_str());
    return 1;
  }

  size_t memberships = 0;
  for (const Network& n : d.networks) memberships += n.members.size();
  const std::vector<NationalNdcStock> plan =
      PlanNationalStock(d.pharmacies, d.drugs, stock);
  auto describe = [](const NationalNdcStock& s) {
    return absl::StrCat(s.ndc, " at ", s.pharmacies);
  };
  std::printf(
      "%zu pharmacies (%d walk-in), %zu networks with %zu memberships, %zu "
      "plans, %zu drugs, %lld stock rows (seed %llu)\n",
      d.pharmacies.size(), flags.pharmacies, d.networks.size(), memberships,
      d.plans.size(), d.drugs.size(), static_cast<long long>(*rows),
      static_cast<unsigned long long>(flags.seed));
  if (!plan.empty()) {
    std::printf("most stocked NDC %s, least %s pharmacies\n",
                describe(plan.front()).c_str(), describe(plan.back()).c_str());
  }
  std::vector<std::string> names = {"pharmacies.csv.gz", "networks.csv.gz",
                                    "plans.csv.gz", "drugs.csv.gz",
                                    "stock.csv.gz"};
  if (peers) names.insert(names.end(), {"redis.resp.gz", "postgis.sql.gz"});
  for (const std::string& name : names) {
    std::error_code error;
    const uintmax_t size = std::filesystem::file_size(dir + name, error);
    std::printf("  %-18s %12ju bytes\n", name.c_str(), error ? 0 : size);
  }
  std::printf("wrote %s in %.1f s\n", flags.out_dir.c_str(),
              absl::ToDoubleSeconds(absl::Now() - start));
  return 0;
}

}  // namespace
}  // namespace rxlocator

int main(int argc, char** argv) {
  return rxlocator::CommandMain<rxlocator::Flags>(
      argc, argv, "rxlocator-gen-national", rxlocator::kUsage,
      rxlocator::ParseFlags, rxlocator::Run);
}
