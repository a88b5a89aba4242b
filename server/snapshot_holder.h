// SnapshotHolder: the currently published Snapshot.
//
// Readers take the pointer once per request and keep it until they finish, so
// a reload that publishes a new snapshot never changes data under a request,
// and the old snapshot is freed when its last reader lets go.
//
//   std::shared_ptr<const Snapshot> s = holder.Get();  // null before a load
//   holder.Publish(std::move(fresh));
//
// Thread-safe: Get and Publish may race freely.
#ifndef RXLOCATOR_SERVER_SNAPSHOT_HOLDER_H_
#define RXLOCATOR_SERVER_SNAPSHOT_HOLDER_H_

#include <atomic>
#include <memory>

#include "index/snapshot.h"

namespace rxlocator {

class SnapshotHolder {
 public:
  std::shared_ptr<const Snapshot> Get() const { return current_.load(); }
  void Publish(std::shared_ptr<const Snapshot> snapshot) {
    current_.store(std::move(snapshot));
  }

 private:
  std::atomic<std::shared_ptr<const Snapshot>> current_;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_SNAPSHOT_HOLDER_H_
