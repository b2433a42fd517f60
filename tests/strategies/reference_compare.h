// What the reference tests share: the S/A strategies as the reference takes
// them, the engine's trade log turned into the reference's rows, and the
// row-for-row comparison of two logs as text.
#pragma once

#include <string>
#include <vector>

#include "engine/records.h"
#include "strategies/reference_backtest.h"

namespace tapelab::strategies::testing {

inline constexpr int kReferenceLots = 12;  // more units than a generated level holds

inline int hhmm(int hour, int minute) { return hour * 3600 + minute * 60; }

// S1, A1 and A2 as docs/engine-rules.md#strategy-library states them, written
// out here rather than read from the presets, plus tight variants of A1 and
// A2 and a kReferenceLots-lot A1 ("A1-tight", "A2-tight", "A1-lots").
std::vector<ReferenceStrategy> reference_strategies();

// The engine's trades as reference rows, structure ids numbered 1, 2, ... per
// strategy and day as the reference numbers them.
std::vector<ReferenceTrade> from_engine(const engine::RunRecords& records);

// One trade as a line of text; a trade log as lines in a canonical order.
std::string line(const ReferenceTrade& t);
std::vector<std::string> lines(std::vector<ReferenceTrade> trades);

// The engine's trade log on the generated dataset for strategies written as
// TOML, one [[strategy]] each.
std::vector<std::string> engine_lines_for(const std::vector<std::string>& tomls);

// The reference's trades on the generated dataset through our reader.
std::vector<ReferenceTrade> reference_trades_for(const std::vector<ReferenceStrategy>& strategies);

// Fails the test at the first line where the two logs differ.
void expect_same_rows(const std::vector<std::string>& engine_lines, const std::vector<ReferenceTrade>& reference);

}  // namespace tapelab::strategies::testing
