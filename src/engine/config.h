// How a strategy's orders are executed and charged, the capital its returns
// are measured against, and how its option Greeks are computed. Defaults are
// the users' (docs/engine-rules.md); every value is a parameter of a
// strategy's TOML config.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "engine/types.h"
#include "pricing/black.h"
#include "pricing/time_to_expiry.h"

namespace tapelab::engine {

struct CostConfig {
  // kFlat: `flat_per_order` rupees per filled order (the users' Rs 5).
  // kStatutory: brokerage, STT, exchange charge, SEBI fee, stamp duty and GST
  // at the rates in force on the trade date (rates are data, see costs.h).
  enum class Model { kFlat, kStatutory } model = Model::kFlat;
  static constexpr auto kModelNames = enum_names<Model>({{Model::kFlat, "flat"}, {Model::kStatutory, "statutory"}});
  double flat_per_order = 5.0;
  double brokerage_per_order = 20.0;  // statutory model's broker fee
};

struct ExecutionConfig {
  FillModel fill_model = FillModel::kBidAsk;
  MarkModel mark_model = MarkModel::kMid;
  std::int64_t max_quote_age_seconds = 30;  // older snapshots do not fill (docs/engine-rules.md#stale-quotes-and-latency)
  std::int64_t latency_seconds = 0;         // decided at t, filled against the snapshot at t + latency
  std::int32_t square_off_seconds = 15 * 3600 + 15 * 60;  // seconds after midnight IST (15:15)
  // At square-off, units beyond a quote's visible depth fill at its worst
  // visible level made worse by this percent of that price (flagged).
  double depth_penalty_pct = 1.0;
  // A crossed or locked book (best bid >= best ask) is a data error, not a
  // price: by default it neither fills nor marks.
  bool use_crossed_books = false;
  CostConfig costs;
};

struct CapitalConfig {
  double capital = 2'000'000;  // Rs 20 lakh
  // How a naked short leg is margined (docs/strategy-guide.md#margin):
  // kNotional: a percentage of its notional (spot at the structure's entry x
  // quantity), so the margin follows lot-size and index changes; kPerLot: a
  // fixed figure per lot, whatever the lot.
  enum class MarginBasis { kNotional, kPerLot } margin_basis = MarginBasis::kNotional;
  static constexpr auto kMarginBasisNames =
      enum_names<MarginBasis>({{MarginBasis::kNotional, "notional"}, {MarginBasis::kPerLot, "per_lot"}});
  // Percent of notional by underlying, calibrated on the users' figures:
  // NIFTY Rs 1.75 lakh for 75 x ~26,000 = ~9%, BANKNIFTY Rs 2.4 lakh for
  // 35 x ~58,000 = ~12%; other underlyings `default_margin_pct`.
  std::map<std::string, double> margin_pct = {{"NIFTY", 9}, {"BANKNIFTY", 12}};
  double default_margin_pct = 10;
  // Margin per naked short lot by underlying (kPerLot; the users' figures).
  std::map<std::string, double> margin_per_lot = {{"NIFTY", 175'000}, {"BANKNIFTY", 240'000}};
  double annualization_days = 252;
  double risk_free_rate = 0;
};

// Where Black-76 takes its forward from (engine/greeks.h).
//   kParity   synthetic, from put-call parity at the ATM strike of the option's
//             own expiry (as of now, from visible mids)
//   kFutures  the futures as of now, carried at `rate` to the option's expiry
enum class ForwardSource { kParity, kFutures };
inline constexpr auto kForwardSourceNames =
    enum_names<ForwardSource>({{ForwardSource::kParity, "parity"}, {ForwardSource::kFutures, "futures"}});
std::string_view to_string(ForwardSource);

// How implied volatility and Greeks are computed for a strategy
// (docs/engine-rules.md#greeks).
struct GreeksConfig {
  pricing::Model model = pricing::Model::kBlack76;  // or Black-Scholes on spot
  ForwardSource forward = ForwardSource::kParity;    // Black-76 only
  pricing::TimeBasis time_basis = pricing::TimeBasis::kCalendar;
  double rate = 0;      // continuously compounded, per year of the time basis
  double dividend = 0;  // continuous yield; Black-Scholes only

  bool operator==(const GreeksConfig&) const = default;
};

}  // namespace tapelab::engine
