// The metric definitions in words, written into summary.json and report.html
// so a reader of either knows exactly what each figure means (metrics.h holds
// the same rules as code).
#pragma once

#include <array>
#include <string_view>

namespace tapelab::report {

struct Definition {
  std::string_view term;
  std::string_view text;
};

inline constexpr std::array kMetricDefinitions = {
    Definition{"trade", "one structure: the legs of one entry (same strategy, date and structure id); its P&L is the "
                        "sum of its legs' net. 'legs' counts leg round trips (rows of trades.csv)."},
    Definition{"win_rate", "trades with net > 0 divided by all trades (a net of exactly 0 is neither win nor loss)."},
    Definition{"average_win / average_loss", "mean net of the winning / losing trades (a loss is negative)."},
    Definition{"profit_factor", "sum of winning nets / |sum of losing nets|; null when there is no loss (infinite) "
                                "or no trade."},
    Definition{"expectancy", "net / trades: rupees per trade."},
    Definition{"max_drawdown", "largest fall of cumulative net from its running peak (starting at 0) on the daily "
                               "equity curve; also in % of the configured capital."},
    Definition{"daily return on margin", "a day's net / the peak margin in use that day (naked short lot: margin per "
                                         "lot; long: premium paid; defined risk: maximum loss); 0 on a day with no "
                                         "margin in use."},
    Definition{"sharpe", "(mean daily return on margin - rf) / sample standard deviation x sqrt(annualization "
                         "days); rf = risk-free rate / annualization days; null with fewer than 2 days, no margin "
                         "or zero deviation."},
    Definition{"sortino", "(mean daily return on margin - rf) / sqrt(mean of min(0, r - rf)^2 over all days) x "
                          "sqrt(annualization days); null when no day fell below rf."},
    Definition{"return on margin per day / week / month", "a period's net / the peak margin of its days (weeks run "
                                                          "Monday to Sunday, months are calendar months); the "
                                                          "summary figure is the mean over the periods with margin "
                                                          "in use. Total: net / peak daily margin of the run."},
    Definition{"exposure", "days with at least one closed leg / days the strategy ran."},
    Definition{"integrity", "legs not closed against a fresh quote, by how square-off priced them: stale (the "
                            "leg's last quote, older than the maximum age), last-trade (a recent LTP), settled (an "
                            "expiring leg with no quote after entry, at intrinsic value against the day's last "
                            "spot), unpriced (no quote after entry: the opposite side of the last quote it had); "
                            "beyond-depth exits filled units past the visible levels at the depth penalty; "
                            "rejected orders by reason; crossed-book skips count the crossed or locked quotes "
                            "refused for a fill or a mark."},
};

}  // namespace tapelab::report
