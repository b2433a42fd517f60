// How a strategy's orders are executed and charged, and the capital its
// returns are measured against. Defaults are the users' (backtesting.md,
// decisions.md); every value is a parameter of a strategy's TOML config.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "engine/types.h"

namespace tapelab::engine {

struct CostConfig {
  // kFlat: `flat_per_order` rupees per filled order (the users' Rs 5).
  // kStatutory: brokerage, STT, exchange charge, SEBI fee, stamp duty and GST
  // at the rates in force on the trade date (rates are data, see costs.h).
  enum class Model { kFlat, kStatutory } model = Model::kFlat;
  double flat_per_order = 5.0;
  double brokerage_per_order = 20.0;  // statutory model's broker fee
};

struct ExecutionConfig {
  FillModel fill_model = FillModel::kBidAsk;
  MarkModel mark_model = MarkModel::kMid;
  std::int64_t max_quote_age_seconds = 30;  // older snapshots do not fill (decisions.md)
  std::int64_t latency_seconds = 0;         // decided at t, filled against the snapshot at t + latency
  std::int32_t square_off_seconds = 15 * 3600 + 15 * 60;  // seconds after midnight IST (15:15)
  CostConfig costs;
};

struct CapitalConfig {
  double capital = 2'000'000;  // Rs 20 lakh
  // Margin per naked short lot by underlying (users' defaults).
  std::map<std::string, double> margin_per_lot = {{"NIFTY", 175'000}, {"BANKNIFTY", 240'000}};
  double annualization_days = 252;
  double risk_free_rate = 0;
};

}  // namespace tapelab::engine
