// Crash safety: `tapelab ingest` is killed with SIGKILL at random instants
// while it merges a new folder into a dataset. After every kill the dataset
// must read back as exactly the state before the run or exactly the state
// after it, and a rerun must finish the job. TAPELAB_CRASH_KILLS sets the
// number of kills (`make crash-test` runs many more than the default 10).
#include <signal.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "dataset/manifest.h"
#include "dataset/publisher.h"
#include "helpers.h"

namespace tapelab::ingest {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

pid_t start_ingest(const fs::path& input, const fs::path& dataset) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execl(TAPELAB_BINARY, TAPELAB_BINARY, "ingest", input.c_str(), "--out", dataset.c_str(), "--jobs", "2",
            "--memory-budget", "4M", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

// The dataset as a reader sees it: every partition the manifest lists, whole.
std::map<std::string, std::string> visible_state(const fs::path& root) {
  dataset::recover(root);
  auto files = testing::partition_files(root);
  const auto manifest = dataset::Manifest::load(root);
  EXPECT_EQ(manifest.partitions.size(), files.size());
  for (const auto& entry : manifest.partitions) {
    EXPECT_EQ(dataset::hash_file(dataset::partition_path(root, entry.key)), entry.content_hash) << entry.key.to_string();
  }
  files["manifest partitions"] = std::to_string(manifest.partitions.size());
  return files;
}

TEST(Crash, KilledAnywhereLeavesBeforeOrAfterAndARerunFinishes) {
  const char* env = std::getenv("TAPELAB_CRASH_KILLS");
  const int kills = env ? std::atoi(env) : 10;
  TempDir dir;
  testing::generate(dir / "a", {"--start", "2025-11-17", "--days", "2", "--underlyings", "NIFTY", "--seed", "5",
                                "--overlap-days", "1"});
  // a-2 shares a's day and adds the next: the run replaces and adds partitions.
  ASSERT_EQ(testing::run_cli({"ingest", (dir / "a").string(), "--out", (dir / "before").string()}).status, 0);
  const auto before = visible_state(dir / "before");
  fs::copy(dir / "before", dir / "after", fs::copy_options::recursive);
  const auto began = std::chrono::steady_clock::now();
  ASSERT_EQ(testing::run_cli({"ingest", (dir / "a-2").string(), "--out", (dir / "after").string()}).status, 0);
  const double full_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count();
  const auto after = visible_state(dir / "after");
  ASSERT_NE(before, after);

  std::mt19937 rng(20251117);
  std::uniform_real_distribution<double> when(0, full_ms * 1.1);
  int saw_before = 0, saw_after = 0;
  for (int k = 0; k < kills; ++k) {
    const fs::path ds = dir / fmt::format("kill-{}", k);
    fs::copy(dir / "before", ds, fs::copy_options::recursive);
    const pid_t pid = start_ingest(dir / "a-2", ds);
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(when(rng) * 1000)));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const auto state = visible_state(ds);
    const bool is_before = state == before, is_after = state == after;
    EXPECT_TRUE(is_before || is_after) << "kill " << k;
    saw_before += is_before;
    saw_after += is_after;
    // The rerun finishes the job whatever the kill left behind.
    ASSERT_EQ(testing::run_cli({"ingest", (dir / "a-2").string(), "--out", ds.string()}).status, 0) << "kill " << k;
    EXPECT_EQ(visible_state(ds), after) << "kill " << k;
    fs::remove_all(ds);
  }
  std::printf("%d kills: %d left the before-state, %d the after-state\n", kills, saw_before, saw_after);
}

}  // namespace
}  // namespace tapelab::ingest
