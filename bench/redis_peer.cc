#include "bench/redis_peer.h"

#include <algorithm>
#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "index/stock.h"
#include "index/weekly_hours_column.h"
#include "testing/redis_process.h"

namespace rxlocator {
namespace {

absl::Status ReplyError(const redisContext& c, const redisReply* reply) {
  if (reply == nullptr) {
    return absl::UnavailableError(absl::StrCat("redis: ", c.errstr));
  }
  return absl::InternalError(
      absl::StrCat("redis: ", absl::string_view(reply->str, reply->len)));
}

absl::StatusOr<RedisReply> NextReply(redisContext* c) {
  void* raw = nullptr;
  if (redisGetReply(c, &raw) != REDIS_OK) return ReplyError(*c, nullptr);
  RedisReply reply(static_cast<redisReply*>(raw));
  if (reply->type == REDIS_REPLY_ERROR) return ReplyError(*c, reply.get());
  return reply;
}

// Whether `r` is an array of `n` elements.
bool ArrayOf(const redisReply* r, size_t n) {
  return r->type == REDIS_REPLY_ARRAY && r->elements == n;
}

absl::Status Unexpected(absl::string_view command) {
  return absl::InternalError(
      absl::StrCat("redis: unexpected reply to ", command));
}

absl::string_view Text(const redisReply* r) {
  return r->type == REDIS_REPLY_STRING ? absl::string_view(r->str, r->len)
                                       : absl::string_view();
}

// Queues a command for the pipeline; false if out of memory.
bool Append(redisContext* c, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (const std::string& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  return redisAppendCommandArgv(c, static_cast<int>(argv.size()), argv.data(),
                                lengths.data()) == REDIS_OK;
}

// Whether "OPEN-CLOSE,..." holds `minute`.
bool HoursHold(absl::string_view hours, int minute) {
  for (const absl::string_view interval : absl::StrSplit(hours, ',')) {
    const std::pair<absl::string_view, absl::string_view> bounds =
        absl::StrSplit(interval, '-');
    int open = 0, close = 0;
    if (absl::SimpleAtoi(bounds.first, &open) &&
        absl::SimpleAtoi(bounds.second, &close) && open <= minute &&
        minute < close) {
      return true;
    }
  }
  return false;
}

}  // namespace

absl::Status RedisPeer::Connect(int port) {
  const timeval timeout = absl::ToTimeval(kPeerDeadline);
  context_.reset(redisConnectWithTimeout("127.0.0.1", port, timeout));
  if (context_ == nullptr || context_->err ||
      redisSetTimeout(context_.get(), timeout) != REDIS_OK) {
    return absl::UnavailableError(
        absl::StrCat("cannot connect to redis on port ", port, ": ",
                     context_ != nullptr ? context_->errstr : "out of memory"));
  }
  return absl::OkStatus();
}

const absl::TimeZone* RedisPeer::Zone(const std::string& name) {
  auto [it, added] = zones_.try_emplace(name);
  if (added && !absl::LoadTimeZone(name, &it->second)) {
    zones_.erase(it);
    return nullptr;
  }
  return &it->second;
}

absl::StatusOr<PeerResults> RedisPeer::Find(const PeerQuery& q) {
  if (context_ == nullptr) {
    return absl::FailedPreconditionError("redis: not connected");
  }
  absl::StatusOr<PeerResults> results = Search(q);
  // A failed round may leave replies unread, so the connection is out of
  // step: it is not used again.
  if (!results.ok()) context_.reset();
  return results;
}

absl::StatusOr<PeerResults> RedisPeer::Search(const PeerQuery& q) {
  redisContext* c = context_.get();
  if (q.kind == QueryKind::kNull) {
    if (!Append(c, {"PING"})) return ReplyError(*c, nullptr);
    absl::StatusOr<RedisReply> pong = NextReply(c);
    if (!pong.ok()) return pong.status();
    return PeerResults{};
  }
  const absl::Time now = absl::Now();
  const absl::Time open_at = q.open_at.value_or(now);
  const bool plan = HasPlanFilter(q.kind);
  const bool open = HasOpenFilter(q.kind);
  const bool stock = HasStockFilter(q.kind);
  PeerResults results;
  size_t checked = 0;  // Candidates of earlier rounds, judged already.
  for (size_t count = plan ? 2 * q.max_results : q.max_results;; count *= 2) {
    if (!Append(c, {"GEOSEARCH", "pharmacies", "FROMLONLAT",
                    ExactDecimal(q.longitude), ExactDecimal(q.latitude),
                    "BYRADIUS", ExactDecimal(q.radius_meters), "m", "ASC",
                    "COUNT", absl::StrCat(count), "WITHDIST"})) {
      return ReplyError(*c, nullptr);
    }
    absl::StatusOr<RedisReply> found = NextReply(c);
    if (!found.ok()) return found.status();
    if ((*found)->type != REDIS_REPLY_ARRAY) return Unexpected("GEOSEARCH");
    // Each element: [id, distance].
    std::vector<PeerResult> candidates;
    for (size_t i = checked; i < (*found)->elements; ++i) {
      const redisReply* e = (*found)->element[i];
      if (!ArrayOf(e, 2)) return Unexpected("GEOSEARCH");
      candidates.push_back(
          {std::string(Text(e->element[0])),
           std::strtod(std::string(Text(e->element[1])).c_str(), nullptr)});
    }
    // One pipelined round of checks for the new candidates: SMISMEMBER
    // first, then each one's HMGET and HGET.
    size_t expected = 0;
    bool queued = true;
    if (plan && !candidates.empty()) {
      std::vector<std::string> args = {"SMISMEMBER",
                                       absl::StrCat("plan:", q.plan)};
      for (const PeerResult& r : candidates) args.push_back(r.id);
      queued = Append(c, args);
      ++expected;
    }
    for (const PeerResult& r : candidates) {
      if (open) {
        queued = queued && Append(c, {"HMGET", absl::StrCat("pharmacy:", r.id),
                                      "time_zone", "hours"});
        ++expected;
      }
      if (stock) {
        queued =
            queued && Append(c, {"HGET", absl::StrCat("stock:", r.id), q.ndc});
        ++expected;
      }
    }
    if (!queued) return ReplyError(*c, nullptr);
    std::vector<RedisReply> replies;
    for (size_t i = 0; i < expected; ++i) {
      absl::StatusOr<RedisReply> reply = NextReply(c);
      if (!reply.ok()) return reply.status();
      replies.push_back(*std::move(reply));
    }
    size_t next = 0;
    const redisReply* members = nullptr;
    if (plan && !candidates.empty()) {
      members = replies[next++].get();
      if (!ArrayOf(members, candidates.size())) return Unexpected("SMISMEMBER");
    }
    for (size_t i = 0; i < candidates.size(); ++i) {
      bool pass = members == nullptr || members->element[i]->integer == 1;
      if (open) {
        const redisReply* hours = replies[next++].get();
        if (!ArrayOf(hours, 2)) return Unexpected("HMGET");
        const absl::TimeZone* zone = Zone(std::string(Text(hours->element[0])));
        pass = pass && zone != nullptr &&
               HoursHold(Text(hours->element[1]),
                         MinuteOfWeek(absl::ToCivilSecond(open_at, *zone)));
      }
      if (stock) {
        // "QUANTITY OBSERVED_AT"; nil where the pharmacy holds none.
        const std::pair<absl::string_view, absl::string_view> level =
            absl::StrSplit(Text(replies[next++].get()), ' ');
        int64_t quantity = 0, observed = 0;
        pass = pass && absl::SimpleAtoi(level.first, &quantity) &&
               absl::SimpleAtoi(level.second, &observed) &&
               Available(quantity, absl::FromUnixSeconds(observed),
                         q.min_quantity, now, FreshnessPolicy());
      }
      if (pass && results.size() < static_cast<size_t>(q.max_results)) {
        results.push_back(std::move(candidates[i]));
      }
    }
    checked = (*found)->elements;
    if (results.size() == static_cast<size_t>(q.max_results) ||
        (*found)->elements < count) {
      return results;
    }
  }
}

}  // namespace rxlocator
