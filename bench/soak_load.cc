#include "bench/soak_load.h"

#include <algorithm>
#include <optional>
#include <random>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "index/plan_key.h"
#include "server/data_loading.h"
#include "server/proto_mapping.h"
#include "testing/stock_feed.h"

namespace rxlocator {
namespace {

// Updates per ReportStock call, and the pause after an acknowledged one:
// about 250 updates a second per feed, a steady trickle beside the reads.
constexpr int64_t kFeedBatch = 25;
constexpr absl::Duration kFeedPause = absl::Milliseconds(100);
// Backoff between attempts at one batch: from kMinBackoff, doubling up to
// kMaxBackoff, each wait picked from its upper half.
constexpr absl::Duration kMinBackoff = absl::Milliseconds(50);
constexpr absl::Duration kMaxBackoff = absl::Seconds(2);
constexpr absl::Duration kFeedDeadline = absl::Seconds(10);
// A reader's pause between calls.
constexpr absl::Duration kReaderPause = absl::Milliseconds(5);
// The bundled plans: the commercial ones of data/synthetic_plans.csv.gz
// (any group for NARROW and SPEC) and the Part D plan of
// data/synthetic_partd_networks.txt.gz.
constexpr const char* kPlans[] = {"610014:ABC:GRP1", "610014:NARROW:G7",
                                  "610014:SPEC:S1", "H4321-001-000"};
// The drug of the bundled stock (counted in 2022: too old to show).
constexpr char kBundledNdc[] = "00069108530";
// Pharmacies and NDCs per GetStock call of the final check (the API's
// limit is 100 pharmacies).
constexpr int kCheckPharmacies = 100;
constexpr absl::Duration kCheckDeadline = absl::Seconds(10);
// Lost updates described in full.
constexpr size_t kExamples = 10;

using Rng = std::mt19937_64;

int64_t Uniform(Rng& rng, int64_t n) {
  return std::uniform_int_distribution<int64_t>(0, n - 1)(rng);
}

template <typename T>
const T& Pick(Rng& rng, const std::vector<T>& values) {
  return values[Uniform(rng, values.size())];
}

std::chrono::system_clock::time_point DeadlineIn(absl::Duration d) {
  return absl::ToChronoTime(absl::Now() + d);
}

// The NDC of a pass that `feed` has begun, picked at random; the bundled
// drug if it has not begun one.
std::string ReportedNdc(const SoakData& data, const Feed& feed, Rng& rng) {
  const int64_t acknowledged = feed.acknowledged();
  if (acknowledged == 0) return kBundledNdc;
  const int64_t passes =
      (acknowledged - 1) / static_cast<int64_t>(data.pharmacy_ids.size()) + 1;
  return data.Ndc(feed.index(), Uniform(rng, passes));
}

}  // namespace

absl::StatusOr<SoakData> SoakData::Load(uint64_t seed) {
  absl::StatusOr<LoadedData> loaded =
      LoadSnapshot(BundledData(RXLOCATOR_DATA_DIR));
  if (!loaded.ok()) return loaded.status();
  const Snapshot& snapshot = *loaded->snapshot;
  SoakData data;
  std::set<std::string> zips;
  for (const Pharmacy& p : snapshot.pharmacies()) {
    data.pharmacy_ids.push_back(p.id);
    if (!p.npi.empty()) data.npis.push_back(p.npi);
    const ZipInfo* zip = snapshot.zips().Find(p.address.zip);
    if (p.walk_in && zip != nullptr && zip->has_location) {
      zips.insert(p.address.zip);
    }
  }
  Rng rng(seed);
  std::shuffle(data.pharmacy_ids.begin(), data.pharmacy_ids.end(), rng);
  data.zips.assign(zips.begin(), zips.end());
  for (const char* text : kPlans) {
    absl::StatusOr<PlanKey> plan = ParsePlanKey(text);
    if (!plan.ok()) return plan.status();
    data.plans.push_back(PlanToProto(*plan));
  }
  if (data.npis.empty() || data.zips.empty()) {
    return absl::FailedPreconditionError(
        "the bundled data has no NPIs or ZIPs");
  }
  // An hour ago, to the microsecond (what the store keeps): fresh for the
  // whole soak, and never in the future.
  data.observed_base =
      absl::FromUnixMicros(absl::ToUnixMicros(absl::Now() - absl::Hours(1)));
  return data;
}

std::string SoakData::Ndc(int feed, int64_t pass) const {
  return absl::StrFormat("%05d%04d01", 70000 + feed, pass);
}

int64_t SoakData::Quantity(int feed, int64_t j) const {
  return (j * 7 + feed * 13) % 50;  // Every 50th count is 0: out of stock.
}

absl::Time SoakData::Observed(int64_t j) const {
  return observed_base + absl::Microseconds(j);
}

v1::StockUpdate SoakData::Update(int feed, int64_t j) const {
  const int64_t p = static_cast<int64_t>(pharmacy_ids.size());
  return StockCount(pharmacy_ids[j % p], Ndc(feed, j / p), Quantity(feed, j),
                    Observed(j));
}

absl::Duration Caller::Elapsed() const { return absl::Now() - start_; }

Caller::Result Caller::Make(const Options& options, const Call& call) {
  int replica = options.replica;
  std::optional<Route> route = cluster_->replica(replica).route();
  if (!route && options.fall_back) {
    replica = 1 - replica;
    route = cluster_->replica(replica).route();
  }
  if (!route) {
    return {grpc::Status(grpc::StatusCode::UNAVAILABLE, "the replica is down"),
            -1};
  }
  grpc::ClientContext context;
  context.set_deadline(DeadlineIn(options.deadline));
  const FaultPhases::Mark before = phases_->Now();
  const absl::Time start = absl::Now();
  bool stale = false;
  const grpc::Status status = call(*route->stubs, context, &stale);
  CallRecord record{
      .kind = options.kind,
      .read = options.read,
      .code = status.error_code(),
      .stale = stale,
      .during_fault = FaultPhases::Overlapped(before, phases_->Now()),
      .latency = absl::Now() - start};
  if (status.ok()) {
    record.outcome = Outcome::kOk;
  } else if (cluster_->replica(replica).StoppedSince(*route)) {
    record.outcome = Outcome::kExcused;
  } else if (status.error_code() == options.retry_code) {
    record.outcome = Outcome::kRetried;
  } else {
    record.outcome = Outcome::kFailed;
    record.error = absl::StrCat(cluster_->replica(replica).name(), ": ",
                                status.error_message());
    record.at = Elapsed();
  }
  tally_->Record(record);
  return {status, replica};
}

void Feed::Run(const std::atomic<bool>& stop) {
  Rng rng(seed_ * 1000003 + index_);
  int turn = index_;
  for (int64_t next = 0; !stop; next += kFeedBatch) {
    std::vector<v1::StockUpdate> batch;
    for (int64_t j = next; j < next + kFeedBatch; ++j) {
      batch.push_back(data_->Update(index_, j));
    }
    for (absl::Duration backoff = kMinBackoff;; ++retried_calls_) {
      const Caller::Result result = caller_->Make(
          {.kind = "ReportStock",
           .read = false,
           .replica = turn++ % SoakCluster::kReplicas,
           .deadline = kFeedDeadline,
           .retry_code = grpc::StatusCode::UNAVAILABLE},
          [&](const ReplicaStubs& stubs, grpc::ClientContext& context, bool*) {
            v1::ReportStockResponse reply;
            const grpc::Status s =
                ReportStock(*stubs.inventory, context, batch, &reply);
            // Acknowledged means every update was taken: applied, or a
            // repeat of one a failed attempt stored.
            if (s.ok() &&
                (reply.received() != kFeedBatch || reply.rejected() != 0 ||
                 reply.applied() + reply.stale() != kFeedBatch)) {
              return grpc::Status(
                  grpc::StatusCode::INTERNAL,
                  absl::StrCat("the reply does not account for the batch: ",
                               reply.ShortDebugString()));
            }
            return s;
          });
      if (result.status.ok()) break;
      if (stop) return;  // Not acknowledged: not counted.
      absl::SleepFor(backoff / 2 +
                     absl::Microseconds(Uniform(
                         rng, absl::ToInt64Microseconds(backoff / 2) + 1)));
      backoff = std::min(backoff * 2, kMaxBackoff);
    }
    acknowledged_ = next + kFeedBatch;
    absl::SleepFor(kFeedPause);
  }
}

void RunReader(int index, const SoakData& data,
               const std::vector<const Feed*>& feeds, Caller* caller,
               uint64_t seed, const std::atomic<bool>& stop) {
  Rng rng(seed * 7919 + 1000 + index);
  // The kinds of call, each with its weight.
  enum Kind {
    kPlain,
    kPlan,
    kOpenNow,
    kInStock,
    kGetStock,
    kUrgentFill,
    kGetPharmacy,
    kIvr
  };
  std::discrete_distribution<int> kinds({3, 2, 2, 2, 2, 1, 2, 1});
  while (!stop) {
    const int replica = Uniform(rng, SoakCluster::kReplicas);
    const std::string& zip = Pick(rng, data.zips);
    const v1::Plan& plan = Pick(rng, data.plans);
    const Feed& feed = *feeds[Uniform(rng, feeds.size())];
    const int kind = kinds(rng);
    switch (kind) {
      case kPlain:
      case kPlan:
      case kOpenNow:
      case kInStock: {
        v1::FindPharmaciesRequest request;
        request.mutable_origin()->set_zip_code(zip);
        request.set_max_results(10);
        std::string name = "FindPharmacies plain";
        switch (kind) {
          case kPlan:
            name = "FindPharmacies plan";
            *request.mutable_plan() = plan;
            request.mutable_ranking()->set_preferred_first(Uniform(rng, 2));
            break;
          case kOpenNow:
            name = "FindPharmacies open-now";
            request.mutable_filter()->set_open_now(true);
            break;
          case kInStock:
            name = "FindPharmacies in-stock";
            request.mutable_filter()->add_in_stock_ndcs(
                ReportedNdc(data, feed, rng));
            break;
        }
        v1::FindPharmaciesResponse response;
        const Caller::Result result =
            caller->Make({.kind = name, .replica = replica},
                         [&](const ReplicaStubs& stubs,
                             grpc::ClientContext& context, bool* stale) {
                           grpc::Status s = stubs.locator->FindPharmacies(
                               &context, request, &response);
                           *stale = response.stock_stale();
                           return s;
                         });
        // Half the plain searches with a next page turn it on the other
        // replica: page tokens carry the data version, which both share.
        if (kind == kPlain && result.status.ok() &&
            !response.next_page_token().empty() && Uniform(rng, 2) == 0) {
          request.set_page_token(response.next_page_token());
          caller->Make({.kind = "FindPharmacies next page",
                        .replica = 1 - result.replica},
                       [&](const ReplicaStubs& stubs,
                           grpc::ClientContext& context, bool* stale) {
                         v1::FindPharmaciesResponse page;
                         grpc::Status s = stubs.locator->FindPharmacies(
                             &context, request, &page);
                         *stale = page.stock_stale();
                         return s;
                       });
        }
        break;
      }
      case kGetStock: {
        v1::GetStockRequest request;
        for (int64_t i = Uniform(rng, 20); i >= 0; --i) {
          request.add_pharmacy_ids(Pick(rng, data.pharmacy_ids));
        }
        std::set<std::string> ndcs = {ReportedNdc(data, feed, rng),
                                      ReportedNdc(data, feed, rng)};
        for (const std::string& ndc : ndcs) request.add_ndcs(ndc);
        caller->Make({.kind = "GetStock", .replica = replica},
                     [&](const ReplicaStubs& stubs,
                         grpc::ClientContext& context, bool* stale) {
                       v1::GetStockResponse response;
                       grpc::Status s = stubs.inventory->GetStock(
                           &context, request, &response);
                       *stale = response.stock_stale();
                       return s;
                     });
        break;
      }
      case kUrgentFill: {
        v1::UrgentFillRequest request;
        request.mutable_origin()->set_zip_code(zip);
        *request.mutable_plan() = plan;
        v1::UrgentItem* item = request.add_items();
        item->set_ndc(ReportedNdc(data, feed, rng));
        item->set_quantity(1 + Uniform(rng, 30));
        caller->Make({.kind = "UrgentFill", .replica = replica},
                     [&](const ReplicaStubs& stubs,
                         grpc::ClientContext& context, bool* stale) {
                       v1::UrgentFillResponse response;
                       grpc::Status s = stubs.locator->UrgentFill(
                           &context, request, &response);
                       *stale = response.stock_stale();
                       return s;
                     });
        break;
      }
      case kGetPharmacy: {
        v1::GetPharmacyRequest request;
        request.set_id(Uniform(rng, 2) == 0 ? Pick(rng, data.pharmacy_ids)
                                            : Pick(rng, data.npis));
        caller->Make({.kind = "GetPharmacy", .replica = replica},
                     [&](const ReplicaStubs& stubs,
                         grpc::ClientContext& context, bool*) {
                       v1::Pharmacy response;
                       return stubs.locator->GetPharmacy(&context, request,
                                                         &response);
                     });
        break;
      }
      case kIvr: {
        v1::LocateForIvrRequest request;
        request.set_zip_code(zip);
        request.set_count(3);
        if (Uniform(rng, 2) == 0) *request.mutable_plan() = plan;
        caller->Make({.kind = "LocateForIvr", .replica = replica},
                     [&](const ReplicaStubs& stubs,
                         grpc::ClientContext& context, bool* stale) {
                       v1::LocateForIvrResponse response;
                       grpc::Status s = stubs.locator->LocateForIvr(
                           &context, request, &response);
                       *stale = response.stock_stale();
                       return s;
                     });
        break;
      }
    }
    absl::SleepFor(kReaderPause);
  }
}

void Watcher::Run() {
  Rng rng(seed_ * 31 + 77 + replica_);
  Replica& replica = caller_->cluster().replica(replica_);
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
    }
    const std::optional<Route> route = replica.route();
    if (!route) {
      absl::SleepFor(absl::Milliseconds(100));
      continue;
    }
    v1::WatchAvailabilityRequest request;
    request.set_ndc(ReportedNdc(*data_, *feed_, rng));
    request.mutable_origin()->set_zip_code(Pick(rng, data_->zips));
    request.set_radius_meters(50'000);
    request.set_min_quantity(1);
    grpc::ClientContext context;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      context_ = &context;
    }
    grpc::Status status;
    if (replica.AddStream(*route, &context)) {
      auto stream =
          route->stubs->inventory->WatchAvailability(&context, request);
      v1::AvailabilityEvent event;
      while (stream->Read(&event)) ++events_;
      status = stream->Finish();
      replica.RemoveStream(&context);
    } else {
      status = grpc::Status(grpc::StatusCode::CANCELLED, "replica stopping");
    }
    bool asked_to_stop;
    {
      absl::MutexLock lock(&mu_);
      context_ = nullptr;
      asked_to_stop = stopping_;
    }
    CallRecord record{.kind = "WatchAvailability", .code = status.error_code()};
    if (asked_to_stop) {
      record.outcome = Outcome::kOk;  // Cancelled by the soak, at its end.
    } else if (replica.StoppedSince(*route)) {
      record.outcome = Outcome::kExcused;
    } else {
      // A watch runs until the caller leaves: any end is a failure.
      record.outcome = Outcome::kFailed;
      record.error = absl::StrCat(
          replica.name(), ": the stream ended: ", status.error_message());
      record.at = caller_->Elapsed();
    }
    caller_->tally().Record(record);
    if (!asked_to_stop) absl::SleepFor(absl::Milliseconds(200));
  }
}

void Watcher::Stop() {
  absl::MutexLock lock(&mu_);
  stopping_ = true;
  if (context_ != nullptr) context_->TryCancel();
}

namespace {

// An update of a feed, by number.
struct Key {
  int feed;
  int64_t j;
};

// Which of `keys` (sorted by feed, then j) `replica` does not hold with
// their count and time; those it could not check are kept, with the error
// in *errors. Describes the first few in *examples.
std::vector<Key> Missing(const Replica& replica, const SoakData& data,
                         const std::vector<Key>& keys,
                         std::vector<std::string>* errors,
                         std::vector<std::string>* examples) {
  const int64_t p = static_cast<int64_t>(data.pharmacy_ids.size());
  std::vector<Key> missing;
  for (size_t begin = 0; begin < keys.size();) {
    // Up to kCheckPharmacies updates of one NDC: one pass of one feed.
    size_t end = begin + 1;
    while (end < keys.size() && end - begin < kCheckPharmacies &&
           keys[end].feed == keys[begin].feed &&
           keys[end].j / p == keys[begin].j / p) {
      ++end;
    }
    const std::string ndc = data.Ndc(keys[begin].feed, keys[begin].j / p);
    v1::GetStockRequest request;
    request.add_ndcs(ndc);
    for (size_t i = begin; i < end; ++i) {
      request.add_pharmacy_ids(data.pharmacy_ids[keys[i].j % p]);
    }
    v1::GetStockResponse response;
    grpc::Status status(grpc::StatusCode::UNAVAILABLE, "it is down");
    if (const std::optional<Route> route = replica.route()) {
      grpc::ClientContext context;
      context.set_deadline(DeadlineIn(kCheckDeadline));
      status = route->stubs->inventory->GetStock(&context, request, &response);
    }
    if (!status.ok() ||
        response.pharmacies_size() != static_cast<int>(end - begin)) {
      if (errors->size() < kExamples) {
        errors->push_back(absl::StrCat("GetStock on ", replica.name(), ": ",
                                       CodeName(status.error_code()), " ",
                                       status.error_message()));
      }
      missing.insert(missing.end(), keys.begin() + begin, keys.begin() + end);
      begin = end;
      continue;
    }
    for (size_t i = begin; i < end; ++i) {
      const Key& key = keys[i];
      const v1::StockStatus& held = response.pharmacies(i - begin).stock(0);
      google::protobuf::Timestamp observed;
      TimeToProto(data.Observed(key.j), &observed);
      if (held.quantity() == data.Quantity(key.feed, key.j) &&
          held.has_observed_at() &&
          held.observed_at().seconds() == observed.seconds() &&
          held.observed_at().nanos() == observed.nanos()) {
        continue;
      }
      missing.push_back(key);
      if (examples->size() < kExamples) {
        examples->push_back(absl::StrCat(
            "feed ", key.feed, " update ", key.j, " (pharmacy ",
            request.pharmacy_ids(i - begin), ", NDC ", ndc, ", count ",
            data.Quantity(key.feed, key.j), " at ",
            absl::FormatTime(data.Observed(key.j)), "): ", replica.name(),
            " holds ",
            held.has_observed_at() ? held.ShortDebugString() : "nothing"));
      }
    }
    begin = end;
  }
  return missing;
}

}  // namespace

CheckResult CheckAcknowledged(SoakCluster& cluster, const SoakData& data,
                              const std::vector<const Feed*>& feeds,
                              absl::Duration bound) {
  CheckResult result;
  std::vector<Key> all;
  for (const Feed* feed : feeds) {
    for (int64_t j = 0; j < feed->acknowledged(); ++j) {
      all.push_back({feed->index(), j});
    }
  }
  result.acknowledged = all.size();
  std::vector<std::vector<Key>> missing(SoakCluster::kReplicas, all);
  const absl::Time start = absl::Now();
  for (;;) {
    const bool last = absl::Now() - start > bound;
    bool done = true;
    for (int r = 0; r < SoakCluster::kReplicas; ++r) {
      if (missing[r].empty()) continue;
      // Only the last pass keeps its errors and examples: earlier ones may
      // have run before the replica caught up.
      std::vector<std::string> errors, examples;
      missing[r] =
          Missing(cluster.replica(r), data, missing[r], &errors, &examples);
      if (last) {
        result.errors.insert(result.errors.end(), errors.begin(), errors.end());
        result.examples.insert(result.examples.end(), examples.begin(),
                               examples.end());
      }
      done = done && missing[r].empty();
    }
    result.waited = absl::Now() - start;
    if (done || last) break;
    absl::SleepFor(absl::Seconds(1));
  }
  std::set<std::pair<int, int64_t>> lost;
  for (int r = 0; r < SoakCluster::kReplicas; ++r) {
    result.missing.push_back(missing[r].size());
    for (const Key& key : missing[r]) lost.insert({key.feed, key.j});
  }
  result.lost = lost.size();
  return result;
}

}  // namespace rxlocator
