// PharmacyLocator.UrgentFill as a plain function: check and resolve the
// request (drug names through the catalog, substitutes, need_by), run the
// engine (index/urgent_fill.h), and write each option with the reasons and
// summary a member reads. No gRPC here.
//
// Errors name the field and value: INVALID_ARGUMENT for anything malformed
// or out of range, NOT_FOUND for an unknown ZIP code, plan or drug name.
#ifndef RXLOCATOR_SERVER_URGENT_FILL_HANDLER_H_
#define RXLOCATOR_SERVER_URGENT_FILL_HANDLER_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "index/snapshot.h"
#include "index/stock_store.h"
#include "rxlocator/v1/pharmacy_locator.pb.h"
#include "server/locator_handlers.h"

namespace rxlocator {

inline constexpr int kMaxUrgentItems = 10;
inline constexpr int64_t kMaxUrgentQuantity = 100000;
inline constexpr int kDefaultUrgentOptions = 5;
inline constexpr int kMaxUrgentOptions = 20;
inline constexpr absl::Duration kDefaultNeedBy = absl::Hours(4);
inline constexpr absl::Duration kMaxNeedBy = absl::Hours(30 * 24);

// `now` is when the member asks: travel starts then, stock ages to then,
// and network membership is that of each pharmacy's local date then.
absl::Status UrgentFill(const Snapshot& snapshot, const StockStore& stock,
                        const v1::UrgentFillRequest& request, absl::Time now,
                        const LocatorOptions& options,
                        v1::UrgentFillResponse* response);

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_URGENT_FILL_HANDLER_H_
