#include "ingest/row_mapper.h"

#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "dump/lexer.h"
#include "dump/value.h"

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

// The dump's usual integer: an optional '-' and up to 18 digits, which
// cannot overflow. Anything else (a '+', "35.00", quotes) takes the general
// path; this one only saves the general path's cost on every quantity.
inline bool plain_int(const Value& v, std::int64_t& out) {
  const std::string_view t = v.text;
  if (v.kind != ValueKind::kNumber) return false;
  std::size_t i = !t.empty() && t.front() == '-' ? 1 : 0;
  if (i == t.size() || t.size() - i > 18) return false;
  std::int64_t value = 0;
  for (; i < t.size(); ++i) {
    const auto digit = static_cast<unsigned>(t[i] - '0');
    if (digit > 9) return false;
    value = value * 10 + digit;
  }
  out = t.front() == '-' ? -value : value;
  return true;
}

std::optional<std::int64_t> to_int64(const Value& v) {
  std::int64_t plain = 0;
  if (plain_int(v, plain)) return plain;
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

template <typename T>
void put(TickRow& row, std::size_t offset, T value) {
  std::memcpy(reinterpret_cast<char*>(&row) + offset, &value, sizeof(T));
}

// Stores one non-NULL value where the layout says; false if it does not
// parse as the column's type.
bool store(const Value& v, int column, dataset::FieldType type, std::size_t offset, TickRow& row, std::string& why) {
  switch (type) {
    case dataset::FieldType::kTimestamp: {
      const auto t = v.kind == ValueKind::kString ? dump::parse_datetime(v.text) : dump::DateTimeResult{};
      if (t.status == dump::DateTimeResult::kInvalid) {
        why = "not a datetime";
        return false;
      }
      if (t.status == dump::DateTimeResult::kZero) {
        // MySQL's "no date": null for lastTradeTime, but a snapshot without a
        // time cannot be placed anywhere.
        if (column == static_cast<int>(dataset::DumpColumn::kTimestamp)) {
          why = "zero date as the snapshot time";
          return false;
        }
        dataset::set_null(row, column);
        return true;
      }
      put(row, offset, t.nanos);
      return true;
    }
    case dataset::FieldType::kDouble: {
      const auto d = to_double(v);
      if (!d || !std::isfinite(*d)) {
        why = "not a number";
        return false;
      }
      put(row, offset, *d);
      return true;
    }
    case dataset::FieldType::kInt32: {
      const auto i = to_int32(v);
      if (!i) {
        why = column == static_cast<int>(dataset::DumpColumn::kQty) ? "not an integer quantity" : "not an integer";
        return false;
      }
      put(row, offset, *i);
      return true;
    }
    case dataset::FieldType::kInt64: {
      const auto i = to_int64(v);
      if (!i) {
        why = "not an integer";
        return false;
      }
      put(row, offset, *i);
      return true;
    }
  }
  return false;
}

}  // namespace

bool store_value(const dump::Value& value, int column, dataset::TickRow& row, std::string& why) {
  const dataset::DumpField& field = dataset::dump_fields()[static_cast<std::size_t>(column)];
  return store(value, column, field.type, field.offset, row, why);
}

RowMapper::RowMapper(const dump::ColumnLayout& layout) {
  const auto& names = dataset::dump_columns();
  std::uint64_t seen = 0;
  target_.assign(layout.width(), Target{});
  for (std::size_t j = 0; j < layout.width(); ++j) {
    for (int c = 0; c < dataset::kDumpColumnCount; ++c) {
      if (dump::equals_ignore_case(layout.names[j], names[static_cast<std::size_t>(c)])) {
        // A column listed twice: MySQL would reject the table; keep the first.
        if (!(seen >> c & 1U)) {
          const dataset::DumpField& field = dataset::dump_fields()[static_cast<std::size_t>(c)];
          target_[j] = Target{static_cast<std::int8_t>(c), field.type, static_cast<std::uint16_t>(field.offset)};
          seen |= std::uint64_t{1} << c;
        }
        break;
      }
    }
    if (target_[j].column < 0) extra_.push_back(layout.names[j]);
  }
  for (int c = 0; c < dataset::kDumpColumnCount; ++c) {
    if (!(seen >> c & 1U)) {
      missing_.push_back(c);
      missing_mask_ |= std::uint64_t{1} << c;
    }
  }
  make_plan();
}

void RowMapper::make_plan() {
  if (missing_mask_ & 1U) return;  // every row is an error, which convert() words
  TickRow blank{};
  blank.null_mask = missing_mask_;
  std::vector<std::byte> bytes(sizeof(TickRow));
  std::memcpy(bytes.data(), &blank, sizeof(TickRow));
  plan_.emplace(bytes, offsetof(TickRow, null_mask));
  for (const Target& target : target_) {
    if (target.column < 0) {
      plan_->add_column(dump::RecordPlan::Kind::kIgnore, 0, -1);
      continue;
    }
    dump::RecordPlan::Kind kind = dump::RecordPlan::Kind::kIgnore;
    switch (target.type) {
      case dataset::FieldType::kTimestamp: kind = dump::RecordPlan::Kind::kDateTime; break;
      case dataset::FieldType::kDouble: kind = dump::RecordPlan::Kind::kDouble; break;
      case dataset::FieldType::kInt32: kind = dump::RecordPlan::Kind::kInt32; break;
      case dataset::FieldType::kInt64: kind = dump::RecordPlan::Kind::kInt64; break;
    }
    // The snapshot time may be neither NULL nor a zero date (convert() says why).
    const bool is_time = target.column == static_cast<int>(dataset::DumpColumn::kTimestamp);
    plan_->add_column(kind, target.offset, is_time ? -1 : target.column);
  }
}

bool RowMapper::convert(std::span<const dump::Value> values, dataset::TickRow& row, std::string& error) const {
  // Most values are plain numbers: they are stored here without the general
  // path's optionals and calls, which are most of the conversion's cost.
  auto fast = [&](const Target& target, const Value& v) {
    if (v.kind != ValueKind::kNumber) return false;
    switch (target.type) {
      case dataset::FieldType::kInt32: {
        std::int64_t i = 0;
        if (!plain_int(v, i) || i < INT32_MIN || i > INT32_MAX) return false;
        put(row, target.offset, static_cast<std::int32_t>(i));
        return true;
      }
      case dataset::FieldType::kInt64: {
        std::int64_t i = 0;
        if (!plain_int(v, i)) return false;
        put(row, target.offset, i);
        return true;
      }
      case dataset::FieldType::kDouble: {
        double d = 0;
        if (!dump::parse_plain_decimal(v.text, d)) return false;
        put(row, target.offset, d);
        return true;
      }
      case dataset::FieldType::kTimestamp: return false;
    }
    return false;
  };
  row = TickRow{};
  row.null_mask = missing_mask_;
  if (missing_mask_ & 1U) {
    error = "column 'timestamp': missing from the table";
    return false;
  }
  std::string why;
  for (std::size_t j = 0; j < values.size(); ++j) {
    const Target& target = target_[j];
    const int column = target.column;
    if (column < 0) continue;
    const Value& v = values[j];
    if (fast(target, v)) continue;
    if (v.is_null()) {
      if (column == 0) {
        error = "column 'timestamp': NULL snapshot time";
        return false;
      }
      dataset::set_null(row, column);
      continue;
    }
    if (!store(v, column, target.type, target.offset, row, why)) {
      error = fmt::format("column '{}': {} is {}", dataset::dump_columns()[static_cast<std::size_t>(column)],
                          describe(v), why);
      return false;
    }
  }
  return true;
}

}  // namespace tapelab::ingest
