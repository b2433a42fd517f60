// `tapelab truth tables` (docs/market-truth.md#truth-tables): the statistics
// of a one-day truth built from the planted micro-day, derived from what
// events_test.cpp shows it holds, and every format written for an empty and
// a one-day truth (defect 8: the earlier tool's statistics step crashed
// before writing anything).
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "dataset/manifest.h"
#include "support/generated_dataset.h"
#include "support/shell.h"
#include "support/temp_dir.h"
#include "truth/day_tables.h"
#include "truth/layout.h"
#include "truth/planted_day.h"
#include "truth/stats_format.h"
#include "truth/table_writer.h"
#include "truth/truth_manifest.h"
#include "truth/truth_stats.h"
#include "util/file.h"

namespace tapelab::truth {
namespace {

namespace fs = std::filesystem;
namespace support = tapelab::testing;  // temporary folders and running the CLI
using ::testing::HasSubstr;

// A truth folder holding a micro-day's four tables and a manifest listing them.
void write_truth(const fs::path& root, const testing::MicroDay& day) {
  const DayContext c = day.context();
  const DayTables tables = day_tables(day.tape(c.expiry), c, TruthParams{});
  TruthManifest manifest;
  TruthDay built{c.date, c.underlying, {{"planted", true}}, "", {}, ""};
  for (const TruthTable t : kTruthTables) {
    const fs::path relative = table_file(t, c.date, c.underlying);
    fs::create_directories((root / relative).parent_path());
    write_table(tables.of(t), root / relative, "{}");
    built.files.push_back({std::string(table_name(t)), relative.generic_string(),
                           static_cast<std::int64_t>(tables.of(t).rows()), dataset::hash_file(root / relative)});
  }
  manifest.days.push_back(built);
  write_file_atomically(root / "manifest.json", manifest.to_json());
}

const StatTable::Row& row_of(const StatTable& t, const std::array<std::string, 4>& split) {
  for (const StatTable::Row& r : t.rows) {
    if (r.split == split) return r;
  }
  throw std::runtime_error(fmt::format("{}: no row {}", t.name, fmt::join(split, "/")));
}
double stat(const StatTable& t, const std::array<std::string, 4>& split, const std::string& column) {
  const auto c = std::find(t.columns.begin(), t.columns.end(), column);
  if (c == t.columns.end()) throw std::runtime_error("no column " + column);
  return row_of(t, split).values[static_cast<std::size_t>(c - t.columns.begin())];
}

const std::array<std::string, 4> kAll = {"NIFTY", "1-2", "all", "all"};

TEST(TruthTables, StatisticsOfThePlantedDay) {
  support::TempDir dir("tapelab-truth-tables");
  write_truth(dir.path(), testing::planted_day());
  const TruthStats s = truth_stats(dir.path(), {});
  ASSERT_EQ(s.tables.size(), 3U);
  const StatTable& bursts = s.tables[0];
  // Bursts A (up, size 4, 10 s), B (down, 4, 10 s), D (up, 0, 10 s).
  EXPECT_EQ(stat(bursts, kAll, "bursts"), 3);
  EXPECT_EQ(stat(bursts, kAll, "up"), 2);
  EXPECT_EQ(stat(bursts, kAll, "down"), 1);
  EXPECT_DOUBLE_EQ(stat(bursts, kAll, "size_mean"), 8.0 / 3);
  EXPECT_EQ(stat(bursts, kAll, "size_median"), 4);
  EXPECT_EQ(stat(bursts, kAll, "size_p90"), 4);
  EXPECT_EQ(stat(bursts, kAll, "size_max"), 4);
  EXPECT_EQ(stat(bursts, kAll, "duration_s_median"), 10);
  // Relative deltas of A and B (D's is null): CE 1.25 and -7.5, median -3.125.
  EXPECT_EQ(stat(bursts, kAll, "rel_delta_ce_median"), -3.125);
  // Labels: A vacuum, B trade, D none (its mids did not move).
  EXPECT_EQ(stat(bursts, kAll, "trade_pct"), 50);
  EXPECT_EQ(stat(bursts, kAll, "vacuum_pct"), 50);
  EXPECT_EQ(stat(bursts, kAll, "mixed_pct"), 0);
  // Split by time of day and the regime of the second before the start:
  // A (09:17:00) and B (09:25:02) in the morning, D (11:00:00) at midday, all from calm.
  EXPECT_EQ(stat(bursts, {"NIFTY", "1-2", "before 11:00", "calm"}, "bursts"), 2);
  EXPECT_EQ(stat(bursts, {"NIFTY", "1-2", "11:00-13:30", "calm"}, "bursts"), 1);
  // Liquidity: 5 pulls (4 recovered: in 20, 2, 2, 2 s), 4 replenishes, over 22,501 s.
  const StatTable& liquidity = s.tables[1];
  EXPECT_DOUBLE_EQ(stat(liquidity, kAll, "minutes"), 22501.0 / 60);
  EXPECT_EQ(stat(liquidity, kAll, "pulls"), 5);
  EXPECT_DOUBLE_EQ(stat(liquidity, kAll, "pulls_per_min"), 5 / (22501.0 / 60));
  EXPECT_EQ(stat(liquidity, kAll, "replenishes"), 4);
  EXPECT_EQ(stat(liquidity, kAll, "recovery_prob"), 0.8);
  EXPECT_EQ(stat(liquidity, kAll, "recovery_s_median"), 2);
  EXPECT_EQ(stat(liquidity, kAll, "fut_pulls"), 0);  // the planted day has no futures
  EXPECT_TRUE(std::isnan(stat(liquidity, kAll, "fut_recovery_prob")));
  // One fear episode (decay half-life 31 s), one jump, inside burst D.
  const StatTable& fear = s.tables[2];
  EXPECT_EQ(stat(fear, kAll, "fear"), 1);
  EXPECT_EQ(stat(fear, kAll, "fear_half_life_s_median"), 31);
  EXPECT_EQ(stat(fear, kAll, "jumps"), 1);
  EXPECT_EQ(stat(fear, kAll, "jumps_in_burst_pct"), 100);
  EXPECT_DOUBLE_EQ(stat(fear, kAll, "bursts_with_jump_pct"), 100.0 / 3);
  // Filters: another underlying or a range without the day leaves no rows.
  EXPECT_TRUE(truth_stats(dir.path(), {std::nullopt, std::nullopt, {"BANKNIFTY"}}).tables[0].rows.empty());
  EXPECT_TRUE(truth_stats(dir.path(), {domain::Date::from_ymd(2025, 11, 18), std::nullopt, {}}).tables[0].rows.empty());
  EXPECT_FALSE(truth_stats(dir.path(), {std::nullopt, std::nullopt, {"nifty"}}).tables[0].rows.empty());
}

TEST(TruthTables, FuturesLiquidityHasItsOwnColumns) {
  // futures_day(): one futures pull (recovered in 5 s) and one replenish, no option book.
  support::TempDir dir("tapelab-truth-tables-futures");
  write_truth(dir.path(), testing::futures_day());
  const StatTable liquidity = truth_stats(dir.path(), {}).tables[1];
  EXPECT_EQ(stat(liquidity, kAll, "pulls"), 0);
  EXPECT_EQ(stat(liquidity, kAll, "replenishes"), 0);
  EXPECT_EQ(stat(liquidity, kAll, "fut_pulls"), 1);
  EXPECT_DOUBLE_EQ(stat(liquidity, kAll, "fut_pulls_per_min"), 1 / (22501.0 / 60));
  EXPECT_EQ(stat(liquidity, kAll, "fut_replenishes"), 1);
  EXPECT_EQ(stat(liquidity, kAll, "fut_recovery_prob"), 1);
  EXPECT_EQ(stat(liquidity, kAll, "fut_recovery_s_median"), 5);
  EXPECT_EQ(stat(liquidity, kAll, "fut_half_life_s_median"), 5);
  // The pull arose from a calm second (s = 99), before 11:00.
  EXPECT_EQ(stat(liquidity, {"NIFTY", "1-2", "before 11:00", "calm"}, "fut_pulls"), 1);
}

TEST(TruthTables, Quantiles) {
  // Positions (n - 1) p between order statistics: of {1, 2, 3, 4}, p90 at 2.7 -> 3.7.
  EXPECT_DOUBLE_EQ(quantile({4, 1, 3, 2}, 0.9), 3.7);
  EXPECT_EQ(quantile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_EQ(quantile({5}, 0.95), 5);
  EXPECT_TRUE(std::isnan(quantile({}, 0.5)));
}

// Runs `tapelab truth tables` on `truth` in one format; its exit code and stdout.
std::pair<int, std::string> tables_cli(const fs::path& truth, std::string_view format) {
  support::TempDir logs("tapelab-truth-tables-log");
  const std::string args = fmt::format("truth tables {} --format {}", support::shell_quote(truth.string()), format);
  const int code = support::run_tapelab(args, logs / "out.txt", logs / "err.txt");
  return {code, read_file(logs / "out.txt") + read_file(logs / "err.txt")};
}

TEST(TruthTables, Defect8_EveryFormatForAnEmptyAndAOneDayTruth) {
  support::TempDir empty("tapelab-truth-empty");
  support::TempDir one("tapelab-truth-one");
  write_truth(one.path(), testing::planted_day());
  for (const std::string_view format : kStatsFormatNames.names()) {
    for (const bool has_day : {false, true}) {
      const auto [code, out] = tables_cli(has_day ? one.path() : empty.path(), format);
      ASSERT_EQ(code, 0) << format << (has_day ? " one day: " : " empty: ") << out;
      // Every table is written, with its header, rows or not (CSV is one long
      // table of every statistic, so an empty truth is its header alone).
      for (const char* table : {"bursts", "liquidity", "fear_and_jumps"}) {
        if (format != "csv" || has_day) {
          EXPECT_THAT(out, HasSubstr(table)) << format << " " << has_day;
        }
      }
      EXPECT_THAT(out, HasSubstr("time_of_day")) << format;
      EXPECT_EQ(out.find("NIFTY") != std::string::npos, has_day) << format << "\n" << out;
    }
  }
  const nlohmann::json j = nlohmann::json::parse(tables_cli(empty.path(), "json").second);
  ASSERT_EQ(j["tables"].size(), 3U);
  for (const auto& t : j["tables"]) EXPECT_TRUE(t["rows"].empty());
  const std::string page = tables_cli(one.path(), "html").second;
  EXPECT_THAT(page, HasSubstr("<svg"));  // the histograms, inline
  EXPECT_EQ(page.find("http"), std::string::npos);  // nothing fetched from elsewhere
  EXPECT_NE(tables_cli(empty.path() / "missing", "text").first, 0);
}

}  // namespace
}  // namespace tapelab::truth
