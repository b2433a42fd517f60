// Sweeps on the shared generated dataset (2 days, NIFTY and BANKNIFTY)
// against plain backtests: every variant's records and figures equal those
// of running it alone, and the walk-forward picks what ranking separate
// in-sample backtests picks, with the out-of-sample figures of a separate
// backtest of the pick on the out-of-sample day.
#include <algorithm>
#include <iterator>
#include <numeric>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/runner.h"
#include "report/metrics.h"
#include "strategies/config.h"
#include "support/generated_dataset.h"
#include "sweep/run_sweep.h"
#include "sweep/variants.h"
#include "util/error.h"

namespace tapelab::sweep {
namespace {

using tapelab::testing::generated_dataset;

// Tight targets and stops with 10-minute quotes, so the generated days'
// sparse quotes trigger them (as tests/strategies/reference_test.cpp does);
// LTP marks beside mid ones, and a plain preset of another family.
constexpr const char* kSweep = R"([[strategy]]
preset = "A1"
stop = 0.1
[strategy.execution]
max_quote_age = 600
[strategy.grid]
target = [0.05, 0.5]
execution.mark_model = ["mid", "ltp"]
[[strategy]]
preset = "S1"
)";

const domain::Date kFirstDay = domain::Date::from_ymd(2025, 11, 17);
const domain::Date kSecondDay = domain::Date::from_ymd(2025, 11, 18);

engine::RunOptions run_options(std::optional<domain::Date> from = std::nullopt,
                               std::optional<domain::Date> to = std::nullopt) {
  engine::RunOptions options;
  options.dataset = generated_dataset();
  options.days.from = from;
  options.days.to = to;
  return options;
}

// The variant run on its own, as `tapelab backtest` runs a config.
engine::RunRecords alone(const Variant& variant, const engine::RunOptions& options) {
  return engine::run_backtest({strategies::make_spec(variant.config)}, options);
}

template <typename Record>
std::vector<Record> of(const std::vector<Record>& records, const std::string& strategy) {
  std::vector<Record> out;
  std::copy_if(records.begin(), records.end(), std::back_inserter(out),
               [&](const Record& r) { return r.strategy == strategy; });
  return out;
}

void expect_same_figures(const report::Metrics& a, const report::Metrics& b, const std::string& what) {
  EXPECT_EQ(a.net, b.net) << what;
  EXPECT_EQ(a.return_on_margin_total, b.return_on_margin_total) << what;
  EXPECT_EQ(a.max_drawdown, b.max_drawdown) << what;
  EXPECT_EQ(a.sharpe, b.sharpe) << what;
  EXPECT_EQ(a.win_rate, b.win_rate) << what;
  EXPECT_EQ(a.trades, b.trades) << what;
  EXPECT_EQ(a.days, b.days) << what;
}

// Runs the sweep and each of its variants alone over the whole dataset;
// returns the leg trades the variants made.
std::size_t expect_variants_equal_their_own_backtests(const char* sweep_text, std::size_t variants) {
  const SweepPlan plan = parse_sweep(sweep_text, "sweep.toml");
  EXPECT_EQ(plan.variants.size(), variants);
  SweepOptions options;
  options.run = run_options();
  const SweepResult result = run_sweep(plan, options);
  EXPECT_EQ(result.metrics.size(), plan.variants.size());
  std::size_t trades = 0;
  for (std::size_t v = 0; v < plan.variants.size(); ++v) {
    const std::string& name = plan.variants[v].config.name;
    const engine::RunRecords own = alone(plan.variants[v], options.run);
    EXPECT_EQ(of(result.records.trades, name), own.trades) << name;
    EXPECT_EQ(of(result.records.orders, name), own.orders) << name;
    EXPECT_EQ(of(result.records.days, name), own.days) << name;
    expect_same_figures(result.metrics[v], report::compute_run_metrics(own).strategies.at(0), name);
    trades += own.trades.size();
  }
  // The ranking is by net, best first.
  for (std::size_t r = 1; r < result.ranking.size(); ++r) {
    EXPECT_GE(result.metrics[result.ranking[r - 1]].net, result.metrics[result.ranking[r]].net);
  }
  return trades;
}

TEST(SweepRun, EveryVariantEqualsItsOwnBacktest) { EXPECT_GT(expect_variants_equal_their_own_backtests(kSweep, 5), 0u); }

// The sweep knows no strategy type: a managed structure and a signal
// strategy, their nested keys ([strategy.setup], [strategy.exit]) swept too.
TEST(SweepRun, EveryTypeSweepsAlike) {
  constexpr const char* kTypes = R"([[strategy]]
preset = "T1"
[strategy.grid]
exit_time = ["11:30", "14:00"]
[[strategy]]
preset = "B1"
[strategy.grid]
setup.fast = [5, 8]
exit.stop_pct = [10, 20]
)";
  EXPECT_GT(expect_variants_equal_their_own_backtests(kTypes, 6), 0u);
}

// The best by net of `metrics`, ties to the first listed: written out here
// rather than through rank().
std::size_t best_by_net(const std::vector<report::Metrics>& metrics) {
  std::size_t best = 0;
  for (std::size_t v = 1; v < metrics.size(); ++v) {
    if (metrics[v].net > metrics[best].net) best = v;
  }
  return best;
}

TEST(SweepRun, WalkForwardPicksWhatSeparateBacktestsPickAndReportsTheirOutOfSampleRun) {
  const SweepPlan plan = parse_sweep(kSweep, "sweep.toml");
  std::vector<report::Metrics> in_sample;
  std::vector<report::Metrics> out_of_sample;
  for (const Variant& v : plan.variants) {
    in_sample.push_back(report::compute_run_metrics(alone(v, run_options(kFirstDay, kFirstDay))).strategies.at(0));
    out_of_sample.push_back(
        report::compute_run_metrics(alone(v, run_options(kSecondDay, kSecondDay))).strategies.at(0));
  }
  const std::size_t chosen = best_by_net(in_sample);
  std::size_t out_rank = 1;
  for (std::size_t v = 0; v < plan.variants.size(); ++v) {
    const double net = out_of_sample[v].net;
    if (net > out_of_sample[chosen].net || (net == out_of_sample[chosen].net && v < chosen)) ++out_rank;
  }
  const std::size_t hindsight = best_by_net(out_of_sample);

  for (const WalkForwardSpec spec : {WalkForwardSpec{kSecondDay, 0, 0}, WalkForwardSpec{std::nullopt, 1, 1}}) {
    SweepOptions options;
    options.run = run_options();
    options.walk_forward = spec;
    options.picks = 2;
    const SweepResult result = run_sweep(plan, options);
    ASSERT_EQ(result.walk_forward.size(), 1u);
    const WindowResult& window = result.walk_forward[0];
    EXPECT_EQ(window.window.in.first, kFirstDay);
    EXPECT_EQ(window.window.in.last, kFirstDay);
    EXPECT_EQ(window.window.out.first, kSecondDay);
    EXPECT_EQ(window.window.out.last, kSecondDay);
    ASSERT_EQ(window.picks.size(), 2u);
    EXPECT_EQ(window.picks[0].variant, chosen) << plan.variants[window.picks[0].variant].config.name;
    expect_same_figures(window.picks[0].in, in_sample[chosen], "in sample");
    expect_same_figures(window.picks[0].out, out_of_sample[chosen], "out of sample");
    EXPECT_EQ(window.picks[0].out_rank, out_rank);
    EXPECT_GE(window.picks[0].in.net, window.picks[1].in.net);
    expect_same_figures(window.picks[1].out, out_of_sample[window.picks[1].variant], "second pick");
    ASSERT_TRUE(result.summary);
    expect_same_figures(result.summary->picked, out_of_sample[chosen], "the first picks' track");
    EXPECT_EQ(result.summary->hindsight, hindsight);
    expect_same_figures(result.summary->hindsight_metrics, out_of_sample[hindsight], "hindsight");
  }
}

TEST(SweepRun, TradingDaysAndWindowsTooLongForThem) {
  const SweepPlan plan = parse_sweep(kSweep, "sweep.toml");
  SweepOptions options;
  options.run = run_options();
  options.walk_forward = WalkForwardSpec{std::nullopt, 2, 1};
  EXPECT_THROW(run_sweep(plan, options), Error);
  EXPECT_EQ(trading_days(plan, options.run), (std::vector<domain::Date>{kFirstDay, kSecondDay}));
}

}  // namespace
}  // namespace tapelab::sweep
