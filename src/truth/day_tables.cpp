#include "truth/day_tables.h"

#include <cmath>
#include <functional>
#include <span>

#include <fmt/format.h>

#include "truth/burst_events.h"
#include "truth/bursts.h"
#include "truth/chain.h"
#include "truth/fear.h"
#include "truth/futures_book.h"
#include "truth/jumps.h"
#include "truth/liquidity.h"
#include "truth/regimes.h"
#include "util/error.h"
#include "truth/option_seconds.h"
#include "truth/series_features.h"

namespace tapelab::truth {
namespace {

using domain::OptionType;

// `price` and `age` name the as-of value and its age; `prefix` starts the other columns.
void add_series(Table& t, const std::string& price, const std::string& age, const std::string& prefix,
                const SeriesFeatures& f) {
  t.add_double(price, f.price);
  t.add_double(age, f.age_s);
  t.add_double(prefix + "ret_1s", f.ret_1s);
  t.add_double(prefix + "ret_5s", f.ret_5s);
  t.add_double(prefix + "ret_10s", f.ret_10s);
  t.add_double(prefix + "rv_10", f.rv_10);
  t.add_double(prefix + "rv_30", f.rv_30);
  t.add_double(prefix + "rv_120", f.rv_120);
  t.add_double(prefix + "accel_10", f.accel_10);
}

std::string futures_name(const DayContext& c) { return fmt::format("futures of {} {}", c.underlying, c.date.to_string()); }

// The futures' features, all null on a day without futures.
void add_futures(Table& t, const market::DayTape& tape, const DayContext& c, const TruthParams& params,
                 const FuturesBook& futures) {
  const std::string what = futures_name(c);
  add_series(t, "fut", "fut_age_s", "fut_", series_features(tape.futures.time, tape.futures.price, c.grid, params.accel_eps, what));
  const std::vector<std::int64_t> volume =
      volume_per_second(tape.futures.time, tape.futures.volume, c.grid, what);
  const std::vector<std::uint8_t> valid(c.grid.size(), tape.futures.size() > 0 ? 1 : 0);
  t.add_int64("fut_vol_1s", volume, valid);
  OptionSeconds book(futures.rows(), c.grid);
  for (std::size_t i = 0; i < c.grid.size(); ++i) book.push(futures.on_grid(), i);
  book.add_futures_book(t, "fut_");
}

Table features_table(const market::DayTape& tape, const DayContext& c, const TruthParams& params,
                     const SeriesFeatures& spot, const AtmSeries& atm, Chain& chain, const FuturesBook& futures) {
  const std::size_t rows = c.grid.size();
  Table t;
  t.add_date("date", c.date, rows);
  t.add_string("underlying", c.underlying, rows);
  t.add_time("time", c.grid.seconds);
  t.add_date("expiry", c.expiry, rows);
  const std::vector<std::int32_t> dte(rows, c.dte);
  t.add_int32("dte", dte);
  t.add_string("dte_bucket", dte_bucket(c.dte), rows);
  add_series(t, "spot", "spot_age_s", "", spot);
  t.add_double("vol_factor", c.periodicity.on() ? c.periodicity.factor : std::vector<double>(rows, NAN));
  add_futures(t, tape, c, params, futures);
  t.add_int32("atm_strike", atm.strike, atm.valid);
  t.add_bool("atm_changed", atm.changed);
  for (const OptionType type : {OptionType::kCall, OptionType::kPut}) {
    OptionSeconds book(chain.options(), c.grid);
    for (std::size_t i = 0; i < rows; ++i) book.push(atm.valid[i] ? chain.contract(type, atm.strike[i]) : nullptr, i);
    const bool call = type == OptionType::kCall;
    book.add_summary(t, call ? "ce_" : "pe_", call ? "d_opt_ce_1s" : "d_opt_pe_1s");
  }
  return t;
}

Table atm_options_table(const DayContext& c, const TruthParams& params, const AtmSeries& atm, Chain& chain) {
  std::vector<domain::WallNanos> times;
  std::vector<std::int32_t> atm_strike, offset, strike;
  std::vector<std::string_view> opt_type;
  OptionSeconds book(chain.options(), c.grid);
  for (std::size_t i = 0; i < c.grid.size(); ++i) {
    if (!atm.valid[i]) continue;
    for (int k = -params.strike_offsets; k <= params.strike_offsets; ++k) {
      for (const OptionType type : {OptionType::kCall, OptionType::kPut}) {
        const std::int32_t s = atm.strike[i] + k * c.strike_step;
        times.push_back(c.grid.seconds[i]);
        atm_strike.push_back(atm.strike[i]);
        offset.push_back(k);
        strike.push_back(s);
        opt_type.push_back(type == OptionType::kCall ? "CE" : "PE");
        book.push(chain.contract(type, s), i);
      }
    }
  }
  Table t;
  t.add_date("date", c.date, times.size());
  t.add_string("underlying", c.underlying, times.size());
  t.add_time("time", times);
  t.add_int32("atm_strike", atm_strike);
  t.add_int32("offset", offset);
  t.add_int32("strike", strike);
  t.add_strings("opt_type", opt_type);
  book.add_detail(t);
  return t;
}

// Events and regimes: bursts and jumps of the spot, the contracts' liquidity
// events, fear; each detector also gives the per-second states of the regimes.
void add_events_and_regimes(DayTables& out, const DayContext& c, const TruthParams& params, const SeriesFeatures& spot,
                            const AtmSeries& atm, Chain& chain, const FuturesBook& futures) {
  const BurstThresholds* points = params.burst_thresholds(c.underlying, dte_bucket(c.dte));
  if (points == nullptr) fail("truth: no burst thresholds for {} in the parameters", c.underlying);
  const std::span<const double> factor = c.periodicity.factor;
  const std::vector<BurstSpan> bursts = find_bursts(spot, c.grid, *points, params.burst_k1, params.burst_k2,
                                                    params.periodicity_bursts ? factor : std::span<const double>{});
  std::vector<Event> events = jump_events(spot, c.grid, params, bursts,
                                          params.periodicity_jumps ? factor : std::span<const double>{});
  const std::vector<Event> burst_rows = burst_events(bursts, events, spot, atm, chain, c.grid, params);
  Liquidity liquid = liquidity(atm, chain, futures, c, params);
  Fear afraid = fear(bursts, atm, chain, c, params);
  for (const std::vector<Event>& more : {std::cref(burst_rows), std::cref(liquid.events), std::cref(afraid.events)}) {
    events.insert(events.end(), more.begin(), more.end());
  }
  out.events = events_table(events, c);
  const RegimeStates states{std::move(afraid.afraid), bursting_seconds(bursts, c.grid.size()),
                            std::move(liquid.vacuum), std::move(liquid.flicker)};
  out.regimes = regimes_table(states, spot, c, points->start_points, params);
}

}  // namespace

const Table& DayTables::of(TruthTable table) const {
  switch (table) {
    case TruthTable::kFeatures: return features;
    case TruthTable::kAtmOptions: return atm_options;
    case TruthTable::kEvents: return events;
    case TruthTable::kRegimes: return regimes;
  }
  fail("truth: no such table");
}

DayTables day_tables(const market::DayTape& tape, const DayContext& context, const TruthParams& params) {
  const std::string what = fmt::format("spot of {} {}", context.underlying, context.date.to_string());
  const SeriesFeatures spot = series_features(tape.spot.time, tape.spot.price, context.grid, params.accel_eps, what);
  const AtmSeries atm = atm_series(spot.price, context.strike_step, context.grid);
  Chain chain(tape, context.expiry, context.grid);
  const FuturesBook futures(tape, context.grid, futures_name(context));
  DayTables out;
  out.features = features_table(tape, context, params, spot, atm, chain, futures);
  out.atm_options = atm_options_table(context, params, atm, chain);
  add_events_and_regimes(out, context, params, spot, atm, chain, futures);
  return out;
}

}  // namespace tapelab::truth
