// The truth tables of one day, computed in memory from its tape: `features`
// (docs/market-truth.md#features) and `atm_options`
// (docs/market-truth.md#atm_options). Everything at second t is computed from
// rows stamped at or before t, so cutting the tape after t leaves every row
// up to t unchanged.
#pragma once

#include "market/day_tape.h"
#include "truth/day_context.h"
#include "truth/params.h"
#include "truth/table.h"

namespace tapelab::truth {

struct DayTables {
  Table features;
  Table atm_options;
};

// The tape needs its options' time, vol_delta and full book for the
// context's expiry (other expiries are ignored), its spot and, when the day
// has them, its futures (price and volume).
DayTables day_tables(const market::DayTape& tape, const DayContext& context, const TruthParams& params);

}  // namespace tapelab::truth
