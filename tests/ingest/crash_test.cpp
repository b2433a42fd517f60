// Crash safety as readers see it. `tapelab ingest` (and `dataset remove`) is
// killed while it publishes into a dataset: by SIGKILL at random instants, and
// by TAPELAB_PUBLISH_KILL_AT at every publish step. After each kill, before
// anything recovers, the table folders and the manifest must hold what
// docs/dataset-publish.md promises a glob reader (DuckDB, Polars): the state
// before the run or after it, or, once the journal is committed, each file old
// or new. A tapelab reader run next must finish the publish and read exactly
// one state, and a rerun must finish the job. TAPELAB_CRASH_KILLS sets the
// number of random kills (`make crash-test` runs many more than the default 10).
#include <signal.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <random>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "dataset/layout.h"
#include "helpers.h"
#include "parquet_inputs.h"
#include "support/suite_start.h"

namespace tapelab::ingest {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

// A dataset as it is on disk, looked at without recovering anything.
struct DiskState {
  std::map<std::string, std::string> partitions;  // what a Hive glob reads: relative path -> bytes
  std::string manifest;                           // manifest.json, its run time blanked
  bool journal = false;                           // committed, not finished
  std::vector<std::string> staging;               // whatever is left under .staging/
  bool operator==(const DiskState&) const = default;
};

DiskState look(const fs::path& root) {
  DiskState state;
  state.partitions = testing::partition_files(root);
  if (fs::exists(dataset::manifest_path(root))) {
    nlohmann::json manifest = testing::read_json(dataset::manifest_path(root));
    manifest["updated_at"] = "";  // the one field that differs between two runs doing the same
    state.manifest = manifest.dump(1);
  }
  state.journal = fs::exists(dataset::staging_dir(root) / "journal.json");
  if (fs::is_directory(dataset::staging_dir(root))) {
    for (const auto& entry : fs::recursive_directory_iterator(dataset::staging_dir(root))) {
      state.staging.push_back(fs::relative(entry.path(), root).generic_string());
    }
    std::sort(state.staging.begin(), state.staging.end());
  }
  return state;
}

// The tables and manifest of two states (staging left out: a run killed
// before its commit point leaves staged files that no reader looks at).
bool same_tables(const DiskState& a, const DiskState& b) {
  return a.partitions == b.partitions && a.manifest == b.manifest && a.journal == b.journal;
}

// What `tapelab scan ema-crossover` reads from a dataset: its CSV, or the
// failure.
std::string scan_csv(const fs::path& dataset, const fs::path& csv) {
  const auto r = testing::run_cli({"scan", "ema-crossover", "--data", dataset.string(), "--out", csv.string(),
                                   "--threads", "2"});
  if (r.status != 0) return "scan failed: " + r.output;
  return testing::read_bytes(csv);
}

// A publish from one dataset state to another, with what a reader reads in each.
struct Publish {
  std::vector<std::string> args;  // the command, `{}` standing for the dataset
  bool reruns = true;             // running it again on its own result succeeds
  fs::path before, after;         // copies of the dataset before and after it
  DiskState before_disk, after_disk;
  std::string before_read, after_read;
};

std::vector<std::string> command_on(const Publish& p, const fs::path& dataset) {
  std::vector<std::string> args = p.args;
  for (auto& a : args) {
    if (a == "{}") a = dataset.string();
  }
  return args;
}

Publish record_publish(const fs::path& dir, const std::string& name, const fs::path& before,
                       std::vector<std::string> args) {
  Publish p{std::move(args), true, before, dir / (name + "-after"), {}, {}, {}, {}};
  fs::remove_all(p.after);
  fs::copy(before, p.after, fs::copy_options::recursive);
  const auto r = testing::run_cli(command_on(p, p.after));
  EXPECT_EQ(r.status, 0) << r.output;
  p.before_disk = look(p.before);
  p.after_disk = look(p.after);
  EXPECT_FALSE(same_tables(p.before_disk, p.after_disk));
  EXPECT_TRUE(p.after_disk.staging.empty());
  p.before_read = scan_csv(p.before, dir / (name + "-before.csv"));
  p.after_read = scan_csv(p.after, dir / (name + "-after.csv"));
  EXPECT_NE(p.before_read, p.after_read);
  return p;
}

enum class Landed { kBeforeCommit, kAfterCommit };

// Checks a dataset the publish was killed in, in the order things happen:
// the disk before any recovery, a tapelab reader, the disk after it. Returns
// which side of the commit point the kill landed on.
Landed check_killed(const Publish& p, const fs::path& ds) {
  const DiskState disk = look(ds);
  Landed landed = Landed::kAfterCommit;
  if (!disk.journal) {
    // Not yet committed, or fully done: one whole state.
    EXPECT_TRUE(same_tables(disk, p.before_disk) || same_tables(disk, p.after_disk));
    if (same_tables(disk, p.before_disk)) landed = Landed::kBeforeCommit;
  } else {
    // Committed, cut short: the mix docs/dataset-publish.md describes. Every
    // file is one state's whole file; the manifest is still the old one or
    // already the new one.
    for (const auto& [path, bytes] : disk.partitions) {
      const auto old_file = p.before_disk.partitions.find(path);
      const auto new_file = p.after_disk.partitions.find(path);
      EXPECT_TRUE((old_file != p.before_disk.partitions.end() && old_file->second == bytes) ||
                  (new_file != p.after_disk.partitions.end() && new_file->second == bytes))
          << path;
    }
    EXPECT_TRUE(disk.manifest == p.before_disk.manifest || disk.manifest == p.after_disk.manifest);
  }
  const bool before = landed == Landed::kBeforeCommit;
  EXPECT_EQ(scan_csv(ds, ds.string() + ".csv"), before ? p.before_read : p.after_read);
  // The reader finished an interrupted publish (the journal is gone).
  const DiskState read = look(ds);
  EXPECT_TRUE(same_tables(read, before ? p.before_disk : p.after_disk));
  return landed;
}

// The rerun finishes the job whatever the kill left, staging included.
void expect_rerun_finishes(const Publish& p, const fs::path& ds, Landed landed) {
  if (!p.reruns && landed == Landed::kAfterCommit) return;
  const auto r = testing::run_cli(command_on(p, ds));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(look(ds), p.after_disk);
}

class Crash : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    suite_start_.run([] {
      testing::generate(*dir_ / "a", {"--start", "2025-11-17", "--days", "2", "--underlyings", "NIFTY", "--seed",
                                      "5", "--overlap-days", "1"});
      const auto r = testing::run_cli({"ingest", (*dir_ / "a").string(), "--out", (*dir_ / "base").string()});
      if (r.status != 0) throw std::runtime_error("ingest failed: " + r.output);
    });
  }
  static void TearDownTestSuite() { delete dir_; }
  void SetUp() override { suite_start_.require("the generated recording and its dataset"); }
  static inline tapelab::testing::SuiteStart suite_start_;
  static inline TempDir* dir_ = nullptr;

  // a-2 shares a's second day and adds the next: the run replaces and adds
  // partitions (spilling, in 2 jobs, for more instants to be killed at).
  static Publish ingest_publish() {
    return record_publish(dir_->path(), "ingest", *dir_ / "base",
                          {"ingest", (*dir_ / "a-2").string(), "--out", "{}", "--jobs", "2", "--memory-budget", "4M"});
  }
  // The same publish from the users' raw per-contract Parquet files: a-2's
  // rows, ingested on their own and exported one file per contract.
  static Publish parquet_publish() {
    const fs::path raw = *dir_ / "a-2-raw";
    if (!fs::exists(raw)) {
      const auto r = testing::run_cli({"ingest", (*dir_ / "a-2").string(), "--out", (*dir_ / "a-2-only").string()});
      EXPECT_EQ(r.status, 0) << r.output;
      testing::export_raw_parquet(*dir_ / "a-2-only", raw);
    }
    return record_publish(dir_->path(), "parquet-ingest", *dir_ / "base",
                          {"ingest", raw.string(), "--out", "{}", "--jobs", "2", "--memory-budget", "4M"});
  }
  // The same raw files published in two batches (--batch-size: half their bytes).
  static Publish batched_parquet_publish() {
    parquet_publish();  // writes the raw files
    const fs::path raw = *dir_ / "a-2-raw";
    std::uintmax_t bytes = 0;
    for (const auto& entry : fs::directory_iterator(raw)) bytes += entry.file_size();
    return record_publish(dir_->path(), "batched-parquet-ingest", *dir_ / "base",
                          {"ingest", raw.string(), "--out", "{}", "--jobs", "2", "--memory-budget", "4M",
                           "--batch-size", std::to_string(bytes / 2 + 1)});
  }
  static fs::path fresh_copy(const fs::path& from, const std::string& name) {
    const fs::path ds = *dir_ / name;
    fs::remove_all(ds);
    fs::copy(from, ds, fs::copy_options::recursive);
    return ds;
  }
  // Runs the publish with TAPELAB_PUBLISH_KILL_AT=step on a copy of its
  // before-state; the name of the step it died at, or "" when it finished.
  std::string kill_at_step(const Publish& p, const fs::path& ds, int step) {
    ::setenv("TAPELAB_PUBLISH_KILL_AT", std::to_string(step).c_str(), 1);
    const auto r = testing::run_cli(command_on(p, ds));
    ::unsetenv("TAPELAB_PUBLISH_KILL_AT");
    if (r.status == 0) return "";
    EXPECT_EQ(r.status, 128 + SIGKILL) << r.output;
    const std::string said = "killed at publish step " + std::to_string(step) + " (";
    const std::size_t at = r.output.find(said), end = r.output.find(')', at);
    EXPECT_NE(at, std::string::npos) << r.output;
    if (at == std::string::npos || end == std::string::npos) return "?";
    return r.output.substr(at + said.size(), end - at - said.size());
  }
  // Kills the publish at each of its steps in turn; the steps, in order.
  std::vector<std::string> kill_at_every_step(const Publish& p) {
    std::vector<std::string> steps;
    for (int step = 1; step < 50; ++step) {
      SCOPED_TRACE("killed at publish step " + std::to_string(step));
      const fs::path ds = fresh_copy(p.before, "step");
      const std::string name = kill_at_step(p, ds, step);
      if (name.empty()) break;
      steps.push_back(name);
      // Only a kill at the first step (the manifest staged, no journal yet)
      // lands before the commit point.
      const Landed landed = check_killed(p, ds);
      EXPECT_EQ(landed, step == 1 ? Landed::kBeforeCommit : Landed::kAfterCommit);
      expect_rerun_finishes(p, ds, landed);
    }
    return steps;
  }
};

TEST_F(Crash, KilledAtEveryStepOfAnIngestPublish) {
  const Publish p = ingest_publish();
  // a-2 holds 2025-11-18 and 11-19 for NIFTY: options, spot and futures of 2
  // days = 6 staged partitions renamed in, nothing removed.
  const std::vector<std::string> expected = {"manifest-staged", "journal-written", "renamed", "renamed", "renamed",
                                             "renamed", "renamed", "renamed", "manifest-installed"};
  EXPECT_EQ(kill_at_every_step(p), expected);
}

TEST_F(Crash, KilledAtEveryStepOfAParquetIngestPublish) {
  const Publish p = parquet_publish();
  // The same 6 partitions as from a-2's dumps: raw files per option
  // contract, NIFTY.parquet (spot) and NIFTYFUT.parquet (futures).
  const std::vector<std::string> expected = {"manifest-staged", "journal-written", "renamed", "renamed", "renamed",
                                             "renamed", "renamed", "renamed", "manifest-installed"};
  EXPECT_EQ(kill_at_every_step(p), expected);
}

pid_t start(const std::vector<std::string>& args);
double run_ms(const std::vector<std::string>& args);

// What a kill in batch `batch` (from 1) of a batched ingest left, before and
// after a tapelab reader recovered it.
struct BatchKill {
  int batch = 0;
  bool committed = false;  // killed after the batch's commit point
  DiskState disk, recovered;
};

// Every partition file on disk is whole: the file one of two states has at its path.
void expect_files_of(const DiskState& disk, const DiskState& a, const DiskState& b) {
  for (const auto& [path, bytes] : disk.partitions) {
    const auto in_a = a.partitions.find(path), in_b = b.partitions.find(path);
    EXPECT_TRUE((in_a != a.partitions.end() && in_a->second == bytes) ||
                (in_b != b.partitions.end() && in_b->second == bytes))
        << path;
  }
  EXPECT_TRUE(disk.manifest == a.manifest || disk.manifest == b.manifest);
}

// docs/dataset-publish.md#batches: an ingest published in batches, killed at
// every step of every batch's publish and at random instants. After each kill
// every partition is whole and a reader sees the dataset as the last committed
// batch left it; rerunning the command converges to the dataset of an
// uninterrupted run, which is byte for byte the one-batch run's.
TEST_F(Crash, ABatchedParquetIngestKilledAnywhereConverges) {
  const Publish p = batched_parquet_publish();
  EXPECT_TRUE(same_tables(p.after_disk, parquet_publish().after_disk));
  std::vector<BatchKill> kills;
  int batch = 0;
  for (int step = 1; step < 200; ++step) {
    SCOPED_TRACE("killed at publish step " + std::to_string(step));
    const fs::path ds = fresh_copy(p.before, "step");
    const std::string name = kill_at_step(p, ds, step);
    if (name.empty()) break;
    if (name == "manifest-staged") ++batch;
    BatchKill kill{batch, name != "manifest-staged", look(ds), {}};
    scan_csv(ds, ds.string() + ".csv");  // a reader finishes an interrupted publish
    kill.recovered = look(ds);
    EXPECT_FALSE(kill.recovered.journal);
    kills.push_back(std::move(kill));
    const auto rerun = testing::run_cli(command_on(p, ds));
    ASSERT_EQ(rerun.status, 0) << rerun.output;
    EXPECT_EQ(look(ds), p.after_disk);
  }
  ASSERT_EQ(batch, 2);
  // The state after each batch: what any kill after its commit point recovers to.
  std::vector<DiskState> after_batch = {p.before_disk};
  for (const BatchKill& k : kills) {
    if (k.committed && static_cast<int>(after_batch.size()) == k.batch) after_batch.push_back(k.recovered);
  }
  ASSERT_EQ(after_batch.size(), 3U);
  EXPECT_TRUE(same_tables(after_batch.back(), p.after_disk));
  EXPECT_FALSE(same_tables(after_batch[1], after_batch[0]));
  EXPECT_FALSE(same_tables(after_batch[1], after_batch[2]));
  for (const BatchKill& k : kills) {
    SCOPED_TRACE(fmt::format("batch {}, {} its commit point", k.batch, k.committed ? "after" : "before"));
    const DiskState& old_state = after_batch[static_cast<std::size_t>(k.batch - 1)];
    const DiskState& new_state = after_batch[static_cast<std::size_t>(k.batch)];
    expect_files_of(k.disk, old_state, new_state);
    EXPECT_TRUE(same_tables(k.recovered, k.committed ? new_state : old_state));
  }

  const char* env = std::getenv("TAPELAB_CRASH_KILLS");
  const int random_kills = env ? std::atoi(env) : 10;
  const double full_ms = run_ms(command_on(p, fresh_copy(p.before, "timing")));
  std::mt19937 rng(20251206);
  std::uniform_real_distribution<double> at(0, full_ms * 1.1);
  for (int k = 0; k < random_kills; ++k) {
    SCOPED_TRACE(fmt::format("random kill {}", k));
    const fs::path ds = fresh_copy(p.before, fmt::format("kill-{}", k));
    const pid_t pid = start(command_on(p, ds));
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(at(rng) * 1000)));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    scan_csv(ds, ds.string() + ".csv");
    const DiskState recovered = look(ds);
    EXPECT_TRUE(std::any_of(after_batch.begin(), after_batch.end(),
                            [&](const DiskState& s) { return same_tables(recovered, s); }));
    const auto rerun = testing::run_cli(command_on(p, ds));
    ASSERT_EQ(rerun.status, 0) << rerun.output;
    EXPECT_EQ(look(ds), p.after_disk);
    fs::remove_all(ds);
  }
}

TEST_F(Crash, KilledAtEveryStepOfARemovePublish) {
  Publish p =
      record_publish(dir_->path(), "remove", *dir_ / "base", {"dataset", "remove", "{}", "--date", "2025-11-17"});
  p.reruns = false;  // the day is gone once the publish is finished
  // 2025-11-17 NIFTY: its options, spot and futures partitions are deleted.
  const std::vector<std::string> expected = {"manifest-staged", "journal-written", "removed", "removed", "removed",
                                             "manifest-installed"};
  EXPECT_EQ(kill_at_every_step(p), expected);
}

// Another process holding the lock over a pending journal: every tapelab
// reader stops with a message and reads nothing; once the lock is free each
// finishes the publish and reads the new state.
TEST_F(Crash, ReadersFinishAPendingPublishOrRefuseToRead) {
  const Publish p = ingest_publish();
  const fs::path pending = fresh_copy(p.before, "pending");
  ASSERT_EQ(kill_at_step(p, pending, 3), "renamed");  // one partition new, the others old
  const DiskState mixed = look(pending);
  ASSERT_TRUE(mixed.journal);
  const fs::path out = *dir_ / "reader-out";
  const std::vector<std::vector<std::string>> readers = {
      {"scan", "ema-crossover", "--data", "{}", "--out", (out / "ema.csv").string()},
      {"backtest", "--preset", "S1", "--data", "{}", "--out", (out / "bt").string()},
      {"dataset", "greeks", "{}", "--out", (out / "greeks").string()},
      {"dataset", "info", "{}"},
      {"calendar", "check", "{}"},
  };
  for (const auto& reader : readers) {
    SCOPED_TRACE(reader[0] + " " + reader[1]);
    fs::remove_all(out);
    fs::create_directories(out);
    const fs::path ds = fresh_copy(pending, "reader");
    Publish as_reader = p;
    as_reader.args = reader;
    {
      const int lock = ::open((ds / ".lock").c_str(), O_RDWR | O_CLOEXEC);
      ASSERT_GE(lock, 0);
      ASSERT_EQ(::flock(lock, LOCK_EX | LOCK_NB), 0);
      const auto refused = testing::run_cli(command_on(as_reader, ds));
      ::close(lock);
      EXPECT_NE(refused.status, 0);
      EXPECT_NE(refused.output.find("must be finished before the dataset is read"), std::string::npos)
          << refused.output;
      EXPECT_NE(refused.output.find("another tapelab process holds its lock"), std::string::npos) << refused.output;
      EXPECT_TRUE(same_tables(look(ds), mixed));
    }
    fs::remove_all(out);
    fs::create_directories(out);
    const auto read = testing::run_cli(command_on(as_reader, ds));
    EXPECT_EQ(read.status, 0) << read.output;
    EXPECT_TRUE(same_tables(look(ds), p.after_disk));
  }
}

pid_t start(const std::vector<std::string>& args) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    std::vector<char*> argv = {const_cast<char*>(TAPELAB_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(TAPELAB_BINARY, argv.data());
    ::_exit(127);
  }
  return pid;
}

double run_ms(const std::vector<std::string>& args) {
  const auto began = std::chrono::steady_clock::now();
  const auto r = testing::run_cli(args);
  EXPECT_TRUE(r.status == 0 || r.status == 128 + SIGKILL) << r.output;
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count();
}

// SIGKILLs the publish at random instants, half before its commit point and
// half after, each on a fresh copy of its before-state.
void kill_at_random_instants(const Publish& p, const std::function<fs::path(const std::string&)>& fresh_copy) {
  const char* env = std::getenv("TAPELAB_CRASH_KILLS");
  const int kills = env ? std::atoi(env) : 10;
  // Half the kills aim before the commit point and half after it: fewer than
  // two cannot show both.
  ASSERT_GE(kills, 2) << "TAPELAB_CRASH_KILLS=" << (env ? env : "");
  // How long a run takes to reach the commit point (killed at step 1, the
  // manifest staged) and to finish.
  ::setenv("TAPELAB_PUBLISH_KILL_AT", "1", 1);
  const double commit_ms = run_ms(command_on(p, fresh_copy("timing")));
  ::unsetenv("TAPELAB_PUBLISH_KILL_AT");
  const double full_ms = run_ms(command_on(p, fresh_copy("timing")));

  std::mt19937 rng(20251117);
  // Under load one run's commit can come later than another's end: the late
  // range always reaches past both.
  std::uniform_real_distribution<double> early(0, commit_ms * 0.8),
      late(commit_ms, std::max(commit_ms, full_ms) * 1.25);
  int landed_before = 0, landed_after = 0;
  for (int k = 0; k < kills; ++k) {
    SCOPED_TRACE(fmt::format("kill {}", k));
    const fs::path ds = fresh_copy(fmt::format("kill-{}", k));
    const pid_t pid = start(command_on(p, ds));
    const double at_ms = k % 2 == 0 ? early(rng) : late(rng);
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(at_ms * 1000)));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const Landed landed = check_killed(p, ds);
    (landed == Landed::kBeforeCommit ? landed_before : landed_after) += 1;
    expect_rerun_finishes(p, ds, landed);
    fs::remove_all(ds);
  }
  std::printf("%d kills (commit point at %.0f ms of %.0f): %d before it, %d after it\n", kills, commit_ms, full_ms,
              landed_before, landed_after);
  EXPECT_GT(landed_before, 0);
  EXPECT_GT(landed_after, 0);
}

TEST_F(Crash, KilledAtRandomInstantsOnBothSidesOfTheCommitPoint) {
  const Publish p = ingest_publish();
  kill_at_random_instants(p, [&](const std::string& name) { return fresh_copy(p.before, name); });
}

TEST_F(Crash, KilledAtRandomInstantsOfAParquetIngest) {
  const Publish p = parquet_publish();
  kill_at_random_instants(p, [&](const std::string& name) { return fresh_copy(p.before, name); });
}

}  // namespace
}  // namespace tapelab::ingest
