// The entry rules ("setups") of the signal strategy type: which option a
// setup looks at, when it enters, and the exit signal it brings. Each setup
// reads only its own keys of the `[strategy.setup]` table, so a key of
// another setup is an unknown key.
//
// Sides. The buying setups look at the ATM call and the ATM put alike and
// buy the one that shows the setup (the call first when both do): a premium
// rising on momentum is the trade whichever way spot goes. gamma_burst buys
// the call when spot breaks the day's high and the put when it breaks the
// day's low; ob_absorption sells the call on an up spike of spot and the put
// on a down spike.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "domain/contract.h"
#include "engine/types.h"
#include "strategies/signal_indicators.h"
#include "util/enum_names.h"

namespace tapelab::strategies {

class TomlTable;

enum class Setup {
  kMomentumBurst,
  kSlingshot,
  kAbsorptionBreakout,
  kReload,
  kGammaBurst,
  kMicroBurst,
  kCompressionBreakout,
  kTtmSqueeze,
  kOpeningRangeVwap,
  kObAbsorption,  // a sell; the others buy
};
inline constexpr auto kSetupNames = enum_names<Setup>({
    {Setup::kMomentumBurst, "momentum_burst"},
    {Setup::kSlingshot, "slingshot"},
    {Setup::kAbsorptionBreakout, "absorption_breakout"},
    {Setup::kReload, "reload"},
    {Setup::kGammaBurst, "gamma_burst"},
    {Setup::kMicroBurst, "micro_burst"},
    {Setup::kCompressionBreakout, "compression_breakout"},
    {Setup::kTtmSqueeze, "ttm_squeeze"},
    {Setup::kOpeningRangeVwap, "opening_range_vwap"},
    {Setup::kObAbsorption, "ob_absorption"},
});

// Every setup's parameters in one struct; a setup reads, checks and describes
// only its own (setup_keys() in signal_setups.cpp). Times are seconds.
struct SetupParams {
  Setup setup = Setup::kMomentumBurst;
  double fast = 5;                 // EMA periods (samples = seconds)
  double slow = 21;
  double depth_ratio = 1.5;        // momentum_burst: 5-level bid qty > ratio x ask qty
  double max_spread_pct = 0.5;     // momentum_burst: (ask - bid) / mid <= this percent
  double bid_ratio = 1.5;          // slingshot: bq0 > ratio x sq0
  double ask_ratio = 3;            // ob_absorption: sq0 > ratio x bq0
  double range_seconds = 60;       // absorption/compression: the range window
  double max_range_points = 2;     // absorption/compression: the window's range at most this
  double wall_ratio = 3;           // absorption: the window's highest sq0 > ratio x mean sq0
  double ask_volume_ratio = 10;    // reload: volume at the ask > ratio x mean sq0 ...
  double ask_volume_seconds = 10;  // ... summed over this many seconds (1: one second's)
  double reload_seconds = 10;      // reload: the tick up must come within this
  double volume_ratio = 3;         // the second's (or minute's) volume > ratio x its average
  double volume_seconds = 60;      // the average's window
  double move_seconds = 3;         // micro_burst: LTP change over this ...
  double min_move_points = 2;      // ... more than this
  // micro_burst: min_move_points per underlying (`{ NIFTY = 2, BANKNIFTY = 5 }`),
  // since one index moves several times the other's points; empty: the one
  // value above for every underlying.
  std::map<std::string, double, std::less<>> min_move_points_by_underlying;
  double strike_offset = 50;       // gamma_burst: CE >= spot + offset, PE <= spot - offset
  double bar_seconds = 60;         // ttm_squeeze: bar length
  double length = 20;              // ttm_squeeze: bars in Bollinger and Keltner
  double bollinger_k = 2;
  double keltner_k = 1.5;
  double opening_range_end = 9 * 3600 + 30 * 60;  // opening_range_vwap: range 09:15 to this
  double spot_move_pct = 0.10;     // ob_absorption: spot move over spot_move_seconds, percent
  double spot_move_seconds = 60;
};

// Reads `[strategy.setup]`: `name` picks a setup (its defaults), the other
// keys override its parameters; without `name` they override the current one.
void apply_setup(TomlTable& table, SetupParams& setup);
// The setup for a day of `underlying`: min_move_points from its per-underlying
// table when it has one (fails for an underlying the table does not list).
SetupParams setup_for_underlying(const SetupParams& setup, std::string_view underlying);
// The entry rule in plain words with its parameters (one Markdown list item).
std::string describe_setup(const SetupParams& setup);
// "momentum_burst (EMA 5/21, depth 1.5x, spread <= 0.5%)".
std::string setup_summary(const SetupParams& setup);
// Whether the setup's exit signal exists (describe_exit_signal is empty otherwise).
bool has_exit_signal(Setup setup);
std::string describe_exit_signal(const SetupParams& setup);

// The indicator groups the setup's entry and exit signal read (IndicatorNeed bits).
unsigned indicator_needs(Setup setup);

// Setups whose candidate and side come from the spot (gamma_burst, ob_absorption).
bool spot_driven(Setup setup);
engine::Side setup_side(Setup setup);

// Whether a watched contract shows the setup at this second.
bool option_entry(const SetupParams& setup, const ContractSignals& contract);
// For spot-driven setups: the option type the spot calls for now, if any.
std::optional<domain::OptionType> spot_entry(const SetupParams& setup, const SpotSignals& spot);
// For ob_absorption: the option's own condition once the spot has spiked.
bool spot_entry_option_check(const SetupParams& setup, const ContractSignals& contract);
// Records the reload setup's event on a contract after its update (no-op for
// other setups).
void track_reload(const SetupParams& setup, ContractSignals& contract);
// The setup's exit signal on the held contract.
bool exit_signal(const SetupParams& setup, const ContractSignals& contract);

}  // namespace tapelab::strategies
