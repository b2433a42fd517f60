// The reference's own statutory cost model (docs/costs.md), for the slow
// reference backtest: the dated rates transcribed from the docs' table, not
// read from data/cost_rates.csv, and the charges computed with no engine
// code, so a wrong rate row or a wrong formula in src/engine/costs.cpp shows
// up as a difference.
#pragma once

#include <string>

namespace tapelab::strategies::testing {

// One order's statutory charges in rupees: brokerage Rs 20, STT on a sale,
// the NSE charge, the SEBI fee, stamp duty and GST, at the rates in force on
// `date` (YYYY-MM-DD); `premium` = price x quantity.
double reference_statutory_cost(const std::string& date, bool sell, double premium);

}  // namespace tapelab::strategies::testing
