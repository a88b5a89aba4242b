// A test's or a benchmark's stock feed: StockUpdate messages and a
// ReportStock call that sends them on one client stream. Header-only; link
// rxlocator_server_lib (for TimeToProto).
#ifndef RXLOCATOR_TESTING_STOCK_FEED_H_
#define RXLOCATOR_TESTING_STOCK_FEED_H_

#include <chrono>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "rxlocator/v1/inventory.grpc.pb.h"
#include "server/proto_mapping.h"

namespace rxlocator {

inline v1::StockUpdate StockCount(const std::string& pharmacy,
                                  const std::string& ndc, int64_t quantity,
                                  absl::Time observed) {
  v1::StockUpdate u;
  u.set_pharmacy_id(pharmacy);
  u.set_ndc(ndc);
  u.set_quantity(quantity);
  TimeToProto(observed, u.mutable_observed_at());
  u.set_source("test-feed");
  return u;
}

// Sends `updates` on one ReportStock stream in `context` (its deadline,
// metadata).
inline grpc::Status ReportStock(v1::Inventory::Stub& stub,
                                grpc::ClientContext& context,
                                const std::vector<v1::StockUpdate>& updates,
                                v1::ReportStockResponse* response) {
  auto writer = stub.ReportStock(&context, response);
  for (const v1::StockUpdate& u : updates) {
    if (!writer->Write(u)) break;
  }
  writer->WritesDone();
  return writer->Finish();
}

// The same with a 10 second deadline.
inline grpc::Status ReportStock(v1::Inventory::Stub& stub,
                                const std::vector<v1::StockUpdate>& updates,
                                v1::ReportStockResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  return ReportStock(stub, context, updates, response);
}

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTING_STOCK_FEED_H_
