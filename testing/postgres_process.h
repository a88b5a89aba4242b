// PostgresProcess: a real PostgreSQL server, started for a benchmark on a
// free loopback port in a new cluster in a temporary directory, and stopped
// and removed when it ends. Run as root, the server runs as the `postgres`
// user (PostgreSQL refuses root), which Debian's package creates.
//
//   PostgresProcess pg;
//   if (!pg.running()) { ... pg.log() ... }
//   PGconn* c = PQconnectdb(pg.conninfo().c_str());
//
// Trust authentication on loopback, user postgres, database postgres.
// Not thread-safe.
#ifndef RXLOCATOR_TESTING_POSTGRES_PROCESS_H_
#define RXLOCATOR_TESTING_POSTGRES_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace rxlocator {

struct PostgresProcessOptions {
  // Where initdb and postgres are. Default: Debian's PostgreSQL 15.
  std::string bin_dir = "/usr/lib/postgresql/15/bin";
  // Server settings, each "name=value" (postgres -c).
  std::vector<std::string> settings;
};

class PostgresProcess {
 public:
  // Creates the cluster, starts the server and waits until it accepts
  // connections; see running().
  explicit PostgresProcess(PostgresProcessOptions options = {});
  ~PostgresProcess();  // Stops it and removes its directory.

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // For PQconnectdb and psql's --dbname.
  std::string conninfo() const;
  // What initdb and the server printed so far.
  std::string log() const;

 private:
  bool InitCluster();
  bool Start();

  const PostgresProcessOptions options_;
  std::string dir_;
  uid_t uid_ = 0;  // Whom the server runs as.
  gid_t gid_ = 0;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTING_POSTGRES_PROCESS_H_
