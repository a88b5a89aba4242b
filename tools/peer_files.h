// PeerFiles: the national dataset in the load forms of the systems the
// peer comparison (bench/peers_main.cc) measures rxlocator against, as a
// team would lay it out in each. Only walk-in pharmacies, the ones a search
// can find.
//
// redis.resp.gz, commands for `redis-cli --pipe`:
//   GEOADD pharmacies LNG LAT ID ...
//   HSET pharmacy:ID time_zone ZONE hours "OPEN-CLOSE,..."
//       (the counter's weekly hours as [open, close) minutes since Monday
//       00:00 local time; MinuteOfWeekIntervals)
//   SADD plan:PLAN ID ...            (PlanKey::ToString; walk-in retail
//                                     members, see PeerFiles::Begin)
//   HSET stock:ID NDC "QUANTITY OBSERVED_AT_UNIX_SECONDS"
// postgis.sql.gz, a psql script that (re)creates, with COPY then indexes:
//   pharmacies(id PRIMARY KEY, geog geography(Point, 4326), time_zone),
//       GiST on geog
//   pharmacy_hours(pharmacy_id, opens, closes), indexed by pharmacy_id
//   plan_members(plan, pharmacy_id), PRIMARY KEY (plan, pharmacy_id)
//   stock(pharmacy_id, ndc, quantity, observed_at),
//       PRIMARY KEY (pharmacy_id, ndc)
//   local_minute_of_week(timestamptz, zone text): minutes since Monday
//       00:00 on the zone's wall clock
//
//   PeerFiles peers(dir);
//   absl::Status s = peers.Begin(dataset, now);
//   ForEachNationalStockRow(..., [&](const StockObservation& row) {
//     peers.AddStock(row);
//   });
//   s.Update(peers.Close());
//
// Not thread-safe.
#ifndef RXLOCATOR_TOOLS_PEER_FILES_H_
#define RXLOCATOR_TOOLS_PEER_FILES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "index/pharmacy.h"
#include "index/stock.h"
#include "tools/gzip_writer.h"

namespace rxlocator {

class PeerFiles {
 public:
  // Creates redis.resp.gz and postgis.sql.gz in `dir`.
  explicit PeerFiles(const std::string& dir);

  // Writes the walk-in pharmacies, their hours and each plan's members:
  // the pharmacies whose membership of the plan's network takes retail
  // fills on the UTC date of `as_of` (rxlocator asks each pharmacy's local
  // date; the two agree for memberships that do not start or end within a
  // day of it, as none of the synthetic ones do). InvalidArgument for a
  // walk-in pharmacy whose counter hours are not plain weekly hours
  // (PlainWeekly), which the peers' layout cannot hold.
  absl::Status Begin(const Dataset& dataset, absl::Time as_of);
  // After Begin: one stock row, of a walk-in pharmacy.
  void AddStock(const StockObservation& row);
  // Finishes both files (the indexes come last in the SQL).
  absl::Status Close();

 private:
  GzipWriter redis_;
  GzipWriter sql_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_TOOLS_PEER_FILES_H_
