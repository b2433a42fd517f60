// The signal type's TOML: presets with overrides, and errors that name the
// file, line and key (an unknown setup, a key of another setup, values out of
// range, a partial exit that sells no whole lot, a window past square-off).
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "strategies/config.h"
#include "strategies/presets.h"
#include "strategies/scenario.h"
#include "strategies/signal.h"

namespace tapelab::strategies {
namespace {

using ::testing::HasSubstr;
using testing::config_error;

TEST(SignalConfig, PresetsAreSignalStrategies) {
  for (const char* name : {"B1", "B1b", "B2", "B3", "B3b", "B4", "B5", "B6", "B7", "B8", "OBA"}) {
    const StrategyConfig config = preset(name);
    EXPECT_EQ(config.params->type(), "signal") << name;
    EXPECT_EQ(config.name, name);
  }
  const StrategyConfig b4_config = preset("B4");
  const SignalParams& b4 = b4_config.params.as<SignalParams>();
  EXPECT_EQ(b4.setup.setup, Setup::kGammaBurst);
  EXPECT_EQ(b4.expiry.kind, engine::ExpiryChoice::Kind::kDteRange);
  EXPECT_EQ(preset("OBA").underlyings, std::vector<std::string>{"NIFTY"});
  const StrategyConfig oba = preset("OBA");
  EXPECT_EQ(setup_side(oba.params.as<SignalParams>().setup.setup), engine::Side::kSell);
}

TEST(SignalConfig, OverridesKeepThePresetsSetupAndExits) {
  const StrategyConfig config = parse_config(
      "[[strategy]]\npreset = \"B1\"\nname = \"B1-wide\"\n[strategy.setup]\ndepth_ratio = 2\n"
      "[strategy.exit]\nstop_pct = 0\ntrail_pct = 8\n",
      "my.toml")[0];
  const SignalParams& p = config.params.as<SignalParams>();
  EXPECT_EQ(p.setup.setup, Setup::kMomentumBurst);
  EXPECT_EQ(p.setup.depth_ratio, 2);
  EXPECT_EQ(p.setup.slow, 21);
  EXPECT_FALSE(p.exits.stop_pct);  // 0 turns the preset's stop off
  EXPECT_EQ(p.exits.trail_pct, 8);
  EXPECT_EQ(p.exits.max_hold_seconds, 600);
  EXPECT_EQ(p.window_from, testing::at(12, 0));
}

TEST(SignalConfig, ANewSetupStartsFromItsOwnDefaults) {
  const StrategyConfig config = parse_config(
      "[[strategy]]\nname = \"x\"\ntype = \"signal\"\n[strategy.setup]\nname = \"compression_breakout\"\n", "my.toml")[0];
  const SignalParams& p = config.params.as<SignalParams>();
  EXPECT_EQ(p.setup.setup, Setup::kCompressionBreakout);
  EXPECT_EQ(p.setup.max_range_points, 5);
  EXPECT_EQ(p.setup.volume_ratio, 2);
  EXPECT_EQ(p.atm, engine::AtmConvention::kCeUpPeDown);
}

TEST(SignalConfig, MinMovePointsPerUnderlyingOrOneForAll) {
  const SetupParams b5 = preset("B5").params.as<SignalParams>().setup;
  // The table's names are upper-cased; a day takes its underlying's value.
  EXPECT_EQ(setup_for_underlying(b5, "NIFTY").min_move_points, 2);
  EXPECT_EQ(setup_for_underlying(b5, "BANKNIFTY").min_move_points, 5);
  const StrategyConfig one = parse_config(
      "[[strategy]]\npreset = \"B5\"\n[strategy.setup]\nmin_move_points = 3\n", "my.toml")[0];
  const SetupParams flat = one.params.as<SignalParams>().setup;
  EXPECT_TRUE(flat.min_move_points_by_underlying.empty());  // one value replaces the preset's table
  EXPECT_EQ(setup_for_underlying(flat, "BANKNIFTY").min_move_points, 3);
  const StrategyConfig lower = parse_config(
      "[[strategy]]\npreset = \"B5\"\n[strategy.setup]\nmin_move_points = { finnifty = 4 }\n", "my.toml")[0];
  EXPECT_EQ(setup_for_underlying(lower.params.as<SignalParams>().setup, "FINNIFTY").min_move_points, 4);
  EXPECT_THAT(config_error("[[strategy]]\npreset = \"B5\"\n[strategy.setup]\nmin_move_points = { NIFTY = 0 }\n"),
              HasSubstr("strategy[1].setup.min_move_points.NIFTY: must be > 0 points"));
  EXPECT_THAT(config_error("[[strategy]]\npreset = \"B5\"\n[strategy.setup]\nmin_move_points = {}\n"),
              HasSubstr("strategy[1].setup.min_move_points: lists no underlying"));
}

TEST(SignalConfig, ErrorsNameTheFileLineAndKey) {
  const std::string head = "[[strategy]]\nname = \"x\"\ntype = \"signal\"\n";
  EXPECT_THAT(config_error(head), HasSubstr("bad.toml: strategy[1].setup: is required: a [strategy.setup] table"));
  EXPECT_THAT(config_error(head + "[strategy.setup]\nname = \"momentum\"\n"),
              HasSubstr("bad.toml:5: strategy[1].setup.name: unknown value \"momentum\""));
  // `fast` belongs to momentum_burst and slingshot, not to ob_absorption.
  EXPECT_THAT(config_error(head + "[strategy.setup]\nname = \"ob_absorption\"\nfast = 5\n"),
              HasSubstr("bad.toml:6: strategy[1].setup.fast: unknown key"));
  EXPECT_THAT(config_error(head + "[strategy.setup]\nname = \"slingshot\"\nfast = 30\n"),
              HasSubstr("strategy[1].setup.fast: must be shorter than `slow`"));
  EXPECT_THAT(config_error(head + "[strategy.setup]\nname = \"micro_burst\"\nmove_seconds = 2.5\n"),
              HasSubstr("bad.toml:6: strategy[1].setup.move_seconds: must be a whole number of seconds"));
  EXPECT_THAT(config_error("[[strategy]]\npreset = \"B1\"\n[strategy.exit]\nstop_pct = 150\n"),
              HasSubstr("bad.toml:4: strategy[1].exit.stop_pct: must be between 0 (off) and 100"));
  EXPECT_THAT(config_error("[[strategy]]\npreset = \"B1\"\n[strategy.exit]\ntrail = 5\n"),
              HasSubstr("bad.toml:4: strategy[1].exit.trail: unknown key"));
  EXPECT_THAT(config_error("[[strategy]]\npreset = \"B1\"\n[strategy.exit]\nsignal = \"yes\"\n"),
              HasSubstr("bad.toml:4: strategy[1].exit.signal: expected true or false"));
  EXPECT_THAT(config_error("[[strategy]]\npreset = \"B1b\"\nlots = 1\n"),
              HasSubstr("strategy[1].exit: a partial exit of 0.5 of 1 lot sells no whole lot: raise `lots`"));
  EXPECT_THAT(config_error("[[strategy]]\npreset = \"B1\"\nwindow = { from = \"15:20\", to = \"15:25\" }\n"),
              HasSubstr("bad.toml:3: strategy[1].window: starts at 15:20, at or after the square-off 15:15"));
  EXPECT_THAT(config_error("[[strategy]]\npreset = \"B1\"\nwindow = { from = \"13:00\", to = \"12:00\" }\n"),
              HasSubstr("strategy[1].window.to: is before `from`"));
  EXPECT_THAT(config_error("[[strategy]]\npreset = \"B1\"\nentry = \"stop\"\n"),
              HasSubstr("bad.toml:3: strategy[1].entry: unknown value \"stop\""));
  EXPECT_THAT(config_error("[[strategy]]\npreset = \"B1\"\ntype = \"short_premium\"\n"),
              HasSubstr("strategy[1].type: the preset is a signal strategy; its type cannot change"));
}

}  // namespace
}  // namespace tapelab::strategies
