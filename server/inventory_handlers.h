// The Inventory calls' logic as plain functions, apart from streaming: check
// and resolve requests, read the store, fill responses. No gRPC here, so
// they are tested directly; inventory_service.cc adapts them.
//
// Every bad input is an InvalidArgument naming the field and its value; an
// unknown pharmacy is NotFound.
#ifndef RXLOCATOR_SERVER_INVENTORY_HANDLERS_H_
#define RXLOCATOR_SERVER_INVENTORY_HANDLERS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/repeated_field.h"
#include "index/snapshot.h"
#include "index/stock.h"
#include "index/stock_store.h"
#include "rxlocator/v1/inventory.pb.h"
#include "server/availability_watch.h"

namespace rxlocator {

inline constexpr int kMaxStockPharmacies = 100;
inline constexpr int kMaxStockNdcs = 50;
// How far ahead of the server's clock a count may claim to be.
inline constexpr absl::Duration kMaxClockSkew = absl::Minutes(5);

absl::Status GetStock(const Snapshot& snapshot, const StockStore& stock,
                      const v1::GetStockRequest& request, absl::Time now,
                      const FreshnessPolicy& policy,
                      v1::GetStockResponse* response);

// One ReportStock update, checked and with its pharmacy resolved to the
// pharmacy's id; an InvalidArgument saying what is wrong otherwise.
absl::StatusOr<StockObservation> ObservationFromUpdate(
    const Snapshot& snapshot, const v1::StockUpdate& update, absl::Time now);

// A WatchAvailability request as a watch that calls `send`.
absl::StatusOr<AvailabilityWatch> WatchFromRequest(
    const Snapshot& snapshot, const v1::WatchAvailabilityRequest& request,
    std::function<void(v1::AvailabilityEvent)> send);

// The events that open a watch's stream: where its drug is available now,
// nearest first.
std::vector<v1::AvailabilityEvent> InitialEvents(
    const Snapshot& snapshot, const StockStore& stock,
    const AvailabilityWatchers& watchers, const AvailabilityWatch& watch,
    absl::Time now);

// NDCs in any accepted form as 11 digits; `field` ("ndcs") names them in
// errors with their index. At least `min` and at most `max` of them.
absl::StatusOr<std::vector<std::string>> ParseNdcs(
    absl::string_view field,
    const google::protobuf::RepeatedPtrField<std::string>& ndcs, int min,
    int max);

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_INVENTORY_HANDLERS_H_
