// One row of a logger tick table (the 46 columns of sql_dump.h's
// tick_columns()), with money as integer paise so formatting is exact.
#pragma once

#include <cstdint>

#include "gen/text.h"

namespace tapelab::gen {

struct BookLevel {
  int64_t qty = 0;
  int64_t price = 0;  // paise; 0 with qty 0 = empty level
  int64_t orders = 0;
};

struct TickRow {
  int64_t timestamp = 0;  // wall seconds
  int64_t price = 0, qty = 0, avg_price = 0, volume = 0, bid_total = 0, ask_total = 0;
  int64_t open = 0, high = 0, low = 0, close = 0;
  double changeper = 0;
  int64_t last_trade_time = 0;  // wall seconds
  int64_t oi = 0, oi_high = 0, oi_low = 0;
  BookLevel bid[5], ask[5];

  bool crossed() const { return bid[0].price > 0 && ask[0].price > 0 && bid[0].price > ask[0].price; }
};

// "(...)" in dump column order.
void append_tick_tuple(TextBuffer& out, const TickRow& row);

// Percent change against the previous close, as the logger computes it.
inline double change_percent(int64_t price, int64_t close) {
  return close > 0 ? (static_cast<double>(price) / static_cast<double>(close) - 1.0) * 100.0 : 0.0;
}

// The last price and the day's OHLC with the previous close, kept consistent
// with each other (changeper derives from price and close) for every kind of table.
inline void set_day_prices(TickRow& row, int64_t price, int64_t open, int64_t high, int64_t low, int64_t close) {
  row.price = price;
  row.open = open;
  row.high = high;
  row.low = low;
  row.close = close;
  row.changeper = change_percent(price, close);
}

}  // namespace tapelab::gen
