// Parquet schema and in-memory column types.
//
// Design note. tapelab only stores flat tables (one row per tick), so the
// schema is a flat list of columns, each REQUIRED or OPTIONAL; nested files
// are rejected when a nested column is asked for. In memory a column is a
// dense, Arrow-like array: one slot per row (null slots hold a zero value)
// plus an optional validity byte per row. The engine indexes those vectors
// directly, so the decoder writes straight into them and nothing is copied
// again after decode. BOOLEAN is one byte per value (not a bitmap) because the
// engine reads flags by row index far more often than it stores them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tapelab::parquet {

// Numbering is the one of parquet.thrift (values go to disk as is).
enum class PhysicalType : std::int32_t {
  BOOLEAN = 0,
  INT32 = 1,
  INT64 = 2,
  INT96 = 3,
  FLOAT = 4,
  DOUBLE = 5,
  BYTE_ARRAY = 6,
  FIXED_LEN_BYTE_ARRAY = 7,
};

enum class Encoding : std::int32_t {
  PLAIN = 0,
  PLAIN_DICTIONARY = 2,
  RLE = 3,
  BIT_PACKED = 4,
  DELTA_BINARY_PACKED = 5,
  DELTA_LENGTH_BYTE_ARRAY = 6,
  DELTA_BYTE_ARRAY = 7,
  RLE_DICTIONARY = 8,
  BYTE_STREAM_SPLIT = 9,
};

enum class Codec : std::int32_t {
  UNCOMPRESSED = 0,
  SNAPPY = 1,
  GZIP = 2,
  LZO = 3,
  BROTLI = 4,
  LZ4 = 5,
  ZSTD = 6,
  LZ4_RAW = 7,
};

enum class TimeUnit : std::int32_t { MILLIS = 0, MICROS = 1, NANOS = 2 };

// The logical type of a column (parquet.thrift's LogicalType union, reduced to
// what tapelab writes; other kinds read from foreign files are reported as
// OTHER and decoded by their physical type).
struct LogicalType {
  enum class Kind : std::int32_t { NONE, STRING, DATE, TIMESTAMP, DECIMAL, INT, OTHER };
  Kind kind = Kind::NONE;
  TimeUnit unit = TimeUnit::MICROS;  // TIMESTAMP
  bool adjusted_to_utc = false;      // TIMESTAMP
  std::int32_t precision = 0;        // DECIMAL
  std::int32_t scale = 0;            // DECIMAL
  std::int32_t bit_width = 0;        // INT: 8, 16, 32 or 64
  bool is_signed = true;             // INT

  friend bool operator==(const LogicalType&, const LogicalType&) = default;
};

struct Column {
  std::string name;
  PhysicalType type = PhysicalType::INT64;
  LogicalType logical;
  bool nullable = false;
  std::int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY: bytes per value (read only)

  friend bool operator==(const Column&, const Column&) = default;

  // Constructors for the column kinds tapelab writes.
  static Column boolean(std::string name, bool nullable = false);
  static Column int32(std::string name, bool nullable = false);
  static Column int64(std::string name, bool nullable = false);
  static Column float32(std::string name, bool nullable = false);
  static Column float64(std::string name, bool nullable = false);
  static Column bytes(std::string name, bool nullable = false);  // BYTE_ARRAY, no logical type
  static Column string(std::string name, bool nullable = false);
  static Column date(std::string name, bool nullable = false);  // INT32 days since 1970-01-01
  static Column timestamp(std::string name, TimeUnit unit, bool adjusted_to_utc,
                          bool nullable = false);  // INT64
  // DECIMAL stored in INT32 (precision <= 9) or INT64 (precision <= 18).
  static Column decimal(std::string name, std::int32_t precision, std::int32_t scale,
                        bool nullable = false);
  // INT(bit_width, signed): INT32 for widths 8/16/32, INT64 for 64.
  static Column integer(std::string name, std::int32_t bit_width, bool is_signed,
                        bool nullable = false);
};

struct Schema {
  std::vector<Column> columns;

  // Index of the column with this exact name, or -1.
  int find(std::string_view name) const;
  friend bool operator==(const Schema&, const Schema&) = default;
};

// One column's values for a run of rows. Exactly one value vector is used,
// chosen by `type`: BOOLEAN -> bools (0/1), INT32 -> i32, INT64 -> i64,
// FLOAT -> f32, DOUBLE -> f64, BYTE_ARRAY -> offsets (rows + 1 entries,
// offsets[0] == 0) into bytes. `valid` is empty when every row is valid,
// otherwise one byte per row (1 = valid); null rows hold a zero value or an
// empty string.
//
// A BYTE_ARRAY column to be written may come dictionary-encoded instead
// (`dictionary` set): offsets/bytes then hold entries, distinct strings in
// any order, and row r is entry indices[r] (a null row's index is ignored but
// in range). A column that repeats a few strings (a contract's symbol on each
// of its rows) is then built without copying a string per row and written
// without hashing one. The file written is the same either way.
// Types whose values a ColumnData holds as byte strings (offsets/bytes):
// BYTE_ARRAY, and, as read from foreign files, FIXED_LEN_BYTE_ARRAY and the
// legacy INT96 timestamps (12 bytes each).
constexpr bool holds_bytes(PhysicalType t) {
  return t == PhysicalType::BYTE_ARRAY || t == PhysicalType::FIXED_LEN_BYTE_ARRAY || t == PhysicalType::INT96;
}

struct ColumnData {
  PhysicalType type = PhysicalType::INT64;
  std::vector<std::uint8_t> bools;
  std::vector<std::int32_t> i32;
  std::vector<std::int64_t> i64;
  std::vector<float> f32;
  std::vector<double> f64;
  std::vector<std::uint64_t> offsets;
  std::string bytes;
  std::vector<std::uint8_t> valid;
  bool dictionary = false;             // BYTE_ARRAY: rows are indices into the entries
  std::vector<std::uint32_t> indices;  // per row, when `dictionary`

  ColumnData() = default;
  explicit ColumnData(PhysicalType t);

  // Empties the column for reuse as type t, keeping every vector's capacity:
  // a scan that decodes row group after row group into the same ColumnData
  // allocates (and page-faults) only for the first one.
  void reset(PhysicalType t);

  std::size_t size() const;
  bool is_valid(std::size_t row) const { return valid.empty() || valid[row] != 0; }
  std::size_t null_count() const;
  std::string_view string_at(std::size_t row) const { return entry(dictionary ? indices[row] : row); }
  // BYTE_ARRAY: the strings offsets/bytes hold (one per row unless `dictionary`).
  std::size_t entries() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  std::string_view entry(std::size_t i) const {
    return std::string_view(bytes).substr(offsets[i], offsets[i + 1] - offsets[i]);
  }
  // Appends a string (BYTE_ARRAY columns); starts offsets at {0} if needed.
  void push_string(std::string_view s);
  // Appends a null row of any type (creates `valid` on the first null).
  void push_null();
  // Keeps the rows whose keep[row] is non-zero (keep.size() == size()).
  void filter(const std::vector<std::uint8_t>& keep);
  // Appends all rows of `other` (same type).
  void append(const ColumnData& other);
  // (The last three do not take dictionary-encoded columns.)

  friend bool operator==(const ColumnData&, const ColumnData&) = default;

 private:
  void require_plain(std::string_view what) const;
};

std::string_view to_string(PhysicalType t);
std::string_view to_string(Encoding e);
std::string_view to_string(Codec c);
std::string_view to_string(TimeUnit u);
// "STRING", "TIMESTAMP(MICROS,false)", "DECIMAL(9,2)", "INT(8,false)", ...
std::string to_string(const LogicalType& t);

// Parses names as written by to_string ("zstd" and "ZSTD" both work); throws Error.
Codec parse_codec(std::string_view name);
Encoding parse_encoding(std::string_view name);

}  // namespace tapelab::parquet
