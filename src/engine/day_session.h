// The session clock of one underlying's day, and the loop that runs a set of
// strategies on it: one market view shared by all of them, one call per
// strategy per second, in the order the strategies are given.
#pragma once

#include <filesystem>
#include <vector>

#include "domain/time.h"
#include "engine/records.h"
#include "engine/runner.h"
#include "market/day_tape.h"
#include "market/loader.h"

namespace tapelab::engine {

// The clock's seconds, in order: the underlying's session (09:15:00 to
// 15:30:00 inclusive) on ordinary days, the calendar's windows on special
// sessions (muhurat, short sessions).
std::vector<domain::WallNanos> session_seconds(const market::DayTape& tape);

// The spot of the trading day before `day` (NSE calendar) as a strategy's
// warm-up gets it: only that day's rows from its session open to its close,
// so nothing of `day` leaks in; empty when the dataset lacks that day's spot.
// Read from the dataset, not from another day's run, so days stay
// independent and records the same on any thread count.
market::SeriesColumns previous_day_spot(const std::filesystem::path& dataset, const market::DayKey& day);

// Runs `strategies` (all of them: the caller picks those for the tape's
// underlying) over the day, after handing `previous_spot` (empty: none) to
// those that need it; records in the order the day produced them, with the
// intraday points when `intraday` is set. `regimes` (the day's market truth)
// is needed when a strategy filters its entries on it.
RunRecords run_session(const std::vector<const StrategySpec*>& strategies, const market::DayTape& tape,
                       const market::SeriesColumns& previous_spot = {}, bool intraday = true,
                       const DayRegimes* regimes = nullptr);

}  // namespace tapelab::engine
