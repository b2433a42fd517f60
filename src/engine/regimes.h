// The market truth's regime of every open second of a day
// (docs/market-truth.md#regimes) as a backtest reads it: the label at the
// clock, for the regime entry filter and the P&L by regime
// (docs/market-truth.md#truth-meets-backtests). The engine never computes
// regimes; the truth's reader (src/truth/backtest_truth.h) hands them over,
// so the engine does not depend on the truth.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.h"

namespace tapelab::engine {

// In the truth's order of precedence.
inline constexpr std::array<std::string_view, 6> kRegimeNames = {"fear",     "bursting", "vacuum",
                                                                 "flicker",  "trending", "calm"};

// The index of `name` in kRegimeNames; nullopt for a name that is no regime.
std::optional<std::uint8_t> regime_index(std::string_view name);

struct DayRegimes {
  std::vector<domain::WallNanos> seconds;  // ascending: the truth's open seconds of the day
  std::vector<std::uint8_t> regime;        // parallel: an index into kRegimeNames

  // The regime as of `t`: the row of the last open second at or before t, so
  // a closed second (a split session's break) keeps the regime of the last
  // open second before it and nothing later is read; nullopt before the
  // first row.
  std::optional<std::string_view> at(domain::WallNanos t) const;
};

// A strategy's entry_regimes (docs/strategy-guide.md#entry-regimes): the
// regimes it may open positions in; empty: any, without a truth.
struct RegimeFilter {
  std::vector<std::string> entry_regimes;

  bool on() const { return !entry_regimes.empty(); }
  // nullopt when an entry may open at `t`; else why not, for the orders log.
  std::optional<std::string> blocks(const DayRegimes& regimes, domain::WallNanos t) const;
};

}  // namespace tapelab::engine
