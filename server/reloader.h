// Reloader: replaces the served data with a fresh load of the files it was
// started with, the way OSRM swaps in a new data facade: the new Snapshot is
// built off to the side, on the reloader's own thread, while requests go on
// reading the old one; it is published (one pointer swap) only if every file
// loaded and the snapshot built. A load that fails publishes nothing: the
// old snapshot keeps serving and the reload reports the loader's file:line
// error. Stock is not reloaded: it lives in the StockStore, keyed by
// pharmacy id, and survives every reload.
//
// Reloads run one at a time. A reload asked for while one runs waits for
// it, and every reload asked for meanwhile shares the next load, which
// starts after all of them were asked for, so each sees the files as they
// were when it asked, or newer.
//
//   Reloader reloader(config, &snapshots, &stock, Log);
//   reloader.Publish(*LoadSnapshot(config));  // The first load.
//   reloader.Reload([](absl::StatusOr<ReloadResult> result) { ... });
//   ReloadStats stats = reloader.Stats();
//
// Thread-safe: any thread may call any method.
#ifndef RXLOCATOR_SERVER_RELOADER_H_
#define RXLOCATOR_SERVER_RELOADER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "index/stock_store.h"
#include "server/data_loading.h"
#include "server/json_log.h"
#include "server/snapshot_holder.h"

namespace rxlocator {

// What a reload that succeeded published.
struct ReloadResult {
  std::string old_version;  // Empty if no data was serving.
  std::string new_version;  // The same as old_version if no file changed.
  DataCounts counts;        // Of the new snapshot.
  absl::Duration took;      // Reading the files and building the snapshot.
};

// The serving data and the reloads so far.
struct ReloadStats {
  // The serving snapshot's version; empty before the first Publish.
  std::string data_version;
  DataCounts counts;
  // When it was published, and how long loading it took.
  absl::Time loaded_at = absl::InfinitePast();
  absl::Duration load_duration;
  // Reloads that published a snapshot, and that failed (not counting the
  // first load).
  int64_t reloads_ok = 0;
  int64_t reloads_failed = 0;
  // The last failed reload's error and when it failed; OK and
  // InfinitePast() if none has.
  absl::Status last_failure;
  absl::Time last_failure_at = absl::InfinitePast();
};

class Reloader {
 public:
  // Told each reload's outcome in one line: info if it published, error
  // if it failed.
  using Log = std::function<void(LogLevel level, absl::string_view line)>;
  using Done = std::function<void(absl::StatusOr<ReloadResult> result)>;

  // Reloads read `config`'s pharmacies, ZIP codes, networks, plans and drug
  // catalogs (not its stock). `snapshots` and `stock` must outlive the
  // reloader; `log` may be null.
  Reloader(DataConfig config, SnapshotHolder* snapshots,
           const StockStore* stock, Log log);
  // Waits for a running load to end; reloads still waiting fail with
  // Unavailable.
  ~Reloader();
  Reloader(const Reloader&) = delete;
  Reloader& operator=(const Reloader&) = delete;

  // Publishes a snapshot loaded elsewhere: the first load, whose stock is
  // read against it before it serves. Not counted as a reload.
  void Publish(LoadedData loaded);

  // Loads the data again on the reloader's thread and publishes it if it
  // loads; then calls `done` there (so `done` must not wait for another
  // reload), with what was published, or with FailedPrecondition and the
  // loader's message if nothing was. Before the first Publish, Unavailable:
  // the first load is not a reload's to make.
  void Reload(Done done);

  ReloadStats Stats() const;

 private:
  // The reloader's thread: runs a load for whichever reloads are waiting.
  void Work();
  absl::StatusOr<ReloadResult> LoadAndPublish();
  // Publishes `loaded`, counted as a reload if `reload`; returns the
  // version it replaces.
  std::string Swap(LoadedData loaded, bool reload);

  const DataConfig config_;
  SnapshotHolder* const snapshots_;
  const StockStore* const stock_;
  const Log log_;
  mutable absl::Mutex mutex_;
  std::vector<Done> waiting_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  ReloadStats stats_ ABSL_GUARDED_BY(mutex_);
  std::thread worker_;  // Last: it starts once the rest is ready.
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_RELOADER_H_
