// What an order costs: the flat per-order fee, or the statutory Indian model
// (brokerage, STT on sells, exchange charge, SEBI fee, stamp duty on buys, GST)
// at the rates in force on the trade date. The dated rates are data
// (data/cost_rates.csv compiled in), so a new budget's STT is one new row.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "engine/config.h"
#include "engine/types.h"

namespace tapelab::engine {

// One row of the rate table: rates that apply from `effective_from` on.
struct StatutoryRates {
  domain::Date effective_from;
  double stt_sell_pct = 0;      // % of sell-side premium
  double stt_exercise_pct = 0;  // % of the intrinsic value of a bought option settled in the money
  double exchange_pct = 0;      // % of premium
  double sebi_per_crore = 0;    // rupees per 1 crore of premium
  double stamp_buy_pct = 0;     // % of buy-side premium
  double stamp_sell_pct = 0;    // % of sell-side premium (state stamp duty before Jul 2020)
  double gst_pct = 0;           // % of brokerage + exchange charge + SEBI fee
};

// Parses a rate table (the data/cost_rates.csv format); `source` names it in
// error messages. Rows come back sorted by date; duplicate dates are errors.
std::vector<StatutoryRates> parse_statutory_rates(std::string_view csv, std::string_view source);
// The built-in rates in force on `trade_date`; throws Error before the first row.
const StatutoryRates& statutory_rates(domain::Date trade_date);

// One order's charges in rupees (all 0 but `brokerage` under the flat model,
// where it holds the flat fee).
struct OrderCosts {
  double brokerage = 0;
  double stt = 0;
  double exchange = 0;
  double sebi = 0;
  double stamp = 0;
  double gst = 0;
  double total() const { return brokerage + stt + exchange + sebi + stamp + gst; }
};

// The charges of one filled order of `quantity` units at `price` per unit.
OrderCosts order_costs(const CostConfig& config, domain::Date trade_date, Side side, double price,
                       std::int32_t quantity);

// The charges of a leg that settles at expiry at `intrinsic` per unit (index
// options settle in cash; no order, so no brokerage or exchange charge): under
// the statutory model a long leg in the money pays STT on exercise on
// intrinsic x quantity at the rate in force on the expiry date; a short leg,
// and the flat model (it prices orders only), pay nothing.
OrderCosts settlement_costs(const CostConfig& config, domain::Date expiry, Side opening_side, double intrinsic,
                            std::int32_t quantity);

}  // namespace tapelab::engine
