#include "bench/postgis_peer.h"

#include <cstdlib>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "index/stock.h"

namespace rxlocator {
namespace {

// Parameters: $1 longitude, $2 latitude, $3 radius in meters, $4 limit,
// $5 plan, $6 instant, $7 NDC, $8 minimum quantity, $9 oldest count
// still fresh.
constexpr char kOrigin[] = "ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography";

std::string Sql(QueryKind kind) {
  if (kind == QueryKind::kNull) return "SELECT 1";
  std::string sql = absl::StrCat("SELECT p.id, p.geog <-> ", kOrigin,
                                 " FROM pharmacies p WHERE ST_DWithin(p.geog, ",
                                 kOrigin, ", $3, false)");
  if (kind != QueryKind::kPlain) {
    absl::StrAppend(&sql,
                    " AND EXISTS (SELECT 1 FROM plan_members m"
                    " WHERE m.plan = $5 AND m.pharmacy_id = p.id)");
  }
  if (kind == QueryKind::kPlanOpen || kind == QueryKind::kPlanOpenStock) {
    absl::StrAppend(&sql,
                    " AND EXISTS (SELECT 1 FROM pharmacy_hours h"
                    " WHERE h.pharmacy_id = p.id"
                    " AND local_minute_of_week($6, p.time_zone)"
                    " BETWEEN h.opens AND h.closes - 1)");
  }
  if (kind == QueryKind::kPlanOpenStock) {
    absl::StrAppend(&sql,
                    " AND EXISTS (SELECT 1 FROM stock s"
                    " WHERE s.pharmacy_id = p.id AND s.ndc = $7"
                    " AND s.quantity > 0 AND s.quantity >= $8"
                    " AND s.observed_at >= $9)");
  }
  absl::StrAppend(&sql, " ORDER BY p.geog <-> ", kOrigin, " LIMIT $4");
  return sql;
}

}  // namespace

absl::Status PostgisPeer::Connect(const std::string& conninfo) {
  connection_.reset(PQconnectdb(conninfo.c_str()));
  if (PQstatus(connection_.get()) != CONNECTION_OK) {
    return absl::UnavailableError(
        absl::StrCat("postgres: ", PQerrorMessage(connection_.get())));
  }
  for (const QueryKind kind : kQueryKinds) {
    std::unique_ptr<PGresult, decltype(&PQclear)> prepared(
        PQprepare(connection_.get(), std::string(QueryKindName(kind)).c_str(),
                  Sql(kind).c_str(), 0, nullptr),
        &PQclear);
    if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
      return absl::InternalError(
          absl::StrCat("postgres: preparing ", QueryKindName(kind), ": ",
                       PQresultErrorMessage(prepared.get())));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<PeerResults> PostgisPeer::Find(const PeerQuery& q) {
  const absl::Time at = q.at.value_or(absl::Now());
  const auto timestamp = [](absl::Time t) {
    return absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", t, absl::UTCTimeZone());
  };
  // Only the parameters the statement uses are sent.
  std::vector<std::string> params;
  if (q.kind != QueryKind::kNull) {
    params = {ExactDecimal(q.longitude), ExactDecimal(q.latitude),
              ExactDecimal(q.radius_meters), absl::StrCat(q.max_results)};
  }
  if (q.kind != QueryKind::kNull && q.kind != QueryKind::kPlain) {
    params.push_back(q.plan);
  }
  if (q.kind == QueryKind::kPlanOpen || q.kind == QueryKind::kPlanOpenStock) {
    params.push_back(timestamp(at));
  }
  if (q.kind == QueryKind::kPlanOpenStock) {
    params.insert(params.end(),
                  {q.ndc, absl::StrCat(q.min_quantity),
                   timestamp(at - FreshnessPolicy().confirm_after)});
  }
  std::vector<const char*> values;
  for (const std::string& p : params) values.push_back(p.c_str());
  std::unique_ptr<PGresult, decltype(&PQclear)> result(
      PQexecPrepared(
          connection_.get(), std::string(QueryKindName(q.kind)).c_str(),
          static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0),
      &PQclear);
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
    return absl::InternalError(
        absl::StrCat("postgres: ", PQresultErrorMessage(result.get())));
  }
  PeerResults results;
  if (q.kind == QueryKind::kNull) return results;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    results.push_back({PQgetvalue(result.get(), row, 0),
                       std::strtod(PQgetvalue(result.get(), row, 1), nullptr)});
  }
  return results;
}

}  // namespace rxlocator
