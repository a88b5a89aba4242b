// ServerStreamCall: a server-streaming call on a ServingQueue, the base of
// each such method's own call class. Send queues a message from any thread;
// the messages are written one at a time, in order; Finish ends the call
// after those queued. The call deletes itself once gRPC is done with it.
//
// A method's class asks for its call in its constructor, with context_,
// writer_ and arrived_tag(), and implements:
//   AwaitNext()  ask for the method's next call (a new instance);
//   Start()      the call has arrived: answer it, or register for changes;
//   Ended()      the call is over, cancelled or finished: stop calling Send
//                (it returns before the call is deleted).
// All three run on the queue's thread.
#ifndef RXLOCATOR_SERVER_SERVER_STREAM_CALL_H_
#define RXLOCATOR_SERVER_SERVER_STREAM_CALL_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <deque>
#include <limits>
#include <optional>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "server/serving_queues.h"

namespace rxlocator {

template <typename Response>
class ServerStreamCall {
 public:
  virtual ~ServerStreamCall() = default;
  ServerStreamCall(const ServerStreamCall&) = delete;
  ServerStreamCall& operator=(const ServerStreamCall&) = delete;

  // Queues `message` to be written, unless the limit (LimitQueue) is
  // reached by those queued and the one being written: then it returns
  // false and queues nothing. Ignored once the call is finishing or over.
  // Thread-safe.
  bool Send(Response message) {
    absl::MutexLock lock(&mutex_);
    if (finishing_) return true;
    if (messages_.size() + (writing_ ? 1 : 0) >= max_queued_) return false;
    messages_.push_back(std::move(message));
    WriteNextLocked();
    return true;
  }

  // Ends the call with `status` once the write under way is done; messages
  // still queued are dropped. Only the first call counts. Thread-safe.
  void Finish(grpc::Status status) {
    absl::MutexLock lock(&mutex_);
    if (finishing_) return;
    finishing_ = true;
    messages_.clear();
    final_status_ = std::move(status);
    WriteNextLocked();
  }

 protected:
  explicit ServerStreamCall(ServingQueue queue)
      : queue_(queue), in_progress_(queue.calls) {
    context_.AsyncNotifyWhenDone(&done_);
  }

  virtual void AwaitNext() = 0;
  virtual void Start() = 0;
  virtual void Ended() = 0;

  // How many messages may wait to be written (unlimited at first).
  void LimitQueue(size_t max_queued) {
    absl::MutexLock lock(&mutex_);
    max_queued_ = max_queued;
  }

  Completion* arrived_tag() { return &arrived_; }
  const ServingQueue& queue() const { return queue_; }

  grpc::ServerContext context_;
  grpc::ServerAsyncWriter<Response> writer_{&context_};

 private:
  void Arrived(bool ok) {
    if (!ok) {  // No call: the server is stopping.
      delete this;
      return;
    }
    AwaitNext();
    Start();
  }

  void Written(bool ok) {
    bool gone = false;
    {
      absl::MutexLock lock(&mutex_);
      writing_ = false;
      if (!ok) {  // The call is over; done_ comes next.
        finishing_ = true;
        messages_.clear();
        final_status_.reset();
      }
      WriteNextLocked();
      gone = GoneLocked();
    }
    if (gone) delete this;
  }

  void Done(bool) {
    Ended();
    bool gone = false;
    {
      absl::MutexLock lock(&mutex_);
      over_ = true;
      finishing_ = true;
      gone = GoneLocked();
    }
    if (gone) delete this;
  }

  // Starts the next write, or the finish once nothing is left to write.
  void WriteNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (writing_ || over_) return;
    if (!messages_.empty()) {
      writing_ = true;
      writer_.Write(messages_.front(), &written_);  // Serialized here.
      messages_.pop_front();
    } else if (final_status_.has_value()) {
      writing_ = true;
      writer_.Finish(*std::move(final_status_), &written_);
      final_status_.reset();
    }
  }

  bool GoneLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    return over_ && !writing_;
  }

  const ServingQueue queue_;
  const CallsInProgress::Hold in_progress_;
  OnComplete<ServerStreamCall> arrived_{this, &ServerStreamCall::Arrived};
  OnComplete<ServerStreamCall> written_{this, &ServerStreamCall::Written};
  OnComplete<ServerStreamCall> done_{this, &ServerStreamCall::Done};
  absl::Mutex mutex_;
  std::deque<Response> messages_ ABSL_GUARDED_BY(mutex_);
  size_t max_queued_ ABSL_GUARDED_BY(mutex_) =
      std::numeric_limits<size_t>::max();
  // Set by Finish, and when a write fails or the call is over; the status
  // waits in final_status_ for the write under way.
  bool finishing_ ABSL_GUARDED_BY(mutex_) = false;
  std::optional<grpc::Status> final_status_ ABSL_GUARDED_BY(mutex_);
  // A write or the finish is under way.
  bool writing_ ABSL_GUARDED_BY(mutex_) = false;
  // gRPC has said the call is done.
  bool over_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_SERVER_STREAM_CALL_H_
