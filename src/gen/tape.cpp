#include "gen/tape.h"

#include <algorithm>
#include <cmath>

#include "gen/book.h"
#include "gen/rng.h"
#include "pricing/black.h"

namespace tapelab::gen {
namespace {

constexpr double kSecondsPerYear = 365.0 * 86400.0;
constexpr int64_t kTick = 5;  // paise

int64_t to_tick(double paise) { return std::max<int64_t>(kTick, std::llround(paise / kTick) * kTick); }
int64_t round_to_lot(double units, int64_t lot) {
  return std::max<int64_t>(lot, std::llround(units / static_cast<double>(lot)) * lot);
}
int64_t wall_of(domain::Date d, int32_t seconds) { return static_cast<int64_t>(d.days()) * 86400 + seconds; }

// Option premium from the index: forward with carry, ATM vol with a small
// term premium near expiry, a skewed smile (puts richer), Black-76.
double premium(const OptionSpec& spec, double spot, double atm_iv, double years) {
  years = std::max(years, 60.0 / kSecondsPerYear);  // the last minute keeps a little time value
  const double forward = spot * std::exp(MarketModel::kRate * years);
  const double atm = atm_iv * (1.0 + 0.1 / (1.0 + years * 365.0));
  const double strike = spec.strike;
  const double x = std::clamp(std::log(strike / forward) / (atm * std::sqrt(years)), -4.0, 4.0);
  const double vol = atm * std::max(0.6, 1.0 - 0.10 * x + 0.04 * x * x);
  // The textbook formula, not pricing::price(): the generator's bytes were
  // fixed with exactly this arithmetic (price() rounds in-the-money premiums
  // differently), and the same flags must keep giving the same files.
  return pricing::black_formula(spec.type, forward, strike, std::exp(-MarketModel::kRate * years),
                                vol * std::sqrt(years));
}

int64_t option_close(const TapeDay& day, const OptionSpec& spec) {
  const SpotDay& spot = *day.spot;
  const double years =
      static_cast<double>(spec.listed.close_wall - wall_of(spot.prev_date, day.underlying->session_close_seconds)) /
      kSecondsPerYear;
  return to_tick(100.0 * premium(spec, spot.prev_close, spot.prev_atm_iv, years));
}

// Open interest at a day's open: concentrated near the money and near expiry.
int64_t option_open_interest(const TapeDay& day, const OptionSpec& spec, domain::Date d, double reference) {
  Rng rng(derive(derive(derive(day.seed, "oi"), spec.symbol), static_cast<uint64_t>(d.days())));
  const double strikes_away = std::fabs(spec.strike - reference) / day.underlying->strike_step;
  const double days_left = std::max(0, spec.listed.expiry.final - d);
  const double lots = 2000.0 + 40000.0 * std::exp(-strikes_away * strikes_away / 288.0) *
                                   (0.4 + 0.6 * std::exp(-days_left / 20.0));
  return round_to_lot(lots * rng.uniform(0.8, 1.2) * spec.listed.lot, spec.listed.lot);
}

int64_t futures_open_interest(const TapeDay& day, const ListedExpiry& front, domain::Date d) {
  Rng rng(derive(derive(day.seed, "futures-oi"), static_cast<uint64_t>(d.days())));
  return round_to_lot(150000.0 * rng.uniform(0.9, 1.1) * front.lot, front.lot);
}

int64_t preopen_timestamp(domain::Date d) { return d.days(); }  // 1970-01-01, a different second per date

// The traded state of a contract through its day.
struct TradeState {
  int64_t volume = 0;
  double turnover = 0;  // paise x units, for the VWAP
  int64_t price = 0, qty = 0, open = 0, high = 0, low = 0;
  int64_t last_trade_time = 0;
  int64_t oi = 0, oi_high = 0, oi_low = 0;

  void trade(int64_t at_price, int64_t units, int64_t printed_qty, int64_t when) {
    volume += units;
    turnover += static_cast<double>(at_price) * static_cast<double>(units);
    price = at_price;
    qty = printed_qty;
    if (open == 0) open = high = low = at_price;
    high = std::max(high, at_price);
    low = std::min(low, at_price);
    last_trade_time = when;
  }
  void set_oi(int64_t value) {
    oi = value;
    oi_high = std::max(oi_high, value);
    oi_low = std::min(oi_low, value);
  }
  void fill(TickRow& row, int64_t close) const {
    set_day_prices(row, price, open, high, low, close);
    row.qty = qty;
    row.avg_price = volume > 0 ? std::llround(turnover / static_cast<double>(volume)) : 0;
    row.volume = volume;
    row.last_trade_time = last_trade_time;
    row.oi = oi;
    row.oi_high = oi_high;
    row.oi_low = oi_low;
  }
};

// The feed glitches of real recordings, at the rates of docs/source-data.md#generator-quirk-rates.
void apply_quirks(Rng& rng, TickRow& row, int64_t lot, TableStats& stats) {
  if (rng.chance(kZeroVolumeRate)) {
    row.volume = 0;
    ++stats.zero_volume;
  }
  if (rng.chance(kCrossedRate) && row.ask[0].price > 0) {
    row.bid[0] = {lot, row.ask[0].price + kTick * (1 + rng.below(2)), 1};
  }
}

int32_t next_gap(Rng& cadence, double mean) {
  if (mean <= 1.05) return 1;
  return 1 + static_cast<int32_t>(cadence.exponential(mean - 1.0));
}

void emit(const TickRow& row, const RowSink& sink, TableStats& stats) {
  sink(row);
  stats.add(row);
}

}  // namespace

RowSink dump_sink(TextBuffer& out, StatementBuilder& statements) {
  return [&out, &statements](const TickRow& row) {
    statements.begin_row();
    append_tick_tuple(out, row);
    statements.end_row();
  };
}

void TableStats::add(const TickRow& row) {
  ++rows;
  if (row.timestamp < 86400) ++rows_1970;
  if (row.crossed()) ++crossed;
  last = RowSample{row.timestamp, row.price, row.volume, row.oi, row.bid[0].price, row.ask[0].price};
}

void TableStats::merge(const TableStats& later) {
  rows += later.rows;
  rows_1970 += later.rows_1970;
  zero_volume += later.zero_volume;
  crossed += later.crossed;
  if (later.last) last = later.last;
}

TickRow option_preopen_row(const TapeDay& day, const OptionSpec& spec) {
  TickRow row;
  row.timestamp = preopen_timestamp(day.spot->date);
  row.close = row.price = option_close(day, spec);
  row.last_trade_time = wall_of(day.spot->prev_date, day.underlying->session_close_seconds - 1);
  row.oi = row.oi_high = row.oi_low = option_open_interest(day, spec, day.spot->date, day.spot->prev_close);
  return row;
}

TickRow futures_preopen_row(const TapeDay& day, const ListedExpiry& front) {
  TickRow row;
  const SpotDay& spot = *day.spot;
  const double years = static_cast<double>(front.close_wall - wall_of(spot.prev_date, day.underlying->session_close_seconds)) / kSecondsPerYear;
  row.timestamp = preopen_timestamp(spot.date);
  row.close = row.price = to_tick(100.0 * spot.prev_close * std::exp(MarketModel::kRate * years));
  row.last_trade_time = wall_of(spot.prev_date, day.underlying->session_close_seconds - 1);
  row.oi = row.oi_high = row.oi_low = futures_open_interest(day, front, spot.date);
  return row;
}

void write_option_day(const TapeDay& day, const OptionSpec& spec, int rank, const RowSink& sink,
                      TableStats& stats) {
  const SpotDay& spot = *day.spot;
  const ScaleParams& scale = *day.scale;
  const int32_t seconds = spot.seconds();
  const double step = day.underlying->strike_step;
  const int64_t lot = spec.listed.lot;
  const int r = std::min(rank, 2);

  // CE and PE of a strike share the cadence (the logger polls the chain by
  // strike), so both sides of a strike are seen at the same second.
  Rng cadence(derive(derive(derive(derive(day.seed, "cadence"), static_cast<uint64_t>(spec.listed.expiry.final.days())),
                            static_cast<uint64_t>(spec.strike)),
                     static_cast<uint64_t>(spot.date.days())));
  Rng rng(derive(derive(day.seed, spec.symbol), static_cast<uint64_t>(spot.date.days())));

  const TickRow preopen = option_preopen_row(day, spec);
  const int64_t close = preopen.close;
  const int64_t oi_start = preopen.oi;
  const int64_t oi_end = spec.listed.expiry.final > spot.date
                             ? option_open_interest(day, spec, day.next_day, spot.spot.back())
                             : round_to_lot(0.4 * static_cast<double>(oi_start), lot);
  TradeState state;
  state.price = close;
  state.oi = state.oi_high = state.oi_low = oi_start;

  auto mean_gap = [&](double strikes_away) {
    const double excess = std::max(0.0, strikes_away - scale.liquid_strikes[r]);
    return std::min(scale.max_gap, scale.atm_gap[r] * std::pow(scale.gap_growth, excess));
  };
  int32_t t = 0;
  {
    const double first_mean = mean_gap(std::fabs(spec.strike - spot.spot[0]) / step);
    if (first_mean > 1.05) t = static_cast<int32_t>(cadence.below(static_cast<int64_t>(first_mean)));
  }
  BookModel book;
  int64_t extra_tick = 0;
  int32_t previous = -1;
  while (t < seconds) {
    const double s = spot.spot[static_cast<size_t>(t)];
    const double strikes_away = std::fabs(spec.strike - s) / step;
    const int32_t gap = next_gap(cadence, mean_gap(strikes_away));
    // Now and then one side of the strike misses a poll.
    if (previous >= 0 && rng.chance(0.02)) {
      t += gap;
      continue;
    }
    const int64_t wall = spot.wall_seconds(t);
    const double stress = spot.stress[static_cast<size_t>(t)];
    const double years = static_cast<double>(spec.listed.close_wall - wall) / kSecondsPerYear;
    const double theo =
        100.0 * premium(spec, spot.quoted_spot[static_cast<size_t>(t)], spot.atm_iv * spot.iv_factor[static_cast<size_t>(t)], years);
    const double liquidity = std::exp(-strikes_away / 8.0) / (1.0 + rank);

    // Spread: wider away from the money, on far expiries, and when liquidity is pulled.
    const double relative = 0.0004 * (1.0 + 0.015 * strikes_away * strikes_away) * (1.0 + 1.5 * rank) * (1.0 + stress);
    // A quoter now and then widens or narrows by a tick, and keeps it for a while.
    if (rng.chance(0.05)) extra_tick = 1 - extra_tick;
    const int64_t spread_ticks =
        std::min<int64_t>(400, std::max<int64_t>(1, std::llround(theo * relative / kTick)) + extra_tick);
    // The quote always brackets the model price, so put-call parity holds within the spread.
    int64_t bid = static_cast<int64_t>(std::floor((theo - 0.5 * spread_ticks * kTick) / kTick)) * kTick;
    int64_t ask = bid + spread_ticks * kTick;
    if (static_cast<double>(ask) < theo) ask = static_cast<int64_t>(std::ceil(theo / kTick)) * kTick;
    ask = std::max(ask, std::max(bid + kTick, kTick));
    bid = std::max<int64_t>(bid, 0);

    TickRow row;
    row.timestamp = wall;
    book.fill(rng, row, bid, ask, {2.0 + 25.0 * liquidity, 1.0 - 0.6 * stress, 1 + spread_ticks / 3}, lot);

    // A vacuum moves the price with little trading: the book thins instead.
    const double intensity = 0.6 * liquidity * spot.trade_factor[static_cast<size_t>(t)] * (1.0 - 0.8 * stress);
    const int32_t elapsed = previous < 0 ? 1 : t - previous;
    if (previous < 0 || rng.chance(1.0 - std::exp(-intensity * elapsed))) {
      const int64_t lots = 1 + static_cast<int64_t>(rng.exponential(1.0 + 6.0 * liquidity));
      const bool at_bid = row.bid[0].price > 0 && rng.chance(0.5);
      const int64_t units = lots * lot * (1 + rng.below(elapsed > 1 ? 3 : 1));  // trades since the last row
      state.trade(at_bid ? row.bid[0].price : row.ask[0].price, units, lots * lot,
                  wall - rng.below(std::min(elapsed, t + 1)));
      // Open interest drifts from today's opening level to tomorrow's with the trades.
      const double expected =
          static_cast<double>(oi_start) + static_cast<double>(oi_end - oi_start) * t / (seconds - 1);
      state.set_oi(round_to_lot(expected + 0.5 * (static_cast<double>(state.oi) - expected) +
                                    rng.normal() * static_cast<double>(lots * lot),
                                lot));
    }
    state.fill(row, close);
    apply_quirks(rng, row, lot, stats);
    emit(row, sink, stats);
    previous = t;
    t += gap;
  }
}

void write_futures_day(const TapeDay& day, const ListedExpiry& front, const RowSink& sink, TableStats& stats) {
  const SpotDay& spot = *day.spot;
  const int64_t lot = front.lot;
  Rng rng(derive(derive(day.seed, day.underlying->futures_table), static_cast<uint64_t>(spot.date.days())));
  const TickRow preopen = futures_preopen_row(day, front);
  const int64_t oi_start = preopen.oi;
  const int64_t oi_end = futures_open_interest(day, front, day.next_day);
  TradeState state;
  state.oi = state.oi_high = state.oi_low = oi_start;
  // Futures = spot + carry + a mean-reverting basis noise (~0.5 NIFTY points).
  const double noise = 0.5 * spot.prev_close / 25000.0;
  double basis = 0;
  BookModel book;
  int64_t spread_ticks = 0;
  int32_t previous = -1;
  for (int32_t t = 0; t < spot.seconds(); ++t) {
    basis = 0.97 * basis + noise * 0.25 * rng.normal();
    if (previous >= 0 && !rng.chance(day.scale->futures_row_chance)) continue;
    const int64_t wall = spot.wall_seconds(t);
    const double stress = spot.stress[static_cast<size_t>(t)];
    const double years = static_cast<double>(front.close_wall - wall) / kSecondsPerYear;
    const double fair = 100.0 * (spot.spot[static_cast<size_t>(t)] * std::exp(MarketModel::kRate * years) + basis);
    // The spread holds for a few seconds; a vacuum widens it sooner.
    if (spread_ticks == 0 || rng.chance(0.1 + 0.5 * stress)) spread_ticks = 1 + rng.below(static_cast<int64_t>(4 + 8 * stress));
    const int64_t bid = static_cast<int64_t>(std::floor(fair / kTick)) * kTick - kTick * (spread_ticks / 2);
    TickRow row;
    row.timestamp = wall;
    book.fill(rng, row, bid, bid + spread_ticks * kTick, {15.0, 1.0 - 0.6 * stress, 2}, lot);
    const int32_t elapsed = previous < 0 ? 1 : t - previous;
    if (previous < 0 || rng.chance(0.9)) {
      const int64_t lots = 1 + static_cast<int64_t>(rng.exponential(8.0 * spot.trade_factor[static_cast<size_t>(t)]));
      state.trade(rng.chance(0.5) ? row.bid[0].price : row.ask[0].price, lots * lot * elapsed, lots * lot, wall);
      const double expected = static_cast<double>(oi_start) + static_cast<double>(oi_end - oi_start) * t / (spot.seconds() - 1);
      state.set_oi(round_to_lot(expected + 0.5 * (static_cast<double>(state.oi) - expected) +
                                    rng.normal() * static_cast<double>(lots * lot),
                                lot));
    }
    state.fill(row, preopen.close);
    apply_quirks(rng, row, lot, stats);
    emit(row, sink, stats);
    previous = t;
  }
}

void write_spot_day(const TapeDay& day, const RowSink& sink, TableStats& stats) {
  const SpotDay& spot = *day.spot;
  Rng rng(derive(derive(day.seed, day.underlying->spot_table), static_cast<uint64_t>(spot.date.days())));
  const int64_t close = std::llround(spot.prev_close * 100.0);
  const int64_t open = std::llround(spot.spot[0] * 100.0);
  int64_t high = open, low = open;
  for (int32_t t = 0; t < spot.seconds(); ++t) {
    // The index prints to the paisa; open interest and book are zero.
    const int64_t price = std::llround(spot.spot[static_cast<size_t>(t)] * 100.0);
    high = std::max(high, price);
    low = std::min(low, price);
    if (t > 0 && !rng.chance(day.scale->spot_row_chance)) continue;
    TickRow row;
    row.timestamp = row.last_trade_time = spot.wall_seconds(t);
    set_day_prices(row, price, open, high, low, close);
    emit(row, sink, stats);
  }
}

}  // namespace tapelab::gen
