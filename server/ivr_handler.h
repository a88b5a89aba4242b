// LocateForIvr as a plain function, like locator_handlers.h: check the
// request, search, and fill the answer the phone system reads out. The words
// come from ivr_speech.h; this file decides what is said.
//
//   v1::LocateForIvrRequest request;
//   request.set_zip_code("99503");
//   v1::LocateForIvrResponse response;
//   absl::Status s = LocateForIvr(*snapshot, stock, request, absl::Now(),
//                                 LocatorOptions(), &response);
//   Play(response.speech().ssml());
//
// What a caller keys in is never an error: a malformed, unknown or military
// ZIP code, or no pharmacy within kIvrRadiiMiles' last radius, is an OK
// response with an outcome and a spoken answer. Only the IVR system's own
// mistakes are errors: InvalidArgument for count out of range, a malformed
// in_stock_ndc, min_quantity or plan; NotFound for a plan the service does
// not know.
//
// A PO-box ZIP code is searched from its centroid (the bundled ZIP table
// places each at its post office's town). The search starts within 5 miles
// and, only when nothing matches there, widens step by step to 100 miles;
// it returns up to `count` pharmacies within the first radius that holds
// one. Pharmacies closed for good are left out.
//
// Thread-safe: it only reads the snapshot and the stock store.
#ifndef RXLOCATOR_SERVER_IVR_HANDLER_H_
#define RXLOCATOR_SERVER_IVR_HANDLER_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "index/snapshot.h"
#include "index/stock_store.h"
#include "rxlocator/v1/pharmacy_locator.pb.h"
#include "server/locator_handlers.h"

namespace rxlocator {

inline constexpr int kDefaultIvrCount = 3;
inline constexpr int kMaxIvrCount = 5;
// The search radii in miles: the first, then each wider one in turn while
// nothing is found.
inline constexpr int kIvrRadiiMiles[] = {5, 10, 25, 50, 100};

// `now` is the instant "open now" and each pharmacy's hours refer to; the
// in-stock filter reads `stock` live.
absl::Status LocateForIvr(const Snapshot& snapshot, const StockStore& stock,
                          const v1::LocateForIvrRequest& request,
                          absl::Time now, const LocatorOptions& options,
                          v1::LocateForIvrResponse* response);

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_IVR_HANDLER_H_
