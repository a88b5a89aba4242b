#include "tools/peer_files.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "index/network.h"
#include "index/weekly_hours_column.h"
#include "tools/csv_fields.h"

namespace rxlocator {
namespace {

// Commands per GEOADD or SADD: long enough to load quickly, short enough
// not to hold up the server.
constexpr size_t kBatch = 1000;

// One command in RESP, the protocol redis-cli --pipe sends as is.
void Command(const std::vector<std::string>& args, GzipWriter& out) {
  std::string text = absl::StrCat("*", args.size(), "\r\n");
  for (const std::string& arg : args) {
    absl::StrAppend(&text, "$", arg.size(), "\r\n", arg, "\r\n");
  }
  out.Write(text);
}

// Sends `head` followed by `items` (each a list of arguments), kBatch
// items per command.
void Batched(const std::vector<std::string>& head,
             const std::vector<std::vector<std::string>>& items,
             GzipWriter& out) {
  for (size_t begin = 0; begin < items.size(); begin += kBatch) {
    std::vector<std::string> args = head;
    for (size_t i = begin; i < items.size() && i < begin + kBatch; ++i) {
      args.insert(args.end(), items[i].begin(), items[i].end());
    }
    Command(args, out);
  }
}

// A field of COPY's text format, in which backslash, tab and line breaks
// are escaped.
std::string CopyField(absl::string_view value) {
  std::string out;
  for (const char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void CopyRow(std::initializer_list<absl::string_view> fields, GzipWriter& out) {
  std::string row;
  for (const absl::string_view field : fields) {
    if (!row.empty()) row += '\t';
    row += CopyField(field);
  }
  row += '\n';
  out.Write(row);
}

constexpr char kSchema[] = R"(SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis;
DROP TABLE IF EXISTS pharmacies, pharmacy_hours, plan_members, stock;
CREATE TABLE pharmacies (
  id text PRIMARY KEY,
  geog geography(Point, 4326) NOT NULL,
  time_zone text NOT NULL);
-- The counter's weekly hours: [opens, closes) in minutes since Monday 00:00
-- on the pharmacy's wall clock.
CREATE TABLE pharmacy_hours (
  pharmacy_id text NOT NULL,
  opens integer NOT NULL,
  closes integer NOT NULL);
CREATE TABLE plan_members (plan text NOT NULL, pharmacy_id text NOT NULL);
CREATE TABLE stock (
  pharmacy_id text NOT NULL,
  ndc text NOT NULL,
  quantity integer NOT NULL,
  observed_at timestamptz NOT NULL);
CREATE OR REPLACE FUNCTION local_minute_of_week(t timestamptz, zone text)
  RETURNS integer LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT floor(extract(epoch FROM (t AT TIME ZONE zone) -
                 date_trunc('week', t AT TIME ZONE zone)) / 60)::integer $$;
)";

constexpr char kIndexes[] = R"(CREATE INDEX ON pharmacies USING gist (geog);
CREATE INDEX ON pharmacy_hours (pharmacy_id);
ALTER TABLE plan_members ADD PRIMARY KEY (plan, pharmacy_id);
ALTER TABLE stock ADD PRIMARY KEY (pharmacy_id, ndc);
VACUUM ANALYZE;
)";

}  // namespace

PeerFiles::PeerFiles(const std::string& dir)
    : redis_(dir + "/redis.resp.gz"), sql_(dir + "/postgis.sql.gz") {}

absl::Status PeerFiles::Begin(const Dataset& dataset, absl::Time as_of) {
  sql_.Write(kSchema);
  std::vector<std::vector<std::string>> locations;
  sql_.Write("COPY pharmacies FROM stdin;\n");
  for (const Pharmacy& p : dataset.pharmacies) {
    if (!p.walk_in) continue;
    const std::string lat = CsvNumber(p.latitude);
    const std::string lng = CsvNumber(p.longitude);
    locations.push_back({lng, lat, p.id});
    CopyRow({p.id, absl::StrCat("SRID=4326;POINT(", lng, " ", lat, ")"),
             p.time_zone},
            sql_);
  }
  sql_.Write("\\.\nCOPY pharmacy_hours FROM stdin;\n");
  Batched({"GEOADD", "pharmacies"}, locations, redis_);
  for (const Pharmacy& p : dataset.pharmacies) {
    if (!p.walk_in) continue;
    const OpeningHours& hours = CounterHours(p);
    if (!PlainWeekly(hours)) {
      return absl::InvalidArgumentError(
          absl::StrCat("pharmacy ", p.id,
                       ": only plain weekly hours can be written for the "
                       "peer systems"));
    }
    std::vector<std::string> intervals;
    for (const auto& [open, close] : MinuteOfWeekIntervals(hours)) {
      intervals.push_back(absl::StrCat(open, "-", close));
      CopyRow({p.id, absl::StrCat(open), absl::StrCat(close)}, sql_);
    }
    Command({"HSET", absl::StrCat("pharmacy:", p.id), "time_zone", p.time_zone,
             "hours", absl::StrJoin(intervals, ",")},
            redis_);
  }
  sql_.Write("\\.\nCOPY plan_members FROM stdin;\n");
  absl::flat_hash_map<std::string, const Network*> networks;
  for (const Network& n : dataset.networks) networks[n.id] = &n;
  absl::flat_hash_set<absl::string_view> walk_in;
  for (const Pharmacy& p : dataset.pharmacies) {
    if (p.walk_in) walk_in.insert(p.id);
  }
  const absl::CivilDay day = absl::ToCivilDay(as_of, absl::UTCTimeZone());
  for (const PlanMapping& plan : dataset.plans) {
    const auto network = networks.find(plan.network_id);
    if (network == networks.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "plan ", plan.plan.ToString(), ": no network ", plan.network_id));
    }
    std::vector<std::vector<std::string>> members;
    absl::flat_hash_set<absl::string_view> listed;
    for (const Membership& m : network->second->members) {
      if (walk_in.contains(m.pharmacy_id) &&
          (m.fills & Bit(FillKind::kRetail)) && m.effective <= day &&
          day <= m.end && listed.insert(m.pharmacy_id).second) {
        members.push_back({m.pharmacy_id});
        CopyRow({plan.plan.ToString(), m.pharmacy_id}, sql_);
      }
    }
    Batched({"SADD", absl::StrCat("plan:", plan.plan.ToString())}, members,
            redis_);
  }
  sql_.Write("\\.\nCOPY stock FROM stdin;\n");
  return absl::OkStatus();
}

void PeerFiles::AddStock(const StockObservation& row) {
  const int64_t observed = absl::ToUnixSeconds(row.level.observed_at);
  Command({"HSET", absl::StrCat("stock:", row.pharmacy_id), row.ndc,
           absl::StrCat(row.level.quantity, " ", observed)},
          redis_);
  CopyRow({row.pharmacy_id, row.ndc, absl::StrCat(row.level.quantity),
           absl::FormatTime("%Y-%m-%d %H:%M:%S+00", row.level.observed_at,
                            absl::UTCTimeZone())},
          sql_);
}

absl::Status PeerFiles::Close() {
  sql_.Write("\\.\n");
  sql_.Write(kIndexes);
  absl::Status status = redis_.Close();
  status.Update(sql_.Close());
  return status;
}

}  // namespace rxlocator
