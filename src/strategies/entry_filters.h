// Conditions an entry of a structure strategy must meet at its second
// (docs/engine-rules.md#strategy-library: the Theta family and the advisers'
// structures): the expiry day, the premium skew of the legs to be sold, how
// far the short strikes lie from spot, and how calm spot has been (the day's
// range, an N-minute range, realized volatility), all from the past only.
// Each is off unless its key is given. In TOML:
//
//   expiry_day_only = true          # only on the traded expiry's own day
//   max_skew = 0.2                  # |CE - PE| / (CE + PE) of the short legs' premiums
//   min_call_distance_pct = 0.5     # the short CE strike more than 0.5% above spot
//   min_put_distance_pct = 0        # the short PE strike below spot
//   max_day_range_pct = 1.2         # spot's high - low since the open < 1.2% of spot
//   max_range = { minutes = 30, pct = 0.2 }         # over the last 30 minutes (needs 30 minutes of history)
//   max_realized_vol = { minutes = 30, pct = 15 }   # annualized, from 1-minute spot closes
//   iv_spike = { minutes = 10, rise = 0.3 }  # ATM straddle IV >= 1.3 x its low of the last 10 minutes
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/market_view.h"
#include "engine/strategy.h"
#include "engine/types.h"
#include "indicators/realized_vol.h"
#include "indicators/rolling_extremes.h"
#include "indicators/time_bars.h"
#include "strategies/toml_table.h"

namespace tapelab::strategies {

struct EntryFilters {
  bool expiry_day_only = false;
  std::optional<double> max_skew;
  std::optional<double> min_call_distance_pct;
  std::optional<double> min_put_distance_pct;
  std::optional<double> max_day_range_pct;
  struct Window {
    std::int32_t minutes = 0;
    double pct = 0;
  };
  std::optional<Window> max_range;         // spot's high - low over the window, percent of spot
  std::optional<Window> max_realized_vol;  // annualized percent, 1-minute closes over the window
  struct IvSpike {
    std::int32_t minutes = 10;
    double rise = 0.3;  // IV now / its low over the window - 1
  };
  std::optional<IvSpike> iv_spike;  // the ATM straddle's IV (mean of its CE's and PE's)

  void apply(TomlTable& table);
  // Markdown list items, one per filter that is on ("" when none is).
  std::string rules() const;
  // Short phrases for the one-line summary.
  std::vector<std::string> summary() const;
};

// What the spot filters have seen today: fed spot once a second, before the
// strategy decides, so a filter at second t covers spot up to t and nothing
// later.
class EntryFilterState {
 public:
  explicit EntryFilterState(const EntryFilters& filters);
  void start_day();
  // `expiry` is the strategy's choice (the ATM straddle IV is on that expiry).
  void update(const engine::StrategyContext& ctx, const engine::ExpiryChoice& expiry);

  // Percent of spot; nullopt until there is enough history.
  std::optional<double> day_range_pct() const;
  std::optional<double> range_pct() const;
  // Annualized percent.
  std::optional<double> realized_vol_pct() const;
  // The ATM straddle's IV now over its lowest in the window, minus 1, and the
  // two IVs; nullopt before the window has its minutes of IV.
  struct IvRise {
    double now = 0;
    double low = 0;
    double rise = 0;
  };
  std::optional<IvRise> iv_rise() const;

 private:
  const EntryFilters* filters_;
  std::optional<indicators::RollingExtremes> day_;
  std::optional<indicators::RollingExtremes> window_;
  std::optional<indicators::TimeBars> minute_bars_;
  std::optional<indicators::RealizedVolatility> realized_;
  std::optional<indicators::RollingExtremes> atm_iv_;
  std::optional<double> atm_iv_now_;
  double spot_ = 0;
};

// The short legs an entry would sell.
struct EntryCandidate {
  domain::Date expiry;
  std::int32_t call_strike = 0;
  std::int32_t put_strike = 0;
};

// The premium a leg not yet sold would be judged by: its mark under `model`,
// where `touch` is the bid (what selling gets). nullopt without a quote.
std::optional<double> sale_mark(const engine::OptionSnapshot& snapshot, engine::MarkModel model);

// Why no entry may open on `expiry` today, whatever its strikes; nullopt when
// the day filters pass. Checked before the strikes are picked: a |delta| rule
// solves the whole chain's volatilities each second of a window, which on a
// day the entry cannot happen is work for nothing.
std::optional<std::string> failed_day_filter(const EntryFilters& filters, const engine::MarketView& market,
                                             domain::Date expiry);

// Why the entry may not open now, in words for the orders log; nullopt when
// every other filter passes.
std::optional<std::string> failed_filter(const EntryFilters& filters, const EntryFilterState& state,
                                         const engine::MarketView& market, const EntryCandidate& candidate,
                                         engine::MarkModel model);

}  // namespace tapelab::strategies
