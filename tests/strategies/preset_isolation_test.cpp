// A strategy's records must not depend on the other strategies of its run. One
// run loads the union of the columns its strategies need, so a strategy that
// reads a column it never asked for (the premium strike rule's LTP fallback
// did) behaves differently alone than beside others. Every preset runs alone
// and inside the run of all presets on the generated days; and every preset,
// plus a premium-strike config, runs on a day loaded with only the columns it
// declares and on the same day loaded whole: the records must be the same.
// Likewise every preset on the expiries it declares it can trade and on all
// of the day's expiries, and every preset that declares a strike reach on
// its strike window and on the whole chain.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/fills.h"
#include "engine/runner.h"
#include "market/loader.h"
#include "strategies/config.h"
#include "strategies/presets.h"
#include "support/generated_dataset.h"
#include "util/error.h"

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

// The generated day with every 5th option row's bids blanked, so mids are
// missing there and rules that fall back to the LTP do; `fields` as the
// runner would load them for one strategy alone.
market::DayTape day_with_gaps(unsigned fields) {
  market::LoadOptions options;
  options.option_fields = fields;
  market::DayTape tape =
      market::load_day(testing::generated_dataset(), {domain::Date::from_ymd(2025, 11, 17), "NIFTY"}, options);
  for (auto& level : tape.options.bid_price) {
    for (std::size_t row = 0; row < level.size(); row += 5) level[row] = 0;
  }
  return tape;
}

TEST(PresetIsolation, EachStrategyReadsOnlyTheColumnsItDeclares) {
  std::vector<StrategyConfig> configs;
  for (const std::string& name : preset_names()) configs.push_back(preset(name));
  configs.push_back(parse_config("[[strategy]]\nname = \"premium\"\ntype = \"managed_structure\"\n"
                                 "structure = \"strangle\"\nstrikes = { premium = 40 }\nentries = [\"09:30\", \"11:00\"]\n"
                                 "[strategy.execution]\nmax_quote_age = 180\n",
                                 "premium.toml")
                        .at(0));
  const market::DayTape whole = day_with_gaps(market::kAllOptionFields);
  std::size_t trades_compared = 0;
  for (const StrategyConfig& config : configs) {
    const engine::StrategySpec spec = make_spec(config);
    const unsigned declared = engine::execution_fields(spec.info.execution) | spec.needs.option_fields;
    const engine::RunRecords alone = engine::run_day({spec}, day_with_gaps(declared));
    const engine::RunRecords full = engine::run_day({spec}, whole);
    EXPECT_EQ(alone.trades, full.trades) << config.name;
    EXPECT_EQ(alone.orders, full.orders) << config.name;
    trades_compared += alone.trades.size();
    if (config.name == "premium") {
      EXPECT_FALSE(alone.trades.empty()) << "the premium rule found no strike";
    }
  }
  EXPECT_GT(trades_compared, 50U);
}

TEST(PresetIsolation, EveryPresetTradesTheSameOnItsExpiriesAsOnAll) {
  // The presets grouped by the last expiry they load; each group runs once on
  // a day read up to that expiry and once on the day read whole.
  const market::DayKey day = market::select_days(testing::generated_dataset(), {}).front();
  market::LoadOptions every_expiry;
  every_expiry.min_expiry = day.date;
  const market::DayTape whole = market::load_day(testing::generated_dataset(), day, every_expiry);
  std::map<domain::Date, std::vector<engine::StrategySpec>> by_bound;
  for (const std::string& name : preset_names()) {
    engine::StrategySpec spec = make_spec(preset(name));
    const engine::DayLoad plan = engine::day_load({&spec}, day);
    ASSERT_TRUE(plan.load.max_expiry.has_value()) << name << " loads every expiry";
    EXPECT_LT(*plan.load.max_expiry, whole.expiries().back()) << name;
    by_bound[*plan.load.max_expiry].push_back(std::move(spec));
  }
  std::size_t trades_compared = 0;
  for (const auto& [bound, specs] : by_bound) {
    market::LoadOptions declared = every_expiry;
    declared.max_expiry = bound;
    const engine::RunRecords bounded = engine::run_day(specs, market::load_day(testing::generated_dataset(), day, declared));
    const engine::RunRecords all = engine::run_day(specs, whole);
    EXPECT_EQ(bounded.trades, all.trades) << bound.to_string();
    EXPECT_EQ(bounded.orders, all.orders) << bound.to_string();
    trades_compared += bounded.trades.size();
  }
  EXPECT_GT(trades_compared, 20U);
}

// The day as a run of `specs` alone loads it (with its strike window, if
// any), or the same with `window` as the strike window (nullopt: none).
market::DayTape day_for(const std::vector<engine::StrategySpec>& specs, const market::DayKey& day,
                        std::optional<std::optional<market::StrikeWindow>> window = std::nullopt) {
  std::vector<const engine::StrategySpec*> pointers;
  for (const engine::StrategySpec& spec : specs) pointers.push_back(&spec);
  market::LoadOptions load = engine::day_load(pointers, day).load;
  if (window) {
    load.strike_reach.reset();
    load.strike_window = *window;
  }
  return market::load_day(testing::generated_dataset(), day, load);
}

void expect_same_records(const engine::RunRecords& a, const engine::RunRecords& b, const std::string& what) {
  EXPECT_EQ(a.trades, b.trades) << what;
  EXPECT_EQ(a.orders, b.orders) << what;
  EXPECT_EQ(a.days, b.days) << what;
  EXPECT_EQ(a.intraday, b.intraday) << what;
}

TEST(PresetIsolation, EveryPresetWithAStrikeReachTradesTheSameOnItsWindowAsOnTheWholeChain) {
  // On the small generated days the windows span most of the chain; the
  // full-scale day and week of BENCHMARKS.md check the same with far
  // narrower ones, and the next test with a window that leaves most out.
  std::size_t windowed = 0;
  std::size_t trades_compared = 0;
  for (const std::string& name : preset_names()) {
    const std::vector<engine::StrategySpec> specs = {make_spec(preset(name))};
    if (!specs[0].needs.strike_reach) continue;
    ++windowed;
    for (const market::DayKey& day : market::select_days(testing::generated_dataset(), {})) {
      const market::DayTape window = day_for(specs, day);
      ASSERT_TRUE(window.strike_window.has_value()) << name;
      const engine::RunRecords in_window = engine::run_day(specs, window);
      expect_same_records(in_window, engine::run_day(specs, day_for(specs, day, std::optional<market::StrikeWindow>())),
                          name + " " + day.date.to_string());
      trades_compared += in_window.trades.size();
    }
  }
  EXPECT_GE(windowed, 20U);  // the short-premium presets that pick by ATM, points, steps or percent
  EXPECT_GT(trades_compared, 50U);
}

TEST(PresetIsolation, AStraddleTradesTheSameOnAWindowOfItsOwnStrikesAndFailsLoudlyOutsideIt) {
  // S1 reads the quotes of its two legs only: a window of the strikes it
  // traded on the whole chain gives the same records, with every other strike
  // of the day unloaded; one strike step off, its first quote throws.
  const std::vector<engine::StrategySpec> specs = {make_spec(preset("S1"))};
  std::size_t unloaded = 0;
  std::size_t days = 0;
  for (const market::DayKey& day : market::select_days(testing::generated_dataset(), {})) {
    const std::string what = "S1 " + day.underlying + " " + day.date.to_string();
    const engine::RunRecords whole = engine::run_day(specs, day_for(specs, day, std::optional<market::StrikeWindow>()));
    if (whole.trades.empty()) continue;  // a small generated day may have no quote at 09:30
    ++days;
    market::StrikeWindow traded{whole.trades[0].key.strike, whole.trades[0].key.strike};
    for (const engine::TradeRecord& t : whole.trades) {
      traded.low = std::min(traded.low, t.key.strike);
      traded.high = std::max(traded.high, t.key.strike);
    }
    const market::DayTape tape = day_for(specs, day, traded);
    unloaded += tape.unloaded.size();
    expect_same_records(engine::run_day(specs, tape), whole, what);
    const market::StrikeWindow off{traded.low + 1, traded.high + 1};
    EXPECT_THROW(engine::run_day(specs, day_for(specs, day, off)), Error) << what;
  }
  EXPECT_GE(days, 2U);
  EXPECT_GT(unloaded, 20U);
}

}  // namespace
}  // namespace tapelab::strategies
