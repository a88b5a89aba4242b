// rxlocator-replay-hhs: feeds versions of the HHS therapeutics locator file
// into a running server through Inventory.ReportStock, oldest first, as a
// pharmacy stock feed would have sent them.
//
//   rxlocator-replay-hhs --server=localhost:50051
//   rxlocator-replay-hhs --server=localhost:50051 data/history/paxlovid/*.gz
//
// Each row is resolved to a pharmacy exactly as the server's own HHS stock
// loader does (loaders/stock_loader.h), against the pharmacies loaded from
// --data_dir as the server loads them, and sent by pharmacy id.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "loaders/stock_loader.h"
#include "loaders/text_file.h"
#include "rxlocator/v1/inventory.grpc.pb.h"
#include "server/command_main.h"
#include "server/data_loading.h"
#include "server/proto_mapping.h"

namespace rxlocator {
namespace {

constexpr char kUsage[] = R"(Usage: rxlocator-replay-hhs [flags] [FILE...]

Sends each HHS therapeutics locator FILE (default: every file under
DATA_DIR/history/paxlovid, the 12 versions of February-March 2022) to the
server's Inventory.ReportStock, in file-name order (the bundled names begin
with the version's time), and prints what the server applied.

  --server=HOST:PORT  the server (default localhost:50051)
  --data_dir=DIR      the bundled data, to resolve rows to the server's
                      pharmacies (default: %s)
  --batch=N           updates per ReportStock call (default 1000)
  --token_file=PATH   send the bearer token in this file, for a server that
                      lets only known feeds write (plaintext only: this
                      replay of public data speaks no TLS)
  --help              this text
)";

struct Flags {
  std::string server = "localhost:50051";
  std::string data_dir = RXLOCATOR_DATA_DIR;
  int batch = 1000;
  std::string token_file;
  std::vector<std::string> files;
};

absl::StatusOr<Flags> ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (!absl::StartsWith(arg, "--")) {
      flags.files.emplace_back(arg);
      continue;
    }
    const std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(arg, absl::MaxSplits('=', 1));
    const auto [name, value] = kv;
    if (name == "--server" && !value.empty()) {
      flags.server = std::string(value);
    } else if (name == "--token_file" && !value.empty()) {
      flags.token_file = std::string(value);
    } else if (name == "--data_dir" && !value.empty()) {
      flags.data_dir = std::string(value);
    } else if (name == "--batch") {
      if (!absl::SimpleAtoi(value, &flags.batch) || flags.batch <= 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            "--batch must be a positive number, got \"", value, "\""));
      }
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag \"", arg, "\" (see --help)"));
    }
  }
  if (flags.files.empty()) {
    const std::filesystem::path history =
        std::filesystem::path(flags.data_dir) / "history" / "paxlovid";
    std::error_code error;
    for (const auto& entry :
         std::filesystem::directory_iterator(history, error)) {
      flags.files.push_back(entry.path().string());
    }
    if (error || flags.files.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("no files given and none in ", history.string()));
    }
  }
  std::sort(flags.files.begin(), flags.files.end(),
            [](const std::string& a, const std::string& b) {
              return std::filesystem::path(a).filename() <
                     std::filesystem::path(b).filename();
            });
  return flags;
}

// Sends one batch, retrying while the server says UNAVAILABLE (its shared
// inventory is down): a repeat of what it took already is stale, and
// harmless.
absl::StatusOr<v1::ReportStockResponse> Send(
    v1::Inventory::Stub& stub, const std::string& authorization,
    const std::vector<v1::StockUpdate>& batch) {
  for (int attempt = 0;; ++attempt) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(60));
    if (!authorization.empty()) {
      context.AddMetadata("authorization", authorization);
    }
    v1::ReportStockResponse response;
    auto writer = stub.ReportStock(&context, &response);
    for (const v1::StockUpdate& update : batch) {
      if (!writer->Write(update)) break;
    }
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    if (status.ok()) return response;
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE || attempt == 9) {
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          status.error_message());
    }
    absl::SleepFor(absl::Milliseconds(200) * (1 << std::min(attempt, 5)));
  }
}

int Run(const Flags& flags) {
  DataConfig config = BundledData(flags.data_dir);
  absl::StatusOr<LoadedData> loaded = LoadSnapshot(config);
  if (!loaded.ok()) {
    std::fprintf(stderr, "rxlocator-replay-hhs: %s\n",
                 std::string(loaded.status().message()).c_str());
    return 1;
  }
  std::string authorization;
  if (!flags.token_file.empty()) {
    absl::StatusOr<std::string> token = ReadTextFile(flags.token_file);
    if (!token.ok()) {
      std::fprintf(stderr, "rxlocator-replay-hhs: --token_file: %s\n",
                   std::string(token.status().message()).c_str());
      return 2;
    }
    authorization = absl::StrCat("Bearer ", absl::StripAsciiWhitespace(*token));
  }
  const std::vector<Pharmacy>& pharmacies = loaded->snapshot->pharmacies();
  auto stub = v1::Inventory::NewStub(
      grpc::CreateChannel(flags.server, grpc::InsecureChannelCredentials()));
  for (const std::string& file : flags.files) {
    LoadReport report;
    absl::StatusOr<std::vector<StockObservation>> stock =
        LoadHhsStock(file, pharmacies, loaded->snapshot->directory(),
                     LoadOptions(), &report);
    if (!stock.ok()) {
      std::fprintf(stderr, "rxlocator-replay-hhs: %s\n",
                   std::string(stock.status().message()).c_str());
      return 1;
    }
    v1::ReportStockResponse total;
    std::vector<v1::StockUpdate> batch;
    for (size_t i = 0; i < stock->size(); ++i) {
      const StockObservation& o = (*stock)[i];
      v1::StockUpdate& update = batch.emplace_back();
      update.set_pharmacy_id(o.pharmacy_id);
      update.set_ndc(o.ndc);
      update.set_quantity(o.level.quantity);
      TimeToProto(o.level.observed_at, update.mutable_observed_at());
      update.set_source(o.level.source);
      if (batch.size() < size_t(flags.batch) && i + 1 < stock->size()) {
        continue;
      }
      absl::StatusOr<v1::ReportStockResponse> sent =
          Send(*stub, authorization, batch);
      if (!sent.ok()) {
        std::fprintf(stderr, "rxlocator-replay-hhs: %s: %s\n", file.c_str(),
                     std::string(sent.status().message()).c_str());
        return 1;
      }
      total.set_received(total.received() + sent->received());
      total.set_applied(total.applied() + sent->applied());
      total.set_stale(total.stale() + sent->stale());
      total.set_rejected(total.rejected() + sent->rejected());
      batch.clear();
    }
    std::printf(
        "%s: %lld rows, %lld sent: %lld applied, %lld stale, %lld rejected\n",
        std::filesystem::path(file).filename().c_str(),
        static_cast<long long>(report.rows_read),
        static_cast<long long>(total.received()),
        static_cast<long long>(total.applied()),
        static_cast<long long>(total.stale()),
        static_cast<long long>(total.rejected()));
  }
  return 0;
}

}  // namespace
}  // namespace rxlocator

int main(int argc, char** argv) {
  return rxlocator::CommandMain<rxlocator::Flags>(
      argc, argv, "rxlocator-replay-hhs",
      absl::StrFormat(rxlocator::kUsage, RXLOCATOR_DATA_DIR),
      rxlocator::ParseFlags, rxlocator::Run);
}
