// The session clock of one underlying's day, and the loop that runs a set of
// strategies on it: one market view shared by all of them, one call per
// strategy per second, in the order the strategies are given.
#pragma once

#include <vector>

#include "domain/time.h"
#include "engine/records.h"
#include "engine/runner.h"
#include "market/day_tape.h"

namespace tapelab::engine {

// The clock's seconds, in order: the underlying's session (09:15:00 to
// 15:30:00 inclusive) on ordinary days, the calendar's windows on special
// sessions (muhurat, short sessions).
std::vector<domain::WallNanos> session_seconds(const market::DayTape& tape);

// Runs `strategies` (all of them: the caller picks those for the tape's
// underlying) over the day; records in the order the day produced them.
RunRecords run_session(const std::vector<const StrategySpec*>& strategies, const market::DayTape& tape);

}  // namespace tapelab::engine
