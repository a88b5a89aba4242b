// Loading the files PeerFiles writes (tools/peer_files.h) into the peers,
// as their users would: redis.resp.gz through `redis-cli --pipe`,
// postgis.sql.gz through `psql`. Each fails, naming the command, if any
// part of its pipeline does.
//
//   absl::Status s = LoadIntoRedis(dir, redis.port());
//   s.Update(LoadIntoPostgis(dir, postgres.conninfo()));
#ifndef RXLOCATOR_BENCH_PEER_LOADING_H_
#define RXLOCATOR_BENCH_PEER_LOADING_H_

#include <string>

#include "absl/status/status.h"

namespace rxlocator {

// `dir` holds redis.resp.gz; the server listens on loopback `port`.
absl::Status LoadIntoRedis(const std::string& dir, int port);
// `dir` holds postgis.sql.gz; `conninfo` as for psql's --dbname.
absl::Status LoadIntoPostgis(const std::string& dir,
                             const std::string& conninfo);

}  // namespace rxlocator

#endif  // RXLOCATOR_BENCH_PEER_LOADING_H_
