#include "bench/postgis_peer.h"

#include <cstdlib>
#include <iterator>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "index/stock.h"

namespace rxlocator {
namespace {

// Every statement takes the same parameters, typed here: $1 longitude,
// $2 latitude, $3 radius in meters, $4 limit, $5 plan, $6 the instant to
// be open at, $7 NDC, $8 minimum quantity, $9 the oldest count still
// fresh.
constexpr Oid kParamTypes[] = {701, 701, 701, 23, 25, 1184, 25, 20, 1184};
constexpr int kParams = std::size(kParamTypes);
// The null call sends none, to cost no more than SELECT 1 must.
int ParamsOf(QueryKind kind) { return kind == QueryKind::kNull ? 0 : kParams; }

constexpr char kOrigin[] = "ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography";

std::string Sql(QueryKind kind) {
  if (kind == QueryKind::kNull) return "SELECT 1";
  std::string sql = absl::StrCat("SELECT p.id, p.geog <-> ", kOrigin,
                                 " FROM pharmacies p WHERE ST_DWithin(p.geog, ",
                                 kOrigin, ", $3, false)");
  if (HasPlanFilter(kind)) {
    absl::StrAppend(&sql,
                    " AND EXISTS (SELECT 1 FROM plan_members m"
                    " WHERE m.plan = $5 AND m.pharmacy_id = p.id)");
  }
  if (HasOpenFilter(kind)) {
    absl::StrAppend(&sql,
                    " AND EXISTS (SELECT 1 FROM pharmacy_hours h"
                    " WHERE h.pharmacy_id = p.id"
                    " AND local_minute_of_week($6, p.time_zone)"
                    " BETWEEN h.opens AND h.closes - 1)");
  }
  if (HasStockFilter(kind)) {
    absl::StrAppend(&sql,
                    " AND EXISTS (SELECT 1 FROM stock s"
                    " WHERE s.pharmacy_id = p.id AND s.ndc = $7"
                    " AND s.quantity > 0 AND s.quantity >= $8"
                    " AND s.observed_at >= $9)");
  }
  absl::StrAppend(&sql, " ORDER BY p.geog <-> ", kOrigin, " LIMIT $4");
  return sql;
}

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

}  // namespace

absl::Status PostgisPeer::Connect(const std::string& conninfo) {
  connection_.reset(PQconnectdb(conninfo.c_str()));
  if (PQstatus(connection_.get()) != CONNECTION_OK) {
    return absl::UnavailableError(
        absl::StrCat("postgres: ", PQerrorMessage(connection_.get())));
  }
  const Result timeout(
      PQexec(connection_.get(),
             absl::StrCat("SET statement_timeout = ",
                          absl::ToInt64Milliseconds(kPeerDeadline))
                 .c_str()),
      &PQclear);
  if (PQresultStatus(timeout.get()) != PGRES_COMMAND_OK) {
    return absl::InternalError(
        absl::StrCat("postgres: ", PQresultErrorMessage(timeout.get())));
  }
  for (const QueryKind kind : kQueryKinds) {
    const Result prepared(
        PQprepare(connection_.get(), std::string(QueryKindName(kind)).c_str(),
                  Sql(kind).c_str(), ParamsOf(kind), kParamTypes),
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
  const absl::Time now = absl::Now();
  const auto timestamp = [](absl::Time t) {
    return absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", t, absl::UTCTimeZone());
  };
  const std::string params[kParams] = {
      ExactDecimal(q.longitude),
      ExactDecimal(q.latitude),
      ExactDecimal(q.radius_meters),
      absl::StrCat(q.max_results),
      q.plan,
      timestamp(q.open_at.value_or(now)),
      q.ndc,
      absl::StrCat(q.min_quantity),
      timestamp(now - FreshnessPolicy().confirm_after)};
  const char* values[kParams];
  for (int i = 0; i < kParams; ++i) values[i] = params[i].c_str();
  const Result result(
      PQexecPrepared(connection_.get(),
                     std::string(QueryKindName(q.kind)).c_str(),
                     ParamsOf(q.kind), values, nullptr, nullptr, 0),
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
