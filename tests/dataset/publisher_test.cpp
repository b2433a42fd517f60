// Publisher: atomic publish, the dataset lock, and crash recovery at every
// step of a publish (the crash is a forked child that _exit()s mid-publish).
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "dataset/publisher.h"
#include "test_util.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::dataset {
namespace {

namespace fs = std::filesystem;
using domain::Date;
using testing::TempDir;

const Date kDay = Date::from_ymd(2025, 11, 18);
const PartitionKey kOptions{TableKind::kOptions, kDay, "NIFTY"};
const PartitionKey kSpot{TableKind::kSpot, kDay, "NIFTY"};
const PartitionKey kNewDay{TableKind::kOptions, kDay + 1, "NIFTY"};

void write(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

std::string content(const fs::path& p) { return fs::exists(p) ? read_file(p) : "<absent>"; }

Manifest manifest_with(std::vector<PartitionKey> keys, const std::string& tag) {
  Manifest m;
  m.tapelab_version = "test";
  m.updated_at = tag;
  for (const PartitionKey& k : keys) m.upsert(PartitionEntry{k, 1, 1, tag, {}});
  return m;
}

// The dataset before the publish: options and spot of kDay.
void make_old_dataset(const fs::path& root) {
  fs::remove_all(root);
  write(partition_path(root, kOptions), "old options");
  write(partition_path(root, kSpot), "old spot");
  manifest_with({kOptions, kSpot}, "old").save(root);
}

// The publish under test: replace kOptions, add kNewDay, remove kSpot.
void publish_new(const fs::path& root) {
  Publisher p(root);
  write(p.staged_path(kOptions), "new options");
  write(p.staged_path(kNewDay), "new day");
  p.commit({kOptions, kNewDay}, {kSpot}, manifest_with({kOptions, kNewDay}, "new"));
}

void expect_old(const fs::path& root) {
  EXPECT_EQ(content(partition_path(root, kOptions)), "old options");
  EXPECT_EQ(content(partition_path(root, kSpot)), "old spot");
  EXPECT_EQ(content(partition_path(root, kNewDay)), "<absent>");
  EXPECT_EQ(Manifest::load(root).updated_at, "old");
}

void expect_new(const fs::path& root) {
  EXPECT_EQ(content(partition_path(root, kOptions)), "new options");
  EXPECT_EQ(content(partition_path(root, kSpot)), "<absent>");
  EXPECT_FALSE(fs::exists(root / "spot")) << "empty folders of a removed partition stay behind";
  EXPECT_EQ(content(partition_path(root, kNewDay)), "new day");
  EXPECT_EQ(Manifest::load(root).updated_at, "new");
  EXPECT_FALSE(fs::exists(staging_dir(root) / "journal.json"));
}

TEST(Publisher, PublishesAtomicallyAndCleansStaging) {
  TempDir dir;
  const fs::path root = dir.path() / "ds";
  make_old_dataset(root);
  publish_new(root);
  expect_new(root);
  EXPECT_FALSE(fs::exists(staging_dir(root)));
}

TEST(Publisher, OneWriterAtATime) {
  TempDir dir;
  Publisher first(dir.path());
  EXPECT_THROW(Publisher second(dir.path()), Error);
}

TEST(Publisher, MissingStagedFileChangesNothing) {
  TempDir dir;
  const fs::path root = dir.path() / "ds";
  make_old_dataset(root);
  {
    Publisher p(root);
    write(p.staged_path(kOptions), "new options");
    EXPECT_THROW(p.commit({kOptions, kNewDay}, {}, manifest_with({kOptions, kNewDay}, "new")), Error);
  }
  expect_old(root);
}

TEST(Publisher, StaleStagingIsDiscarded) {
  TempDir dir;
  const fs::path root = dir.path() / "ds";
  make_old_dataset(root);
  write(staging_dir(root) / "options_2025-11-18_NIFTY.parquet", "half-written by a dead run");
  { Publisher p(root); }
  EXPECT_FALSE(fs::exists(staging_dir(root)));
  expect_old(root);
}

// Runs publish_new in a child that dies at the n-th publish step. Returns
// true if the child died there, false if the publish had fewer steps.
bool crash_at_step(const fs::path& root, int n) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    int seen = 0;
    set_publish_hook([&](std::string_view) {
      if (++seen == n) ::_exit(0);
    });
    try {
      publish_new(root);
    } catch (...) {
      ::_exit(2);
    }
    ::_exit(3);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_NE(WEXITSTATUS(status), 2) << "publish failed in the child";
  return WEXITSTATUS(status) == 0;
}

// The partitions a glob reader would read (options, spot, new day) and the
// manifest's tag, as a line.
std::string glob_view(const fs::path& root) {
  return content(partition_path(root, kOptions)) + " | " + content(partition_path(root, kSpot)) + " | " +
         content(partition_path(root, kNewDay)) + " | manifest " + Manifest::load(root).updated_at;
}

// What a crash right after publish step n leaves in the table folders: the
// journal lists the renames of kOptions then kNewDay, then the removal of
// kSpot; the manifest comes last.
const std::map<int, std::string> kAfterStep = {
    {2, "old options | old spot | <absent> | manifest old"},        // journal-written
    {3, "new options | old spot | <absent> | manifest old"},        // renamed kOptions
    {4, "new options | old spot | new day | manifest old"},         // renamed kNewDay
    {5, "new options | <absent> | new day | manifest old"},         // removed kSpot
    {6, "new options | <absent> | new day | manifest new"},         // manifest-installed
};

TEST(Publisher, ACrashAtAnyStepLeavesOldOrFinishesNew) {
  TempDir dir;
  const fs::path root = dir.path() / "ds";
  int crashes = 0;
  for (int n = 1;; ++n) {
    make_old_dataset(root);
    const bool crashed = crash_at_step(root, n);
    if (!crashed) {
      expect_new(root);
      break;
    }
    ++crashes;
    SCOPED_TRACE("crash at step " + std::to_string(n));
    if (n == 1) {
      // Before the journal: nothing happened, and the next writer discards staging.
      expect_old(root);
      { Publisher p(root); }
      expect_old(root);
      EXPECT_FALSE(fs::exists(staging_dir(root)));
    } else {
      // After the commit point, before anything recovers, a glob reader sees
      // the renames done so far; the journal says the state is mixed.
      EXPECT_EQ(glob_view(root), kAfterStep.at(n));
      EXPECT_TRUE(fs::exists(staging_dir(root) / "journal.json"));
      // A reader's recover() finishes the publish.
      recover(root);
      expect_new(root);
      recover(root);  // idempotent
      expect_new(root);
    }
  }
  // manifest-staged, journal-written, 2 renames, 1 removal, manifest-installed.
  EXPECT_EQ(crashes, 6);
}

// A reader meets a pending journal while another process holds the lock:
// it must not read (the folders are mixed), so recover() throws; once the
// lock is free it finishes the publish.
TEST(Publisher, RecoverRefusesWhileTheLockIsHeld) {
  TempDir dir;
  const fs::path root = dir.path() / "ds";
  make_old_dataset(root);
  ASSERT_TRUE(crash_at_step(root, 3));  // after the first rename
  const int lock = ::open((root / ".lock").c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(lock, 0);
  ASSERT_EQ(::flock(lock, LOCK_EX | LOCK_NB), 0);
  try {
    recover(root);
    ADD_FAILURE() << "recover read past a pending journal it could not finish";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("another tapelab process holds its lock"), std::string::npos) << e.what();
  }
  ::close(lock);
  EXPECT_EQ(glob_view(root), kAfterStep.at(3));
  recover(root);
  expect_new(root);
}

TEST(Publisher, NextWriterRecoversToo) {
  TempDir dir;
  const fs::path root = dir.path() / "ds";
  make_old_dataset(root);
  ASSERT_TRUE(crash_at_step(root, 3));  // after the first rename
  EXPECT_TRUE(fs::exists(staging_dir(root) / "journal.json"));
  { Publisher p(root); }
  expect_new(root);
}

}  // namespace
}  // namespace tapelab::dataset
