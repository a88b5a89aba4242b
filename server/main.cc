// rxlocator-server: serves the PharmacyLocator gRPC API.
//
// Flags are parsed here and only here; they fill the options the libraries
// take. See kUsage, or run with --help.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "server/data_loading.h"
#include "server/pharmacy_locator_service.h"
#include "server/snapshot_holder.h"

namespace rxlocator {
namespace {

constexpr char kUsage[] = R"(Usage: rxlocator-server [flags]

  --listen=HOST:PORT        where to serve gRPC (default 0.0.0.0:50051;
                            port 0 picks a free port, printed at start)
  --pharmacies=FORMAT:PATH  a pharmacy file to load; repeatable. FORMAT is
                            native, hhs, vaccines_gov or albertsons. Without
                            any, the bundled sample data is served (and
                            the bundled networks only with it).
  --networks=FORMAT:PATH    a plan network file; repeatable. FORMAT is native,
                            partd or partd@YEAR (a CMS Part D pharmacy
                            network file for that contract year).
                            Replaces the bundled networks and plans.
  --plans=PATH              a plan-to-network mapping file; repeatable.
  --preferred_allowance_meters=M
                            how much nearer a preferred pharmacy ranks when a
                            caller asks for preferred first without saying
                            (default 3218.688, 2 miles)
  --zips=PATH               a ZIP table (zip_latlng_timezone.csv or the Census
                            ZCTA gazetteer, optionally .gz); repeatable.
                            Default: the bundled ZIP table.
  --data_dir=DIR            where the bundled data lives (default: %s)
  --strict                  fail the load on any bad row instead of skipping
  --lame_duck_seconds=N     on SIGTERM, how long to keep serving while health
                            reports NOT_SERVING, so balancers and clients
                            move away before the port closes (default 5)
  --drain_seconds=N         then how long in-flight calls may finish
                            (default 20)
  --help                    this text
)";

struct Flags {
  std::string listen = "0.0.0.0:50051";
  std::vector<std::string> pharmacies;
  std::vector<std::string> zips;
  std::vector<std::string> networks;
  std::vector<std::string> plans;
  LocatorOptions locator;
  std::string data_dir = RXLOCATOR_DATA_DIR;
  bool strict = false;
  int lame_duck_seconds = 5;
  int drain_seconds = 20;
};

absl::StatusOr<Flags> ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    const std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(arg, absl::MaxSplits('=', 1));
    const auto [name, value] = kv;
    const bool has_value = arg.find('=') != absl::string_view::npos;
    auto need_value = [&]() -> absl::Status {
      if (has_value && !value.empty()) return absl::OkStatus();
      return absl::InvalidArgumentError(
          absl::StrCat("flag ", name, " needs a value: ", name, "=..."));
    };
    absl::Status status;
    if (name == "--listen") {
      status = need_value();
      flags.listen = std::string(value);
    } else if (name == "--pharmacies") {
      status = need_value();
      flags.pharmacies.emplace_back(value);
    } else if (name == "--networks") {
      status = need_value();
      flags.networks.emplace_back(value);
    } else if (name == "--plans") {
      status = need_value();
      flags.plans.emplace_back(value);
    } else if (name == "--preferred_allowance_meters") {
      double& meters = flags.locator.preferred_allowance_meters;
      if (!absl::SimpleAtod(value, &meters) || !(meters >= 0) ||
          meters > kMaxRadiusMeters) {
        status = absl::InvalidArgumentError(
            absl::StrCat(name, " must be meters from 0 to ", kMaxRadiusMeters,
                         ", got \"", value, "\""));
      }
    } else if (name == "--zips") {
      status = need_value();
      flags.zips.emplace_back(value);
    } else if (name == "--data_dir") {
      status = need_value();
      flags.data_dir = std::string(value);
    } else if (name == "--strict" && !has_value) {
      flags.strict = true;
    } else if (name == "--drain_seconds" || name == "--lame_duck_seconds") {
      int& seconds = name == "--drain_seconds" ? flags.drain_seconds
                                               : flags.lame_duck_seconds;
      if (!absl::SimpleAtoi(value, &seconds) || seconds < 0) {
        status = absl::InvalidArgumentError(absl::StrCat(
            name, " must be a whole number of seconds, got \"", value, "\""));
      }
    } else {
      status = absl::InvalidArgumentError(
          absl::StrCat("unknown flag \"", arg, "\" (see --help)"));
    }
    if (!status.ok()) return status;
  }
  return flags;
}

absl::StatusOr<DataConfig> DataConfigFromFlags(const Flags& flags) {
  DataConfig config = BundledData(flags.data_dir);
  config.strict = flags.strict;
  if (!flags.pharmacies.empty()) {
    // The bundled networks name the bundled pharmacies.
    config = DataConfig{.zip_paths = config.zip_paths, .strict = flags.strict};
    for (const std::string& spec : flags.pharmacies) {
      absl::StatusOr<PharmacySource> source = ParsePharmacySource(spec);
      if (!source.ok()) return source.status();
      config.pharmacies.push_back(*std::move(source));
    }
  }
  if (!flags.networks.empty() || !flags.plans.empty()) {
    config.networks.clear();
    config.plan_paths = flags.plans;
    for (const std::string& spec : flags.networks) {
      absl::StatusOr<NetworkSource> source = ParseNetworkSource(spec);
      if (!source.ok()) return source.status();
      config.networks.push_back(*std::move(source));
    }
  }
  if (!flags.zips.empty()) config.zip_paths = flags.zips;
  return config;
}

int Run(const Flags& flags) {
  absl::StatusOr<DataConfig> config = DataConfigFromFlags(flags);
  if (!config.ok()) {
    std::fprintf(stderr, "rxlocator-server: %s\n",
                 std::string(config.status().message()).c_str());
    return 2;
  }

  // Block the stop signals before gRPC starts its threads, so that only
  // sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  SnapshotHolder snapshots;
  PharmacyLocatorService locator(&snapshots, flags.locator);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(flags.listen, grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&locator);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::fprintf(stderr, "rxlocator-server: cannot listen on %s\n",
                 flags.listen.c_str());
    return 1;
  }
  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  auto set_serving = [health](bool serving) {
    for (const char* service : {"", v1::PharmacyLocator::service_full_name()}) {
      health->SetServingStatus(service, serving);
    }
  };
  set_serving(false);  // Until the first snapshot is published.
  const std::string host = flags.listen.substr(0, flags.listen.rfind(':'));
  std::fprintf(stderr, "rxlocator-server: listening on %s:%d\n", host.c_str(),
               port);

  absl::StatusOr<LoadedData> loaded = LoadSnapshot(*config);
  if (!loaded.ok()) {
    std::fprintf(stderr, "rxlocator-server: cannot load data: %s\n",
                 std::string(loaded.status().message()).c_str());
    server->Shutdown();
    return 1;
  }
  for (const std::string& line : loaded->report) {
    std::fprintf(stderr, "rxlocator-server: %s\n", line.c_str());
  }
  snapshots.Publish(std::move(loaded->snapshot));
  set_serving(true);
  std::fprintf(stderr, "rxlocator-server: serving\n");

  int signal = 0;
  sigwait(&stop_signals, &signal);
  std::fprintf(
      stderr,
      "rxlocator-server: %s, NOT_SERVING for %ds, then draining for up "
      "to %ds\n",
      strsignal(signal), flags.lame_duck_seconds, flags.drain_seconds);
  health->Shutdown();  // Every service reports NOT_SERVING from now on.
  // Calls that reach a server already shutting down fail with CANCELLED;
  // serving on for a while lets health-checking clients leave first.
  absl::SleepFor(absl::Seconds(flags.lame_duck_seconds));
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::seconds(flags.drain_seconds));
  server->Wait();
  std::fprintf(stderr, "rxlocator-server: stopped\n");
  return 0;
}

}  // namespace
}  // namespace rxlocator

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (absl::string_view(argv[i]) == "--help") {
      std::printf(rxlocator::kUsage, RXLOCATOR_DATA_DIR);
      return 0;
    }
  }
  absl::StatusOr<rxlocator::Flags> flags = rxlocator::ParseFlags(argc, argv);
  if (!flags.ok()) {
    std::fprintf(stderr, "rxlocator-server: %s\n",
                 std::string(flags.status().message()).c_str());
    return 2;
  }
  return rxlocator::Run(*flags);
}
