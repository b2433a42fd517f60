#include "parquet/types.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "util/error.h"

namespace tapelab::parquet {

namespace {

Column make(std::string name, PhysicalType type, LogicalType logical, bool nullable) {
  return Column{std::move(name), type, logical, nullable};
}

LogicalType kind(LogicalType::Kind k) {
  LogicalType t;
  t.kind = k;
  return t;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Column Column::boolean(std::string name, bool nullable) {
  return make(std::move(name), PhysicalType::BOOLEAN, {}, nullable);
}
Column Column::int32(std::string name, bool nullable) {
  return make(std::move(name), PhysicalType::INT32, {}, nullable);
}
Column Column::int64(std::string name, bool nullable) {
  return make(std::move(name), PhysicalType::INT64, {}, nullable);
}
Column Column::float32(std::string name, bool nullable) {
  return make(std::move(name), PhysicalType::FLOAT, {}, nullable);
}
Column Column::float64(std::string name, bool nullable) {
  return make(std::move(name), PhysicalType::DOUBLE, {}, nullable);
}
Column Column::bytes(std::string name, bool nullable) {
  return make(std::move(name), PhysicalType::BYTE_ARRAY, {}, nullable);
}
Column Column::string(std::string name, bool nullable) {
  return make(std::move(name), PhysicalType::BYTE_ARRAY, kind(LogicalType::Kind::STRING), nullable);
}
Column Column::date(std::string name, bool nullable) {
  return make(std::move(name), PhysicalType::INT32, kind(LogicalType::Kind::DATE), nullable);
}
Column Column::timestamp(std::string name, TimeUnit unit, bool adjusted_to_utc, bool nullable) {
  LogicalType t = kind(LogicalType::Kind::TIMESTAMP);
  t.unit = unit;
  t.adjusted_to_utc = adjusted_to_utc;
  return make(std::move(name), PhysicalType::INT64, t, nullable);
}
Column Column::decimal(std::string name, std::int32_t precision, std::int32_t scale, bool nullable) {
  if (precision < 1 || precision > 18 || scale < 0 || scale > precision) {
    fail("column {}: DECIMAL({},{}) is not supported (precision 1..18, 0 <= scale <= precision)",
         name, precision, scale);
  }
  LogicalType t = kind(LogicalType::Kind::DECIMAL);
  t.precision = precision;
  t.scale = scale;
  return make(std::move(name), precision <= 9 ? PhysicalType::INT32 : PhysicalType::INT64, t,
              nullable);
}
Column Column::integer(std::string name, std::int32_t bit_width, bool is_signed, bool nullable) {
  if (bit_width != 8 && bit_width != 16 && bit_width != 32 && bit_width != 64) {
    fail("column {}: INT({}) is not a valid integer width", name, bit_width);
  }
  LogicalType t = kind(LogicalType::Kind::INT);
  t.bit_width = bit_width;
  t.is_signed = is_signed;
  return make(std::move(name), bit_width == 64 ? PhysicalType::INT64 : PhysicalType::INT32, t,
              nullable);
}

int Schema::find(std::string_view name) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

ColumnData::ColumnData(PhysicalType t) : type(t) {
  if (holds_bytes(t)) offsets.push_back(0);
}

void ColumnData::reset(PhysicalType t) {
  type = t;
  bools.clear();
  i32.clear();
  i64.clear();
  f32.clear();
  f64.clear();
  offsets.clear();
  bytes.clear();
  valid.clear();
  dictionary = false;
  indices.clear();
  if (holds_bytes(t)) offsets.push_back(0);
}

std::size_t ColumnData::size() const {
  switch (type) {
    case PhysicalType::BOOLEAN: return bools.size();
    case PhysicalType::INT32: return i32.size();
    case PhysicalType::INT64: return i64.size();
    case PhysicalType::FLOAT: return f32.size();
    case PhysicalType::DOUBLE: return f64.size();
    case PhysicalType::BYTE_ARRAY:
    case PhysicalType::FIXED_LEN_BYTE_ARRAY:
    case PhysicalType::INT96: return dictionary ? indices.size() : entries();
    default: return 0;
  }
}

void ColumnData::require_plain(std::string_view what) const {
  if (dictionary) fail("{}: not for a dictionary-encoded column", what);
}

std::size_t ColumnData::null_count() const {
  return static_cast<std::size_t>(std::count(valid.begin(), valid.end(), std::uint8_t{0}));
}

void ColumnData::push_string(std::string_view s) {
  require_plain("push_string");
  if (offsets.empty()) offsets.push_back(0);
  bytes.append(s);
  offsets.push_back(bytes.size());
}

void ColumnData::push_null() {
  require_plain("push_null");
  std::size_t n = size();
  if (valid.empty()) valid.assign(n, 1);
  switch (type) {
    case PhysicalType::BOOLEAN: bools.push_back(0); break;
    case PhysicalType::INT32: i32.push_back(0); break;
    case PhysicalType::INT64: i64.push_back(0); break;
    case PhysicalType::FLOAT: f32.push_back(0); break;
    case PhysicalType::DOUBLE: f64.push_back(0); break;
    case PhysicalType::BYTE_ARRAY:
    case PhysicalType::FIXED_LEN_BYTE_ARRAY:
    case PhysicalType::INT96: push_string({}); break;
    default: fail("push_null: unsupported physical type {}", to_string(type));
  }
  valid.push_back(0);
}

namespace {
template <typename T>
void keep_rows(std::vector<T>& v, const std::vector<std::uint8_t>& keep) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (keep[i]) v[out++] = v[i];
  }
  v.resize(out);
}
}  // namespace

void ColumnData::filter(const std::vector<std::uint8_t>& keep) {
  require_plain("filter");
  if (keep.size() != size()) fail("filter: mask of {} rows for a column of {}", keep.size(), size());
  if (!valid.empty()) keep_rows(valid, keep);
  switch (type) {
    case PhysicalType::BOOLEAN: keep_rows(bools, keep); break;
    case PhysicalType::INT32: keep_rows(i32, keep); break;
    case PhysicalType::INT64: keep_rows(i64, keep); break;
    case PhysicalType::FLOAT: keep_rows(f32, keep); break;
    case PhysicalType::DOUBLE: keep_rows(f64, keep); break;
    case PhysicalType::BYTE_ARRAY:
    case PhysicalType::FIXED_LEN_BYTE_ARRAY:
    case PhysicalType::INT96: {
      std::size_t out_row = 0;
      std::uint64_t out_byte = 0;
      for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
        if (!keep[i]) continue;
        std::uint64_t b = offsets[i], e = offsets[i + 1];
        std::memmove(bytes.data() + out_byte, bytes.data() + b, e - b);  // moves left only
        out_byte += e - b;
        offsets[++out_row] = out_byte;
      }
      offsets.resize(out_row + 1);
      bytes.resize(out_byte);
      break;
    }
    default: break;
  }
}

void ColumnData::append(const ColumnData& other) {
  require_plain("append");
  other.require_plain("append");
  if (other.type != type) fail("append: column types differ");
  std::size_t n = size();
  if (!other.valid.empty() || !valid.empty()) {
    if (valid.empty()) valid.assign(n, 1);
    if (other.valid.empty()) {
      valid.insert(valid.end(), other.size(), 1);
    } else {
      valid.insert(valid.end(), other.valid.begin(), other.valid.end());
    }
  }
  switch (type) {
    case PhysicalType::BOOLEAN: bools.insert(bools.end(), other.bools.begin(), other.bools.end()); break;
    case PhysicalType::INT32: i32.insert(i32.end(), other.i32.begin(), other.i32.end()); break;
    case PhysicalType::INT64: i64.insert(i64.end(), other.i64.begin(), other.i64.end()); break;
    case PhysicalType::FLOAT: f32.insert(f32.end(), other.f32.begin(), other.f32.end()); break;
    case PhysicalType::DOUBLE: f64.insert(f64.end(), other.f64.begin(), other.f64.end()); break;
    case PhysicalType::BYTE_ARRAY:
    case PhysicalType::FIXED_LEN_BYTE_ARRAY:
    case PhysicalType::INT96: {
      if (offsets.empty()) offsets.push_back(0);
      std::uint64_t base = bytes.size();
      bytes.append(other.bytes);
      for (std::size_t i = 1; i < other.offsets.size(); ++i) offsets.push_back(base + other.offsets[i]);
      break;
    }
    default: break;
  }
}

std::string_view to_string(PhysicalType t) {
  switch (t) {
    case PhysicalType::BOOLEAN: return "BOOLEAN";
    case PhysicalType::INT32: return "INT32";
    case PhysicalType::INT64: return "INT64";
    case PhysicalType::INT96: return "INT96";
    case PhysicalType::FLOAT: return "FLOAT";
    case PhysicalType::DOUBLE: return "DOUBLE";
    case PhysicalType::BYTE_ARRAY: return "BYTE_ARRAY";
    case PhysicalType::FIXED_LEN_BYTE_ARRAY: return "FIXED_LEN_BYTE_ARRAY";
  }
  return "UNKNOWN";
}

std::string_view to_string(Encoding e) {
  switch (e) {
    case Encoding::PLAIN: return "PLAIN";
    case Encoding::PLAIN_DICTIONARY: return "PLAIN_DICTIONARY";
    case Encoding::RLE: return "RLE";
    case Encoding::BIT_PACKED: return "BIT_PACKED";
    case Encoding::DELTA_BINARY_PACKED: return "DELTA_BINARY_PACKED";
    case Encoding::DELTA_LENGTH_BYTE_ARRAY: return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::DELTA_BYTE_ARRAY: return "DELTA_BYTE_ARRAY";
    case Encoding::RLE_DICTIONARY: return "RLE_DICTIONARY";
    case Encoding::BYTE_STREAM_SPLIT: return "BYTE_STREAM_SPLIT";
  }
  return "UNKNOWN";
}

std::string_view to_string(Codec c) {
  switch (c) {
    case Codec::UNCOMPRESSED: return "UNCOMPRESSED";
    case Codec::SNAPPY: return "SNAPPY";
    case Codec::GZIP: return "GZIP";
    case Codec::LZO: return "LZO";
    case Codec::BROTLI: return "BROTLI";
    case Codec::LZ4: return "LZ4";
    case Codec::ZSTD: return "ZSTD";
    case Codec::LZ4_RAW: return "LZ4_RAW";
  }
  return "UNKNOWN";
}

std::string_view to_string(TimeUnit u) {
  switch (u) {
    case TimeUnit::MILLIS: return "MILLIS";
    case TimeUnit::MICROS: return "MICROS";
    case TimeUnit::NANOS: return "NANOS";
  }
  return "UNKNOWN";
}

std::string to_string(const LogicalType& t) {
  switch (t.kind) {
    case LogicalType::Kind::NONE: return "";
    case LogicalType::Kind::STRING: return "STRING";
    case LogicalType::Kind::DATE: return "DATE";
    case LogicalType::Kind::TIMESTAMP:
      return fmt::format("TIMESTAMP({},{})", to_string(t.unit), t.adjusted_to_utc);
    case LogicalType::Kind::DECIMAL: return fmt::format("DECIMAL({},{})", t.precision, t.scale);
    case LogicalType::Kind::INT: return fmt::format("INT({},{})", t.bit_width, t.is_signed);
    case LogicalType::Kind::OTHER: return "OTHER";
  }
  return "";
}

Codec parse_codec(std::string_view name) {
  std::string u = upper(name);
  for (int i = 0; i <= 7; ++i) {
    auto c = static_cast<Codec>(i);
    if (to_string(c) == u) return c;
  }
  if (u == "NONE") return Codec::UNCOMPRESSED;
  fail("unknown compression codec '{}'", name);
}

Encoding parse_encoding(std::string_view name) {
  std::string u = upper(name);
  for (int i = 0; i <= 9; ++i) {
    auto e = static_cast<Encoding>(i);
    if (to_string(e) == u) return e;
  }
  fail("unknown encoding '{}'", name);
}

}  // namespace tapelab::parquet
