// `tapelab truth tables` output: the statistics tables as text, Markdown,
// CSV, JSON or a self-contained HTML page with histograms
// (docs/market-truth.md#truth-tables). Tables without rows still print
// their names and headers, in every format.
#pragma once

#include <string>
#include <string_view>

#include "truth/truth_stats.h"
#include "util/enum_names.h"

namespace tapelab::truth {

enum class StatsFormat { kText, kMarkdown, kCsv, kJson, kHtml };
inline constexpr auto kStatsFormatNames = enum_names<StatsFormat>({{StatsFormat::kText, "text"},
                                                                   {StatsFormat::kMarkdown, "md"},
                                                                   {StatsFormat::kCsv, "csv"},
                                                                   {StatsFormat::kJson, "json"},
                                                                   {StatsFormat::kHtml, "html"}});

std::string render_stats(const TruthStats& stats, StatsFormat format);

}  // namespace tapelab::truth
