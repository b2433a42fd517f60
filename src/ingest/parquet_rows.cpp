#include "ingest/parquet_rows.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "dataset/schema.h"
#include "domain/time.h"
#include "dump/lexer.h"
#include "dump/value.h"
#include "ingest/row_mapper.h"
#include "util/error.h"

namespace tapelab::ingest {
namespace {

using dataset::FieldType;
using dataset::TickRow;
using parquet::ColumnData;
using parquet::LogicalType;
using parquet::PhysicalType;
using Kind = ParquetRowMapper::Kind;

constexpr std::array<std::string_view, kIdentityColumnCount> kIdentityNames = {"symbol", "opt_type", "strike",
                                                                               "year",   "month",    "contract"};
// IST is UTC + 5:30 (docs/source-data.md#parquet-history).
constexpr std::int64_t kIstOffsetNanos = std::int64_t{19800} * domain::kNanosPerSecond;

// A value as a number: exact integers stay integers, so a quantity of
// 9007199254740993 is not rounded through a double.
struct Number {
  bool integral = true;
  std::int64_t i = 0;
  double d = 0;
};

// FLOAT holds the nearest float to the decimal the writer was given; its
// shortest decimal text is that decimal, which the dump would have held.
double widen(float f) {
  char text[32];
  const auto printed = std::to_chars(std::begin(text), std::end(text), f);
  double d = 0;
  std::from_chars(std::begin(text), printed.ptr, d);
  return d;
}

// A DECIMAL of up to 38 digits (16 bytes) in one integer.
__extension__ using Int128 = __int128;
__extension__ using UInt128 = unsigned __int128;

// A FIXED_LEN_BYTE_ARRAY decimal's unscaled value (kind_for allows at most 16 bytes).
Int128 unscaled_of(std::string_view bytes) {
  UInt128 u = static_cast<unsigned char>(bytes[0]) & 0x80U ? ~UInt128{0} : 0;
  for (const char b : bytes) u = u << 8 | static_cast<unsigned char>(b);
  return static_cast<Int128>(u);
}

// unscaled / 10^scale as the dump's decimal parser reads the same text.
Number decimal_number(Int128 unscaled, int scale) {
  Int128 power = 1;
  for (int i = 0; i < scale; ++i) power *= 10;
  const Int128 whole = unscaled / power;
  const bool fits = whole >= std::numeric_limits<std::int64_t>::min() && whole <= std::numeric_limits<std::int64_t>::max();
  if (unscaled % power == 0 && fits) return {true, static_cast<std::int64_t>(whole), 0};
  constexpr Int128 kExact = Int128{1} << 53;
  if (unscaled > -kExact && unscaled < kExact && scale <= 22) {
    // Both exact doubles: one IEEE division rounds correctly.
    return {false, 0, static_cast<double>(unscaled) / dump::kExactPowersOfTen[scale]};
  }
  // Wider: through its decimal text, which parse_double rounds correctly.
  const bool negative = unscaled < 0;
  auto magnitude = static_cast<UInt128>(negative ? -unscaled : unscaled);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  if (digits.size() <= static_cast<std::size_t>(scale)) digits.insert(0, static_cast<std::size_t>(scale) + 1 - digits.size(), '0');
  digits.insert(digits.size() - static_cast<std::size_t>(scale), ".");
  return {false, 0, dump::parse_double((negative ? "-" : "") + digits).value_or(0)};
}

Number number_of(Kind kind, int scale, const ColumnData& c, std::size_t r) {
  switch (kind) {
    case Kind::kInteger: return {true, c.type == PhysicalType::INT32 ? c.i32[r] : c.i64[r], 0};
    case Kind::kDecimal: return decimal_number(c.type == PhysicalType::INT32 ? c.i32[r] : c.i64[r], scale);
    case Kind::kDecimalBytes: return decimal_number(unscaled_of(c.string_at(r)), scale);
    case Kind::kFloat: return {false, 0, widen(c.f32[r])};
    case Kind::kDouble: return {false, 0, c.f64[r]};
    case Kind::kTimestamp:
    case Kind::kInt96:
    case Kind::kText: break;
  }
  return {};
}

// An INT96 timestamp's nanoseconds since 1970-01-01 (of the wall clock it
// holds); false when they do not fit.
bool int96_nanos(std::string_view bytes, std::int64_t& out) {
  std::int64_t nanos_of_day = 0;
  std::int32_t julian_day = 0;
  std::memcpy(&nanos_of_day, bytes.data(), 8);
  std::memcpy(&julian_day, bytes.data() + 8, 4);
  constexpr std::int64_t kUnixEpochJulianDay = 2'440'588;
  std::int64_t day_nanos = 0;
  return !__builtin_mul_overflow(std::int64_t{julian_day} - kUnixEpochJulianDay, dump::kNanosPerDay, &day_nanos) &&
         !__builtin_add_overflow(day_nanos, nanos_of_day, &out);
}

bool to_integer(const Number& n, std::int64_t& out) {
  if (n.integral) {
    out = n.i;
    return true;
  }
  if (!std::isfinite(n.d) || n.d != std::floor(n.d) || std::fabs(n.d) > 9.0e18) return false;
  out = static_cast<std::int64_t>(n.d);
  return true;
}

template <typename T>
void put(TickRow& row, std::size_t offset, T value) {
  std::memcpy(reinterpret_cast<char*>(&row) + offset, &value, sizeof(T));
}

// How a column of this type stores a dump column's values; nullopt when it cannot.
std::optional<Kind> kind_for(const parquet::Column& column, FieldType field) {
  const LogicalType::Kind logical = column.logical.kind;
  if (column.type == PhysicalType::BYTE_ARRAY) return Kind::kText;
  if (field == FieldType::kTimestamp) {
    if (column.type == PhysicalType::INT64 && logical == LogicalType::Kind::TIMESTAMP) return Kind::kTimestamp;
    if (column.type == PhysicalType::INT96) return Kind::kInt96;
    return std::nullopt;
  }
  if (column.type == PhysicalType::FIXED_LEN_BYTE_ARRAY) {
    if (logical != LogicalType::Kind::DECIMAL || column.type_length > 16 || column.logical.scale < 0 ||
        column.logical.scale > 38) {
      return std::nullopt;
    }
    return Kind::kDecimalBytes;
  }
  switch (column.type) {
    case PhysicalType::INT32:
    case PhysicalType::INT64:
      if (logical == LogicalType::Kind::DECIMAL) {
        if (column.logical.scale < 0 || column.logical.scale > 18) return std::nullopt;
        return column.logical.scale == 0 ? Kind::kInteger : Kind::kDecimal;
      }
      if (logical == LogicalType::Kind::NONE || logical == LogicalType::Kind::INT) return Kind::kInteger;
      return std::nullopt;
    case PhysicalType::FLOAT: return Kind::kFloat;
    case PhysicalType::DOUBLE: return Kind::kDouble;
    default: return std::nullopt;
  }
}

std::int64_t nanos_per(parquet::TimeUnit unit) {
  switch (unit) {
    case parquet::TimeUnit::MILLIS: return 1'000'000;
    case parquet::TimeUnit::MICROS: return 1'000;
    case parquet::TimeUnit::NANOS: return 1;
  }
  return 1;
}

}  // namespace

ParquetRowMapper::ParquetRowMapper(const parquet::Schema& schema, std::string_view file) {
  const auto& names = dataset::dump_columns();
  std::uint64_t seen = 0;
  for (const parquet::Column& column : schema.columns) {
    int dump_column = -1;
    for (int c = 0; c < dataset::kDumpColumnCount; ++c) {
      if (dump::equals_ignore_case(column.name, names[static_cast<std::size_t>(c)])) dump_column = c;
    }
    int identity_column = -1;
    for (int c = 0; c < kIdentityColumnCount; ++c) {
      if (dump::equals_ignore_case(column.name, kIdentityNames[static_cast<std::size_t>(c)])) identity_column = c;
    }
    if (dump_column >= 0) {
      if (seen >> dump_column & 1U) continue;  // the same name twice in another case: the first wins
      const dataset::DumpField& field = dataset::dump_fields()[static_cast<std::size_t>(dump_column)];
      const auto kind = kind_for(column, field.type);
      if (!kind) {
        fail("{}: column '{}' is {} {}, which cannot hold {} values", file, column.name, parquet::to_string(column.type),
             parquet::to_string(column.logical), field.type == FieldType::kTimestamp ? "timestamp" : "numeric");
      }
      Mapped m{dump_column, projection_.size(), field.type, field.offset, *kind, column.logical.scale, 1, 0};
      if (*kind == Kind::kTimestamp) {
        m.to_nanos = nanos_per(column.logical.unit);
        m.to_ist = column.logical.adjusted_to_utc ? kIstOffsetNanos : 0;
      }
      mapped_.push_back(m);
      projection_.push_back(column.name);
      seen |= std::uint64_t{1} << dump_column;
    } else if (identity_column >= 0) {
      auto& slot = identity_[static_cast<std::size_t>(identity_column)];
      if (slot) continue;
      const auto kind = kind_for(column, FieldType::kDouble);
      if (!kind) continue;  // a type no identity can be read from: nothing to cross-check
      slot = Mapped{-1, projection_.size(), FieldType::kDouble, 0, *kind, column.logical.scale, 1, 0};
      projection_.push_back(column.name);
    } else {
      extra_.push_back(column.name);
    }
  }
  for (int c = 0; c < dataset::kDumpColumnCount; ++c) {
    if (!(seen >> c & 1U)) missing_mask_ |= std::uint64_t{1} << c;
  }
}

std::vector<std::string> ParquetRowMapper::missing_columns() const {
  std::vector<std::string> out;
  for (int c = 0; c < dataset::kDumpColumnCount; ++c) {
    if (missing_mask_ >> c & 1U) out.emplace_back(dataset::dump_columns()[static_cast<std::size_t>(c)]);
  }
  return out;
}

bool ParquetRowMapper::store(const Mapped& m, const ColumnData& c, std::size_t r, TickRow& row,
                             std::string* why) const {
  std::string ignored;
  if (m.kind == Kind::kText) {
    const dump::Value value{c.string_at(r), dump::ValueKind::kString, false};
    return store_value(value, m.column, row, why ? *why : ignored);
  }
  if (m.kind == Kind::kInt96) {
    std::int64_t nanos = 0;
    if (!int96_nanos(c.string_at(r), nanos)) {
      if (why) *why = "out of range";
      return false;
    }
    put(row, m.offset, nanos);
    return true;
  }
  if (m.kind == Kind::kTimestamp) {
    std::int64_t nanos = 0;
    if (__builtin_mul_overflow(c.i64[r], m.to_nanos, &nanos) || __builtin_add_overflow(nanos, m.to_ist, &nanos)) {
      if (why) *why = "out of range";
      return false;
    }
    put(row, m.offset, nanos);
    return true;
  }
  const Number n = number_of(m.kind, m.scale, c, r);
  switch (m.type) {
    case FieldType::kDouble: {
      const double d = n.integral ? static_cast<double>(n.i) : n.d;
      if (!std::isfinite(d)) {
        if (why) *why = "not a number";
        return false;
      }
      put(row, m.offset, d);
      return true;
    }
    case FieldType::kInt32:
    case FieldType::kInt64: {
      std::int64_t i = 0;
      const bool narrow = m.type == FieldType::kInt32;
      if (!to_integer(n, i) || (narrow && (i < std::numeric_limits<std::int32_t>::min() ||
                                           i > std::numeric_limits<std::int32_t>::max()))) {
        if (why) *why = m.column == static_cast<int>(dataset::DumpColumn::kQty) ? "not an integer quantity"
                                                                                 : "not an integer";
        return false;
      }
      if (narrow) {
        put(row, m.offset, static_cast<std::int32_t>(i));
      } else {
        put(row, m.offset, i);
      }
      return true;
    }
    case FieldType::kTimestamp: break;
  }
  return false;
}

void ParquetRowMapper::convert(const parquet::Batch& batch, std::size_t begin, std::size_t end, TickRow* out,
                               Status* status) const {
  const std::size_t n = end - begin;
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = TickRow{};
    out[i].null_mask = missing_mask_;
    status[i] = Status::kOk;
  }
  // Column by column: the column's values are read in order, once.
  for (const Mapped& m : mapped_) {
    const ColumnData& c = batch.columns[m.slot];
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t r = begin + i;
      if (!c.is_valid(r)) {
        if (m.column == 0) {
          status[i] = Status::kNullTimestamp;
        } else {
          dataset::set_null(out[i], m.column);
        }
        continue;
      }
      if (!store(m, c, r, out[i], nullptr) && status[i] == Status::kOk) status[i] = Status::kBadValue;
    }
  }
}

std::string ParquetRowMapper::describe(const Mapped& m, const ColumnData& c, std::size_t r) {
  switch (m.kind) {
    case Kind::kText: return fmt::format("'{}'", c.string_at(r).substr(0, 40));
    case Kind::kTimestamp: return fmt::format("{} ({} ns per unit)", c.i64[r], m.to_nanos);
    case Kind::kInt96: {
      std::int64_t nanos_of_day = 0;
      std::int32_t julian_day = 0;
      std::memcpy(&nanos_of_day, c.string_at(r).data(), 8);
      std::memcpy(&julian_day, c.string_at(r).data() + 8, 4);
      return fmt::format("INT96 day {} + {} ns", julian_day, nanos_of_day);
    }
    default: {
      const Number n = number_of(m.kind, m.scale, c, r);
      return n.integral ? fmt::format("{}", n.i) : fmt::format("{}", n.d);
    }
  }
}

std::string ParquetRowMapper::error(const parquet::Batch& batch, std::size_t row) const {
  for (const Mapped& m : mapped_) {
    const ColumnData& c = batch.columns[m.slot];
    if (!c.is_valid(row)) continue;
    TickRow scratch{};
    std::string why;
    if (!store(m, c, row, scratch, &why)) {
      return fmt::format("column '{}': {} is {}", dataset::dump_columns()[static_cast<std::size_t>(m.column)],
                         describe(m, c, row), why);
    }
  }
  return "no bad value";
}

std::optional<double> ParquetRowMapper::number(const parquet::Batch& batch, IdentityColumn column,
                                               std::size_t row) const {
  const auto& m = identity_[static_cast<std::size_t>(column)];
  if (!m) return std::nullopt;
  const ColumnData& c = batch.columns[m->slot];
  if (!c.is_valid(row)) return std::nullopt;
  if (m->kind == Kind::kText) return dump::parse_double(c.string_at(row));
  const Number n = number_of(m->kind, m->scale, c, row);
  return n.integral ? static_cast<double>(n.i) : n.d;
}

std::optional<std::string_view> ParquetRowMapper::text(const parquet::Batch& batch, IdentityColumn column,
                                                       std::size_t row) const {
  const auto& m = identity_[static_cast<std::size_t>(column)];
  if (!m || m->kind != Kind::kText) return std::nullopt;
  const ColumnData& c = batch.columns[m->slot];
  if (!c.is_valid(row)) return std::nullopt;
  return c.string_at(row);
}

}  // namespace tapelab::ingest
