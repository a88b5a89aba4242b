#include "server/health_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/server_stream_call.h"
#include "server/unary_call.h"

namespace rxlocator {

using grpc::health::v1::HealthCheckResponse;

namespace {

const grpc::Status kStopping(grpc::StatusCode::UNAVAILABLE,
                             "the server is stopping");

HealthCheckResponse ResponseOf(HealthService::ServingStatus status) {
  HealthCheckResponse response;
  response.set_status(status);
  return response;
}

}  // namespace

class HealthService::WatchCall final
    : public ServerStreamCall<HealthCheckResponse> {
 public:
  // Asks for the method's next call; it deletes itself when done.
  static void AwaitNext(ServingQueue queue, HealthService* health) {
    new WatchCall(queue, health);
  }

  // The status may have changed; sends it if it has. Under health's mutex.
  void Update(ServingStatus status) {
    if (status == last_sent_) return;
    last_sent_ = status;
    Send(ResponseOf(status));
  }

  const std::string& watched() const { return request_.service(); }

 private:
  WatchCall(ServingQueue queue, HealthService* health)
      : ServerStreamCall(queue), health_(health) {
    health_->service_.RequestWatch(&context_, &request_, &writer_, queue.cq,
                                   queue.cq, arrived_tag());
  }

  void AwaitNext() override { AwaitNext(queue(), health_); }

  void Start() override {
    absl::MutexLock lock(&health_->mutex_);
    health_->watches_.insert(this);
    Update(health_->StatusOfLocked(watched()));
    if (health_->watches_ended_) Finish(kStopping);
  }

  void Ended() override {
    absl::MutexLock lock(&health_->mutex_);
    health_->watches_.erase(this);
  }

  HealthService* const health_;
  grpc::health::v1::HealthCheckRequest request_;
  // Guarded by health's mutex.
  ServingStatus last_sent_ = HealthCheckResponse::UNKNOWN;
};

HealthService::HealthService(std::vector<std::string> services)
    : services_(services.begin(), services.end()) {}

void HealthService::Serve(ServingQueue queue) {
  using Service = grpc::health::v1::Health::AsyncService;
  ServeUnary(queue, &service_, &Service::RequestCheck, [this](auto& call) {
    const ServingStatus status = StatusOf(call.request().service());
    if (status == HealthCheckResponse::SERVICE_UNKNOWN) {
      return call.Finish(grpc::Status(
          grpc::StatusCode::NOT_FOUND,
          absl::StrCat("unknown service: \"", call.request().service(), "\"")));
    }
    call.response()->set_status(status);
    call.Finish(grpc::Status::OK);
  });
  WatchCall::AwaitNext(queue, this);
}

void HealthService::SetServing(bool serving) {
  absl::MutexLock lock(&mutex_);
  if (shut_down_) return;
  serving_ = serving;
  UpdateWatchesLocked();
}

void HealthService::Shutdown() {
  absl::MutexLock lock(&mutex_);
  shut_down_ = true;
  serving_ = false;
  UpdateWatchesLocked();
}

void HealthService::EndWatches() {
  absl::MutexLock lock(&mutex_);
  watches_ended_ = true;
  for (WatchCall* watch : watches_) watch->Finish(kStopping);
}

void HealthService::UpdateWatchesLocked() {
  for (WatchCall* watch : watches_) {
    watch->Update(StatusOfLocked(watch->watched()));
  }
}

HealthService::ServingStatus HealthService::StatusOf(
    const std::string& service) const {
  absl::MutexLock lock(&mutex_);
  return StatusOfLocked(service);
}

HealthService::ServingStatus HealthService::StatusOfLocked(
    const std::string& service) const {
  if (!service.empty() && !services_.contains(service)) {
    return HealthCheckResponse::SERVICE_UNKNOWN;
  }
  return serving_ ? HealthCheckResponse::SERVING
                  : HealthCheckResponse::NOT_SERVING;
}

}  // namespace rxlocator
