// The PharmacyLocator calls as plain functions: validate the request, query
// the snapshot, fill the response. No gRPC here, so they are tested directly;
// pharmacy_locator_service.cc serves them on the async API.
//
// Every bad input is an InvalidArgument naming the field and its value; an
// unknown ZIP code, pharmacy or plan is NotFound; a page token from another
// data version is FailedPrecondition.
#ifndef RXLOCATOR_SERVER_LOCATOR_HANDLERS_H_
#define RXLOCATOR_SERVER_LOCATOR_HANDLERS_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "index/snapshot.h"
#include "index/stock.h"
#include "index/stock_store.h"
#include "rxlocator/v1/pharmacy_locator.pb.h"
#include "server/request_fields.h"

namespace rxlocator {

inline constexpr int kDefaultMaxResults = 10;
inline constexpr int kMaxMaxResults = 100;
inline constexpr int kMaxInStockNdcs = 10;

// Server-wide defaults for requests that leave them out.
struct LocatorOptions {
  // Ranking.preferred_allowance_meters when preferred_first is asked
  // without one. Default 2 miles.
  double preferred_allowance_meters = 2 * kMetersPerMile;
  // When a stock count is low, needs confirming, or is too old to show.
  FreshnessPolicy freshness;
};

// `now` is the instant "open now", each result's open status and its plan
// membership refer to (page tokens carry the first page's, so pages agree).
// The in-stock filter reads `stock` live: pages follow the stock as it
// changes.
absl::Status FindPharmacies(const Snapshot& snapshot, const StockStore& stock,
                            const v1::FindPharmaciesRequest& request,
                            absl::Time now, const LocatorOptions& options,
                            v1::FindPharmaciesResponse* response);

absl::Status GetPharmacy(const Snapshot& snapshot,
                         const v1::GetPharmacyRequest& request,
                         v1::Pharmacy* response);

// `now` gives the default date: today on the pharmacy's local calendar.
absl::Status CheckNetwork(const Snapshot& snapshot,
                          const v1::CheckNetworkRequest& request,
                          absl::Time now, v1::CheckNetworkResponse* response);

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_LOCATOR_HANDLERS_H_
