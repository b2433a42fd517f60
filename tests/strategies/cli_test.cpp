// `tapelab backtest` and `tapelab strategies` end to end on a generated
// dataset: the seven output files exist and are byte-identical across two runs
// (different thread counts), the summary names every strategy and the
// report, provenance.json records what made the folder, and bad configs fail
// with the file, line and key.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "dataset/manifest.h"
#include "strategies/presets.h"
#include "support/generated_dataset.h"
#include "support/shell.h"
#include "support/temp_dir.h"
#include "util/version.h"

namespace tapelab::strategies {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using tapelab::testing::shell_quote;
using tapelab::testing::TempDir;
using tapelab::testing::generated_dataset;
using tapelab::testing::run_tapelab;

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

const char* const kOutputs[] = {"trades.csv",   "orders.csv",  "daily.csv",      "intraday.csv", "equity.csv",
                                "summary.json", "report.html", "provenance.json"};

TEST(BacktestCli, WritesTheReportFilesByteIdenticallyAcrossRuns) {
  TempDir dir("tapelab-backtest-cli");
  const fs::path config = dir.path() / "mine.toml";
  write(config, "[[strategy]]\npreset = \"A2\"\nname = \"A2-ltp\"\n[strategy.execution]\nmark_model = \"ltp\"\n");
  const std::string common = "backtest " + shell_quote(config.string()) + " --preset S1,A1 --data " +
                             shell_quote(generated_dataset().string());
  const fs::path log = dir.path() / "err.txt";
  const fs::path first_stdout = dir.path() / "first.txt";
  ASSERT_EQ(run_tapelab(common + " --out " + shell_quote((dir.path() / "first").string()), first_stdout, log), 0)
      << read(log);
  ASSERT_EQ(run_tapelab(common + " --threads 1 --out " + shell_quote((dir.path() / "second").string()),
                        dir.path() / "second.txt", log),
            0)
      << read(log);
  for (const char* name : kOutputs) {
    const std::string first = read(dir.path() / "first" / name);
    EXPECT_FALSE(first.empty()) << name;
    EXPECT_EQ(first, read(dir.path() / "second" / name)) << name << " differs between runs";
  }
  const std::string summary = read(first_stdout);
  for (const char* strategy : {"\nA2-ltp ", "\nS1 ", "\nA1 "}) EXPECT_THAT(summary, HasSubstr(strategy));
  for (const char* count : {"stale", "unpriced", "settled", "crossed", "rejected orders"}) {
    EXPECT_THAT(summary, HasSubstr(count));  // the table's integrity columns
  }
  EXPECT_THAT(summary, HasSubstr("report: " + (dir.path() / "first" / "report.html").string()));
  EXPECT_THAT(read(dir.path() / "first" / "trades.csv"), HasSubstr("A2-ltp"));
}

TEST(BacktestCli, TheOutputFolderRecordsItsVersionDatasetAndResolvedConfiguration) {
  TempDir dir("tapelab-backtest-cli");
  const fs::path config = dir.path() / "mine.toml";
  const std::string text =
      "[capital]\nmargin = \"per_lot\"\n[[strategy]]\npreset = \"A2\"\nname = \"A2-ltp\"\n"
      "[strategy.execution]\nmark_model = \"ltp\"\n";
  write(config, text);
  const fs::path out = dir.path() / "out";
  const fs::path log = dir.path() / "err.txt";
  ASSERT_EQ(run_tapelab("backtest " + shell_quote(config.string()) + " --preset S1 --from 2025-11-18 --data " +
                            shell_quote(generated_dataset().string()) + " --out " + shell_quote(out.string()),
                        dir.path() / "out.txt", log),
            0)
      << read(log);
  const nlohmann::json p = nlohmann::json::parse(read(out / "provenance.json"));
  EXPECT_EQ(p["tapelab_version"], kVersion);
  EXPECT_EQ(p["dataset"]["path"], generated_dataset().string());
  EXPECT_EQ(p["dataset"]["manifest_hash"], dataset::hash_file(generated_dataset() / "manifest.json"));
  const nlohmann::json& c = p["configuration"];
  EXPECT_EQ(c["command"], "backtest");
  EXPECT_EQ(c["days"]["from"], "2025-11-18");
  EXPECT_TRUE(c["days"]["to"].is_null());
  ASSERT_EQ(c["strategies"].size(), 2u);
  const nlohmann::json& a2 = c["strategies"][0];
  EXPECT_EQ(a2["name"], "A2-ltp");
  EXPECT_EQ(a2["execution"]["mark_model"], "ltp");                  // the strategy's own key
  EXPECT_EQ(a2["capital"]["margin"], "per_lot");                    // the file's default
  EXPECT_EQ(a2["capital"]["margin_per_lot"]["NIFTY"], 175000.0);    // a built-in default
  EXPECT_EQ(a2["greeks"]["model"], "black76");
  EXPECT_FALSE(a2["rules"].get<std::string>().empty());
  EXPECT_EQ(c["strategies"][1]["name"], "S1");
  EXPECT_EQ(c["strategies"][1]["capital"]["margin"], "notional");
  ASSERT_EQ(c["documents"].size(), 2u);
  EXPECT_EQ(c["documents"][0]["source"], config.string());
  EXPECT_EQ(c["documents"][0]["text"], text);
  EXPECT_EQ(c["documents"][1]["source"], "preset S1");
  EXPECT_EQ(c["documents"][1]["text"], std::string(preset_text("S1")));
}

TEST(BacktestCli, BadConfigsAndFlagsFailWithTheReason) {
  TempDir dir("tapelab-backtest-cli");
  const fs::path config = dir.path() / "bad.toml";
  write(config, "[[strategy]]\npreset = \"A1\"\ntargt = 0.4\n");
  const std::string data = " --data " + shell_quote(generated_dataset().string()) + " --out " +
                           shell_quote((dir.path() / "out").string());
  const fs::path out = dir.path() / "out.txt";
  const fs::path err = dir.path() / "err.txt";
  EXPECT_EQ(run_tapelab("backtest " + shell_quote(config.string()) + data, out, err), 1);
  EXPECT_THAT(read(err), HasSubstr(config.string() + ":3: strategy[1].targt: unknown key"));
  EXPECT_EQ(run_tapelab("backtest --preset A11" + data, out, err), 1);
  EXPECT_THAT(read(err), HasSubstr("unknown preset \"A11\""));
  EXPECT_EQ(run_tapelab("backtest --preset A1,A1" + data, out, err), 1);
  EXPECT_THAT(read(err), HasSubstr("strategy name \"A1\" is used twice"));
  EXPECT_EQ(run_tapelab("backtest" + data, out, err), 1);
  EXPECT_THAT(read(err), HasSubstr("no strategy"));
  EXPECT_EQ(run_tapelab("backtest --preset S1 --from 2025-13-01" + data, out, err), 1);
  EXPECT_THAT(read(err), HasSubstr("--from '2025-13-01' is not a date"));
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

TEST(StrategiesCli, ListsThePresetsAndPrintsTheirToml) {
  TempDir dir("tapelab-strategies-cli");
  const fs::path out = dir.path() / "out.txt";
  const fs::path err = dir.path() / "err.txt";
  ASSERT_EQ(run_tapelab("strategies", out, err), 0) << read(err);
  std::istringstream listing(read(out));
  std::vector<std::string> names;
  for (std::string line; std::getline(listing, line);) names.push_back(line.substr(0, line.find(' ')));
  EXPECT_EQ(names, preset_names());
  const std::vector<std::string> users = {"S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "A1",
                                          "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "A10"};
  ASSERT_GE(names.size(), users.size());
  EXPECT_EQ(std::vector<std::string>(names.begin(), names.begin() + static_cast<long>(users.size())), users);
  EXPECT_THAT(read(out), HasSubstr("A1   ATM straddle (nearest), entries 09:20 13:00, target 50% of credit, stop 2x credit"));
  ASSERT_EQ(run_tapelab("strategies --toml a7", out, err), 0) << read(err);
  EXPECT_THAT(read(out), HasSubstr("entries = { every_minutes = 40, from = \"09:20\", to = \"14:00\" }"));
  EXPECT_NE(run_tapelab("strategies --toml A1 --page A1", out, err), 0);
  EXPECT_THAT(read(err), HasSubstr("--toml excludes --page"));
  EXPECT_EQ(run_tapelab("strategies --page Q7", out, err), 1);
  EXPECT_THAT(read(err), HasSubstr("unknown preset \"Q7\""));
}

TEST(StrategiesCli, APageSaysTheRulesWithTheParameters) {
  TempDir dir("tapelab-strategies-cli");
  const fs::path out = dir.path() / "out.txt";
  const fs::path err = dir.path() / "err.txt";
  ASSERT_EQ(run_tapelab("strategies --page A1", out, err), 0) << read(err);
  const std::string page = read(out);
  EXPECT_THAT(page, HasSubstr("# A1\n"));
  EXPECT_THAT(page, HasSubstr("At each of 09:20 13:00 (an entry whose filters fail is skipped, with the reason in the orders log), sell 1 lot of the call and the put at the ATM strike"));
  EXPECT_THAT(page, HasSubstr("credit - cost to close >= 50% of credit"));
  EXPECT_THAT(page, HasSubstr("cost to close - credit >= 2 x credit (the premium reaches 3x what was sold"));
  EXPECT_THAT(page, HasSubstr("Close everything 90 minutes after the entry (exit reason `time`)"));
  EXPECT_THAT(page, HasSubstr("Whatever is open at 15:15 is closed"));
  EXPECT_THAT(page, HasSubstr("Costs: Rs 5 per filled order."));
  EXPECT_THAT(page, HasSubstr("```toml\n# A1 (docs/engine-rules.md#strategy-library)"));
}

// docs/strategies/ is generated by `tapelab strategies --pages`; a preset or
// a rule text that changed without regenerating it fails here.
TEST(StrategiesCli, ThePagesInTheRepositoryAreCurrent) {
  TempDir dir("tapelab-strategies-cli");
  const fs::path pages = dir.path() / "pages";
  ASSERT_EQ(run_tapelab("strategies --pages " + shell_quote(pages.string()), dir.path() / "out.txt",
                        dir.path() / "err.txt"),
            0)
      << read(dir.path() / "err.txt");
  const fs::path repo = fs::path(TAPELAB_SOURCE_DIR) / "docs" / "strategies";
  std::vector<std::string> generated, kept;
  for (const auto& entry : fs::directory_iterator(pages)) generated.push_back(entry.path().filename().string());
  for (const auto& entry : fs::directory_iterator(repo)) kept.push_back(entry.path().filename().string());
  std::sort(generated.begin(), generated.end());
  std::sort(kept.begin(), kept.end());
  EXPECT_EQ(generated, kept) << "run: tapelab strategies --pages docs/strategies";
  for (const std::string& name : generated) {
    EXPECT_EQ(read(pages / name), read(repo / name)) << name << " is out of date: tapelab strategies --pages docs/strategies";
  }
}

}  // namespace
}  // namespace tapelab::strategies
