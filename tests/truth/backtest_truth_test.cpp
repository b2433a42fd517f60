// Truth meets backtests (docs/market-truth.md#truth-meets-backtests): the
// regime entry filter is causal (fear counts from its known_at), and
// `tapelab backtest --truth` writes the P&L by DTE bucket and regime, leaves
// every other file as a run without a truth writes it, and refuses a truth
// that lacks a traded day or was built from other inputs.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/csv.h"
#include "engine/regimes.h"
#include "support/generated_dataset.h"
#include "support/shell.h"
#include "support/temp_dir.h"
#include "truth/backtest_truth.h"
#include "truth/day_tables.h"
#include "truth/planted_day.h"
#include "truth/truth_manifest.h"
#include "util/file.h"

namespace tapelab::truth {
namespace {

namespace fs = std::filesystem;
namespace support = tapelab::testing;
using ::testing::HasSubstr;

TEST(TruthBacktest, FearEntersTheEntryFilterOnlyFromItsKnownAt) {
  // The planted day's fear episode starts with burst B at 09:25:02 and is
  // confirmed at 09:25:05 (events_test.cpp derives both). The regimes row of
  // t uses data up to t only (lookahead_test.cpp), so between the start and
  // the confirmation the regime is bursting, and a strategy that avoids fear
  // may still enter there; from the confirmation on it may not.
  const testing::MicroDay day = testing::planted_day();
  const DayContext c = day.context();
  const DayTables tables = day_tables(day.tape(c.expiry), c, TruthParams{});
  const engine::DayRegimes regimes =
      day_regimes(tables.regimes.column("time"), tables.regimes.column("regime"), "planted regimes");
  ASSERT_EQ(regimes.seconds.size(), 22501U);
  const engine::RegimeFilter no_fear{{"bursting", "vacuum", "flicker", "trending", "calm"}};
  const Table& e = tables.events;
  std::size_t fear = e.rows();
  for (std::size_t r = 0; r < e.rows(); ++r) {
    if (e.column("kind").string_at(r) == "fear") fear = r;
  }
  ASSERT_LT(fear, e.rows());
  const domain::WallNanos start = e.column("start").i64[fear] * 1000;
  const domain::WallNanos known_at = e.column("known_at").i64[fear] * 1000;
  ASSERT_EQ(start, testing::open_plus(testing::kMonday, 602));
  ASSERT_EQ(known_at, testing::open_plus(testing::kMonday, 605));
  for (domain::WallNanos t = start; t < known_at; t += domain::kNanosPerSecond) {
    EXPECT_EQ(regimes.at(t), "bursting");
    EXPECT_EQ(no_fear.blocks(regimes, t), std::nullopt);
  }
  EXPECT_EQ(no_fear.blocks(regimes, known_at), "regime-filter: fear");
}

std::string quoted(const fs::path& path) { return support::shell_quote(path.string()); }

struct CliRun {
  int exit_code = -1;
  std::string out;
};

CliRun tapelab(const std::string& args) {
  support::TempDir logs("tapelab-backtest-truth-log");
  CliRun run;
  run.exit_code = support::run_tapelab(args, logs / "out.txt", logs / "err.txt");
  run.out = read_file(logs / "out.txt") + read_file(logs / "err.txt");
  return run;
}

// The NIFTY truth of the generated dataset's two days, and a config that
// runs B5 twice: as it is, and entering only in calm seconds.
struct NiftyTruth {
  support::TempDir dir{"tapelab-backtest-truth"};
  fs::path truth = dir.path() / "truth";
  fs::path config = dir.path() / "calm.toml";
  CliRun build = tapelab(fmt::format("truth build --data {} --out {} --underlying NIFTY --threads 2",
                                     quoted(support::generated_dataset()), quoted(truth)));
  NiftyTruth() {
    write_file_atomically(config, "[[strategy]]\npreset = \"B5\"\nname = \"B5-calm\"\nentry_regimes = [\"calm\"]\n");
  }

  CliRun backtest(const fs::path& out, const std::string& flags) const {
    return tapelab(fmt::format("backtest {} --preset S1,B5 --data {} --out {} --threads 2 {}",
                               quoted(config), quoted(support::generated_dataset()),
                               quoted(out), flags));
  }
};
const NiftyTruth& nifty_truth() {
  static const NiftyTruth s;
  return s;
}

std::vector<std::vector<std::string>> csv_rows(const fs::path& file) {
  std::vector<std::vector<std::string>> rows;
  for (domain::CsvLine& line : domain::parse_csv(read_file(file), file.string())) {
    rows.push_back(std::move(line.fields));
  }
  return rows;
}

// Net rupees per strategy from a CSV with `strategy` and `net` columns.
std::map<std::string, double> net_by_strategy(const fs::path& file) {
  const auto rows = csv_rows(file);
  const auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(rows[0].begin(), rows[0].end(), name) - rows[0].begin());
  };
  std::map<std::string, double> net;
  for (std::size_t r = 1; r < rows.size(); ++r) net[rows[r][column("strategy")]] += std::stod(rows[r][column("net")]);
  return net;
}

TEST(TruthBacktest, ByRegimeCsvSplitsEveryTradeAndTheOtherFilesStayAsWithoutATruth) {
  const NiftyTruth& s = nifty_truth();
  ASSERT_EQ(s.build.exit_code, 0) << s.build.out;
  support::TempDir dir("tapelab-backtest-truth-run");
  const std::string nifty = "--underlying NIFTY";
  const CliRun plain = s.backtest(dir / "plain", nifty);
  ASSERT_NE(plain.exit_code, 0) << "entry_regimes without --truth must fail";
  EXPECT_THAT(plain.out, HasSubstr("entry_regimes needs the market truth"));

  // Without the filtering strategy, with and without a truth.
  const auto run = [&](const fs::path& out, const std::string& flags) {
    return tapelab(fmt::format("backtest --preset S1,B5 --data {} --out {} --threads 2 {} {}",
                               quoted(support::generated_dataset()), quoted(out), nifty, flags));
  };
  fs::create_directories(dir / "without");
  write_file_atomically(dir / "without" / "by_regime.csv", "left by an earlier run\n");
  const CliRun without = run(dir / "without", "");
  const CliRun with = run(dir / "with", "--truth " + quoted(s.truth));
  ASSERT_EQ(without.exit_code, 0) << without.out;
  ASSERT_EQ(with.exit_code, 0) << with.out;
  EXPECT_FALSE(fs::exists(dir / "without" / "by_regime.csv"));
  for (const char* file : {"trades.csv", "orders.csv", "daily.csv", "intraday.csv", "equity.csv", "summary.json"}) {
    EXPECT_EQ(read_file(dir / "with" / file), read_file(dir / "without" / file)) << file;
  }
  const std::string html_without = read_file(dir / "without" / "report.html");
  const std::string html_with = read_file(dir / "with" / "report.html");
  EXPECT_THAT(html_without, ::testing::Not(HasSubstr("by-regime")));
  EXPECT_THAT(html_with, HasSubstr("<section id=\"by-regime\">"));

  const auto rows = csv_rows(dir / "with" / "by_regime.csv");
  ASSERT_GT(rows.size(), 1U);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"strategy", "underlying", "dte_bucket", "regime", "trades", "wins",
                                               "losses", "win_rate", "legs", "gross", "costs", "net",
                                               "net_per_trade"}));
  const std::set<std::string> buckets = {"0", "1-2", "3-4", "5-6", "7+"};
  std::map<std::string, int> legs;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    EXPECT_EQ(rows[r][1], "NIFTY");
    EXPECT_TRUE(buckets.contains(rows[r][2])) << rows[r][2];
    EXPECT_TRUE(engine::regime_index(rows[r][3]).has_value()) << rows[r][3];
    legs[rows[r][0]] += std::stoi(rows[r][8]);
  }
  // Every leg of trades.csv is in exactly one split, and the nets add up per strategy.
  std::map<std::string, int> trade_legs;
  for (const auto& row : csv_rows(dir / "with" / "trades.csv")) {
    if (row[0] != "strategy") ++trade_legs[row[0]];
  }
  EXPECT_EQ(legs, trade_legs);
  const auto nets = net_by_strategy(dir / "with" / "by_regime.csv");
  for (const auto& [strategy, net] : net_by_strategy(dir / "with" / "trades.csv")) {
    EXPECT_NEAR(nets.at(strategy), net, 0.01 * static_cast<double>(legs[strategy])) << strategy;
  }
}

TEST(TruthBacktest, TheFilteredStrategyEntersOnlyInListedRegimes) {
  const NiftyTruth& s = nifty_truth();
  ASSERT_EQ(s.build.exit_code, 0) << s.build.out;
  support::TempDir dir("tapelab-backtest-truth-filter");
  const CliRun run = s.backtest(dir / "out", "--underlying NIFTY --truth " + quoted(s.truth));
  ASSERT_EQ(run.exit_code, 0) << run.out;
  int calm = 0;
  for (const auto& row : csv_rows(dir / "out" / "by_regime.csv")) {
    if (row[0] != "B5-calm") continue;
    EXPECT_EQ(row[3], "calm");
    calm += std::stoi(row[4]);
  }
  int blocked = 0;
  for (const auto& row : csv_rows(dir / "out" / "orders.csv")) {
    if (row[0] == "B5-calm" && row[15].starts_with("regime-filter")) {
      EXPECT_THAT(row[15], ::testing::Not(HasSubstr("calm")));
      ++blocked;
    }
  }
  EXPECT_GT(calm + blocked, 0) << "B5 neither entered nor was held back: the test shows nothing";
}

TEST(TruthBacktest, ATruthWithoutATradedDayOrFromAnotherDatasetIsAnErrorNamingTheDay) {
  const NiftyTruth& s = nifty_truth();
  ASSERT_EQ(s.build.exit_code, 0) << s.build.out;
  support::TempDir dir("tapelab-backtest-truth-bad");
  // The truth holds NIFTY only; the run trades BANKNIFTY too.
  const CliRun both = tapelab(fmt::format("backtest --preset S1 --data {} --out {} --truth {}",
                                          quoted(support::generated_dataset()),
                                          quoted(dir / "both"), quoted(s.truth)));
  EXPECT_NE(both.exit_code, 0);
  EXPECT_THAT(both.out, HasSubstr("the truth has no BANKNIFTY 2025-11-17"));

  // A truth whose day read other inputs (another dataset's spot) and another manifest.
  fs::copy(s.truth, dir / "truth", fs::copy_options::recursive);
  TruthManifest m = TruthManifest::load(dir / "truth");
  m.days[0].dataset_manifest_hash = "xxh3-128:00000000000000000000000000000000";
  m.days[0].key["inputs"]["spot"] = "xxh3-128:00000000000000000000000000000000";
  write_file_atomically(dir / "truth" / "manifest.json", m.to_json());
  const CliRun other = tapelab(fmt::format("backtest --preset S1 --data {} --out {} --underlying NIFTY --truth {}",
                                           quoted(support::generated_dataset()),
                                           quoted(dir / "other"),
                                           quoted(dir / "truth")));
  EXPECT_NE(other.exit_code, 0);
  EXPECT_THAT(other.out, HasSubstr(fmt::format("NIFTY {} was built from another dataset", m.days[0].date.to_string())));

  // The same day with only the manifest hash changed (a later ingest of other days): still this dataset's truth.
  m.days[0].key = TruthManifest::load(s.truth).days[0].key;
  write_file_atomically(dir / "truth" / "manifest.json", m.to_json());
  const CliRun later = tapelab(fmt::format("backtest --preset S1 --data {} --out {} --underlying NIFTY --truth {}",
                                           quoted(support::generated_dataset()),
                                           quoted(dir / "later"),
                                           quoted(dir / "truth")));
  EXPECT_EQ(later.exit_code, 0) << later.out;
}

}  // namespace
}  // namespace tapelab::truth
