// The signal presets on the generated dataset (2 days, NIFTY and BANKNIFTY):
// what must hold on any market. One position at a time (a structure opens
// only after the previous one has fully closed), entries inside the window,
// no exit at price 0, OBA and B4 only on NIFTY, and the same records for any
// thread count.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "engine/runner.h"
#include "strategies/clock.h"
#include "strategies/config.h"
#include "strategies/presets.h"
#include "strategies/signal.h"
#include "support/generated_dataset.h"

namespace tapelab::strategies {
namespace {

const std::vector<std::string> kPresets = {"B1", "B1b", "B2", "B3", "B3b", "B4", "B5", "B6", "B7", "B8", "OBA"};

std::vector<StrategyConfig> configs() {
  std::vector<StrategyConfig> out;
  for (const std::string& name : kPresets) {
    StrategyConfig config = preset(name);
    // `small` generated days quote an option every 1-2 minutes: 30 s would
    // leave almost nothing to fill.
    config.execution.max_quote_age_seconds = 180;
    out.push_back(std::move(config));
  }
  return out;
}

engine::RunRecords run(const std::vector<StrategyConfig>& strategies, int threads) {
  std::vector<engine::StrategySpec> specs;
  for (const StrategyConfig& config : strategies) specs.push_back(make_spec(config));
  engine::RunOptions options;
  options.dataset = tapelab::testing::generated_dataset();
  options.threads = threads;
  return engine::run_backtest(specs, options);
}

TEST(SignalGenerated, OnePositionAtATimeInsideTheWindowOnAnyThreadCount) {
  const std::vector<StrategyConfig> strategies = configs();
  const engine::RunRecords r = run(strategies, 1);
  EXPECT_EQ(r.trades, run(strategies, 2).trades);

  std::map<std::string, const SignalParams*> params;
  for (const StrategyConfig& c : strategies) params[c.name] = &c.params.as<SignalParams>();
  // (strategy, date, underlying, structure) -> its trades' entry and last exit
  std::map<std::tuple<std::string, domain::Date, std::string, std::int64_t>,
           std::pair<domain::WallNanos, domain::WallNanos>> spans;
  std::set<std::string> traded;
  for (const engine::TradeRecord& t : r.trades) {
    traded.insert(t.strategy);
    EXPECT_GT(t.exit_price, 0) << t.strategy;
    EXPECT_GT(t.entry_price, 0) << t.strategy;
    const SignalParams& p = *params.at(t.strategy);
    // A limit or latent entry fills after its decision; the decision is in the window.
    const std::int32_t entry = second_of_day(t.entry_time);
    EXPECT_GE(entry, p.window_from) << t.strategy;
    EXPECT_LE(entry, p.window_to + p.limit_wait_seconds) << t.strategy;
    if (t.strategy == "OBA" || t.strategy == "B4") {
      EXPECT_EQ(t.underlying, "NIFTY") << t.strategy;
    }
    EXPECT_EQ(t.side, t.strategy == "OBA" ? engine::Side::kSell : engine::Side::kBuy);
    auto [it, fresh] = spans.try_emplace({t.strategy, t.date, t.underlying, t.structure_id}, t.entry_time, t.exit_time);
    if (!fresh) {
      EXPECT_EQ(it->second.first, t.entry_time) << "a structure's lots enter together";
      it->second.second = std::max(it->second.second, t.exit_time);
    }
  }
  // Structures in id order: each opens after the one before has closed.
  for (auto it = spans.begin(); it != spans.end(); ++it) {
    const auto next = std::next(it);
    if (next == spans.end() || std::get<0>(next->first) != std::get<0>(it->first) ||
        std::get<1>(next->first) != std::get<1>(it->first) || std::get<2>(next->first) != std::get<2>(it->first)) {
      continue;
    }
    EXPECT_GT(next->second.first, it->second.second)
        << std::get<0>(it->first) << " structure " << std::get<3>(next->first) << " opened before "
        << std::get<3>(it->first) << " closed";
  }
  // The checks mean something only when the presets trade.
  EXPECT_GE(traded.size(), 5u);
  EXPECT_GE(r.trades.size(), 20u);
}

}  // namespace
}  // namespace tapelab::strategies
