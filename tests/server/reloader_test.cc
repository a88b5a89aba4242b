#include "server/reloader.h"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/anchorage_files.h"

namespace rxlocator {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::SizeIs;

// The path of the file `name` of this test, in the temporary directory
// (which tests running at once share).
std::string Path(const std::string& name) {
  return absl::StrCat(
      ::testing::TempDir(), "/reloader_test-",
      ::testing::UnitTest::GetInstance()->current_test_info()->name(), "-",
      name);
}

std::string Write(const std::string& name, const std::string& text) {
  const std::string path = Path(name);
  std::ofstream(path) << text;
  return path;
}

DataConfig Config(const std::string& pharmacies) {
  return {.pharmacies = {{PharmacyFormat::kNative, pharmacies}},
          .zip_paths = {Write("zips.csv", kAnchorageZipTable)}};
}

// Reload, waited for.
absl::StatusOr<ReloadResult> ReloadNow(Reloader& reloader) {
  absl::Notification done;
  absl::StatusOr<ReloadResult> result;
  reloader.Reload([&](absl::StatusOr<ReloadResult> r) {
    result = std::move(r);
    done.Notify();
  });
  done.WaitForNotification();
  return result;
}

class ReloaderTest : public ::testing::Test {
 protected:
  // A reloader of `config` serving what `config` gives now.
  void Start(const DataConfig& config) {
    reloader_ = std::make_unique<Reloader>(
        config, &snapshots_, &stock_, [this](LogLevel, absl::string_view line) {
          absl::MutexLock lock(&mutex_);
          log_.emplace_back(line);
        });
    absl::StatusOr<LoadedData> loaded = LoadSnapshot(config);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    reloader_->Publish(*std::move(loaded));
  }

  std::vector<std::string> log() {
    absl::MutexLock lock(&mutex_);
    return log_;
  }

  SnapshotHolder snapshots_;
  StockStore stock_;
  absl::Mutex mutex_;
  std::vector<std::string> log_ ABSL_GUARDED_BY(mutex_);
  std::unique_ptr<Reloader> reloader_;
};

TEST_F(ReloaderTest, PublishIsTheFirstLoadNotAReload) {
  const absl::Time before = absl::Now();
  Start(Config(
      Write("first.csv", absl::StrCat(kPharmacyHeader, kMidtown, kMail))));
  const ReloadStats stats = reloader_->Stats();
  EXPECT_EQ(stats.data_version, snapshots_.Get()->version_text());
  EXPECT_EQ(stats.counts.pharmacies, 2);
  EXPECT_EQ(stats.counts.walk_in, 1);
  EXPECT_EQ(stats.counts.zip_codes, 1);
  EXPECT_EQ(stats.counts.networks, 0);
  EXPECT_GE(stats.loaded_at, before);
  EXPECT_GT(stats.load_duration, absl::ZeroDuration());
  EXPECT_EQ(stats.reloads_ok, 0);
  EXPECT_EQ(stats.reloads_failed, 0);
  EXPECT_TRUE(stats.last_failure.ok());
  EXPECT_THAT(log(), SizeIs(0));
}

TEST_F(ReloaderTest, ReloadPublishesTheChangedFile) {
  const std::string path =
      Write("changed.csv", absl::StrCat(kPharmacyHeader, kMidtown, kMail));
  Start(Config(path));
  const std::string old_version = snapshots_.Get()->version_text();
  Write("changed.csv",
        absl::StrCat(kPharmacyHeader, kMidtown, kMail, kSpenard));

  const absl::StatusOr<ReloadResult> result = ReloadNow(*reloader_);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->old_version, old_version);
  EXPECT_NE(result->new_version, old_version);
  EXPECT_EQ(result->new_version, snapshots_.Get()->version_text());
  EXPECT_EQ(result->counts.pharmacies, 3);
  EXPECT_EQ(result->counts.walk_in, 2);
  EXPECT_TRUE(snapshots_.Get()->Lookup("p3").has_value());
  const ReloadStats stats = reloader_->Stats();
  EXPECT_EQ(stats.data_version, result->new_version);
  EXPECT_EQ(stats.counts.pharmacies, 3);
  EXPECT_EQ(stats.reloads_ok, 1);
  EXPECT_THAT(log(), ::testing::ElementsAre(AllOf(
                         HasSubstr(old_version + " -> " + result->new_version),
                         HasSubstr("3 pharmacies (2 walk-in)"))));
}

TEST_F(ReloaderTest, SameFilesGiveTheSameVersion) {
  Start(Config(Write("same.csv", absl::StrCat(kPharmacyHeader, kMidtown))));
  const absl::StatusOr<ReloadResult> result = ReloadNow(*reloader_);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->old_version, result->new_version);
}

TEST_F(ReloaderTest, AFailedReloadKeepsTheOldSnapshot) {
  const std::string path =
      Write("bad.csv", absl::StrCat(kPharmacyHeader, kMidtown));
  Start(Config(path));
  const std::shared_ptr<const Snapshot> serving = snapshots_.Get();
  Write("bad.csv", absl::StrCat(kPharmacyHeader, kMidtown,
                                "p9,Nowhere,99503,95.5,-149.88,Y\n"));

  const absl::StatusOr<ReloadResult> result = ReloadNow(*reloader_);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(
      result.status().message(),
      AllOf(HasSubstr("still serving data version " + serving->version_text()),
            HasSubstr("bad.csv:3: "), HasSubstr("95.5")));
  EXPECT_EQ(snapshots_.Get(), serving);
  const ReloadStats stats = reloader_->Stats();
  EXPECT_EQ(stats.data_version, serving->version_text());
  EXPECT_EQ(stats.reloads_ok, 0);
  EXPECT_EQ(stats.reloads_failed, 1);
  EXPECT_EQ(stats.last_failure, result.status());
  EXPECT_NE(stats.last_failure_at, absl::InfinitePast());
  EXPECT_THAT(log(), ::testing::ElementsAre(result.status().message()));

  // A missing file fails the same way.
  std::remove(path.c_str());
  EXPECT_THAT(ReloadNow(*reloader_).status().message(),
              HasSubstr("cannot open " + path));
  EXPECT_EQ(snapshots_.Get(), serving);
  EXPECT_EQ(reloader_->Stats().reloads_failed, 2);
}

TEST_F(ReloaderTest, NoReloadBeforeTheFirstLoad) {
  Reloader reloader(
      Config(Write("early.csv", absl::StrCat(kPharmacyHeader, kMidtown))),
      &snapshots_, &stock_, nullptr);
  EXPECT_EQ(ReloadNow(reloader).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(snapshots_.Get(), nullptr);
}

// Reloads asked for while one runs wait for it, then share one load that
// starts after they were all asked for. The pharmacy file is a FIFO, so
// each load waits until the test writes it.
TEST_F(ReloaderTest, ReloadsAskedForMeanwhileShareTheNextLoad) {
  const std::string fifo = Path("pharmacies.fifo");
  std::remove(fifo.c_str());
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  DataConfig config = Config(fifo);
  reloader_ = std::make_unique<Reloader>(config, &snapshots_, &stock_, nullptr);
  config.pharmacies[0].path =
      Write("plain.csv", absl::StrCat(kPharmacyHeader, kMidtown));
  absl::StatusOr<LoadedData> loaded = LoadSnapshot(config);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  reloader_->Publish(*std::move(loaded));

  absl::Mutex mutex;
  std::vector<absl::StatusOr<ReloadResult>> results;
  const auto record = [&](absl::StatusOr<ReloadResult> r) {
    absl::MutexLock lock(&mutex);
    results.push_back(std::move(r));
  };
  const auto wait_for = [&](size_t n) {
    const auto answered = [&] { return results.size() == n; };
    absl::MutexLock lock(&mutex);
    mutex.Await(absl::Condition(&answered));
  };
  reloader_->Reload(record);
  {
    // Opens once the first load opens it to read.
    std::ofstream first(fifo);
    reloader_->Reload(record);
    reloader_->Reload(record);
    reloader_->Reload(record);
    first << kPharmacyHeader << kMidtown << kMail;
  }
  // The first load has let go of the FIFO once it has answered.
  wait_for(1);
  std::ofstream(fifo) << kPharmacyHeader << kMidtown << kMail << kSpenard;
  wait_for(4);
  absl::MutexLock lock(&mutex);
  for (const absl::StatusOr<ReloadResult>& r : results) {
    ASSERT_TRUE(r.ok()) << r.status();
  }
  EXPECT_EQ(results[0]->counts.pharmacies, 2);
  for (int i = 1; i < 4; ++i) {
    EXPECT_EQ(results[i]->counts.pharmacies, 3);
    EXPECT_EQ(results[i]->old_version, results[0]->new_version);
  }
  EXPECT_EQ(reloader_->Stats().reloads_ok, 2);
}

}  // namespace
}  // namespace rxlocator
