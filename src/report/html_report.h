// report.html: one self-contained page (inline CSS and SVG; no scripts,
// fonts or links to anything outside it) with the summary table of every
// strategy and of the whole run, and per strategy its settings, its intraday
// path (a short run's minutes, marked to market), equity and drawdown
// charts, monthly P&L, return on margin per day / week / month and its trade
// list. Long tables are capped with a note naming the CSV that holds every
// row; a table wider than the window scrolls inside its own box, so the page
// never scrolls sideways. All record text is HTML-escaped; the same records
// give the same bytes.
#pragma once

#include <cstddef>
#include <string>

#include "engine/records.h"
#include "report/metrics.h"
#include "report/regime_breakdown.h"

namespace tapelab::report {

// Rows shown per strategy before the note; trades.csv and daily.csv hold all.
inline constexpr std::size_t kMaxTradeRows = 500;
inline constexpr std::size_t kMaxDayRows = 500;

// With `by_regime` (a run with --truth), a section "P&L by DTE bucket and
// regime at entry" after the summary; without it, nothing about the truth.
std::string report_html(const engine::RunRecords& records, const RunMetrics& metrics,
                        const std::vector<RegimeRow>* by_regime = nullptr);

}  // namespace tapelab::report
