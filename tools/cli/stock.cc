// rxlocator stock get and stock report: reading the server's stock counts,
// and sending it the counts of a stock file.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "index/identifiers.h"
#include "index/ndc.h"
#include "loaders/csv.h"
#include "loaders/rows.h"
#include "rxlocator/v1/inventory.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/exit_codes.h"
#include "tools/cli/output.h"
#include "tools/cli/times.h"

namespace rxlocator::cli {
namespace {

int StockGet(const Args& args, const Connection& connection) {
  if (args.positional.size() != 2) Usage("stock get takes only flags");
  if (!args.Has("pharmacy") || !args.Has("drug")) {
    Usage("stock get needs --pharmacy and --drug");
  }
  v1::GetStockRequest request;
  for (const std::string& id : args.flags.at("pharmacy")) {
    request.add_pharmacy_ids(id);
  }
  for (const std::string& ndc : args.flags.at("drug")) {
    request.add_ndcs(DrugFlag(ndc));
  }
  v1::GetStockResponse response;
  const grpc::Status status =
      CallUnary(connection, &v1::Inventory::Stub::GetStock, request, &response);
  if (!status.ok()) return Failed(status);
  if (args.Has("json")) {
    PrintJson(response);
    return 0;
  }
  std::vector<std::vector<std::string>> rows = {
      {"PHARMACY", "NDC", "DRUG", "QTY", "FRESHNESS", "AS OF", "SOURCE"}};
  for (const v1::PharmacyStock& p : response.pharmacies()) {
    for (const v1::StockStatus& s : p.stock()) {
      const bool counted = s.freshness() != v1::STOCK_FRESHNESS_UNSPECIFIED;
      rows.push_back({p.pharmacy_id(), FormatNdc(s.ndc()),
                      s.drug_name().empty() ? "-" : s.drug_name(),
                      counted ? absl::StrCat(s.quantity()) : "-",
                      FreshnessName(s.freshness()), AsOf(s),
                      s.source().empty() ? "-" : s.source()});
    }
  }
  PrintColumns(rows);
  if (response.stock_stale()) std::printf("%s\n", kStaleStock);
  return 0;
}

// The columns of a stock file (docs/formats.md, "Stock: native snapshot"),
// all but the last required.
enum StockColumn { kPharmacy, kNdc, kQuantity, kObservedAt, kSource };
constexpr absl::string_view kStockColumns[] = {"pharmacy", "ndc", "quantity",
                                               "observed_at", "source"};

// The update a stock file's row asks for, or what keeps it from being sent.
absl::StatusOr<v1::StockUpdate> UpdateFromRow(const CsvTable& table,
                                              const CsvColumns& columns,
                                              const CsvRecord& row) {
  if (absl::Status width = table.CheckWidth(row); !width.ok()) return width;
  v1::StockUpdate update;
  update.set_pharmacy_id(row.Trimmed(columns[kPharmacy]));
  if (update.pharmacy_id().empty()) {
    return absl::InvalidArgumentError("pharmacy is empty");
  }
  absl::StatusOr<std::string> ndc = NormalizeNdc(row.Field(columns[kNdc]));
  if (!ndc.ok()) return ndc.status();
  update.set_ndc(*std::move(ndc));
  const std::string quantity = row.Trimmed(columns[kQuantity]);
  int64_t units;
  if (quantity.empty() || !AllDigits(quantity) ||
      !absl::SimpleAtoi(quantity, &units)) {
    return absl::InvalidArgumentError(
        absl::StrCat("quantity ", Quoted(row.Field(columns[kQuantity])),
                     " is not a whole number, 0 or more"));
  }
  update.set_quantity(units);
  absl::Time observed;
  std::string why;
  if (!absl::ParseTime(absl::RFC3339_full, row.Trimmed(columns[kObservedAt]),
                       &observed, &why)) {
    return absl::InvalidArgumentError(
        absl::StrCat("observed_at ", Quoted(row.Field(columns[kObservedAt])),
                     " is not ", kRfc3339Expected));
  }
  TimeToTimestamp(observed, update.mutable_observed_at());
  update.set_source(row.Trimmed(columns[kSource]));
  return update;
}

// A bad stock file: says what is wrong and exits as for bad usage.
[[noreturn]] void BadFile(absl::string_view problem) {
  std::fprintf(stderr, "rxlocator: %s\n", std::string(problem).c_str());
  std::exit(kUsageError);
}

// A stock file's rows as updates, and the line each starts on.
struct StockFile {
  std::vector<v1::StockUpdate> updates;
  std::vector<int> lines;
};

// Reads the stock file at `path`. If any row cannot be sent, lists each as
// "path:line: problem" and exits.
StockFile ReadStockFile(const std::string& path) {
  const absl::StatusOr<CsvTable> table = ReadCsvFile(path);
  if (!table.ok()) BadFile(table.status().message());
  const absl::StatusOr<CsvColumns> columns =
      FindCsvColumns(table->header, path, kStockColumns, kSource);
  if (!columns.ok()) BadFile(columns.status().message());
  StockFile file;
  int bad = 0;
  for (const CsvRecord& row : table->rows) {
    absl::StatusOr<v1::StockUpdate> update =
        UpdateFromRow(*table, *columns, row);
    if (update.ok()) {
      file.updates.push_back(*std::move(update));
      file.lines.push_back(row.line);
    } else {
      std::fprintf(stderr, "%s:%d: %s\n", path.c_str(), row.line,
                   std::string(update.status().message()).c_str());
      ++bad;
    }
  }
  if (bad > 0) {
    BadFile(absl::StrCat(path, ": ", bad, bad == 1 ? " bad row" : " bad rows",
                         "; nothing was sent"));
  }
  return file;
}

int StockReport(const Args& args, const Connection& connection) {
  if (args.positional.size() != 3) Usage("stock report needs one FILE");
  const std::string& path = args.positional[2];
  const int64_t batch = args.Has("batch") ? WholeFlag(args, "batch", 1) : 1000;
  const StockFile file = ReadStockFile(path);
  auto stub = v1::Inventory::NewStub(connection.channel);
  v1::ReportStockResponse total;
  for (size_t start = 0; start < file.updates.size(); start += batch) {
    const size_t end = std::min(file.updates.size(), start + size_t(batch));
    grpc::ClientContext context;
    context.set_deadline(connection.Deadline());
    connection.Authorize(&context);
    v1::ReportStockResponse response;
    auto writer = stub->ReportStock(&context, &response);
    for (size_t i = start; i < end; ++i) {
      if (!writer->Write(file.updates[i])) break;  // Finish says why.
    }
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    if (!status.ok()) {
      const int exit_code = Failed(status);
      if (start > 0) {
        std::fprintf(stderr,
                     "rxlocator: the rows before line %d were sent and "
                     "answered; sending the whole file again is harmless\n",
                     file.lines[start]);
      }
      return exit_code;
    }
    total.set_received(total.received() + response.received());
    total.set_applied(total.applied() + response.applied());
    total.set_stale(total.stale() + response.stale());
    total.set_rejected(total.rejected() + response.rejected());
    for (v1::ReportStockResponse::Rejection& r :
         *response.mutable_rejections()) {
      // Counted over the whole file.
      r.set_index(r.index() + static_cast<int64_t>(start));
      *total.add_rejections() = std::move(r);
    }
  }
  const int exit_code = total.rejected() > 0 ? kSomeRejected : 0;
  if (args.Has("json")) {
    PrintJson(total);
    return exit_code;
  }
  std::printf("%s: %lld received, %lld applied, %lld stale, %lld rejected\n",
              path.c_str(), static_cast<long long>(total.received()),
              static_cast<long long>(total.applied()),
              static_cast<long long>(total.stale()),
              static_cast<long long>(total.rejected()));
  for (const v1::ReportStockResponse::Rejection& r : total.rejections()) {
    const int line = r.index() >= 0 && size_t(r.index()) < file.lines.size()
                         ? file.lines[r.index()]
                         : 0;
    std::printf("%s:%d: %s\n", path.c_str(), line, r.reason().c_str());
  }
  if (total.rejected() > total.rejections_size()) {
    std::printf(
        "(%lld more rejections not listed)\n",
        static_cast<long long>(total.rejected() - total.rejections_size()));
  }
  return exit_code;
}

}  // namespace

int StockCommand(const Args& args, const Connection& connection) {
  const std::string what = args.positional.size() > 1 ? args.positional[1] : "";
  if (what == "get") return StockGet(args, connection);
  if (what == "report") return StockReport(args, connection);
  Usage("stock needs get or report");
}

}  // namespace rxlocator::cli
