#include "server/redis_stock.h"

#include <hiredis/hiredis.h>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <compare>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/functional/function_ref.h"
#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace rxlocator {
namespace {

// How long the follower's XREAD blocks; its socket deadline is this plus the
// command timeout. The destructor does not wait for it: it shuts the socket.
constexpr absl::Duration kFollowBlock = absl::Seconds(1);
// COUNT of each SSCAN, HSCAN and XREAD.
constexpr absl::string_view kBatch = "1000";

// Stores each observation of a chunk if it is later than the level held,
// and logs the stored ones in one change log entry (the fields ndc,
// pharmacy, level repeated per change); one script call and one log entry
// per chunk, since each costs Redis several times what an HSET does.
//   KEYS[1] the set of NDCs, KEYS[2] the change log, KEYS[2 + i] the hash of
//   observation i's NDC;
//   ARGV[1] the log's MAXLEN, then per observation i: its NDC, pharmacy id
//   and encoded level (ARGV[3i - 1], ARGV[3i], ARGV[3i + 1]).
// Returns per observation 1 when stored, 0 when not later (stale), in
// order, so two observations of one chunk for the same pharmacy and NDC are
// judged one after the other. Micros are compared as decimal strings, not
// Lua numbers (doubles), so every int64 is exact.
constexpr absl::string_view kWriteScript = R"lua(
local function micros(level) return level and string.match(level, '^%-?%d+') end
local function later(a, b)
  if not b then return true end
  local a_neg, b_neg = a:sub(1, 1) == '-', b:sub(1, 1) == '-'
  if a_neg ~= b_neg then return b_neg end
  if #a ~= #b then return (#a > #b) ~= a_neg end
  return a ~= b and ((a > b) ~= a_neg)
end
local stored, logged, listed = {}, {}, {}
for i = 1, #KEYS - 2 do
  local key = KEYS[2 + i]
  local ndc, pharmacy, level = ARGV[3 * i - 1], ARGV[3 * i], ARGV[3 * i + 1]
  if later(micros(level), micros(redis.call('HGET', key, pharmacy))) then
    if redis.call('HSET', key, pharmacy, level) == 1 and not listed[ndc] then
      redis.call('SADD', KEYS[1], ndc)
      listed[ndc] = true
    end
    local n = #logged
    logged[n + 1], logged[n + 2], logged[n + 3] = 'ndc', ndc, 'pharmacy'
    logged[n + 4], logged[n + 5], logged[n + 6] = pharmacy, 'level', level
    stored[i] = 1
  else
    stored[i] = 0
  end
end
if #logged > 0 then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], '*', unpack(logged))
end
return stored
)lua";

// Observations per script call: enough to spread the call's cost, few
// enough that Redis, which runs one script at a time, is not held long.
constexpr size_t kScriptChunk = 128;

struct ReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

absl::string_view Str(const redisReply* reply) {
  return absl::string_view(reply->str, reply->len);
}

bool IsArray(const redisReply* reply, size_t size) {
  return reply->type == REDIS_REPLY_ARRAY && reply->elements == size;
}

// Queues a command on the connection (sent by the next GetReply).
absl::Status Append(redisContext* c, absl::Span<const absl::string_view> args) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (absl::string_view arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  if (redisAppendCommandArgv(c, static_cast<int>(argv.size()), argv.data(),
                             lengths.data()) != REDIS_OK) {
    return absl::UnavailableError(c->errstr);
  }
  return absl::OkStatus();
}

// The next reply, which may be an error reply. An error status means the
// connection is broken (or timed out) and must be dropped.
absl::StatusOr<Reply> GetReply(redisContext* c) {
  void* reply = nullptr;
  if (redisGetReply(c, &reply) != REDIS_OK) {
    // hiredis reports a socket deadline as EAGAIN.
    if (c->err == REDIS_ERR_IO &&
        std::strcmp(c->errstr, strerror(EAGAIN)) == 0) {
      return absl::UnavailableError("no reply within the command timeout");
    }
    return absl::UnavailableError(c->errstr);
  }
  return Reply(static_cast<redisReply*>(reply));
}

// Runs one command; an error reply is an error too, naming the command (but
// none of its arguments, which may be a password).
absl::StatusOr<Reply> Command(redisContext* c,
                              std::initializer_list<absl::string_view> args) {
  if (absl::Status s = Append(c, args); !s.ok()) return s;
  absl::StatusOr<Reply> reply = GetReply(c);
  if (reply.ok() && (*reply)->type == REDIS_REPLY_ERROR) {
    return absl::UnavailableError(
        absl::StrCat(*args.begin(), ": ", Str(reply->get())));
  }
  return reply;
}

absl::Status Unexpected(absl::string_view command) {
  return absl::InternalError(absl::StrCat("unexpected reply to ", command));
}

// Iterates SSCAN or HSCAN over `key`, calling fn with each page's items.
absl::Status Scan(redisContext* c, absl::string_view command,
                  absl::string_view key,
                  absl::FunctionRef<void(const redisReply& items)> fn) {
  std::string cursor = "0";
  do {
    absl::StatusOr<Reply> reply =
        Command(c, {command, key, cursor, "COUNT", kBatch});
    if (!reply.ok()) return reply.status();
    const redisReply* r = reply->get();
    if (!IsArray(r, 2) || r->element[0]->type != REDIS_REPLY_STRING ||
        r->element[1]->type != REDIS_REPLY_ARRAY) {
      return Unexpected(command);
    }
    cursor = std::string(Str(r->element[0]));
    fn(*r->element[1]);
  } while (cursor != "0");
  return absl::OkStatus();
}

// "<observed_at Unix micros> <quantity> <source>".
std::string EncodeLevel(const StockLevel& level) {
  return absl::StrCat(absl::ToUnixMicros(level.observed_at), " ",
                      level.quantity, " ", level.source);
}

std::optional<StockLevel> DecodeLevel(absl::string_view value) {
  std::vector<absl::string_view> parts =
      absl::StrSplit(value, absl::MaxSplits(' ', 2));
  StockLevel level;
  int64_t micros;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &micros) ||
      !absl::SimpleAtoi(parts[1], &level.quantity) || level.quantity < 0 ||
      level.quantity > kMaxStockQuantity) {
    return std::nullopt;
  }
  level.observed_at = absl::FromUnixMicros(micros);
  level.source = std::string(parts[2]);
  return level;
}

// A stream entry id, "<ms>-<seq>".
struct StreamId {
  uint64_t ms = 0;
  uint64_t seq = 0;
  auto operator<=>(const StreamId&) const = default;
};

std::optional<StreamId> ParseStreamId(absl::string_view text) {
  std::pair<absl::string_view, absl::string_view> parts =
      absl::StrSplit(text, absl::MaxSplits('-', 1));
  StreamId id;
  if (!absl::SimpleAtoi(parts.first, &id.ms) ||
      !absl::SimpleAtoi(parts.second, &id.seq)) {
    return std::nullopt;
  }
  return id;
}

// What XINFO STREAM says of the change log.
struct LogInfo {
  bool exists = false;
  std::string last_id = "0-0";     // last-generated-id.
  std::optional<StreamId> oldest;  // The id of the oldest entry kept.
  int64_t length = 0;
  // How many entries were ever added (Redis 7 and later; else -1).
  int64_t entries_added = -1;
};

absl::StatusOr<LogInfo> ReadLogInfo(redisContext* c, absl::string_view key) {
  if (absl::Status s = Append(c, {"XINFO", "STREAM", key}); !s.ok()) return s;
  absl::StatusOr<Reply> reply = GetReply(c);
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->get();
  LogInfo info;
  if (r->type == REDIS_REPLY_ERROR) {
    if (absl::StrContains(Str(r), "no such key")) return info;
    return absl::UnavailableError(absl::StrCat("XINFO: ", Str(r)));
  }
  if (r->type != REDIS_REPLY_ARRAY || r->elements % 2 != 0) {
    return Unexpected("XINFO");
  }
  info.exists = true;
  for (size_t i = 0; i < r->elements; i += 2) {
    const absl::string_view name = Str(r->element[i]);
    const redisReply* value = r->element[i + 1];
    if (name == "last-generated-id" && value->type == REDIS_REPLY_STRING) {
      info.last_id = std::string(Str(value));
    } else if (name == "first-entry" && value->type == REDIS_REPLY_ARRAY &&
               value->elements == 2) {
      info.oldest = ParseStreamId(Str(value->element[0]));
    } else if (name == "length" && value->type == REDIS_REPLY_INTEGER) {
      info.length = value->integer;
    } else if (name == "entries-added" && value->type == REDIS_REPLY_INTEGER) {
      info.entries_added = value->integer;
    }
  }
  return info;
}

// Whether entries after `before` may have been trimmed before a follower
// that had read up to `before` read them. Trimming removes the oldest
// entries, so a missed one is older than the oldest kept; and none is
// missed if none was ever removed (Redis 7 counts the entries added). The
// answer may be yes when nothing was missed (with Redis 6, once after the
// log is created), never no when something was.
bool MayHaveMissed(const LogInfo& info, absl::string_view before) {
  if (!info.exists || !info.oldest.has_value()) return true;
  std::optional<StreamId> position = ParseStreamId(before);
  if (position.has_value() && *info.oldest <= *position) return false;
  return info.entries_added != info.length;
}

// The file's content, a trailing newline stripped.
absl::StatusOr<std::string> ReadPassword(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read the password file ", path));
  }
  std::string password = content.str();
  while (!password.empty() &&
         (password.back() == '\n' || password.back() == '\r')) {
    password.pop_back();
  }
  return password;
}

}  // namespace

void RedisStock::ContextDeleter::operator()(redisContext* context) const {
  redisFree(context);
}

RedisStock::RedisStock(RedisStockOptions options, StockStore* store)
    : options_(std::move(options)),
      store_(store),
      ndcs_key_(Key("stock:ndcs")),
      log_key_(Key("stock:log")) {
  struct sigaction action;
  if (sigaction(SIGPIPE, nullptr, &action) == 0 &&
      action.sa_handler == SIG_DFL) {
    signal(SIGPIPE, SIG_IGN);
  }
  store_->set_stale(true);  // Until the first catch-up.
  thread_ = std::thread([this] { Run(); });
}

RedisStock::~RedisStock() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (follower_fd_ >= 0) shutdown(follower_fd_, SHUT_RDWR);
  }
  thread_.join();
}

std::string RedisStock::Key(absl::string_view name) const {
  return absl::StrCat(options_.key_prefix, name);
}

std::string RedisStock::address() const {
  return absl::StrCat(options_.host, ":", options_.port);
}

void RedisStock::Log(LogLevel level, absl::string_view message) const {
  const std::string line = absl::StrCat("Redis at ", address(), ": ", message);
  if (options_.log) {
    options_.log(level, line);
  } else {
    ::rxlocator::Log(level, line, {{"component", "redis"}});
  }
}

bool RedisStock::stopping() const {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

absl::Time RedisStock::last_change_applied() const {
  absl::MutexLock lock(&mu_);
  return last_applied_;
}

void RedisStock::MarkApplied() {
  absl::MutexLock lock(&mu_);
  last_applied_ = absl::Now();
}

absl::StatusOr<RedisStock::Context> RedisStock::Connect() {
  std::string password;
  if (!options_.password_file.empty()) {
    absl::StatusOr<std::string> read = ReadPassword(options_.password_file);
    if (!read.ok()) return read.status();
    password = *std::move(read);
  }
  Context c(redisConnectWithTimeout(options_.host.c_str(), options_.port,
                                    absl::ToTimeval(options_.connect_timeout)));
  if (c == nullptr) return absl::ResourceExhaustedError("out of memory");
  if (c->err) {
    return absl::UnavailableError(absl::StrCat("cannot connect: ", c->errstr));
  }
  redisSetTimeout(c.get(), absl::ToTimeval(options_.command_timeout));
  redisEnableKeepAlive(c.get());
  if (!password.empty()) {
    if (absl::StatusOr<Reply> r = Command(c.get(), {"AUTH", password});
        !r.ok()) {
      return r.status();
    }
  }
  return c;
}

absl::Status RedisStock::LoadScript(redisContext* c) {
  absl::StatusOr<Reply> reply = Command(c, {"SCRIPT", "LOAD", kWriteScript});
  if (!reply.ok()) return reply.status();
  if ((*reply)->type != REDIS_REPLY_STRING) return Unexpected("SCRIPT LOAD");
  script_sha_ = std::string(Str(reply->get()));
  return absl::OkStatus();
}

void RedisStock::Run() {
  absl::BitGen random;
  absl::Duration backoff = options_.min_backoff;
  std::string last_cause;
  while (true) {
    bool was_connected = false;
    absl::Status status = RunSession(&was_connected);
    {
      absl::MutexLock write_lock(&write_mu_);
      writer_.reset();
      absl::MutexLock lock(&mu_);
      // When Write lost its connection, its cause is the one to tell: the
      // follower only saw its socket shut.
      if (!writer_dropped_) unavailable_ = status;
      writer_dropped_ = false;
      status = unavailable_;
    }
    connected_ = false;
    store_->set_stale(true);
    if (stopping()) return;
    if (was_connected) backoff = options_.min_backoff;
    // One line per outage, not per attempt.
    if (was_connected || status.message() != last_cause) {
      Log(LogLevel::kWarning,
          absl::StrCat("unavailable, reconnecting: ", status.message()));
    }
    last_cause = std::string(status.message());
    const absl::Time retry_at =
        absl::Now() + backoff * absl::Uniform(random, 0.5, 1.0);
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithDeadline(absl::Condition(&stopping_), retry_at);
    if (stopping_) return;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

absl::Status RedisStock::RunSession(bool* connected) {
  absl::StatusOr<Context> follower = Connect();
  if (!follower.ok()) return follower.status();
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return absl::CancelledError("stopping");
    follower_fd_ = (*follower)->fd;
  }
  // Before the follower is freed: nobody may shut a reused descriptor.
  absl::Cleanup unpublish = [this] {
    absl::MutexLock lock(&mu_);
    follower_fd_ = -1;
  };
  absl::StatusOr<Context> writer = Connect();
  if (!writer.ok()) return writer.status();
  {
    absl::MutexLock lock(&write_mu_);
    if (absl::Status s = LoadScript(writer->get()); !s.ok()) return s;
    writer_ = std::move(*writer);
  }
  connected_ = true;
  *connected = true;
  Log(LogLevel::kInfo, "connected");
  redisContext* c = follower->get();
  while (true) {
    // Record the log's position first, so that what is written during the
    // load is also followed (applying it twice is harmless).
    redisSetTimeout(c, absl::ToTimeval(options_.command_timeout));
    absl::StatusOr<LogInfo> info = ReadLogInfo(c, log_key_);
    if (!info.ok()) return info.status();
    const absl::Time start = absl::Now();
    absl::StatusOr<int64_t> loaded = LoadAll(c);
    if (!loaded.ok()) return loaded.status();
    Log(LogLevel::kInfo,
        absl::StrCat("loaded ", *loaded, " stock levels in ",
                     absl::FormatDuration(absl::Now() - start)));
    MarkApplied();
    store_->set_stale(false);
    if (!caught_up_.HasBeenNotified()) caught_up_.Notify();
    absl::StatusOr<bool> reload = Follow(c, info->last_id);
    if (!reload.ok()) return reload.status();
    if (!*reload) return absl::CancelledError("stopping");
    Log(LogLevel::kWarning,
        "the change log may have been trimmed past this replica's position; "
        "reloading");
  }
}

absl::StatusOr<int64_t> RedisStock::LoadAll(redisContext* c) {
  int64_t loaded = 0, malformed = 0;
  std::vector<std::string> ndcs;
  absl::Status status = Scan(c, "SSCAN", ndcs_key_, [&](const redisReply& r) {
    for (size_t i = 0; i < r.elements; ++i) {
      ndcs.emplace_back(Str(r.element[i]));
    }
  });
  for (size_t n = 0; status.ok() && n < ndcs.size(); ++n) {
    const std::string& ndc = ndcs[n];
    status = Scan(
        c, "HSCAN", Key(absl::StrCat("stock:", ndc)), [&](const redisReply& r) {
          for (size_t i = 0; i + 1 < r.elements; i += 2) {
            std::optional<StockLevel> level =
                DecodeLevel(Str(r.element[i + 1]));
            if (!level.has_value()) {
              ++malformed;
              continue;
            }
            store_->Apply(
                {std::string(Str(r.element[i])), ndc, *std::move(level)});
            ++loaded;
          }
        });
  }
  if (!status.ok()) return status;
  if (malformed > 0) {
    Log(LogLevel::kWarning,
        absl::StrCat("skipped ", malformed, " malformed stock levels"));
  }
  return loaded;
}

absl::StatusOr<bool> RedisStock::Follow(redisContext* c, std::string last) {
  redisSetTimeout(c, absl::ToTimeval(kFollowBlock + options_.command_timeout));
  const std::string block_ms =
      absl::StrCat(absl::ToInt64Milliseconds(kFollowBlock));
  while (!stopping()) {
    absl::StatusOr<Reply> reply =
        Command(c, {"XREAD", "COUNT", kBatch, "BLOCK", block_ms, "STREAMS",
                    log_key_, last});
    if (!reply.ok()) return reply.status();
    const redisReply* r = reply->get();
    if (r->type == REDIS_REPLY_NIL) continue;  // Nothing new within the block.
    // [[log key, [[id, [field, value, ...]], ...]]]
    if (!IsArray(r, 1) || !IsArray(r->element[0], 2) ||
        r->element[0]->element[1]->type != REDIS_REPLY_ARRAY) {
      return Unexpected("XREAD");
    }
    const redisReply* entries = r->element[0]->element[1];
    const std::string before = last;
    int64_t malformed = 0;
    for (size_t i = 0; i < entries->elements; ++i) {
      const redisReply* entry = entries->element[i];
      if (!IsArray(entry, 2) || entry->element[1]->type != REDIS_REPLY_ARRAY) {
        return Unexpected("XREAD");
      }
      last = std::string(Str(entry->element[0]));
      // Changes as (ndc, pharmacy, level) field triples, each ending at its
      // level.
      const redisReply* fields = entry->element[1];
      StockObservation observation;
      for (size_t f = 0; f + 1 < fields->elements; f += 2) {
        const absl::string_view name = Str(fields->element[f]);
        const absl::string_view value = Str(fields->element[f + 1]);
        if (name == "ndc") {
          observation.ndc = std::string(value);
        } else if (name == "pharmacy") {
          observation.pharmacy_id = std::string(value);
        } else if (name == "level") {
          std::optional<StockLevel> level = DecodeLevel(value);
          if (observation.ndc.empty() || observation.pharmacy_id.empty() ||
              !level.has_value()) {
            ++malformed;
          } else {
            observation.level = *std::move(level);
            store_->Apply(observation);
          }
          observation = StockObservation();
        }
      }
    }
    MarkApplied();
    if (malformed > 0) {
      Log(LogLevel::kWarning,
          absl::StrCat("skipped ", malformed, " malformed change log entries"));
    }
    absl::StatusOr<LogInfo> info = ReadLogInfo(c, log_key_);
    if (!info.ok()) return info.status();
    if (MayHaveMissed(*info, before)) return true;
  }
  return false;
}

void RedisStock::DropWriter(const absl::Status& cause) {
  writer_.reset();
  connected_ = false;
  store_->set_stale(true);
  absl::MutexLock lock(&mu_);
  unavailable_ = cause;
  writer_dropped_ = true;
  // The follower notices, and the background thread reconnects both.
  if (follower_fd_ >= 0) shutdown(follower_fd_, SHUT_RDWR);
}

absl::StatusOr<std::vector<StockStore::Outcome>> RedisStock::Write(
    absl::Span<const StockObservation> batch) {
  std::vector<StockStore::Outcome> outcomes(batch.size(),
                                            StockStore::Outcome::kStale);
  std::vector<std::string> keys, levels;
  std::vector<size_t> pending;
  for (size_t i = 0; i < batch.size(); ++i) {
    keys.push_back(Key(absl::StrCat("stock:", batch[i].ndc)));
    levels.push_back(EncodeLevel(batch[i].level));
    pending.push_back(i);
  }
  const std::string max_length = absl::StrCat(options_.change_log_length);
  auto unavailable = [this](absl::string_view cause) {
    return absl::UnavailableError(
        absl::StrCat("Redis at ", address(), " is unavailable: ", cause));
  };
  {
    absl::MutexLock lock(&write_mu_);
    if (writer_ == nullptr) {
      absl::MutexLock state_lock(&mu_);
      return unavailable(unavailable_.ok() ? "not connected yet"
                                           : unavailable_.message());
    }
    redisContext* c = writer_.get();
    // A second round only for the chunks that found no script (Redis
    // restarted or flushed its scripts between two of our calls).
    for (int round = 0; !pending.empty(); ++round) {
      std::vector<absl::Span<const size_t>> chunks;
      for (size_t begin = 0; begin < pending.size(); begin += kScriptChunk) {
        chunks.push_back(
            absl::MakeConstSpan(pending).subspan(begin, kScriptChunk));
      }
      for (absl::Span<const size_t> chunk : chunks) {
        const std::string key_count = absl::StrCat(2 + chunk.size());
        std::vector<absl::string_view> args = {"EVALSHA", script_sha_,
                                               key_count, ndcs_key_, log_key_};
        for (size_t i : chunk) args.push_back(keys[i]);
        args.push_back(max_length);
        for (size_t i : chunk) {
          args.insert(args.end(),
                      {batch[i].ndc, batch[i].pharmacy_id, levels[i]});
        }
        if (absl::Status sent = Append(c, args); !sent.ok()) {
          DropWriter(sent);
          return unavailable(sent.message());
        }
      }
      std::vector<size_t> no_script;
      std::string refused;
      for (absl::Span<const size_t> chunk : chunks) {
        absl::StatusOr<Reply> reply = GetReply(c);
        if (!reply.ok()) {
          DropWriter(reply.status());
          return unavailable(reply.status().message());
        }
        const redisReply* r = reply->get();
        if (IsArray(r, chunk.size())) {
          for (size_t j = 0; j < chunk.size(); ++j) {
            if (r->element[j]->type == REDIS_REPLY_INTEGER &&
                r->element[j]->integer == 1) {
              outcomes[chunk[j]] = StockStore::Outcome::kApplied;
            }
          }
        } else if (r->type == REDIS_REPLY_ERROR &&
                   absl::StartsWith(Str(r), "NOSCRIPT")) {
          no_script.insert(no_script.end(), chunk.begin(), chunk.end());
        } else if (refused.empty()) {
          refused = r->type == REDIS_REPLY_ERROR ? std::string(Str(r))
                                                 : "unexpected reply";
        }
      }
      // E.g. READONLY after a failover, or OOM: the feed retries later.
      if (!refused.empty()) return unavailable(refused);
      if (!no_script.empty() && round == 1) {
        return unavailable("the stock write script keeps vanishing");
      }
      if (!no_script.empty()) {
        if (absl::Status s = LoadScript(c); !s.ok()) {
          DropWriter(s);
          return unavailable(s.message());
        }
      }
      pending = std::move(no_script);
    }
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    if (outcomes[i] != StockStore::Outcome::kApplied) continue;
    // As stored: to the microsecond, like every replica's copy.
    StockObservation stored = batch[i];
    stored.level.observed_at =
        absl::FromUnixMicros(absl::ToUnixMicros(stored.level.observed_at));
    store_->Apply(stored);
  }
  return outcomes;
}

}  // namespace rxlocator
