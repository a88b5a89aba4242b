// RxlocatorPeer: the searches of peer_query.h asked of a running
// rxlocator-server over gRPC: FindPharmacies with the plan, open_now (or
// open_at) and in-stock filters; grpc.health.v1 Check for kNull.
//
//   RxlocatorPeer ours("127.0.0.1:50051", /*channels=*/4);
//   absl::StatusOr<PeerResults> r = ours.Find(query);  // Blocking.
//   ours.Start(channel, &request, done);                 // For a load.
//
// Thread-safe.
#ifndef RXLOCATOR_BENCH_RXLOCATOR_PEER_H_
#define RXLOCATOR_BENCH_RXLOCATOR_PEER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/async_calls.h"
#include "bench/load_generator.h"
#include "bench/peer_query.h"
#include "grpc_health_v1.grpc.pb.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"

namespace rxlocator {

// The request for `query` (not for kNull).
v1::FindPharmaciesRequest FindRequestFor(const PeerQuery& query);

class RxlocatorPeer {
 public:
  // `channels` connections of their own (OwnConnection) to `target`.
  RxlocatorPeer(const std::string& target, int channels);

  absl::StatusOr<PeerResults> Find(const PeerQuery& query);

  // Starts FindPharmacies(request) on `channel`, or a health check if
  // `request` is null, with kPeerDeadline.
  void Start(int channel, const v1::FindPharmaciesRequest* request,
             LoadGenerator::Done done);

 private:
  std::vector<std::unique_ptr<v1::PharmacyLocator::Stub>> locators_;
  std::vector<std::unique_ptr<grpc::health::v1::Health::Stub>> healths_;
  AsyncCalls calls_;  // Last: its destructor waits for the calls in flight.
};

}  // namespace rxlocator

#endif  // RXLOCATOR_BENCH_RXLOCATOR_PEER_H_
