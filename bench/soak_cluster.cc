#include "bench/soak_cluster.h"

#include <signal.h>

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace rxlocator {

absl::Status Replica::Start() {
  process_ = std::make_unique<ServerProcess>(args_);
  if (!process_->WaitUntilServing(absl::Seconds(120))) {
    return absl::UnavailableError(
        absl::StrCat(name_, " did not report SERVING:\n", process_->output()));
  }
  // A new channel for each run: the old one's connection is gone, and its
  // reconnect backoff would only delay the first calls.
  const std::shared_ptr<grpc::Channel> channel = process_->Channel();
  auto stubs = std::make_shared<ReplicaStubs>();
  stubs->locator = v1::PharmacyLocator::NewStub(channel);
  stubs->inventory = v1::Inventory::NewStub(channel);
  stubs->admin = v1::Admin::NewStub(channel);
  absl::MutexLock lock(&mu_);
  stubs_ = std::move(stubs);
  return absl::OkStatus();
}

absl::StatusOr<Replica::RestartTimes> Replica::Restart() {
  {
    absl::MutexLock lock(&mu_);
    stubs_ = nullptr;
    ++generation_;
    for (grpc::ClientContext* context : streams_) context->TryCancel();
  }
  RestartTimes times;
  const absl::Time stop = absl::Now();
  times.exit_status = process_->Stop();
  times.stop = absl::Now() - stop;
  const absl::Time start = absl::Now();
  if (absl::Status started = Start(); !started.ok()) return started;
  times.start = absl::Now() - start;
  return times;
}

void Replica::Signal(int signal) {
  if (process_ != nullptr && process_->pid() > 0) kill(process_->pid(), signal);
}

std::optional<Route> Replica::route() const {
  absl::MutexLock lock(&mu_);
  if (stubs_ == nullptr) return std::nullopt;
  return Route{stubs_, generation_};
}

bool Replica::StoppedSince(const Route& route) const {
  absl::MutexLock lock(&mu_);
  return generation_ != route.generation;
}

bool Replica::AddStream(const Route& route, grpc::ClientContext* context) {
  absl::MutexLock lock(&mu_);
  if (generation_ != route.generation) return false;
  streams_.push_back(context);
  return true;
}

void Replica::RemoveStream(grpc::ClientContext* context) {
  absl::MutexLock lock(&mu_);
  streams_.erase(std::remove(streams_.begin(), streams_.end(), context),
                 streams_.end());
}

std::string Replica::output() const {
  return process_ != nullptr ? process_->output() : std::string();
}

SoakCluster::SoakCluster()
    : redis_({.appendonly = true, .appendfsync = "always"}),
      proxy_(std::make_unique<LatencyProxy>(redis_.port())) {
  for (int i = 0; i < kReplicas; ++i) {
    replicas_[i] = std::make_unique<Replica>(
        absl::StrCat("replica ", std::string(1, static_cast<char>('A' + i))),
        std::vector<std::string>{
            absl::StrCat("--redis=127.0.0.1:", proxy_->port()),
            absl::StrCat("--redis_timeout_ms=",
                         absl::ToInt64Milliseconds(kRedisTimeout)),
            "--access_log=off"});
  }
}

absl::Status SoakCluster::Start() {
  if (!redis_.running()) {
    return absl::UnavailableError(
        absl::StrCat("redis-server did not start:\n", redis_.log()));
  }
  if (proxy_->port() == 0) {
    return absl::UnavailableError("the latency proxy could not listen");
  }
  for (const std::unique_ptr<Replica>& replica : replicas_) {
    if (absl::Status s = replica->Start(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace rxlocator
