// `tapelab sweep` end to end on the generated dataset: the files are
// byte-identical for any --threads, the ranking and walk-forward tables
// hold what the run did, and bad configs and flags fail with the reason and
// leave no output folder.
#include <algorithm>
#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "dataset/manifest.h"
#include "support/generated_dataset.h"
#include "support/shell.h"
#include "support/temp_dir.h"
#include "util/file.h"
#include "util/version.h"

namespace tapelab::sweep {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using tapelab::testing::generated_dataset;
using tapelab::testing::run_tapelab;
using tapelab::testing::shell_quote;
using tapelab::testing::TempDir;

std::string read(const fs::path& file) { return read_file(file); }
void write(const fs::path& file, const std::string& text) { write_file_atomically(file, text); }

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

constexpr const char* kSweep = R"([[strategy]]
preset = "A1"
[strategy.execution]
max_quote_age = 600
[strategy.grid]
target = [0.05, 0.5]
stop = [0.1, 2.0]
)";

TEST(SweepCli, FilesAreByteIdenticalAcrossThreadCounts) {
  TempDir dir("tapelab-sweep-cli");
  const fs::path config = dir.path() / "sweep.toml";
  write(config, kSweep);
  const std::string common = "sweep " + shell_quote(config.string()) + " --data " +
                             shell_quote(generated_dataset().string()) + " --split 2025-11-18 --picks 2 --keep-trades";
  const fs::path err = dir.path() / "err.txt";
  const fs::path first_stdout = dir.path() / "first.txt";
  ASSERT_EQ(run_tapelab(common + " --out " + shell_quote((dir.path() / "first").string()), first_stdout, err), 0)
      << read(err);
  ASSERT_EQ(run_tapelab(common + " --threads 1 --out " + shell_quote((dir.path() / "second").string()),
                        dir.path() / "second.txt", err),
            0)
      << read(err);
  for (const char* name : {"sweep.csv", "sweep.json", "walk-forward.csv", "walk-forward.json", "backtest/trades.csv",
                           "backtest/orders.csv", "backtest/daily.csv", "backtest/summary.json",
                           "backtest/report.html", "provenance.json"}) {
    const std::string first = read(dir.path() / "first" / name);
    EXPECT_FALSE(first.empty()) << name;
    EXPECT_EQ(first, read(dir.path() / "second" / name)) << name << " differs between runs";
  }
  const std::string ranking = read(dir.path() / "first" / "sweep.csv");
  EXPECT_THAT(ranking, StartsWith("rank,variant,target,stop,net,return_on_margin,max_drawdown,sharpe,win_rate,"
                                  "trades\n1,A1 target="));
  EXPECT_EQ(lines(ranking), 5u);
  const std::string walk = read(dir.path() / "first" / "walk-forward.csv");
  EXPECT_THAT(walk, StartsWith("window,in_from,in_to,out_from,out_to,pick,variant,target,stop,in_net,"));
  EXPECT_THAT(walk, HasSubstr("\n1,2025-11-17,2025-11-17,2025-11-18,2025-11-18,1,A1 target="));
  EXPECT_EQ(lines(walk), 3u);
  EXPECT_THAT(read(dir.path() / "first" / "backtest" / "trades.csv"), HasSubstr("A1 target=0.05 stop=0.1"));
  const std::string printed = read(first_stdout);
  EXPECT_THAT(printed, HasSubstr("4 variants ranked by net"));
  EXPECT_THAT(printed, HasSubstr("window 1: in 2025-11-17..2025-11-17  out 2025-11-18..2025-11-18"));
  EXPECT_THAT(printed, HasSubstr("best in hindsight"));

  const nlohmann::json provenance = nlohmann::json::parse(read(dir.path() / "first" / "provenance.json"));
  EXPECT_EQ(provenance["tapelab_version"], kVersion);
  EXPECT_EQ(provenance["dataset"]["manifest_hash"], dataset::hash_file(generated_dataset() / "manifest.json"));
  const nlohmann::json& c = provenance["configuration"];
  EXPECT_EQ(c["command"], "sweep");
  ASSERT_EQ(c["strategies"].size(), 4u);  // every variant, resolved
  EXPECT_EQ(c["strategies"][0]["name"], "A1 target=0.05 stop=0.1");
  EXPECT_EQ(c["strategies"][0]["execution"]["max_quote_age_seconds"], 600);
  EXPECT_EQ(c["options"]["split"], "2025-11-18");
  EXPECT_EQ(c["options"]["picks"], "2");
  EXPECT_EQ(c["options"]["keep_trades"], "true");
  ASSERT_EQ(c["documents"].size(), 1u);
  EXPECT_EQ(c["documents"][0]["text"], kSweep);
}

TEST(SweepCli, BadConfigsAndFlagsFailWithTheReasonAndWriteNothing) {
  TempDir dir("tapelab-sweep-cli");
  const fs::path good = dir.path() / "good.toml";
  write(good, kSweep);
  const fs::path bad = dir.path() / "bad.toml";
  write(bad, "[[strategy]]\npreset = \"A1\"\n[strategy.grid]\ntargt = [0.4]\n");
  const fs::path out_dir = dir.path() / "out";
  const std::string data = " --data " + shell_quote(generated_dataset().string()) + " --out " +
                           shell_quote(out_dir.string());
  const fs::path out = dir.path() / "out.txt";
  const fs::path err = dir.path() / "err.txt";
  const auto fails = [&](const std::string& args, const std::string& message) {
    EXPECT_EQ(run_tapelab(args + data, out, err), 1) << args;
    EXPECT_THAT(read(err), HasSubstr(message)) << args;
    EXPECT_FALSE(fs::exists(out_dir)) << args;
  };
  const std::string sweep_good = "sweep " + shell_quote(good.string());
  fails("sweep " + shell_quote(bad.string()), bad.string() + ":4: strategy[1].targt: unknown key");
  fails(sweep_good + " --rank-by profit", "unknown ranking key \"profit\"");
  fails(sweep_good + " --split 2025-11-17", "split 2025-11-17 leaves no in-sample days");
  fails(sweep_good + " --split 2025-11-31", "--split '2025-11-31' is not a date");
  fails(sweep_good + " --walk-forward 2,1", "2 in-sample days leave no out-of-sample day");
  fails(sweep_good + " --walk-forward 3", "--walk-forward takes IN,OUT");
  fails(sweep_good + " --walk-forward 1,1 --split 2025-11-18", "not both");
  fails(sweep_good + " --picks 2", "--picks needs --split or --walk-forward");
  fails(sweep_good + " --from 2025-12-01", "no days");
  fails(sweep_good + " --underlying NOSUCH", "unknown underlying 'NOSUCH'");
  fails(sweep_good + " --threads -1", "--threads must be 0");
}

}  // namespace
}  // namespace tapelab::sweep
