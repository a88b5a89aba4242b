// RedisPeer: the searches of peer_query.h done as a Redis user would, over
// the keys tools/peer_files.h describes: GEOSEARCH ... ASC COUNT N for the
// nearest N, then one pipelined round of checks on the candidates
// (SMISMEMBER for the plan, HMGET of the hours, HGET of the stock), with N
// doubled and the search repeated until max_results pass or the radius
// holds no more. Open now and stock freshness are judged here, in the
// client, with the same rules as rxlocator (MinuteOfWeek, Available).
//
//   RedisPeer redis;
//   absl::Status s = redis.Connect(port);
//   absl::StatusOr<PeerResults> r = redis.Find(query);
//
// One connection; one thread at a time.
#ifndef RXLOCATOR_BENCH_REDIS_PEER_H_
#define RXLOCATOR_BENCH_REDIS_PEER_H_

#include <hiredis/hiredis.h>

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/peer_query.h"

namespace rxlocator {

class RedisPeer {
 public:
  // Connects, with kPeerDeadline for the connection and each reply.
  absl::Status Connect(int port);
  // PING for kNull (no results). After an error the connection is closed,
  // and every later call fails.
  absl::StatusOr<PeerResults> Find(const PeerQuery& query);

 private:
  absl::StatusOr<PeerResults> Search(const PeerQuery& query);
  const absl::TimeZone* Zone(const std::string& name);

  std::unique_ptr<redisContext, decltype(&redisFree)> context_{nullptr,
                                                               &redisFree};
  absl::flat_hash_map<std::string, absl::TimeZone> zones_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_BENCH_REDIS_PEER_H_
