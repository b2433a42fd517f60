// The truth tables of one day, computed in memory from its tape: `features`
// (docs/market-truth.md#features), `atm_options`
// (docs/market-truth.md#atm_options), `events` (docs/market-truth.md#events)
// and `regimes` (docs/market-truth.md#regimes). Everything at second t is
// computed from rows stamped at or before t, and an event from rows stamped
// at or before its known_at, so cutting the tape after t leaves every row up
// to t, and every event known by t, unchanged.
#pragma once

#include "market/day_tape.h"
#include "truth/day_context.h"
#include "truth/layout.h"
#include "truth/params.h"
#include "truth/table.h"

namespace tapelab::truth {

struct DayTables {
  Table features;
  Table atm_options;
  Table events;
  Table regimes;

  const Table& of(TruthTable table) const;
};

// The tape needs its options' time, vol_delta and full book for the
// context's expiry (other expiries are ignored), its spot and, when the day
// has them, its futures (price and volume) and their book (futures_book).
DayTables day_tables(const market::DayTape& tape, const DayContext& context, const TruthParams& params);

}  // namespace tapelab::truth
