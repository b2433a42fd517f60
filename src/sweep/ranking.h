// Ranking a sweep's variants by one figure of report::Metrics (metrics.h
// defines each): net P&L, return on margin (the run's net / its peak daily
// margin), max drawdown, Sharpe, win rate or trades. Higher is better except
// for the drawdown; a variant without the figure (no trade, no margin, fewer
// than two days) ranks after every variant that has it. Ties go to the
// higher net P&L, then to the variant listed first, so a ranking never
// depends on anything but the metrics and the sweep file.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "report/metrics.h"

namespace tapelab::sweep {

enum class RankKey { kNet, kReturnOnMargin, kMaxDrawdown, kSharpe, kWinRate, kTrades };

// "net", "return_on_margin", "max_drawdown", "sharpe", "win_rate", "trades".
std::string_view to_string(RankKey key);
// Throws Error naming the known keys.
RankKey parse_rank_key(std::string_view text);

// The figure a key ranks by, as it is (the drawdown is not negated).
std::optional<double> rank_figure(const report::Metrics& metrics, RankKey key);

// Indices into `metrics`, best first.
std::vector<std::size_t> rank(std::span<const report::Metrics> metrics, RankKey key);

}  // namespace tapelab::sweep
