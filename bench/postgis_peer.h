// PostgisPeer: the searches of peer_query.h as one SQL query each, over the
// tables tools/peer_files.h describes, prepared once per connection:
// ST_DWithin on the sphere for the radius, ORDER BY geog <-> origin (the
// GiST index's nearest-neighbour order, on the sphere) LIMIT max_results,
// and EXISTS subqueries for the plan, the hours (local_minute_of_week) and
// the stock (quantity and age, as Available() judges them).
//
//   PostgisPeer pg;
//   absl::Status s = pg.Connect(conninfo);
//   absl::StatusOr<PeerResults> r = pg.Find(query);
//
// One connection; one thread at a time.
#ifndef RXLOCATOR_BENCH_POSTGIS_PEER_H_
#define RXLOCATOR_BENCH_POSTGIS_PEER_H_

#include <libpq-fe.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bench/peer_query.h"

namespace rxlocator {

class PostgisPeer {
 public:
  // Connects, with kPeerDeadline as the statement timeout.
  absl::Status Connect(const std::string& conninfo);
  // SELECT 1 for kNull (no results).
  absl::StatusOr<PeerResults> Find(const PeerQuery& query);

 private:
  std::unique_ptr<PGconn, decltype(&PQfinish)> connection_{nullptr, &PQfinish};
};

}  // namespace rxlocator

#endif  // RXLOCATOR_BENCH_POSTGIS_PEER_H_
