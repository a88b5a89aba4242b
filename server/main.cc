// rxlocator-server: serves the PharmacyLocator, Inventory and Admin gRPC
// APIs.
//
// Flags are parsed here and only here; they fill the options the libraries
// take. See kUsage, or run with --help. SIGHUP reloads the data files
// (server/reloader.h); SIGTERM or SIGINT stops the server.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "server/admin_service.h"
#include "server/availability_watch.h"
#include "server/command_main.h"
#include "server/data_loading.h"
#include "server/health_service.h"
#include "server/inventory_service.h"
#include "server/json_log.h"
#include "server/metrics.h"
#include "server/metrics_http.h"
#include "server/pharmacy_locator_service.h"
#include "server/redis_stock.h"
#include "server/reloader.h"
#include "server/rpc_interceptor.h"
#include "server/rpc_metrics.h"
#include "server/serving_queues.h"
#include "server/snapshot_holder.h"
#include "server/stats_metrics.h"
#include "server/stock_update_metrics.h"
#include "server/stock_writer.h"
#include "server/tls_credentials.h"
#include "server/write_access.h"

namespace rxlocator {
namespace {

constexpr char kUsage[] = R"(Usage: rxlocator-server [flags]

  --listen=HOST:PORT        where to serve gRPC (default 0.0.0.0:50051;
                            port 0 picks a free port, logged at start)
  --pharmacies=FORMAT:PATH  a pharmacy file to load; repeatable. FORMAT is
                            native, hhs, vaccines_gov or albertsons. Without
                            any, the bundled sample data is served (and
                            the bundled networks only with it).
  --networks=FORMAT:PATH    a plan network file; repeatable. FORMAT is native,
                            partd or partd@YEAR (a CMS Part D pharmacy
                            network file for that contract year).
                            Replaces the bundled networks and plans.
  --plans=PATH              a plan-to-network mapping file; repeatable.
  --stock=FORMAT:PATH       stock to start from; repeatable. FORMAT is native
                            or hhs. Replaces the bundled stock (the HHS
                            Paxlovid file, counted in March 2022: older than
                            the horizon, so it shows as no stock at all).
  --redis=HOST:PORT         share live stock with every replica through Redis
                            (default: none; stock lives in this process)
  --redis_password_file=PATH
                            the Redis password, read on every connect
  --redis_timeout_ms=N      connect and command timeout (default 500)
  --drug_catalog=PATH       a native drug catalog; repeatable. HHS files'
                            drug names are added to it.
  --stock_low_at_most=N     a recent count of 1..N units is "low" (default 5)
  --stock_confirm_after_hours=H
                            older counts are "call to confirm" (default 72)
  --stock_hide_after_days=D older counts are not shown at all (default 29)
  --preferred_allowance_meters=M
                            how much nearer a preferred pharmacy ranks when a
                            caller asks for preferred first without saying
                            (default 3218.688, 2 miles)
  --zips=PATH               a ZIP table (zip_latlng_timezone.csv or the Census
                            ZCTA gazetteer, optionally .gz); repeatable.
                            Default: the bundled ZIP table.
  --data_dir=DIR            where the bundled data lives (default: %s)
  --strict                  fail the load on any bad row instead of skipping
  --health_listen=HOST:PORT also serve grpc.health.v1, and nothing else, in
                            plaintext here, for probes that cannot speak TLS
                            (default: none)
  --metrics_listen=HOST:PORT
                            serve Prometheus metrics at GET /metrics here
                            (default: none; port 0 picks a free port,
                            logged at start)
  --access_log=all|errors|off
                            log a line for every call, for those that fail,
                            or for none (default all)
  --tls_cert=PATH --tls_key=PATH
                            serve TLS with this PEM certificate chain and key
                            (default: plaintext)
  --tls_client_ca=PATH      verify client certificates against this PEM CA;
                            a verified identity can then write (below)
  --tls_require_client_cert refuse clients without such a certificate
  --writer_identities=ID[,ID...]
                            client certificate identities (common name or a
                            subject alternative name) that may call
                            ReportStock and Admin; needs --tls_client_ca
  --writer_token_file=PATH  bearer tokens, one a line, that let a caller
                            call ReportStock and Admin ("authorization:
                            Bearer TOKEN"); at least 16 characters each
  --allow_unauthenticated_writes
                            let anyone call ReportStock and Admin: for
                            development only. Without it, or one of the two
                            above, those calls are refused.
  --max_message_bytes=N     the largest request message taken; a larger one
                            is RESOURCE_EXHAUSTED (default 1048576, 1 MiB)
  --max_streams_per_connection=N
                            calls one client connection may have open at
                            once; more wait their turn (default 100)
  --max_watches=N           WatchAvailability streams open at once; more are
                            RESOURCE_EXHAUSTED (default 10000)
  --max_connection_age_seconds=N
                            ask a client to reconnect after about N seconds
                            (calls under way finish first), so that clients
                            spread onto new replicas (default: never)
  --lame_duck_seconds=N     on SIGTERM, how long to keep serving while health
                            reports NOT_SERVING, so balancers and clients
                            move away before the port closes (default 5)
  --drain_seconds=N         then how long in-flight calls may finish
                            (default 20)
  --serving_threads=N       threads that take and answer calls, each polling
                            its own queue (default: the CPUs this process
                            may run on)
  --help                    this text

SIGHUP, like the Admin service's Reload call, reads every data file again
but the stock ones, and serves the new data only if it all loads.

Every line on stderr is a JSON object; docs/operations.md lists the fields
and the metrics.
)";

struct HostPort {
  std::string host;
  int port = 0;
};

// HOST:PORT, with an IPv6 host in brackets ([::1]:6379), for the flag
// `name`; the port from `min_port` to 65535.
absl::StatusOr<HostPort> ParseHostPort(absl::string_view name,
                                       absl::string_view value, int min_port) {
  const size_t colon = value.rfind(':');
  int port = 0;
  if (colon == absl::string_view::npos || colon == 0 ||
      !absl::SimpleAtoi(value.substr(colon + 1), &port) || port < min_port ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, " must be HOST:PORT, got \"", value, "\""));
  }
  absl::string_view host = value.substr(0, colon);
  if (absl::ConsumePrefix(&host, "[")) absl::ConsumeSuffix(&host, "]");
  return HostPort{.host = std::string(host), .port = port};
}

struct Flags {
  std::string listen = "0.0.0.0:50051";
  std::string health_listen;
  std::optional<HostPort> metrics_listen;
  AccessLog access_log = AccessLog::kAll;
  ServerTlsOptions tls;
  WriteAccessOptions write_access;
  std::vector<std::string> pharmacies;
  std::vector<std::string> zips;
  std::vector<std::string> networks;
  std::vector<std::string> plans;
  std::vector<std::string> stock;
  std::vector<std::string> drug_catalogs;
  std::optional<RedisStockOptions> redis;
  std::string redis_password_file;
  absl::Duration redis_timeout = absl::Milliseconds(500);
  LocatorOptions locator;
  std::string data_dir = RXLOCATOR_DATA_DIR;
  bool strict = false;
  int lame_duck_seconds = 5;
  int drain_seconds = 20;
  int max_message_bytes = 1 << 20;
  int max_streams_per_connection = 100;
  int max_watches = AvailabilityWatchers::kDefaultMaxWatches;
  int max_connection_age_seconds = 0;  // 0: never.
  int serving_threads = UsableCpus();
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
    } else if (name == "--health_listen") {
      status = need_value();
      flags.health_listen = std::string(value);
    } else if (name == "--metrics_listen") {
      absl::StatusOr<HostPort> metrics = ParseHostPort(name, value, 0);
      status = metrics.status();
      if (metrics.ok()) flags.metrics_listen = *std::move(metrics);
    } else if (name == "--access_log") {
      if (value == "all") {
        flags.access_log = AccessLog::kAll;
      } else if (value == "errors") {
        flags.access_log = AccessLog::kErrors;
      } else if (value == "off") {
        flags.access_log = AccessLog::kOff;
      } else {
        status = absl::InvalidArgumentError(absl::StrCat(
            name, " must be all, errors or off, got \"", value, "\""));
      }
    } else if (name == "--tls_cert") {
      status = need_value();
      flags.tls.cert_file = std::string(value);
    } else if (name == "--tls_key") {
      status = need_value();
      flags.tls.key_file = std::string(value);
    } else if (name == "--tls_client_ca") {
      status = need_value();
      flags.tls.client_ca_file = std::string(value);
    } else if (name == "--tls_require_client_cert" && !has_value) {
      flags.tls.require_client_cert = true;
    } else if (name == "--writer_identities") {
      status = need_value();
      for (absl::string_view id : absl::StrSplit(value, ',')) {
        if (id.empty()) {
          status = absl::InvalidArgumentError(
              absl::StrCat(name, " has an empty identity: \"", value, "\""));
        }
        flags.write_access.identities.emplace_back(id);
      }
    } else if (name == "--writer_token_file") {
      status = need_value();
      flags.write_access.token_file = std::string(value);
    } else if (name == "--allow_unauthenticated_writes" && !has_value) {
      flags.write_access.allow_unauthenticated = true;
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
    } else if (name == "--stock") {
      status = need_value();
      flags.stock.emplace_back(value);
    } else if (name == "--redis") {
      absl::StatusOr<HostPort> redis = ParseHostPort(name, value, 1);
      status = redis.status();
      if (redis.ok()) {
        flags.redis =
            RedisStockOptions{.host = redis->host, .port = redis->port};
      }
    } else if (name == "--redis_password_file") {
      status = need_value();
      flags.redis_password_file = std::string(value);
    } else if (name == "--redis_timeout_ms") {
      int ms = 0;
      if (!absl::SimpleAtoi(value, &ms) || ms <= 0) {
        status = absl::InvalidArgumentError(absl::StrCat(
            name, " must be a positive number of milliseconds, got \"", value,
            "\""));
      }
      flags.redis_timeout = absl::Milliseconds(ms);
    } else if (name == "--drug_catalog") {
      status = need_value();
      flags.drug_catalogs.emplace_back(value);
    } else if (name == "--stock_low_at_most" ||
               name == "--stock_confirm_after_hours" ||
               name == "--stock_hide_after_days") {
      int64_t n = 0;
      // A million hours or days is more than any count should live.
      if (!absl::SimpleAtoi(value, &n) || n < 0 || n > 1000000) {
        status = absl::InvalidArgumentError(absl::StrCat(
            name, " must be a whole number from 0 to 1000000, got \"", value,
            "\""));
      }
      FreshnessPolicy& f = flags.locator.freshness;
      if (name == "--stock_low_at_most") {
        f.low_at_most = n;
      } else if (name == "--stock_confirm_after_hours") {
        f.confirm_after = absl::Hours(n);
      } else {
        f.hide_after = absl::Hours(24 * n);
      }
    } else if (name == "--zips") {
      status = need_value();
      flags.zips.emplace_back(value);
    } else if (name == "--data_dir") {
      status = need_value();
      flags.data_dir = std::string(value);
    } else if (name == "--strict" && !has_value) {
      flags.strict = true;
    } else if (name == "--max_connection_age_seconds") {
      int& seconds = flags.max_connection_age_seconds;
      // Past 24 days the milliseconds no longer fit gRPC's int.
      if (!absl::SimpleAtoi(value, &seconds) || seconds < 1 ||
          seconds > 2000000) {
        status = absl::InvalidArgumentError(absl::StrCat(
            name,
            " must be a whole number of seconds from 1 to 2000000, got \"",
            value, "\""));
      }
    } else if (name == "--max_message_bytes" ||
               name == "--max_streams_per_connection" ||
               name == "--max_watches" || name == "--serving_threads") {
      int& limit = name == "--max_message_bytes" ? flags.max_message_bytes
                   : name == "--max_watches"     ? flags.max_watches
                   : name == "--serving_threads"
                       ? flags.serving_threads
                       : flags.max_streams_per_connection;
      if (!absl::SimpleAtoi(value, &limit) || limit < 1) {
        status = absl::InvalidArgumentError(absl::StrCat(
            name, " must be a whole number, 1 or more, got \"", value, "\""));
      }
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
  if (flags.locator.freshness.hide_after <
      flags.locator.freshness.confirm_after) {
    return absl::InvalidArgumentError(
        "--stock_hide_after_days must not end before "
        "--stock_confirm_after_hours: a count is unconfirmed before it is "
        "hidden");
  }
  if (!flags.write_access.identities.empty() &&
      flags.tls.client_ca_file.empty()) {
    return absl::InvalidArgumentError(
        "--writer_identities needs --tls_client_ca: an identity is only "
        "known from a client certificate that CA verified");
  }
  if (flags.write_access.allow_unauthenticated &&
      (!flags.write_access.identities.empty() ||
       !flags.write_access.token_file.empty())) {
    return absl::InvalidArgumentError(
        "--allow_unauthenticated_writes lets anyone write, so "
        "--writer_identities and --writer_token_file would check nothing: "
        "give one or the other");
  }
  if (!flags.redis && !flags.redis_password_file.empty()) {
    return absl::InvalidArgumentError(
        "--redis_password_file needs --redis=HOST:PORT");
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
  if (!flags.stock.empty()) {
    config.stock.clear();
    for (const std::string& spec : flags.stock) {
      absl::StatusOr<StockSource> source = ParseStockSource(spec);
      if (!source.ok()) return source.status();
      config.stock.push_back(*std::move(source));
    }
  }
  config.drug_catalog_paths = flags.drug_catalogs;
  if (!flags.zips.empty()) config.zip_paths = flags.zips;
  return config;
}

// Whether SIGTERM or SIGINT has arrived. They are blocked until the final
// sigwait, so a stop asked for while starting waits here to be noticed.
bool StopPending() {
  sigset_t pending;
  sigpending(&pending);
  return sigismember(&pending, SIGTERM) || sigismember(&pending, SIGINT);
}

// Stores `stock` through `writer`, retrying while Redis is unavailable;
// false if a stop arrives first.
// Stores `batch` through `writer`, trying again each second while it cannot
// (Redis may not be reachable yet); Cancelled once the server is told to
// stop.
absl::StatusOr<std::vector<StockStore::Outcome>> StoreUntilStored(
    StockWriter& writer, const std::vector<StockObservation>& batch) {
  for (;;) {
    absl::Notification stored;
    StockWriter::Result result;
    writer.Write(batch, [&](StockWriter::Result r) {
      result = std::move(r);
      stored.Notify();
    });
    stored.WaitForNotification();
    if (result.ok()) return result;
    Log(LogLevel::kWarning, "cannot store stock yet",
        {{"error", result.status().message()}});
    for (int i = 0; i < 10; ++i) {
      if (StopPending()) return absl::CancelledError("stopping");
      absl::SleepFor(absl::Milliseconds(100));
    }
  }
}

int Run(const Flags& flags) {
  // Block the stop signals and SIGHUP before gRPC starts its threads (even
  // making TLS credentials starts some), so that only sigwait below sees
  // them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // Debian builds abseil with its debug checks on, which makes every mutex
  // lock look for deadlock cycles (about four times the cost of the lock).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  SendGrpcLogsToJsonLog();
  absl::StatusOr<DataConfig> config = DataConfigFromFlags(flags);
  if (!config.ok()) {
    Log(LogLevel::kError, config.status().message());
    return 2;
  }
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      ServerCredentialsFor(flags.tls);
  absl::StatusOr<WriteAccess> write_access =
      WriteAccess::Create(flags.write_access);
  for (const absl::Status& status :
       {credentials.status(), write_access.status()}) {
    if (status.ok()) continue;
    Log(LogLevel::kError, status.message());
    return 2;
  }
  if (write_access->accepts_tokens() && flags.tls.cert_file.empty()) {
    Log(LogLevel::kWarning,
        "writer tokens will cross the network in the clear; serve TLS "
        "(--tls_cert) unless a proxy or mesh in front of this server does");
  }

  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  SnapshotHolder snapshots;
  StockStore stock;
  AvailabilityWatchers watchers(&snapshots, flags.locator.freshness,
                                flags.max_watches);
  StockUpdateMetrics stock_updates;
  stock.set_listener(
      [&](const StockObservation& o, const std::optional<StockLevel>& was) {
        watchers.OnApplied(o, was);
        stock_updates.OnApplied(o, absl::Now());
      });
  // With Redis, an update is stored there before it is acknowledged, and
  // reaches this replica's store (and every other's) from there.
  std::unique_ptr<RedisStock> redis;
  if (flags.redis) {
    RedisStockOptions options = *flags.redis;
    options.password_file = flags.redis_password_file;
    options.connect_timeout = options.command_timeout = flags.redis_timeout;
    redis = std::make_unique<RedisStock>(std::move(options), &stock);
  }
  StockWriter writer(
      redis ? StockWriter::Sink([&](absl::Span<const StockObservation> batch) {
        return redis->Write(batch);
      })
            : StockWriter::IntoStore(&stock));
  Reloader reloader(*config, &snapshots, &stock,
                    [](LogLevel level, absl::string_view line) {
                      Log(level, line, {{"component", "reloader"}});
                    });
  PharmacyLocatorService locator(&snapshots, &stock, flags.locator);
  InventoryService inventory(&snapshots, &stock, &writer, &watchers,
                             &*write_access);
  AdminService admin(&reloader, &stock, redis != nullptr, &*write_access);
  const std::vector<std::string> services = {
      v1::PharmacyLocator::service_full_name(),
      v1::Inventory::service_full_name(), v1::Admin::service_full_name()};
  HealthService health(services);
  RpcMetrics rpc_metrics(MethodsOf(
      {v1::PharmacyLocator::service_full_name(),
       v1::Inventory::service_full_name(), v1::Admin::service_full_name(),
       grpc::health::v1::Health::service_full_name(),
       "grpc.reflection.v1alpha.ServerReflection"}));
  std::unique_ptr<MetricsHttpServer> metrics_server;
  if (flags.metrics_listen) {
    absl::StatusOr<std::unique_ptr<MetricsHttpServer>> started =
        MetricsHttpServer::Start(
            flags.metrics_listen->host, flags.metrics_listen->port, [&] {
              MetricWriter out;
              rpc_metrics.Write(out);
              stock_updates.Write(out);
              WriteStatsMetrics(
                  admin.Stats(absl::Now()),
                  redis ? std::optional(redis->connected()) : std::nullopt,
                  out);
              return std::move(out).text();
            });
    if (!started.ok()) {
      Log(LogLevel::kError, started.status().message());
      return 1;
    }
    metrics_server = *std::move(started);
    Log(LogLevel::kInfo, "listening",
        {{"listener", "metrics"},
         {"address", absl::StrCat(flags.metrics_listen->host, ":",
                                  metrics_server->port())},
         {"port", metrics_server->port()}});
  }
  grpc::ServerBuilder builder;
  ServingQueues queues(&builder, flags.serving_threads);
  std::unique_ptr<ServingQueues> health_queues;
  std::optional<HealthService> plain_health;
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<grpc::Server> health_server;
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(
      std::make_unique<RpcObserverFactory>(&rpc_metrics, flags.access_log));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  int port = 0;
  builder.AddListeningPort(flags.listen, *credentials, &port);
  builder.SetMaxReceiveMessageSize(flags.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             flags.max_streams_per_connection);
  if (flags.max_connection_age_seconds > 0) {
    // A GOAWAY then; streams under way (watches too) run on to their end.
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                               flags.max_connection_age_seconds * 1000);
  }
  builder.RegisterService(locator.grpc_service());
  builder.RegisterService(inventory.grpc_service());
  builder.RegisterService(admin.grpc_service());
  builder.RegisterService(health.grpc_service());
  server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    // gRPC has logged why; a key that does not match is the usual TLS one.
    Log(LogLevel::kError,
        absl::StrCat("cannot listen on ", flags.listen,
                     flags.tls.cert_file.empty()
                         ? ""
                         : " with TLS (is --tls_key the key of --tls_cert?)"));
    return 1;
  }
  // However Run returns, and before any of the above is destroyed: a Watch
  // of health never ends by itself, so a Shutdown without a deadline would
  // wait for it forever; and the queues must be stopped before their
  // servers go. After the graceful stop below, this does nothing.
  const absl::Cleanup stop = [&] {
    server->Shutdown(std::chrono::system_clock::now());
    if (health_server != nullptr) {
      health_server->Shutdown(std::chrono::system_clock::now());
      health_queues->Stop();
    }
    queues.Stop();
  };
  queues.Start([&](ServingQueue queue) {
    locator.Serve(queue);
    inventory.Serve(queue);
    admin.Serve(queue);
    health.Serve(queue);
  });
  std::vector<HealthService*> healths = {&health};
  if (!flags.health_listen.empty()) {
    int health_port = 0;
    grpc::ServerBuilder health_builder;
    health_builder.AddListeningPort(
        flags.health_listen, grpc::InsecureServerCredentials(), &health_port);
    health_queues = std::make_unique<ServingQueues>(&health_builder, 1);
    healths.push_back(&plain_health.emplace(services));
    health_builder.RegisterService(plain_health->grpc_service());
    health_server = health_builder.BuildAndStart();
    if (health_server == nullptr || health_port == 0) {
      Log(LogLevel::kError,
          absl::StrCat("cannot listen on ", flags.health_listen));
      return 1;
    }
    health_queues->Start(
        [&](ServingQueue queue) { plain_health->Serve(queue); });
    // Health checks only, in plaintext.
    Log(LogLevel::kInfo, "listening",
        {{"listener", "health"},
         {"address", absl::StrCat(flags.health_listen.substr(
                                      0, flags.health_listen.rfind(':')),
                                  ":", health_port)},
         {"port", health_port}});
  }
  auto set_serving = [&healths](bool serving) {
    for (HealthService* h : healths) h->SetServing(serving);
  };
  const std::string host = flags.listen.substr(0, flags.listen.rfind(':'));
  Log(LogLevel::kInfo, "listening",
      {{"listener", "grpc"},
       {"address", absl::StrCat(host, ":", port)},
       {"port", port}});

  absl::StatusOr<LoadedData> loaded = LoadSnapshot(*config);
  if (!loaded.ok()) {
    Log(LogLevel::kError, "cannot load data",
        {{"error", loaded.status().message()}});
    return 1;
  }
  for (const std::string& line : loaded->report) {
    Log(LogLevel::kInfo, line, {{"component", "data"}});
  }
  const std::shared_ptr<const Snapshot> snapshot = loaded->snapshot;
  reloader.Publish(*std::move(loaded));
  if (redis) {
    // A replica serves only once it holds everything Redis holds.
    Log(LogLevel::kInfo, "catching up from Redis");
    while (!redis->WaitCaughtUp(absl::Milliseconds(100)) && !StopPending()) {
    }
  }
  std::vector<std::string> stock_report;
  absl::Status stocked = absl::CancelledError("stopping");
  if (!redis || redis->caught_up()) {
    stocked = LoadStock(
        *config, *snapshot,
        [&](const std::vector<StockObservation>& batch) {
          return StoreUntilStored(writer, batch);
        },
        &stock_report);
  }
  for (const std::string& line : stock_report) {
    Log(LogLevel::kInfo, line, {{"component", "data"}});
  }
  if (!stocked.ok()) {
    const bool stopping = absl::IsCancelled(stocked);
    if (stopping) {
      Log(LogLevel::kInfo, "stopped before serving");
    } else {
      Log(LogLevel::kError, "cannot load stock",
          {{"error", stocked.message()}});
    }
    return stopping ? 0 : 1;
  }
  ReleaseFreedMemory();
  set_serving(true);
  Log(LogLevel::kInfo, "serving");

  int signal = 0;
  while (sigwait(&signals, &signal) == 0 && signal == SIGHUP) {
    // The reloader logs how it went.
    reloader.Reload([](const absl::StatusOr<ReloadResult>&) {});
  }
  Log(LogLevel::kInfo,
      absl::StrFormat("%s, NOT_SERVING for %ds, then draining for up to %ds",
                      strsignal(signal), flags.lame_duck_seconds,
                      flags.drain_seconds),
      {{"signal", strsignal(signal)},
       {"lame_duck_seconds", flags.lame_duck_seconds},
       {"drain_seconds", flags.drain_seconds}});
  // Every service reports NOT_SERVING from now on.
  for (HealthService* h : healths) h->Shutdown();
  // Calls that reach a server already shutting down fail with CANCELLED;
  // serving on for a while lets health-checking clients leave first.
  absl::SleepFor(absl::Seconds(flags.lame_duck_seconds));
  for (HealthService* h : healths) h->EndWatches();
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::seconds(flags.drain_seconds));
  server->Wait();
  if (health_server != nullptr) {
    health_server->Shutdown(std::chrono::system_clock::now());
    health_queues->Stop();
  }
  queues.Stop();
  Log(LogLevel::kInfo, "stopped");
  return 0;
}

}  // namespace
}  // namespace rxlocator

int main(int argc, char** argv) {
  return rxlocator::CommandMain<rxlocator::Flags>(
      argc, argv, "rxlocator-server",
      absl::StrFormat(rxlocator::kUsage, RXLOCATOR_DATA_DIR),
      rxlocator::ParseFlags, rxlocator::Run, [](absl::string_view error) {
        rxlocator::Log(rxlocator::LogLevel::kError, error);
      });
}
