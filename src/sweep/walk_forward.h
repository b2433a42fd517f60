// Walk-forward evaluation of a sweep: choose the best variants on an
// in-sample range, then report how those same variants did on the
// out-of-sample range that follows, beside their in-sample figures and
// their rank among all variants out of sample, so a user sees how much of a
// sweep's best result is luck.
//
// Windows are counted in the run's trading days (the dates it has data
// for): either one split (in sample: the days before a date; out of sample:
// that date on), or rolling windows of `in_days` in sample followed by
// `out_days` out of sample, moved forward by `out_days`, so the
// out-of-sample parts tile the days after the first in-sample window without
// overlap (the last one may be shorter). Positions are intraday, so a day's
// records do not depend on the days around it: one run over all the days
// serves every window, and a window's figures are those of the records of
// its days, exactly what a backtest of that range alone gives.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "domain/date.h"
#include "engine/records.h"
#include "report/metrics.h"
#include "sweep/ranking.h"

namespace tapelab::sweep {

struct DateRange {
  domain::Date first;  // inclusive
  domain::Date last;   // inclusive
};

struct Window {
  DateRange in;
  DateRange out;
};

struct WalkForwardSpec {
  std::optional<domain::Date> split;  // one split at this date, or
  int in_days = 0;                    // rolling windows (split absent)
  int out_days = 0;
};

// `dates` ascending, without duplicates. Throws Error when a window would be
// empty (a split outside the days, fewer days than in_days + 1).
std::vector<Window> make_windows(std::span<const domain::Date> dates, const WalkForwardSpec& spec);

// The records of the days in `range` (trades, orders, day rows), every strategy kept.
engine::RunRecords records_in(const engine::RunRecords& records, const DateRange& range);

struct Pick {
  std::size_t variant = 0;  // index into the run's strategies
  report::Metrics in;       // on the in-sample days
  report::Metrics out;      // on the out-of-sample days
  std::size_t out_rank = 0; // 1 = the best of all variants out of sample
};

struct WindowResult {
  Window window;
  std::vector<Pick> picks;  // the in-sample best `picks` variants, best first
};

// For each window: the `picks` best variants in sample by `key`, and their
// out-of-sample figures and rank by the same key.
std::vector<WindowResult> walk_forward(const engine::RunRecords& records, std::span<const Window> windows,
                                       RankKey key, std::size_t picks);

// The walk-forward as a whole: what following the first pick of each window
// over its out-of-sample days would have given (one track), against the
// variant that was best over all those days in hindsight.
struct WalkForwardSummary {
  DateRange out;                // the first to the last out-of-sample day
  report::Metrics picked;       // the first picks, each on its window's out-of-sample days
  std::size_t hindsight = 0;    // the best variant over `out` by the same key
  report::Metrics hindsight_metrics;
};

// `results` from walk_forward(), with at least one window and one pick each.
WalkForwardSummary summarize(const engine::RunRecords& records, std::span<const WindowResult> results, RankKey key);

}  // namespace tapelab::sweep
