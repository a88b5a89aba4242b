// rxlocator-gen-networks: writes synthetic plan networks (see
// tools/network_generator.h) for the pharmacies the server would load from a
// data directory.
//
//   rxlocator-gen-networks --out_dir=data --seed=1 --plan_year=2026
#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "server/command_main.h"
#include "server/data_loading.h"
#include "tools/network_generator.h"

namespace rxlocator {
namespace {

constexpr char kUsage[] = R"(Usage: rxlocator-gen-networks --out_dir=DIR [flags]

Writes synthetic plan networks for the pharmacies loaded from the bundled
data, as the server loads them, into DIR:
  synthetic_networks.csv.gz             native networks
  synthetic_partd_networks.txt.gz       the Part D plan's network (CMS format)
  synthetic_plans.csv.gz                plan -> network
  synthetic_mail_order_pharmacy.csv.gz  the fictional mail-order pharmacy

  --out_dir=DIR     where to write (required; must exist)
  --data_dir=DIR    the bundled data to load (default: %s)
  --seed=N          seeds every choice; same data and seed, same files
                    (default 1)
  --plan_year=YYYY  the year the networks are for (default 2026)
  --help            this text
)";

struct Flags {
  std::string data_dir = RXLOCATOR_DATA_DIR;
  std::string out_dir;
  NetworkGeneratorOptions generator;
};

absl::StatusOr<Flags> ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    const std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(arg, absl::MaxSplits('=', 1));
    const auto [name, value] = kv;
    if (name != "--data_dir" && name != "--out_dir" && name != "--seed" &&
        name != "--plan_year") {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag \"", arg, "\" (see --help)"));
    }
    if (arg.find('=') == absl::string_view::npos || value.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "flag \"", arg, "\" needs a value: ", name, "=... (see --help)"));
    }
    if (name == "--data_dir") {
      flags.data_dir = std::string(value);
    } else if (name == "--out_dir") {
      flags.out_dir = std::string(value);
    } else if (name == "--seed") {
      if (!absl::SimpleAtoi(value, &flags.generator.seed)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "--seed must be a whole number from 0 to 2^64-1, got \"", value,
            "\""));
      }
    } else {  // --plan_year
      int& year = flags.generator.plan_year;
      if (!absl::SimpleAtoi(value, &year) || year < 2000 || year > 2999) {
        return absl::InvalidArgumentError(
            absl::StrCat("--plan_year must be a year from 2000 to 2999, got \"",
                         value, "\""));
      }
    }
  }
  if (flags.out_dir.empty()) {
    return absl::InvalidArgumentError("--out_dir=DIR is required");
  }
  return flags;
}

std::string Describe(const Network& network) {
  int preferred = 0, mail = 0, specialty = 0, ninety = 0;
  for (const Membership& m : network.members) {
    preferred += m.tier == Tier::kPreferred;
    mail += (m.fills & Bit(FillKind::kMail)) != 0;
    specialty += (m.fills & Bit(FillKind::kSpecialty)) != 0;
    ninety += (m.fills & Bit(FillKind::kNinetyDayRetail)) != 0;
  }
  return absl::StrCat(network.id, ": ", network.members.size(), " members, ",
                      preferred, " preferred, ", ninety, " 90-day retail, ",
                      specialty, " specialty, ", mail, " mail");
}

// Members that join after Jan 1 or leave before the network ends.
std::string DateChanges(const Network& network, int year) {
  int joining = 0, leaving = 0;
  for (const Membership& m : network.members) {
    joining += m.effective > absl::CivilDay(year, 1, 1);
    leaving += m.end != kLastDay;
  }
  return absl::StrCat(joining, " joining mid-year, ", leaving,
                      " leaving before the year ends");
}

// The bundled pharmacy sources and ZIP table, loaded as the server loads
// them, without any synthetic file: not the mail-order pharmacy written here
// (its id would be taken, so a rerun would name the next one differently),
// nor networks or plans (which name pharmacies, so files from an older run
// could fail the load).
DataConfig PharmacyData(const std::string& data_dir) {
  const DataConfig bundled = BundledData(data_dir);
  DataConfig config;
  config.zip_paths = bundled.zip_paths;
  for (const PharmacySource& source : bundled.pharmacies) {
    if (!absl::StartsWith(
            std::filesystem::path(source.path).filename().string(),
            "synthetic_")) {
      config.pharmacies.push_back(source);
    }
  }
  return config;
}

int Run(const Flags& flags) {
  absl::StatusOr<LoadedData> loaded =
      LoadSnapshot(PharmacyData(flags.data_dir));
  if (!loaded.ok()) {
    std::fprintf(stderr, "rxlocator-gen-networks: cannot load data: %s\n",
                 std::string(loaded.status().message()).c_str());
    return 1;
  }
  const std::vector<Pharmacy>& pharmacies = loaded->snapshot->pharmacies();
  const GeneratedNetworks generated =
      GenerateNetworks(pharmacies, flags.generator);

  std::vector<Pharmacy> with_mail = pharmacies;
  with_mail.push_back(generated.mail_order);
  const std::string dir = flags.out_dir + "/";
  absl::Status status =
      WriteNetworksCsv(generated.networks, dir + "synthetic_networks.csv.gz");
  status.Update(WritePartDFile(generated.part_d, with_mail,
                               dir + "synthetic_partd_networks.txt.gz"));
  status.Update(WritePlansCsv(generated.plans, dir + "synthetic_plans.csv.gz"));
  status.Update(WriteNativePharmaciesCsv(
      {generated.mail_order}, dir + "synthetic_mail_order_pharmacy.csv.gz"));
  if (!status.ok()) {
    std::fprintf(stderr, "rxlocator-gen-networks: %s\n",
                 std::string(status.message()).c_str());
    return 1;
  }

  std::printf("%zu pharmacies (seed %llu, plan year %d)\n", pharmacies.size(),
              static_cast<unsigned long long>(flags.generator.seed),
              flags.generator.plan_year);
  for (const Network& network : generated.networks) {
    std::printf("%s\n", Describe(network).c_str());
  }
  std::printf(
      "  national-broad: %s\n",
      DateChanges(generated.networks[0], flags.generator.plan_year).c_str());
  std::printf("  narrow-preferred leaves out chain \"%s\" (%d pharmacies)\n",
              generated.excluded_chain.c_str(), generated.excluded_chain_size);
  std::printf("%s\n", Describe(generated.part_d).c_str());
  std::printf(
      "  preferred chains: %s; left out: %d pharmacies without an NPI, %d "
      "whose NPI a pharmacy with a smaller id shares\n",
      absl::StrJoin(generated.part_d_preferred_chains, ", ").c_str(),
      generated.part_d_without_npi, generated.part_d_shared_npi);
  std::printf("mail order: %s, NPI %s\n", generated.mail_order.id.c_str(),
              generated.mail_order.npi.c_str());
  std::printf("wrote 4 files to %s\n", flags.out_dir.c_str());
  return 0;
}

}  // namespace
}  // namespace rxlocator

int main(int argc, char** argv) {
  return rxlocator::CommandMain<rxlocator::Flags>(
      argc, argv, "rxlocator-gen-networks",
      absl::StrFormat(rxlocator::kUsage, RXLOCATOR_DATA_DIR),
      rxlocator::ParseFlags, rxlocator::Run);
}
