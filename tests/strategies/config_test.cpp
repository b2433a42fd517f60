// Strategy configs: all 18 presets parse into the parameters of the table in
// docs/engine-rules.md#strategy-library; overrides layer preset -> file
// defaults -> strategy keys; typos, bad times, bad values and unknown presets
// are errors that name the file, line and key.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "strategies/clock.h"
#include "strategies/config.h"
#include "strategies/presets.h"
#include "strategies/scenario.h"
#include "strategies/short_premium.h"
#include "util/error.h"

namespace tapelab::strategies {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Structure = ShortPremiumParams::Structure;

constexpr auto error_of = &testing::config_error;

std::vector<std::string> clock_list(const std::vector<std::int32_t>& seconds) {
  std::vector<std::string> out;
  for (const std::int32_t s : seconds) out.push_back(format_clock(s));
  return out;
}

struct Row {
  std::string id;
  Structure structure;
  double otm_pct;
  std::vector<std::string> entries;
  std::optional<double> target;
  std::optional<double> stop;
  std::optional<int> max_hold_minutes;
  std::string square_off;
};

TEST(Presets, AllEighteenMatchTheTable) {
  const auto straddle = Structure::kStraddle;
  const auto strangle = Structure::kStrangle;
  const std::vector<Row> table = {
      {"S1", straddle, 0, {"09:30"}, {}, {}, {}, "15:25"},
      {"S2", straddle, 0, {"13:00"}, {}, {}, {}, "15:25"},
      {"S3", strangle, 0.5, {"09:30"}, {}, {}, {}, "15:25"},
      {"S4", strangle, 0.5, {"13:00"}, {}, {}, {}, "15:25"},
      {"S5", strangle, 1, {"09:30"}, {}, {}, {}, "15:25"},
      {"S6", strangle, 1, {"13:00"}, {}, {}, {}, "15:25"},
      {"S7", strangle, 2, {"09:30"}, {}, {}, {}, "15:25"},
      {"S8", strangle, 2, {"13:00"}, {}, {}, {}, "15:25"},
      {"A1", straddle, 0, {"09:20", "13:00"}, 0.5, 2.0, 90, "15:15"},
      {"A2", strangle, 1, {"09:20", "10:00", "11:00", "13:00", "14:00"}, 0.3, 1.5, 30, "15:15"},
      {"A3", straddle, 0, {"09:20", "10:30", "12:00", "13:30"}, 0.25, 1.5, 15, "15:15"},
      {"A4", strangle, 1.5, {"09:20", "11:00", "13:00"}, 0.4, 2.0, 60, "15:15"},
      {"A5", strangle, 0.5, {"09:20", "11:00", "13:00", "14:00"}, 0.2, 1.8, 45, "15:15"},
      {"A6", strangle, 2, {"09:20", "12:00"}, 0.35, 2.5, 120, "15:15"},
      {"A7", straddle, 0, {"09:20", "10:00", "10:40", "11:20", "12:00", "12:40", "13:20", "14:00"}, 0.35, 1.8, 60,
       "15:15"},
      {"A8", straddle, 0, {"09:20", "13:00"}, 0.6, 2.5, 120, "15:15"},
      {"A9", strangle, 1, {"09:30", "10:30", "11:30", "12:30", "13:30", "14:30"}, 0.15, 1.2, 20, "15:15"},
      {"A10", strangle, 1, {"13:00", "13:30", "14:00", "14:30"}, 0.25, 1.5, 45, "15:15"},
  };
  std::vector<std::string> ids;
  for (const Row& row : table) ids.push_back(row.id);
  // The users' S and A families first; the other types' presets follow.
  ASSERT_GE(preset_names().size(), ids.size());
  EXPECT_EQ(std::vector<std::string>(preset_names().begin(), preset_names().begin() + static_cast<long>(ids.size())),
            ids);
  for (const Row& row : table) {
    SCOPED_TRACE(row.id);
    const StrategyConfig c = preset(row.id);
    const auto& p = c.params.as<ShortPremiumParams>();
    EXPECT_EQ(c.name, row.id);
    EXPECT_EQ(p.structure, row.structure);
    EXPECT_EQ(p.otm_pct, row.otm_pct);
    EXPECT_EQ(p.atm, engine::AtmConvention::kNearest);
    EXPECT_EQ(clock_list(p.entries), row.entries);
    EXPECT_EQ(p.target, row.target);
    EXPECT_EQ(p.stop, row.stop);
    EXPECT_EQ(p.max_hold_seconds, row.max_hold_minutes ? std::optional(*row.max_hold_minutes * 60) : std::nullopt);
    EXPECT_EQ(format_clock(c.execution.square_off_seconds), row.square_off);
    EXPECT_EQ(p.lots, 1);
    EXPECT_EQ(p.max_open_structures, 1);
    EXPECT_EQ(p.expiry.kind, engine::ExpiryChoice::Kind::kNearest);
    EXPECT_EQ(c.execution.fill_model, engine::FillModel::kBidAsk);
    EXPECT_EQ(c.execution.mark_model, engine::MarkModel::kMid);
    EXPECT_EQ(c.execution.costs.flat_per_order, 5.0);
    EXPECT_FALSE(describe(c).empty());
  }
  EXPECT_EQ(preset("a1").name, "A1");  // case-insensitive
}

TEST(Config, MarginIsAPercentOfNotionalByDefaultOrAFigurePerLot) {
  const auto configs = parse_config(R"(
[capital]
margin_pct = { NIFTY = 8.5 }
default_margin_pct = 11

[[strategy]]
preset = "S1"

[[strategy]]
preset = "A1"
[strategy.capital]
margin = "per_lot"
)",
                                    "margin.toml");
  ASSERT_EQ(configs.size(), 2u);
  EXPECT_EQ(configs[0].capital.margin_basis, engine::CapitalConfig::MarginBasis::kNotional);
  EXPECT_EQ(configs[0].capital.margin_pct.at("NIFTY"), 8.5);
  EXPECT_EQ(configs[0].capital.margin_pct.at("BANKNIFTY"), 12);  // the default stays
  EXPECT_EQ(configs[0].capital.default_margin_pct, 11);
  EXPECT_EQ(configs[1].capital.margin_basis, engine::CapitalConfig::MarginBasis::kPerLot);
  EXPECT_EQ(configs[1].capital.margin_per_lot.at("NIFTY"), 175'000);
}

TEST(Config, OverridesLayerPresetThenFileThenStrategy) {
  const auto configs = parse_config(R"(
[execution]
fill_model = "ltp"
max_quote_age = 10

[capital]
capital = 5000000
margin_per_lot = { NIFTY = 150000 }

[[strategy]]
preset = "S1"

[[strategy]]
preset = "A1"
name = "A1-wide"
stop = 3.0
lots = 2
underlyings = ["nifty"]
[strategy.execution]
mark_model = "ltp"
square_off = "15:20:30"
costs = "statutory"

[[strategy]]
name = "mine"
structure = "strangle"
otm_pct = 0.75
atm = "ce_up_pe_down"
entries = { every_minutes = 30, from = 09:30:00, to = "11:00" }
expiry = { min_dte = 1, max_dte = 3 }
)",
                                    "layers.toml");
  ASSERT_EQ(configs.size(), 3u);
  const StrategyConfig& s1 = configs[0];
  EXPECT_EQ(s1.name, "S1");
  EXPECT_EQ(format_clock(s1.execution.square_off_seconds), "15:25");  // the preset's own exit time stays
  EXPECT_EQ(s1.execution.fill_model, engine::FillModel::kLtp);        // the file's default applies
  EXPECT_EQ(s1.execution.max_quote_age_seconds, 10);
  EXPECT_EQ(s1.capital.capital, 5'000'000);
  EXPECT_EQ(s1.capital.margin_per_lot.at("NIFTY"), 150'000);
  EXPECT_EQ(s1.capital.margin_per_lot.at("BANKNIFTY"), 240'000);

  const StrategyConfig& a1 = configs[1];
  EXPECT_EQ(a1.name, "A1-wide");
  const auto& a1_params = a1.params.as<ShortPremiumParams>();
  EXPECT_EQ(a1_params.stop, 3.0);
  EXPECT_EQ(a1_params.target, 0.5);  // kept from the preset
  EXPECT_EQ(a1_params.lots, 2);
  EXPECT_EQ(a1.underlyings, std::vector<std::string>{"NIFTY"});
  EXPECT_EQ(a1.execution.mark_model, engine::MarkModel::kLtp);
  EXPECT_EQ(a1.execution.square_off_seconds, 15 * 3600 + 20 * 60 + 30);
  EXPECT_EQ(a1.execution.costs.model, engine::CostConfig::Model::kStatutory);

  const StrategyConfig& mine = configs[2];
  const auto& mine_params = mine.params.as<ShortPremiumParams>();
  EXPECT_EQ(mine_params.structure, Structure::kStrangle);
  EXPECT_EQ(mine_params.atm, engine::AtmConvention::kCeUpPeDown);
  EXPECT_EQ(clock_list(mine_params.entries), (std::vector<std::string>{"09:30", "10:00", "10:30", "11:00"}));
  EXPECT_EQ(mine_params.expiry.kind, engine::ExpiryChoice::Kind::kDteRange);
  EXPECT_EQ(mine_params.expiry.max_dte, 3);
  EXPECT_FALSE(mine_params.target.has_value());
}

TEST(Config, GreeksLayerFileThenStrategy) {
  const auto configs = parse_config(R"(
[greeks]
forward = "futures"
rate = 0.065

[[strategy]]
preset = "S1"

[[strategy]]
preset = "A1"
[strategy.greeks]
model = "bs"
dividend = 0.012
time_basis = "trading"
)",
                                    "greeks.toml");
  ASSERT_EQ(configs.size(), 2u);
  EXPECT_EQ(preset("S1").greeks, engine::GreeksConfig{});
  const engine::GreeksConfig& s1 = configs[0].greeks;
  EXPECT_EQ(s1.model, pricing::Model::kBlack76);
  EXPECT_EQ(s1.forward, engine::ForwardSource::kFutures);
  EXPECT_EQ(s1.time_basis, pricing::TimeBasis::kCalendar);
  EXPECT_EQ(s1.rate, 0.065);
  const engine::GreeksConfig& a1 = configs[1].greeks;
  EXPECT_EQ(a1.model, pricing::Model::kBlackScholes);
  EXPECT_EQ(a1.dividend, 0.012);
  EXPECT_EQ(a1.time_basis, pricing::TimeBasis::kTrading);
  EXPECT_EQ(a1.rate, 0.065);
  EXPECT_EQ(make_spec(configs[1]).info.greeks, a1);
  // Settings other than the defaults are on the page; the defaults are not.
  EXPECT_THAT(describe_page(configs[1], ""),
              HasSubstr("- Greeks: Black-Scholes on spot, dividend yield 0.012, trading time, rate 0.065.\n"));
  EXPECT_THAT(describe_page(configs[0], ""), HasSubstr("- Greeks: Black-76 on the futures forward, calendar time"));
  EXPECT_THAT(describe_page(preset("S1"), ""), Not(HasSubstr("Greeks")));
}

TEST(Config, GreeksErrorsNameTheKey) {
  EXPECT_THAT(error_of("[greeks]\nmodel = \"b76\"\n[[strategy]]\npreset = \"A1\"\n"),
              HasSubstr("bad.toml:2: greeks.model: unknown value \"b76\" (expected one of: black76, bs)"));
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.greeks]\nrat = 0.06\n"),
              HasSubstr("bad.toml:4: strategy[1].greeks.rat: unknown key"));
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.greeks]\nmodel = \"bs\"\nforward = \"futures\"\n"),
              HasSubstr("strategy[1].greeks.forward: applies to model = \"black76\" only"));
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.greeks]\ndividend = 0.01\n"),
              HasSubstr("strategy[1].greeks.dividend: a dividend yield applies to model = \"bs\" only"));
  // A file-wide dividend for Black-Scholes, and a strategy that goes back to Black-76.
  EXPECT_THAT(error_of("[greeks]\nmodel = \"bs\"\ndividend = 0.01\n[[strategy]]\npreset = \"A1\"\n"
                       "[strategy.greeks]\nmodel = \"black76\"\n"),
              HasSubstr("strategy[1].greeks.model: a dividend yield applies to model = \"bs\" only"));
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.greeks]\ntime_basis = \"business\"\n"),
              HasSubstr("strategy[1].greeks.time_basis: unknown value \"business\" (expected one of: calendar, trading)"));
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.greeks]\nrate = nan\n"),
              HasSubstr("strategy[1].greeks.rate: must be a finite number"));
}

// A Python strategy's settings (docs/python.md#python-strategies): the
// file-wide tables alone, under the same rules.
TEST(Config, SettingsAreTheFileWideTablesAlone) {
  const StrategySettings settings =
      parse_settings("[execution]\nsquare_off = \"14:00\"\nlatency = 2\n[capital]\ncapital = 2e6\n", "settings of py");
  EXPECT_EQ(settings.execution.square_off_seconds, 14 * 3600);
  EXPECT_EQ(settings.execution.latency_seconds, 2);
  EXPECT_EQ(settings.capital.capital, 2e6);
  EXPECT_EQ(settings.greeks, engine::GreeksConfig{});
  EXPECT_EQ(parse_settings("", "none").execution.square_off_seconds, engine::ExecutionConfig{}.square_off_seconds);
  const auto error = [](const std::string& text) {
    try {
      parse_settings(text, "settings of py");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(error("[execution]\nlatenc = 1\n"), HasSubstr("settings of py:2: execution.latenc: unknown key"));
  EXPECT_THAT(error("[[strategy]]\npreset = \"A1\"\n"), HasSubstr("settings of py:1: strategy: unknown key"));
  EXPECT_THAT(error("[execution\n"), HasSubstr("settings of py:1:"));
}

TEST(Config, ExampleInTheRepositoryParses) {
  const auto configs = load_config(std::string(TAPELAB_SOURCE_DIR) + "/strategies/example.toml");
  EXPECT_GE(configs.size(), 2u);
  check_unique_names(configs);
}

TEST(Config, EntryRegimesAreDistinctRegimeNamesInTheTruthsOrder) {
  const auto configs = parse_config(
      "[[strategy]]\npreset = \"A1\"\nentry_regimes = [\"trending\", \"calm\", \"fear\"]\n", "regimes.toml");
  ASSERT_EQ(configs.size(), 1u);
  EXPECT_EQ(configs[0].entry_regimes, (std::vector<std::string>{"fear", "trending", "calm"}));
  const engine::StrategySpec spec = make_spec(configs[0]);
  EXPECT_EQ(spec.regime_filter.entry_regimes, configs[0].entry_regimes);
  EXPECT_THAT(describe(configs[0]), HasSubstr("entries in regimes fear/trending/calm"));
  EXPECT_FALSE(make_spec(preset("A1")).regime_filter.on());
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\nentry_regimes = [\"calm\", \"panic\"]\n"),
              HasSubstr("bad.toml:3: strategy[1].entry_regimes: expected regime names (fear, bursting, vacuum, "
                        "flicker, trending, calm)"));
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\nentry_regimes = [\"calm\", \"calm\"]\n"),
              HasSubstr("strategy[1].entry_regimes: a regime is listed twice"));
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\nentry_regimes = []\n"),
              HasSubstr("strategy[1].entry_regimes: lists no regime"));
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\nentry_regimes = \"calm\"\n"),
              HasSubstr("strategy[1].entry_regimes"));
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\nentry_regimes = [3]\n"),
              HasSubstr("strategy[1].entry_regimes: expected regime names"));
}

TEST(Config, ErrorsNameTheFileLineAndKey) {
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\ntargt = 0.4\n"),
              HasSubstr("bad.toml:3: strategy[1].targt: unknown key"));
  EXPECT_THAT(error_of("[execution]\nfil_model = \"ltp\"\n[[strategy]]\npreset = \"A1\"\n"),
              HasSubstr("bad.toml:2: execution.fil_model: unknown key"));
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.execution]\nsquare_off = \"3pm\"\n"),
              HasSubstr("bad.toml:4: strategy[1].execution.square_off: expected a time of day"));
  EXPECT_THAT(error_of("[[strategy]]\nname = \"x\"\nentries = [\"09:20\", \"25:00\"]\n"),
              HasSubstr("bad.toml:3: strategy[1].entries: expected times of day"));
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A11\"\n"),
              HasSubstr("bad.toml:2: strategy[1].preset: unknown preset \"A11\" (known: S1, S2"));
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.execution]\nfill_model = \"bidask\"\n"),
              HasSubstr("strategy[1].execution.fill_model: unknown value \"bidask\" (expected one of: bid_ask, ltp, mid)"));
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\ntarget = 50\n"),
              HasSubstr("strategy[1].target: is the fraction of credit kept, in (0, 1]"));
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\nlots = \"one\"\n"), HasSubstr("strategy[1].lots: expected a whole number"));
  EXPECT_THAT(error_of("[[strategy]]\nname = \"x\"\nstructure = \"strangle\"\nentries = [\"09:20\"]\n"),
              HasSubstr("strategy[1].otm_pct: is required for a strangle"));
  EXPECT_THAT(error_of("[[strategy]]\nstructure = \"straddle\"\nentries = [\"09:20\"]\n"),
              HasSubstr("strategy[1].name: is required"));
  EXPECT_THAT(error_of("[[strategy]]\nname = \"x\"\nentries = [\"15:20\"]\n"),
              HasSubstr("strategy[1].entries: entry 15:20 is at or after the square-off 15:15"));
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\nunderlyings = [\"FINNIFTYX\"]\n"),
              HasSubstr("strategy[1].underlyings: unknown underlying \"FINNIFTYX\""));
  EXPECT_THAT(error_of("[capital]\nmargin_per_lot = { NIFTY = -1 }\n[[strategy]]\npreset = \"A1\"\n"),
              HasSubstr("capital.margin_per_lot.NIFTY: must be > 0"));
  EXPECT_THAT(error_of("[capital]\nmargin_pct = { BANKNIFTY = 0 }\n[[strategy]]\npreset = \"A1\"\n"),
              HasSubstr("capital.margin_pct.BANKNIFTY: must be > 0 percent"));
  EXPECT_THAT(error_of("[capital]\ndefault_margin_pct = -2\n[[strategy]]\npreset = \"A1\"\n"),
              HasSubstr("capital.default_margin_pct: must be > 0 percent"));
  EXPECT_THAT(error_of("[capital]\nmargin = \"span\"\n[[strategy]]\npreset = \"A1\"\n"),
              HasSubstr("capital.margin"));
  EXPECT_THAT(error_of("[execution]\nfill_model = \"ltp\"\n"), HasSubstr("bad.toml: no strategy"));
  EXPECT_THAT(error_of("[[strategy]]\nname = \"x\"\nentries = [\"09:20\", \"09:20\"]\n"),
              HasSubstr("strategy[1].entries: a time is listed twice"));
  EXPECT_THAT(error_of("[[strategy]\n"), HasSubstr("bad.toml:1:"));  // TOML syntax
  EXPECT_THAT(error_of("[[strategy]]\nname = \"x\"\ntype = \"long_gamma\"\n"),
              HasSubstr("strategy[1].type: unknown strategy type \"long_gamma\" (known: short_premium"));
}

TEST(Config, NamesMustBeUniqueInARun) {
  const std::vector<StrategyConfig> twice = {preset("A1"), preset("A1")};
  EXPECT_THROW(check_unique_names(twice), Error);
}

TEST(Config, UnknownPresetListsTheKnownOnes) {
  try {
    preset("Z9");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("unknown preset \"Z9\" (known: S1, S2, S3, S4, S5, S6, S7, S8, A1,"));
  }
}

}  // namespace
}  // namespace tapelab::strategies
