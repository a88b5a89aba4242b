#include "bench/redis_peer.h"

#include <algorithm>
#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
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

absl::string_view Text(const redisReply* r) {
  return r->type == REDIS_REPLY_STRING ? absl::string_view(r->str, r->len)
                                       : absl::string_view();
}

void Append(redisContext* c, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (const std::string& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  redisAppendCommandArgv(c, static_cast<int>(argv.size()), argv.data(),
                         lengths.data());
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
  context_.reset(redisConnectWithTimeout("127.0.0.1", port,
                                         absl::ToTimeval(absl::Seconds(5))));
  if (context_ == nullptr || context_->err) {
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
  redisContext* c = context_.get();
  if (q.kind == QueryKind::kNull) {
    RedisReply pong(static_cast<redisReply*>(redisCommand(c, "PING")));
    if (pong == nullptr || pong->type == REDIS_REPLY_ERROR) {
      return ReplyError(*c, pong.get());
    }
    return PeerResults{};
  }
  const absl::Time at = q.at.value_or(absl::Now());
  PeerResults results;
  size_t checked = 0;  // Candidates of earlier rounds, judged already.
  for (size_t count = q.kind == QueryKind::kPlain ? q.max_results
                                                  : 2 * q.max_results;
       ; count *= 2) {
    Append(c,
           {"GEOSEARCH", "pharmacies", "FROMLONLAT", ExactDecimal(q.longitude),
            ExactDecimal(q.latitude), "BYRADIUS", ExactDecimal(q.radius_meters),
            "m", "ASC", "COUNT", absl::StrCat(count), "WITHDIST"});
    void* raw = nullptr;
    if (redisGetReply(c, &raw) != REDIS_OK) return ReplyError(*c, nullptr);
    const RedisReply found(static_cast<redisReply*>(raw));
    if (found->type != REDIS_REPLY_ARRAY) return ReplyError(*c, found.get());
    // Each element: [id, distance].
    std::vector<PeerResult> candidates;
    for (size_t i = checked; i < found->elements; ++i) {
      const redisReply* e = found->element[i];
      candidates.push_back(
          {std::string(Text(e->element[0])),
           std::strtod(std::string(Text(e->element[1])).c_str(), nullptr)});
    }
    // One pipelined round of checks for the new candidates.
    const bool plan = q.kind != QueryKind::kPlain;
    const bool open =
        q.kind == QueryKind::kPlanOpen || q.kind == QueryKind::kPlanOpenStock;
    const bool stock = q.kind == QueryKind::kPlanOpenStock;
    if (plan && !candidates.empty()) {
      std::vector<std::string> args = {"SMISMEMBER",
                                       absl::StrCat("plan:", q.plan)};
      for (const PeerResult& r : candidates) args.push_back(r.id);
      Append(c, args);
    }
    for (const PeerResult& r : candidates) {
      if (open) {
        Append(c, {"HMGET", absl::StrCat("pharmacy:", r.id), "time_zone",
                   "hours"});
      }
      if (stock) Append(c, {"HGET", absl::StrCat("stock:", r.id), q.ndc});
    }
    std::vector<RedisReply> replies;
    const size_t expected = (plan && !candidates.empty() ? 1 : 0) +
                            candidates.size() * (int{open} + int{stock});
    for (size_t i = 0; i < expected; ++i) {
      if (redisGetReply(c, &raw) != REDIS_OK) return ReplyError(*c, nullptr);
      replies.emplace_back(static_cast<redisReply*>(raw));
      if (replies.back()->type == REDIS_REPLY_ERROR) {
        return ReplyError(*c, replies.back().get());
      }
    }
    size_t next = plan && !candidates.empty() ? 1 : 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
      bool pass = !plan || replies[0]->element[i]->integer == 1;
      if (open) {
        const redisReply* hours = replies[next++].get();
        const absl::TimeZone* zone = Zone(std::string(Text(hours->element[0])));
        pass = pass && zone != nullptr &&
               HoursHold(Text(hours->element[1]),
                         MinuteOfWeek(absl::ToCivilSecond(at, *zone)));
      }
      if (stock) {
        const std::pair<absl::string_view, absl::string_view> level =
            absl::StrSplit(Text(replies[next++].get()), ' ');
        int64_t quantity = 0, observed = 0;
        pass = pass && absl::SimpleAtoi(level.first, &quantity) &&
               absl::SimpleAtoi(level.second, &observed) &&
               Available(quantity, absl::FromUnixSeconds(observed),
                         q.min_quantity, at, FreshnessPolicy());
      }
      if (pass && results.size() < static_cast<size_t>(q.max_results)) {
        results.push_back(std::move(candidates[i]));
      }
    }
    checked = found->elements;
    if (results.size() == static_cast<size_t>(q.max_results) ||
        found->elements < count) {
      return results;
    }
  }
}

}  // namespace rxlocator
