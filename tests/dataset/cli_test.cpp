// `tapelab dataset info|remove|rebuild` through the built binary, on a small
// dataset written with the library.
#include <cstdio>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "dataset/instrument.h"
#include "dataset/manifest.h"
#include "dataset/partition_builder.h"
#include "dataset/publisher.h"
#include "domain/contract.h"
#include "domain/trading_calendar.h"
#include "test_util.h"

namespace tapelab::dataset {
namespace {

namespace fs = std::filesystem;
using domain::Date;
using testing::at;
using testing::make_row;
using testing::TempDir;

const Date kDay1 = Date::from_ymd(2025, 11, 18);
const Date kDay2 = Date::from_ymd(2025, 11, 20);  // the 19th is a trading day the dataset lacks
const char* kWeekly = "NIFTY25D0226000CE";          // weekly, scheduled 2025-12-02
const char* kMonthly = "NIFTY25NOV26000PE";         // monthly, 2025-11-25

struct Result {
  int status;
  std::string output;
};

Result run(const std::string& args) {
  const std::string command = std::string(TAPELAB_BINARY) + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  std::string out;
  char buf[4096];
  while (const std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// Writes options (both contracts) and spot for `days` into `root`, with the
// contracts' identity from `calendar`.
void build_dataset(const fs::path& root, const std::vector<Date>& days, const domain::ExpiryCalendar& calendar) {
  SourceTable sources;
  sources.add(testing::make_source("nov/das_niftyopt_mod.sql.gz", at(15, 30, 0, kDay2)));
  sources.finalize();
  Publisher publisher(root);
  Manifest manifest;
  manifest.tapelab_version = "test";
  manifest.upsert_source(sources.at(0));
  std::vector<PartitionKey> keys;
  for (const Date day : days) {
    const PartitionKey spot_key{TableKind::kSpot, day, "NIFTY"};
    PartitionBuilder spot(spot_key, sources, BuildOptions{publisher.scratch_dir()});
    std::vector<TickRow> spot_rows;
    for (int s = 0; s < 60; ++s) spot_rows.push_back(make_row(at(10, 0, s, day), 26000 + s, 0));
    spot.add(spot_rows);
    spot.finish(std::nullopt, nullptr, domain::TradingCalendar::nse(), publisher.staged_path(spot_key));
    const SpotSeries series = read_spot_series(publisher.staged_path(spot_key));

    const PartitionKey key{TableKind::kOptions, day, "NIFTY"};
    PartitionBuilder options(key, sources, BuildOptions{publisher.scratch_dir()});
    std::vector<TickRow> rows;
    for (const char* symbol : {kWeekly, kMonthly}) {
      const InstrumentOrError ins = option_instrument(symbol, calendar);
      EXPECT_TRUE(ins.instrument) << ins.error;
      const std::uint32_t index = options.add_instrument(*ins.instrument);
      for (int s = 0; s < 30; ++s) rows.push_back(make_row(at(10, 0, 2 * s, day), 100 + s, 75 * s, 99, 101, 0, index));
    }
    options.add(rows);
    const PartitionAudit audit = options.finish(std::nullopt, &series, domain::TradingCalendar::nse(),
                                                publisher.staged_path(key));
    for (const PartitionKey& k : {key, spot_key}) {
      const fs::path staged = publisher.staged_path(k);
      manifest.upsert(PartitionEntry{k, k.kind == TableKind::kOptions ? audit.rows_written : 60,
                                     fs::file_size(staged), hash_file(staged), {sources.at(0).key}});
      keys.push_back(k);
    }
  }
  publisher.commit(keys, {}, manifest);
}

TEST(DatasetCli, InfoShowsCoverageMissingDaysAndSources) {
  TempDir dir;
  build_dataset(dir.path(), {kDay1, kDay2}, domain::ExpiryCalendar::builtin());
  const Result r = run("dataset info " + dir.path().string() + " --json");
  ASSERT_EQ(r.status, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["partitions"], 4);
  EXPECT_EQ(j["rows"], 2 * (60 + 60));
  ASSERT_EQ(j["underlyings"].size(), 1U);
  const auto& nifty = j["underlyings"][0];
  EXPECT_EQ(nifty["underlying"], "NIFTY");
  EXPECT_EQ(nifty["missing_days"], nlohmann::json::array({"2025-11-19"}));
  ASSERT_EQ(nifty["days"].size(), 2U);
  EXPECT_EQ(nifty["days"][0]["expiries"], nlohmann::json::array({"2025-11-25", "2025-12-02"}));
  EXPECT_EQ(nifty["days"][0]["option_rows"], 60);
  EXPECT_EQ(nifty["days"][0]["spot_rows"], 60);
  EXPECT_EQ(j["sources"][0]["key"], "nov/das_niftyopt_mod.sql.gz");
  EXPECT_TRUE(j["problems"].empty());

  const Result text = run("dataset info " + dir.path().string());
  ASSERT_EQ(text.status, 0) << text.output;
  EXPECT_THAT(text.output, ::testing::HasSubstr("missing trading days: 2025-11-19"));

  const Result missing = run("dataset info " + (dir.path() / "nope").string());
  EXPECT_EQ(missing.status, 1);
  EXPECT_THAT(missing.output, ::testing::HasSubstr("no such dataset"));
}

TEST(DatasetCli, RemoveDeletesADayAtomically) {
  TempDir dir;
  build_dataset(dir.path(), {kDay1, kDay2}, domain::ExpiryCalendar::builtin());
  const Result r = run("dataset remove " + dir.path().string() + " --date 2025-11-20");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_THAT(r.output, ::testing::HasSubstr("removed options/2025-11-20/NIFTY"));
  EXPECT_FALSE(fs::exists(dir.path() / "options/date=2025-11-20"));
  EXPECT_FALSE(fs::exists(dir.path() / "spot/date=2025-11-20"));
  EXPECT_TRUE(fs::exists(partition_path(dir.path(), PartitionKey{TableKind::kOptions, kDay1, "NIFTY"})));
  const Manifest m = Manifest::load(dir.path());
  EXPECT_EQ(m.partitions.size(), 2U);
  EXPECT_EQ(m.sources.size(), 1U);  // still used by the 18th

  const Result again = run("dataset remove " + dir.path().string() + " --date 2025-11-20");
  EXPECT_EQ(again.status, 1);
  EXPECT_THAT(again.output, ::testing::HasSubstr("no partition of 2025-11-20"));
  EXPECT_EQ(run("dataset remove " + dir.path().string() + " --date 2025-11-31").status, 1);
  EXPECT_EQ(run("dataset remove " + dir.path().string() + " --date 2025-11-18 --underlying FOO").status, 1);
  EXPECT_EQ(Manifest::load(dir.path()).partitions.size(), 2U);

  ASSERT_EQ(run("dataset remove " + dir.path().string() + " --date 2025-11-18 --underlying nifty").status, 0);
  EXPECT_TRUE(Manifest::load(dir.path()).partitions.empty());
  EXPECT_TRUE(Manifest::load(dir.path()).sources.empty());
}

TEST(DatasetCli, RebuildAppliesACorrectedCalendarLikeAFreshBuild) {
  TempDir dir;
  const fs::path calendar_csv = dir.path() / "calendar.csv";
  std::ofstream(calendar_csv)
      << "Instrument,Expiry_Type,Contract_Month,Scheduled_Expiry,Scheduled_Day,Final_Expiry,Final_Day,"
         "Final_Day_Label,Shifted,Days_Moved_Back,Holiday_on_Scheduled?,Rule\n"
         "NIFTY,Weekly,2025-12,2025-12-02,Tuesday,2025-12-01,Monday,Monday,Yes,1,False,corrected\n";
  const domain::ExpiryCalendar corrected = domain::ExpiryCalendar::overlay(
      domain::ExpiryCalendar::builtin(), domain::ExpiryCalendar::from_csv(calendar_csv));

  const fs::path rebuilt = dir.path() / "rebuilt";
  const fs::path fresh = dir.path() / "fresh";
  build_dataset(rebuilt, {kDay1}, domain::ExpiryCalendar::builtin());
  build_dataset(fresh, {kDay1}, corrected);
  const PartitionKey key{TableKind::kOptions, kDay1, "NIFTY"};
  ASSERT_NE(testing::file_bytes(partition_path(rebuilt, key)), testing::file_bytes(partition_path(fresh, key)));

  const Result r = run("dataset rebuild " + rebuilt.string() + " --calendar " + calendar_csv.string() +
                       " --memory-mb 1");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_THAT(r.output, ::testing::HasSubstr("1 changed"));
  EXPECT_EQ(testing::file_bytes(partition_path(rebuilt, key)), testing::file_bytes(partition_path(fresh, key)));

  const testing::Table t = testing::read_table(partition_path(rebuilt, key));
  ASSERT_EQ(t.rows(), 60U);
  EXPECT_EQ(t.column("symbol").string_at(0), kMonthly);  // 2025-11-25 sorts first
  EXPECT_EQ(t.column("is_monthly").bools[0], 1);
  EXPECT_EQ(t.column("symbol").string_at(30), kWeekly);
  EXPECT_EQ(Date::from_days(t.column("expiry").i32[30]), Date::from_ymd(2025, 12, 1));
  EXPECT_EQ(t.column("dte").i32[30], 9);  // was 10 to the 2nd

  const Manifest m = Manifest::load(rebuilt);
  EXPECT_EQ(m.calendar_hash, hash_file(calendar_csv));
  EXPECT_EQ(m.find(key)->content_hash, hash_file(partition_path(rebuilt, key)));
  EXPECT_EQ(m.find(key)->rows, 60);

  // Applying the same calendar again changes nothing.
  const Result again = run("dataset rebuild " + rebuilt.string() + " --calendar " + calendar_csv.string());
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_THAT(again.output, ::testing::HasSubstr("0 changed"));
}

// The CLI's convention (README, "Command-line conventions"): every subcommand
// that reads a dataset takes it as `--data DATASET` (the dataset subcommands and
// `calendar check` also keep their positional form), and every one that writes
// a folder or file takes `--out`. Each form must reach the same dataset.
TEST(DatasetCli, EverySubcommandThatReadsADatasetTakesData) {
  TempDir dir;
  const std::string data = (dir.path() / "ds").string();
  build_dataset(data, {kDay1, kDay2}, domain::ExpiryCalendar::builtin());

  const Result positional = run("dataset info " + data + " --json");
  const Result flagged = run("dataset info --data " + data + " --json");
  ASSERT_EQ(flagged.status, 0) << flagged.output;
  EXPECT_EQ(flagged.output, positional.output);
  EXPECT_EQ(nlohmann::json::parse(flagged.output)["partitions"], 4);

  const Result check = run("calendar check --data " + data + " --out " + (dir.path() / "fixed.csv").string());
  ASSERT_EQ(check.status, 0) << check.output;
  EXPECT_THAT(check.output, ::testing::HasSubstr("0 contracts contradict"));
  EXPECT_TRUE(fs::exists(dir.path() / "fixed.csv"));

  const Result greeks = run("dataset greeks --data " + data + " --out " + (dir.path() / "greeks").string());
  ASSERT_EQ(greeks.status, 0) << greeks.output;
  EXPECT_TRUE(fs::exists(partition_path(dir.path() / "greeks", PartitionKey{TableKind::kOptions, kDay1, "NIFTY"})));

  const Result backtest = run("backtest --preset S1 --data " + data + " --out " + (dir.path() / "bt").string());
  ASSERT_EQ(backtest.status, 0) << backtest.output;
  EXPECT_TRUE(fs::exists(dir.path() / "bt" / "summary.json"));

  const Result scan = run("scan ema-crossover --data " + data + " --out " + (dir.path() / "ema.csv").string());
  ASSERT_EQ(scan.status, 0) << scan.output;
  EXPECT_TRUE(fs::exists(dir.path() / "ema.csv"));

  const Result sweep = run("sweep " + std::string(TAPELAB_SOURCE_DIR) + "/strategies/sweep-example.toml --data " +
                           data + " --out " + (dir.path() / "sweep").string());
  ASSERT_EQ(sweep.status, 0) << sweep.output;
  EXPECT_TRUE(fs::exists(dir.path() / "sweep" / "sweep.csv"));

  // Rebuild and remove change the dataset: run them last, through --data.
  const Result rebuild = run("dataset rebuild --data " + data + " --calendar " +
                             (dir.path() / "fixed.csv").string());
  ASSERT_EQ(rebuild.status, 0) << rebuild.output;
  const Result remove = run("dataset remove --data " + data + " --date 2025-11-20");
  ASSERT_EQ(remove.status, 0) << remove.output;
  EXPECT_FALSE(fs::exists(dir.path() / "ds" / "options/date=2025-11-20"));

  // A missing dataset named through --data is reported by the path given.
  const Result missing = run("dataset info --data " + (dir.path() / "nope").string());
  EXPECT_EQ(missing.status, 1);
  EXPECT_THAT(missing.output, ::testing::HasSubstr("no such dataset"));
}

}  // namespace
}  // namespace tapelab::dataset
