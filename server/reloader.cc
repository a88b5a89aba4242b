#include "server/reloader.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace rxlocator {
namespace {

// "7412 pharmacies (7300 walk-in), 5 networks, ..."
std::string CountsText(const DataCounts& c) {
  return absl::StrCat(c.pharmacies, " pharmacies (", c.walk_in, " walk-in), ",
                      c.networks, " networks, ", c.plans, " plans, ", c.drugs,
                      " drugs, ", c.zip_codes, " ZIP codes");
}

}  // namespace

Reloader::Reloader(DataConfig config, SnapshotHolder* snapshots,
                   const StockStore* stock, Log log)
    : config_(std::move(config)),
      snapshots_(snapshots),
      stock_(stock),
      log_(std::move(log)),
      worker_([this] { Work(); }) {}

Reloader::~Reloader() {
  std::vector<Done> waiting;
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  worker_.join();
  {
    absl::MutexLock lock(&mutex_);
    waiting.swap(waiting_);
  }
  for (Done& done : waiting) {
    done(absl::UnavailableError("the server is stopping"));
  }
}

void Reloader::Publish(LoadedData loaded) {
  Swap(std::move(loaded), /*reload=*/false);
}

void Reloader::Reload(Done done) {
  absl::MutexLock lock(&mutex_);
  waiting_.push_back(std::move(done));
}

ReloadStats Reloader::Stats() const {
  absl::MutexLock lock(&mutex_);
  return stats_;
}

void Reloader::Work() {
  for (;;) {
    std::vector<Done> asked;
    {
      absl::MutexLock lock(&mutex_);
      mutex_.Await(absl::Condition(
          +[](Reloader* r) ABSL_EXCLUSIVE_LOCKS_REQUIRED(r->mutex_) {
            return r->stopping_ || !r->waiting_.empty();
          },
          this));
      if (stopping_) return;
      asked.swap(waiting_);
    }
    const absl::StatusOr<ReloadResult> result = LoadAndPublish();
    for (Done& done : asked) done(result);
  }
}

absl::StatusOr<ReloadResult> Reloader::LoadAndPublish() {
  {
    absl::MutexLock lock(&mutex_);
    if (stats_.data_version.empty()) {
      return absl::UnavailableError(
          "pharmacy data is not loaded yet: the first load still runs");
    }
  }
  absl::StatusOr<LoadedData> loaded = LoadSnapshot(config_);
  if (!loaded.ok()) {
    absl::Status failure;
    {
      absl::MutexLock lock(&mutex_);
      failure = absl::FailedPreconditionError(
          absl::StrCat("reload failed, still serving data version ",
                       stats_.data_version, ": ", loaded.status().message()));
      ++stats_.reloads_failed;
      stats_.last_failure = failure;
      stats_.last_failure_at = absl::Now();
    }
    if (log_) log_(LogLevel::kError, failure.message());
    return failure;
  }
  ReloadResult result{.new_version = loaded->snapshot->version_text(),
                      .counts = loaded->counts,
                      .took = loaded->took};
  result.old_version = Swap(*std::move(loaded), /*reload=*/true);
  ReleaseFreedMemory();
  if (log_) {
    log_(LogLevel::kInfo,
         absl::StrFormat("reloaded data version %s -> %s in %.3fs: %s",
                         result.old_version, result.new_version,
                         absl::ToDoubleSeconds(result.took),
                         CountsText(result.counts)));
  }
  return result;
}

std::string Reloader::Swap(LoadedData loaded, bool reload) {
  // Numbered for the stock store before it serves, so that no query pays
  // for it.
  stock_->KeysFor(*loaded.snapshot);
  // Freed, unless a request still reads it, once the lock is let go.
  std::shared_ptr<const Snapshot> replaced;
  absl::MutexLock lock(&mutex_);
  replaced = snapshots_->Get();
  std::string old_version = std::move(stats_.data_version);
  stats_.data_version = loaded.snapshot->version_text();
  stats_.counts = loaded.counts;
  stats_.load_duration = loaded.took;
  stats_.loaded_at = absl::Now();
  if (reload) ++stats_.reloads_ok;
  snapshots_->Publish(std::move(loaded.snapshot));
  return old_version;
}

}  // namespace rxlocator
