#include "ingest/row_mapper.h"

#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "dump/lexer.h"

namespace tapelab::ingest {
namespace {

using dataset::TickRow;
using dump::Value;
using dump::ValueKind;

// Numbers may come quoted (some exporters quote decimals); NULL is the only
// way to say "no value".
bool number_text(const Value& v, std::string_view& text) {
  if (v.kind != ValueKind::kNumber && v.kind != ValueKind::kString) return false;
  text = v.text;
  return true;
}

std::optional<double> to_double(const Value& v) {
  std::string_view text;
  if (!number_text(v, text)) return std::nullopt;
  return dump::parse_double(text);
}

std::optional<std::int64_t> to_int64(const Value& v) {
  std::string_view text;
  if (!number_text(v, text)) return std::nullopt;
  if (auto i = dump::parse_int64(text)) return i;
  // A quantity written as "35.00" is still 35; "35.5" is not a quantity.
  const auto d = dump::parse_double(text);
  if (!d || *d != std::floor(*d) || std::fabs(*d) > 9.0e18) return std::nullopt;
  return static_cast<std::int64_t>(*d);
}

std::optional<std::int32_t> to_int32(const Value& v) {
  const auto i = to_int64(v);
  if (!i || *i < std::numeric_limits<std::int32_t>::min() || *i > std::numeric_limits<std::int32_t>::max()) {
    return std::nullopt;
  }
  return static_cast<std::int32_t>(*i);
}

std::string describe(const Value& v) {
  switch (v.kind) {
    case ValueKind::kNull: return "NULL";
    case ValueKind::kNumber: return std::string(v.text);
    case ValueKind::kString: return fmt::format("'{}'", v.text.substr(0, 40));
    case ValueKind::kHex: return fmt::format("0x{}", v.text.substr(0, 40));
    case ValueKind::kBits: return fmt::format("b'{}'", v.text.substr(0, 40));
  }
  return "?";
}

std::int64_t* int64_field(TickRow& row, int column) {
  switch (static_cast<dataset::DumpColumn>(column)) {
    case dataset::DumpColumn::kVolume: return &row.volume;
    case dataset::DumpColumn::kBQty: return &row.total_buy_qty;
    case dataset::DumpColumn::kSQty: return &row.total_sell_qty;
    case dataset::DumpColumn::kOi: return &row.oi;
    case dataset::DumpColumn::kOiHigh: return &row.oi_high;
    case dataset::DumpColumn::kOiLow: return &row.oi_low;
    default: return nullptr;
  }
}

double* double_field(TickRow& row, int column) {
  switch (static_cast<dataset::DumpColumn>(column)) {
    case dataset::DumpColumn::kPrice: return &row.price;
    case dataset::DumpColumn::kAvgPrice: return &row.avg_price;
    case dataset::DumpColumn::kOpen: return &row.open;
    case dataset::DumpColumn::kHigh: return &row.high;
    case dataset::DumpColumn::kLow: return &row.low;
    case dataset::DumpColumn::kClose: return &row.close;
    case dataset::DumpColumn::kChangeper: return &row.changeper;
    default: return nullptr;
  }
}

// Stores one non-NULL value; false if it does not parse as the column's type.
bool store(const Value& v, int column, TickRow& row, std::string& why) {
  using dataset::DumpColumn;
  if (column == static_cast<int>(DumpColumn::kTimestamp) || column == static_cast<int>(DumpColumn::kLastTradeTime)) {
    if (v.kind != ValueKind::kString) {
      why = "not a datetime";
      return false;
    }
    const auto t = dump::parse_datetime(v.text);
    if (t.status == dump::DateTimeResult::kInvalid) {
      why = "not a datetime";
      return false;
    }
    if (t.status == dump::DateTimeResult::kZero) {
      // MySQL's "no date": null for lastTradeTime, but a snapshot without a
      // time cannot be placed anywhere.
      if (column == static_cast<int>(DumpColumn::kTimestamp)) {
        why = "zero date as the snapshot time";
        return false;
      }
      dataset::set_null(row, column);
      return true;
    }
    (column == 0 ? row.timestamp : row.last_trade_time) = t.nanos;
    return true;
  }
  if (column == static_cast<int>(DumpColumn::kQty)) {
    const auto q = to_int32(v);
    if (!q) {
      why = "not an integer quantity";
      return false;
    }
    row.qty = *q;
    return true;
  }
  if (auto* f = int64_field(row, column)) {
    const auto i = to_int64(v);
    if (!i) {
      why = "not an integer";
      return false;
    }
    *f = *i;
    return true;
  }
  if (auto* f = double_field(row, column)) {
    const auto d = to_double(v);
    if (!d || !std::isfinite(*d)) {
      why = "not a number";
      return false;
    }
    *f = *d;
    return true;
  }
  // Book levels: 16.. bids, 31.. asks, each (qty, price, orders).
  const bool bid = column < dataset::kFirstAskColumn;
  const int offset = column - (bid ? dataset::kFirstBidColumn : dataset::kFirstAskColumn);
  dataset::BookLevel& level = (bid ? row.bids : row.asks)[static_cast<std::size_t>(offset / 3)];
  if (offset % 3 == 1) {
    const auto d = to_double(v);
    if (!d || !std::isfinite(*d)) {
      why = "not a number";
      return false;
    }
    level.price = *d;
    return true;
  }
  const auto i = to_int32(v);
  if (!i) {
    why = "not an integer";
    return false;
  }
  (offset % 3 == 0 ? level.qty : level.orders) = *i;
  return true;
}

}  // namespace

RowMapper::RowMapper(const dump::ColumnLayout& layout) {
  const auto& names = dataset::dump_columns();
  std::uint64_t seen = 0;
  target_.assign(layout.width(), -1);
  for (std::size_t j = 0; j < layout.width(); ++j) {
    for (int c = 0; c < dataset::kDumpColumnCount; ++c) {
      if (dump::equals_ignore_case(layout.names[j], names[static_cast<std::size_t>(c)])) {
        // A column listed twice: MySQL would reject the table; keep the first.
        if (!(seen >> c & 1U)) {
          target_[j] = static_cast<std::int8_t>(c);
          seen |= std::uint64_t{1} << c;
        }
        break;
      }
    }
    if (target_[j] < 0) extra_.push_back(layout.names[j]);
  }
  for (int c = 0; c < dataset::kDumpColumnCount; ++c) {
    if (!(seen >> c & 1U)) {
      missing_.push_back(c);
      missing_mask_ |= std::uint64_t{1} << c;
    }
  }
}

bool RowMapper::convert(std::span<const dump::Value> values, dataset::TickRow& row, std::string& error) const {
  row = TickRow{};
  row.null_mask = missing_mask_;
  if (missing_mask_ & 1U) {
    error = "column 'timestamp': missing from the table";
    return false;
  }
  std::string why;
  for (std::size_t j = 0; j < values.size(); ++j) {
    const int column = target_[j];
    if (column < 0) continue;
    const Value& v = values[j];
    if (v.is_null()) {
      if (column == 0) {
        error = "column 'timestamp': NULL snapshot time";
        return false;
      }
      dataset::set_null(row, column);
      continue;
    }
    if (!store(v, column, row, why)) {
      error = fmt::format("column '{}': {} is {}", dataset::dump_columns()[static_cast<std::size_t>(column)],
                          describe(v), why);
      return false;
    }
  }
  return true;
}

}  // namespace tapelab::ingest
