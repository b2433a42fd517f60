// A preset's records must not depend on the other strategies of its run. One
// run loads the union of the columns its strategies need, so a strategy that
// reads a column it never asked for (the premium strike rule's LTP fallback
// did) behaves differently alone than beside others. Every preset runs alone
// and inside the run of all presets on the generated days; its trades, orders
// and daily rows must be the same.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/runner.h"
#include "strategies/config.h"
#include "strategies/presets.h"
#include "support/generated_dataset.h"

namespace tapelab::strategies {
namespace {

template <typename Record>
std::vector<Record> of_strategy(const std::vector<Record>& records, const std::string& name) {
  std::vector<Record> out;
  std::copy_if(records.begin(), records.end(), std::back_inserter(out),
               [&](const Record& r) { return r.strategy == name; });
  return out;
}

engine::RunRecords run(const std::vector<engine::StrategySpec>& specs) {
  engine::RunOptions options;
  options.dataset = testing::generated_dataset();
  options.threads = 2;
  return engine::run_backtest(specs, options);
}

TEST(PresetIsolation, EveryPresetAloneEqualsItselfInTheRunOfAll) {
  std::vector<engine::StrategySpec> all;
  for (const std::string& name : preset_names()) all.push_back(make_spec(preset(name)));
  ASSERT_GE(all.size(), 42U);
  const engine::RunRecords together = run(all);
  std::size_t trades_compared = 0;
  for (const engine::StrategySpec& spec : all) {
    const std::string& name = spec.info.name;
    const engine::RunRecords alone = run({spec});
    EXPECT_EQ(alone.trades, of_strategy(together.trades, name)) << name;
    EXPECT_EQ(alone.orders, of_strategy(together.orders, name)) << name;
    EXPECT_EQ(alone.days, of_strategy(together.days, name)) << name;
    trades_compared += alone.trades.size();
  }
  // The generated days must give the presets something to trade, or the
  // comparison proves nothing.
  EXPECT_GT(trades_compared, 100U);
}

}  // namespace
}  // namespace tapelab::strategies
