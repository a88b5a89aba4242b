// rxlocator watch: a line whenever a drug becomes available, or runs out,
// near a place.
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "rxlocator/v1/inventory.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/exit_codes.h"
#include "tools/cli/output.h"

namespace rxlocator::cli {
namespace {

// "AVAILABLE    5.1 mi  Carrs Pharmacy  4000 W Dimond Blvd, ...  qty 12 in
// stock  as of 2026-11-22 14:05Z  albertsons-1812-P  (at start)"
std::string EventLine(const v1::AvailabilityEvent& e) {
  const v1::StockStatus& s = e.stock();
  std::string line = absl::StrFormat(
      "%-9s  %5.1f mi  %-36.36s  %-45.45s  %-22s  as of %s  %s",
      e.kind() == v1::AvailabilityEvent::RAN_OUT ? "RAN OUT" : "AVAILABLE",
      e.distance_meters() / kMetersPerMile, e.pharmacy().name(),
      OneLineAddress(e.pharmacy().address()),
      absl::StrCat("qty ", s.quantity(), " ", FreshnessName(s.freshness())),
      AsOf(s), e.pharmacy().id());
  if (e.initial()) absl::StrAppend(&line, "  (at start)");
  return line;
}

}  // namespace

int Watch(const Args& args, const Connection& connection) {
  if (args.positional.size() != 1) Usage("watch takes only flags");
  if (!args.Has("drug")) Usage("watch needs --drug");
  v1::WatchAvailabilityRequest request;
  request.set_ndc(DrugFlag(args.Get("drug")));
  *request.mutable_origin() = OriginFlags(args, "watch");
  if (args.Has("radius-miles")) {
    request.set_radius_meters(NumberFlag(args, "radius-miles") *
                              kMetersPerMile);
  }
  if (args.Has("plan")) *request.mutable_plan() = PlanFlag(args);
  if (args.Has("min-quantity")) {
    request.set_min_quantity(WholeFlag(args, "min-quantity", 1));
  }
  // -1: until interrupted.
  const int64_t count = args.Has("count") ? WholeFlag(args, "count", 1) : -1;
  // The watch itself has no deadline; only connecting does.
  if (!connection.channel->WaitForConnected(connection.Deadline())) {
    std::fprintf(stderr, "rxlocator: could not connect to %s in %g seconds\n",
                 connection.server.c_str(), connection.timeout_seconds);
    return kUnreachable;
  }
  auto stub = v1::Inventory::NewStub(connection.channel);
  grpc::ClientContext context;
  connection.Authorize(&context);
  auto reader = stub->WatchAvailability(&context, request);
  v1::AvailabilityEvent event;
  int64_t seen = 0;
  while (seen != count && reader->Read(&event)) {
    ++seen;
    if (args.Has("json")) {
      PrintJson(event, /*one_line=*/true);
    } else {
      std::printf("%s\n", EventLine(event).c_str());
    }
    std::fflush(stdout);  // Each event as it comes, also into a pipe.
  }
  const bool enough = seen == count;
  if (enough) {
    context.TryCancel();
    while (reader->Read(&event)) {
      // Events already on their way; Finish comes after the last.
    }
  }
  const grpc::Status status = reader->Finish();
  if (enough || status.ok()) return 0;
  return Failed(status);
}

}  // namespace rxlocator::cli
