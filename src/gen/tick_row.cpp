#include "gen/tick_row.h"

namespace tapelab::gen {
namespace {

void append_level(TextBuffer& out, const BookLevel& level) {
  out.append(',');
  out.append_int(level.qty);
  out.append(',');
  out.append_paise(level.price);
  out.append(',');
  out.append_int(level.orders);
}

}  // namespace

void append_tick_tuple(TextBuffer& out, const TickRow& row) {
  out.append('(');
  out.append_quoted_datetime(row.timestamp);
  out.append(',');
  out.append_paise(row.price);
  out.append(',');
  out.append_int(row.qty);
  out.append(',');
  out.append_paise(row.avg_price);
  out.append(',');
  out.append_int(row.volume);
  out.append(',');
  out.append_int(row.bid_total);
  out.append(',');
  out.append_int(row.ask_total);
  out.append(',');
  out.append_paise(row.open);
  out.append(',');
  out.append_paise(row.high);
  out.append(',');
  out.append_paise(row.low);
  out.append(',');
  out.append_paise(row.close);
  out.append(',');
  out.append_fixed(row.changeper, 10);
  out.append(',');
  out.append_quoted_datetime(row.last_trade_time);
  out.append(',');
  out.append_int(row.oi);
  out.append(',');
  out.append_int(row.oi_high);
  out.append(',');
  out.append_int(row.oi_low);
  for (const auto& level : row.bid) append_level(out, level);
  for (const auto& level : row.ask) append_level(out, level);
  out.append(')');
}

}  // namespace tapelab::gen
