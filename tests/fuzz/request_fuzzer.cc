// Fuzz target for request validation and the handlers behind it. The first
// byte chooses a call; the rest is its request as a serialized proto (bytes
// that do not parse are no request the server could get). The request runs
// through the real handler against the fixture (fuzz_data.h), which must
// answer it or refuse it with a documented code and a message that quotes
// values (CheckMessage):
//   0 FindPharmacies, then every further page it offers, each following
//     without repeats;
//   1 GetPharmacy; 2 CheckNetwork;
//   3 LocateForIvr, which must answer (not refuse) the ZIP code alone;
//   4 UrgentFill; 5 GetStock;
//   6 StockUpdate: ReportStock's check, then the store applies it;
//   7 WatchAvailability: the watch, its initial events, and the events that
//     a count of its drug at each pharmacy, then none, send;
//   8 FindPharmacies with a forged page token: 20 bytes of position and
//     instant (page_token_bytes.h) put into the token of the request's
//     first page, then the request.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/stubs/logging.h"
#include "index/snapshot.h"
#include "index/stock.h"
#include "index/stock_store.h"
#include "rxlocator/v1/inventory.pb.h"
#include "rxlocator/v1/pharmacy_locator.pb.h"
#include "server/availability_watch.h"
#include "server/inventory_handlers.h"
#include "server/ivr_handler.h"
#include "server/locator_handlers.h"
#include "server/page_token.h"
#include "server/snapshot_holder.h"
#include "server/urgent_fill_handler.h"
#include "tests/fuzz/checks.h"
#include "tests/fuzz/fuzz_data.h"
#include "tests/fuzz/page_token_bytes.h"

namespace rxlocator::fuzzing {
namespace {

using Code = absl::StatusCode;

void CheckStatus(const absl::Status& status,
                 std::initializer_list<Code> allowed) {
  if (status.ok()) return;
  Require(
      std::find(allowed.begin(), allowed.end(), status.code()) != allowed.end(),
      "a request refused with an undocumented code");
  CheckMessage(status.message());
}

bool KnownPharmacy(const v1::Pharmacy& pharmacy) {
  return TestSnapshot()->Lookup(pharmacy.id()).has_value();
}

absl::Status Find(const v1::FindPharmaciesRequest& request,
                  v1::FindPharmaciesResponse* response) {
  const absl::Status status = rxlocator::FindPharmacies(
      *TestSnapshot(), TestStock(), request, Now(), LocatorOptions(), response);
  CheckStatus(status, {Code::kInvalidArgument, Code::kNotFound,
                       Code::kFailedPrecondition});
  if (status.ok()) {
    const int page_size =
        request.max_results() == 0 ? kDefaultMaxResults : request.max_results();
    Require(response->results_size() <= page_size,
            "more results than the page holds");
    for (const v1::PharmacyResult& result : response->results()) {
      Require(KnownPharmacy(result.pharmacy()), "an unknown pharmacy found");
    }
  }
  return status;
}

void FindAllPages(v1::FindPharmaciesRequest request) {
  v1::FindPharmaciesResponse response;
  if (!Find(request, &response).ok()) return;
  absl::flat_hash_set<std::string> seen;
  for (size_t page = 1;; ++page) {
    for (const v1::PharmacyResult& result : response.results()) {
      Require(seen.insert(result.pharmacy().id()).second,
              "a pharmacy on two pages");
    }
    if (response.next_page_token().empty()) return;
    Require(page <= TestPharmacies().size(), "more pages than pharmacies");
    request.set_page_token(response.next_page_token());
    response.Clear();
    Require(Find(request, &response).ok(), "a next page refused");
  }
}

// A client can make any token: the checksum is no secret.
void FindWithForgedToken(ByteReader& in, v1::FindPharmaciesRequest request) {
  request.clear_page_token();
  const int max_results = request.max_results();
  request.set_max_results(1);  // Not part of the query: any page size will do.
  v1::FindPharmaciesResponse first;
  if (!Find(request, &first).ok() || first.next_page_token().empty()) return;
  absl::StatusOr<PageToken> token = DecodePageToken(first.next_page_token());
  Require(token.ok(), "a token the service issued is refused");
  TakePosition(in, &*token);
  request.set_max_results(max_results);
  request.set_page_token(EncodePageToken(*token));
  v1::FindPharmaciesResponse response;
  Find(request, &response).IgnoreError();  // Checked inside.
}

void CheckLocateForIvr(const v1::LocateForIvrRequest& request) {
  v1::LocateForIvrResponse response;
  CheckStatus(rxlocator::LocateForIvr(*TestSnapshot(), TestStock(), request,
                                      Now(), LocatorOptions(), &response),
              {Code::kInvalidArgument, Code::kNotFound});
  v1::LocateForIvrRequest zip_only;
  zip_only.set_zip_code(request.zip_code());
  response.Clear();
  Require(rxlocator::LocateForIvr(*TestSnapshot(), TestStock(), zip_only, Now(),
                                  LocatorOptions(), &response)
              .ok(),
          "what a caller keyed in is refused");
}

void CheckReportStock(const v1::StockUpdate& update) {
  absl::StatusOr<StockObservation> observation =
      ObservationFromUpdate(*TestSnapshot(), update, Now());
  CheckStatus(observation.status(), {Code::kInvalidArgument});
  if (!observation.ok()) return;
  CheckObservation(*observation);
  Require(observation->level.observed_at <= Now() + kMaxClockSkew,
          "a count from the future accepted");
  StockStore store;
  Require(store.Apply(*observation) == StockStore::Outcome::kApplied,
          "the store did not apply a checked update");
}

AvailabilityWatchers& Watchers() {
  static auto* const holder = [] {
    auto* h = new SnapshotHolder;
    h->Publish(TestSnapshot());
    return h;
  }();
  static auto* const watchers =
      new AvailabilityWatchers(holder, FreshnessPolicy());
  return *watchers;
}

void CheckWatchAvailability(const v1::WatchAvailabilityRequest& request) {
  std::vector<v1::AvailabilityEvent> sent;
  absl::StatusOr<AvailabilityWatch> watch = WatchFromRequest(
      *TestSnapshot(), request,
      [&sent](v1::AvailabilityEvent e) { sent.push_back(std::move(e)); });
  CheckStatus(watch.status(), {Code::kInvalidArgument, Code::kNotFound});
  if (!watch.ok()) return;
  for (const v1::AvailabilityEvent& e :
       InitialEvents(*TestSnapshot(), TestStock(), Watchers(), *watch, Now())) {
    Require(e.initial() && e.kind() == v1::AvailabilityEvent::AVAILABLE &&
                KnownPharmacy(e.pharmacy()),
            "a wrong initial event");
  }
  // Changes are heard at the server's clock, as the service hears them.
  StockStore store;
  store.set_listener(
      [](const StockObservation& o, const std::optional<StockLevel>& was) {
        Watchers().OnApplied(o, was);
      });
  const std::string ndc = watch->ndc;
  const int64_t quantity =
      std::clamp<int64_t>(watch->min_quantity, 0, kMaxStockQuantity);
  absl::StatusOr<uint64_t> id = Watchers().Add(*std::move(watch));
  Require(id.ok(), "a watch refused");
  const absl::Time now = absl::Now();
  for (const Pharmacy& p : TestPharmacies()) {
    store.Apply({p.id, ndc, {quantity, now, "fuzz"}});
    store.Apply({p.id, ndc, {0, now + absl::Seconds(1), "fuzz"}});
  }
  Watchers().Remove(*id);
  for (const v1::AvailabilityEvent& e : sent) {
    Require(!e.initial() &&
                e.kind() != v1::AvailabilityEvent::KIND_UNSPECIFIED &&
                KnownPharmacy(e.pharmacy()),
            "a wrong change event");
  }
}

// Parses `bytes` into *request; false if they are no such request.
template <typename Request>
bool Parse(absl::string_view bytes, Request* request) {
  return request->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
}

}  // namespace
}  // namespace rxlocator::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rxlocator;           // NOLINT(build/namespaces)
  using namespace rxlocator::fuzzing;  // NOLINT(build/namespaces)
  // Protobuf logs each string that is not UTF-8; parsing fails all the same.
  static const bool quiet = (google::protobuf::SetLogHandler(nullptr), true);
  (void)quiet;
  if (size == 0) return 0;
  const absl::string_view bytes(reinterpret_cast<const char*>(data) + 1,
                                size - 1);
  const std::shared_ptr<const Snapshot> snapshot = TestSnapshot();
  switch (data[0] % 9) {
    case 0: {
      v1::FindPharmaciesRequest request;
      if (Parse(bytes, &request)) FindAllPages(request);
      break;
    }
    case 1: {
      v1::GetPharmacyRequest request;
      v1::Pharmacy response;
      if (Parse(bytes, &request)) {
        CheckStatus(GetPharmacy(*snapshot, request, &response),
                    {Code::kInvalidArgument, Code::kNotFound});
      }
      break;
    }
    case 2: {
      v1::CheckNetworkRequest request;
      v1::CheckNetworkResponse response;
      if (Parse(bytes, &request)) {
        CheckStatus(CheckNetwork(*snapshot, request, Now(), &response),
                    {Code::kInvalidArgument, Code::kNotFound});
      }
      break;
    }
    case 3: {
      v1::LocateForIvrRequest request;
      if (Parse(bytes, &request)) CheckLocateForIvr(request);
      break;
    }
    case 4: {
      v1::UrgentFillRequest request;
      v1::UrgentFillResponse response;
      if (Parse(bytes, &request)) {
        CheckStatus(UrgentFill(*snapshot, TestStock(), request, Now(),
                               LocatorOptions(), &response),
                    {Code::kInvalidArgument, Code::kNotFound});
      }
      break;
    }
    case 5: {
      v1::GetStockRequest request;
      v1::GetStockResponse response;
      if (Parse(bytes, &request)) {
        CheckStatus(GetStock(*snapshot, TestStock(), request, Now(),
                             FreshnessPolicy(), &response),
                    {Code::kInvalidArgument, Code::kNotFound});
      }
      break;
    }
    case 6: {
      v1::StockUpdate update;
      if (Parse(bytes, &update)) CheckReportStock(update);
      break;
    }
    case 7: {
      v1::WatchAvailabilityRequest request;
      if (Parse(bytes, &request)) CheckWatchAvailability(request);
      break;
    }
    case 8: {
      ByteReader position(bytes.substr(0, kPositionBytes));
      v1::FindPharmaciesRequest request;
      if (bytes.size() >= kPositionBytes &&
          Parse(bytes.substr(kPositionBytes), &request)) {
        FindWithForgedToken(position, request);
      }
      break;
    }
  }
  return 0;
}
