#include "interop/matrix.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "parquet/writer.h"

namespace tapelab::interop {

using parquet::Codec;
using parquet::Column;
using parquet::ColumnData;
using parquet::Encoding;
using parquet::LogicalType;
using parquet::PhysicalType;
using parquet::TimeUnit;

namespace {

// splitmix64: tiny, fast, and the same on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi] (hi - lo < 2^63).
  std::int64_t range(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1p-53 < p; }

 private:
  std::uint64_t state_;
};

// Every column kind tapelab writes, by the constructors of parquet/types.h.
std::vector<Column> all_kinds(bool nullable) {
  const std::string n = nullable ? "_n" : "";
  std::vector<Column> kinds = {
      Column::boolean("bool" + n, nullable),
      Column::int32("i32" + n, nullable),
      Column::int64("i64" + n, nullable),
      Column::float32("f32" + n, nullable),
      Column::float64("f64" + n, nullable),
      Column::bytes("bin" + n, nullable),
      Column::string("str" + n, nullable),
      Column::date("date" + n, nullable),
      Column::decimal("dec9" + n, 9, 2, nullable),
      Column::decimal("dec18" + n, 18, 4, nullable),
  };
  for (auto unit : {TimeUnit::MILLIS, TimeUnit::MICROS, TimeUnit::NANOS}) {
    for (bool utc : {false, true}) {
      kinds.push_back(Column::timestamp(
          fmt::format("ts_{}{}{}", parquet::to_string(unit), utc ? "_utc" : "", n), unit, utc,
          nullable));
    }
  }
  for (int bits : {8, 16, 32, 64}) {
    for (bool is_signed : {true, false}) {
      kinds.push_back(Column::integer(fmt::format("{}int{}{}", is_signed ? "" : "u", bits, n),
                                      bits, is_signed, nullable));
    }
  }
  return kinds;
}

std::vector<Column> all_kinds_both() {
  auto columns = all_kinds(false);
  for (auto& c : all_kinds(true)) columns.push_back(std::move(c));
  return columns;
}

// A raw value before it lands in a ColumnData.
struct Raw {
  std::int64_t i = 0;
  double d = 0;
  std::string s;
};

std::int64_t unit_scale(TimeUnit u) {
  return u == TimeUnit::MILLIS ? 1 : u == TimeUnit::MICROS ? 1000 : 1000000;
}

// A typical value of the column at `row`. Timestamps rise with the row (tick
// data is sorted by time); the rest is random over the type's range.
Raw typical(const Column& c, Rng& rng, std::size_t row) {
  static const char* const words[] = {"CE", "PE", "NIFTY", "BANKNIFTY", "", "ñ₹ नमस्ते", "O'Brien\t\"x\"\n", "😀"};
  Raw r;
  const auto& l = c.logical;
  switch (c.type) {
    case PhysicalType::BOOLEAN: r.i = static_cast<std::int64_t>(rng.next() & 1); break;
    case PhysicalType::INT32:
      if (l.kind == LogicalType::Kind::DATE) {
        r.i = rng.range(-25000, 50000);
      } else if (l.kind == LogicalType::Kind::DECIMAL) {
        r.i = rng.range(-999999999, 999999999);
      } else if (l.kind == LogicalType::Kind::INT && l.bit_width < 32) {
        const std::int64_t span = std::int64_t{1} << l.bit_width;
        r.i = l.is_signed ? rng.range(-span / 2, span / 2 - 1) : rng.range(0, span - 1);
      } else {
        r.i = static_cast<std::int32_t>(static_cast<std::uint32_t>(rng.next()));
      }
      break;
    case PhysicalType::INT64:
      if (l.kind == LogicalType::Kind::TIMESTAMP) {
        const std::int64_t step = 250 * unit_scale(l.unit);
        r.i = 1'700'000'000'000 * unit_scale(l.unit) + static_cast<std::int64_t>(row) * step +
              rng.range(0, step - 1);
      } else if (l.kind == LogicalType::Kind::DECIMAL) {
        r.i = rng.range(-999'999'999'999'999'999, 999'999'999'999'999'999);
      } else {
        r.i = static_cast<std::int64_t>(rng.next());
      }
      break;
    case PhysicalType::FLOAT:
    case PhysicalType::DOUBLE:
      // Prices on a 0.05 tick, sometimes an arbitrary double.
      r.d = rng.chance(0.8) ? static_cast<double>(rng.range(0, 2'000'000)) / 20.0
                            : static_cast<double>(static_cast<std::int64_t>(rng.next())) * 0x1p-40;
      break;
    case PhysicalType::BYTE_ARRAY:
      if (l.kind == LogicalType::Kind::STRING) {
        r.s = rng.chance(0.5) ? words[rng.next() % std::size(words)]
                              : fmt::format("sym-{}", rng.next() % 100000);
      } else {
        const auto len = rng.next() % 17;
        for (std::uint64_t k = 0; k < len; ++k) r.s.push_back(static_cast<char>(rng.next()));
      }
      break;
    default: break;
  }
  return r;
}

// Values that break readers: type limits, NaN/inf/-0, negative times, huge
// strings. `edge_values(c).size()` rows of the edge file start with them.
std::vector<Raw> edge_values(const Column& c) {
  constexpr auto i32min = std::numeric_limits<std::int32_t>::min();
  constexpr auto i32max = std::numeric_limits<std::int32_t>::max();
  constexpr auto i64min = std::numeric_limits<std::int64_t>::min();
  constexpr auto i64max = std::numeric_limits<std::int64_t>::max();
  const auto& l = c.logical;
  auto ints = [](std::initializer_list<std::int64_t> v) {
    std::vector<Raw> out;
    for (auto x : v) out.push_back(Raw{x, 0, {}});
    return out;
  };
  auto doubles = [](std::initializer_list<double> v) {
    std::vector<Raw> out;
    for (auto x : v) out.push_back(Raw{0, x, {}});
    return out;
  };
  switch (c.type) {
    case PhysicalType::BOOLEAN: return ints({0, 1});
    case PhysicalType::INT32:
      if (l.kind == LogicalType::Kind::DATE) return ints({-719162, 2932896, 0, -1});
      if (l.kind == LogicalType::Kind::DECIMAL) return ints({-999999999, 999999999, 0, -1});
      if (l.kind == LogicalType::Kind::INT && l.bit_width < 32) {
        const std::int64_t span = std::int64_t{1} << l.bit_width;
        return l.is_signed ? ints({-span / 2, span / 2 - 1, 0, -1}) : ints({0, span - 1, span / 2, span / 2 - 1});
      }
      return ints({i32min, i32max, 0, -1});  // as uint32: 2^31, 2^31-1, 0, 2^32-1
    case PhysicalType::INT64:
      if (l.kind == LogicalType::Kind::TIMESTAMP) {
        // Year 9999 and before 1970 in each unit; DuckDB keeps timestamps in
        // microseconds (and uses INT64 extremes as infinities), so stay inside.
        const std::int64_t year9999_ms = 253'402'300'799'999;
        const std::int64_t far = l.unit == TimeUnit::NANOS ? 9'000'000'000'000'000'000
                                                           : year9999_ms * unit_scale(l.unit);
        return ints({-far, far, 0, -1, -unit_scale(l.unit) * 86'400'000 - 1});
      }
      if (l.kind == LogicalType::Kind::DECIMAL) {
        return ints({-999'999'999'999'999'999, 999'999'999'999'999'999, 0, -1});
      }
      return ints({i64min, i64max, 0, -1});
    case PhysicalType::FLOAT: {
      using F = std::numeric_limits<float>;
      return doubles({NAN, INFINITY, -INFINITY, -0.0, 0.0, F::denorm_min(), F::max(), F::lowest(), 0.1f});
    }
    case PhysicalType::DOUBLE: {
      using D = std::numeric_limits<double>;
      return doubles({NAN, INFINITY, -INFINITY, -0.0, 0.0, D::denorm_min(), D::max(), D::lowest(), 0.1});
    }
    case PhysicalType::BYTE_ARRAY: {
      std::vector<Raw> out(4);
      if (l.kind == LogicalType::Kind::STRING) {
        out[1].s = "\xF0\x9F\x98\x80 ₹ \xEF\xBF\xBF";  // 4-byte UTF-8 (a surrogate pair in JS), U+FFFF
        out[2].s = std::string(70000, 'x') + "end";     // larger than a page
        out[3].s = "'; DROP TABLE t; --";
      } else {
        out[1].s = std::string(1, '\0');
        out[2].s = std::string(70000, '\xff');
        out[3].s = "\x80\x81";
      }
      return out;
    }
    default: return {};
  }
}

void push(const Column& c, ColumnData& d, const Raw& r) {
  switch (c.type) {
    case PhysicalType::BOOLEAN: d.bools.push_back(r.i != 0); break;
    case PhysicalType::INT32: d.i32.push_back(static_cast<std::int32_t>(r.i)); break;
    case PhysicalType::INT64: d.i64.push_back(r.i); break;
    case PhysicalType::FLOAT: d.f32.push_back(static_cast<float>(r.d)); break;
    case PhysicalType::DOUBLE: d.f64.push_back(r.d); break;
    case PhysicalType::BYTE_ARRAY: d.push_string(r.s); break;
    default: break;
  }
  if (!d.valid.empty()) d.valid.push_back(1);
}

struct Profile {
  double null_rate = 0.15;
  // Share of rows drawn from a small per-column pool, so dictionaries pay off
  // (0 = every value fresh: dictionaries overflow).
  double repeat_rate = 0.5;
};

std::vector<ColumnData> generate(const std::vector<Column>& columns, std::size_t rows,
                                 std::uint64_t seed, Profile p) {
  std::vector<ColumnData> out;
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const Column& c = columns[k];
    Rng rng(seed * 1000 + k);
    std::vector<Raw> pool;
    for (int j = 0; j < 8; ++j) pool.push_back(typical(c, rng, 0));
    ColumnData d(c.type);
    if (c.type == PhysicalType::BYTE_ARRAY) d.offsets = {0};
    for (std::size_t row = 0; row < rows; ++row) {
      if (c.nullable && rng.chance(p.null_rate)) {
        d.push_null();
      } else if (c.logical.kind != LogicalType::Kind::TIMESTAMP && rng.chance(p.repeat_rate)) {
        push(c, d, pool[rng.next() % pool.size()]);
      } else {
        push(c, d, typical(c, rng, row));
      }
    }
    out.push_back(std::move(d));
  }
  return out;
}

TestFile make_file(std::string name, std::vector<Column> columns, std::size_t rows,
                   std::uint64_t seed, Profile profile = {}) {
  TestFile f;
  f.name = std::move(name);
  f.columns = generate(columns, rows, seed, profile);
  f.schema.columns = std::move(columns);
  return f;
}

// Forces one encoding family on every column that supports it.
enum class Mode { AUTO, PLAIN, DICTIONARY, ALTERNATE };

std::optional<Encoding> encoding_for(Mode mode, PhysicalType t) {
  switch (mode) {
    case Mode::AUTO: return std::nullopt;
    case Mode::PLAIN: return Encoding::PLAIN;
    // The writer (like arrow-rs) does not dictionary-encode BOOLEAN.
    case Mode::DICTIONARY: return t == PhysicalType::BOOLEAN ? Encoding::RLE : Encoding::RLE_DICTIONARY;
    case Mode::ALTERNATE:
      switch (t) {
        case PhysicalType::BOOLEAN: return Encoding::RLE;
        case PhysicalType::INT32:
        case PhysicalType::INT64: return Encoding::DELTA_BINARY_PACKED;
        case PhysicalType::FLOAT:
        case PhysicalType::DOUBLE: return Encoding::BYTE_STREAM_SPLIT;
        default: return Encoding::PLAIN;
      }
  }
  return std::nullopt;
}

void apply_mode(TestFile& f, Mode mode) {
  for (const auto& c : f.schema.columns) {
    if (auto e = encoding_for(mode, c.type)) f.options.columns[c.name].encoding = e;
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

}  // namespace

std::vector<TestFile> interop_matrix(std::size_t max_rows) {
  std::vector<TestFile> files;
  const auto kinds = all_kinds_both();
  std::uint64_t seed = 1;
  auto rows = [max_rows](std::size_t n) { return std::min(n, max_rows); };

  // The cross product: codec x page version x encoding family, every kind
  // required and nullable, several row groups and pages per column chunk.
  const std::pair<Mode, const char*> modes[] = {{Mode::AUTO, "auto"},
                                                 {Mode::PLAIN, "plain"},
                                                 {Mode::DICTIONARY, "dict"},
                                                 {Mode::ALTERNATE, "delta_bss_rle"}};
  for (Codec codec : {Codec::UNCOMPRESSED, Codec::SNAPPY, Codec::ZSTD, Codec::LZ4_RAW}) {
    for (bool v2 : {false, true}) {
      for (const auto& [mode, mode_name] : modes) {
        TestFile f = make_file(fmt::format("m_{}_{}_{}", lower(parquet::to_string(codec)),
                                           v2 ? "v2" : "v1", mode_name),
                               kinds, rows(1000), seed++);
        f.options.codec = codec;
        f.options.data_page_v2 = v2;
        f.options.row_group_rows = 400;
        f.options.page_row_limit = 150;
        apply_mode(f, mode);
        f.probe_statistics = mode == Mode::AUTO;
        files.push_back(std::move(f));
      }
    }
  }

  files.push_back(make_file("empty", kinds, 0, seed++));
  files.push_back(make_file("one_row", kinds, rows(1), seed++, {.null_rate = 0.5, .repeat_rate = 0}));
  files.push_back(make_file("one_row_all_null", kinds, rows(1), seed++, {.null_rate = 1, .repeat_rate = 0}));

  {
    // Row groups cut at caller-chosen, uneven boundaries (1-row groups too).
    const std::size_t total = rows(2000);
    TestFile f = make_file("many_row_groups", kinds, total, seed++);
    const std::size_t cuts[] = {1, 2, 7, 64, 100, 250, 3, 500, 73};
    for (std::size_t done = 0, k = 0; done < total; ++k) {
      const std::size_t n = std::min<std::size_t>(cuts[k % std::size(cuts)], total - done);
      f.row_groups.push_back(n);
      done += n;
    }
    f.options.page_row_limit = 50;
    f.probe_statistics = true;
    files.push_back(std::move(f));
  }

  // Fresh values only, with a small dictionary limit: each chunk starts with
  // a dictionary and falls back mid-chunk, in both page versions.
  for (bool v2 : {false, true}) {
    for (Mode mode : {Mode::AUTO, Mode::DICTIONARY}) {
      TestFile f = make_file(fmt::format("dict_fallback_{}_{}", v2 ? "v2_snappy" : "v1_zstd",
                                         mode == Mode::AUTO ? "auto" : "forced"),
                             kinds, rows(3000), seed++, {.null_rate = 0.1, .repeat_rate = 0});
      f.options.codec = v2 ? Codec::SNAPPY : Codec::ZSTD;
      f.options.data_page_v2 = v2;
      f.options.dictionary_page_limit = 1024;
      f.options.page_row_limit = 200;
      apply_mode(f, mode);
      f.probe_statistics = mode == Mode::AUTO && !v2;
      files.push_back(std::move(f));
    }
  }

  {
    // Edge values first, three per page so page statistics see them, then
    // typical rows; plus a column that is all null and one nullable column
    // that has no null.
    auto columns = kinds;
    columns.push_back(Column::int64("i64_all_null", true));
    columns.push_back(Column::string("str_never_null", true));
    TestFile f = make_file("edge_values", columns, 0, seed++);
    Rng rng(seed++);
    for (std::size_t k = 0; k < columns.size(); ++k) {
      const Column& c = columns[k];
      ColumnData& d = f.columns[k];
      for (std::size_t row = 0; row < rows(40); ++row) {
        const auto edges = edge_values(c);
        if (c.name == "i64_all_null" || (c.nullable && c.name != "str_never_null" && row % 5 == 4)) {
          d.push_null();
        } else {
          push(c, d, row < edges.size() ? edges[row] : typical(c, rng, row));
        }
      }
    }
    f.options.page_row_limit = 3;
    f.options.page_size = 16 * 1024;
    f.options.row_group_rows = 20;
    f.probe_statistics = true;
    files.push_back(std::move(f));
  }

  {
    // No statistics, no page index, an expensive codec level, and the
    // metadata readers only pass through.
    TestFile f = make_file("no_stats_no_index_zstd19_v2", kinds, rows(500), seed++);
    f.options.statistics = false;
    f.options.page_index = false;
    f.options.compression_level = 19;
    f.options.data_page_v2 = true;
    f.options.sorting_columns = {{.column_idx = 0, .descending = false, .nulls_first = false}};
    f.options.key_value_metadata = {{"tapelab.test", "interop"}, {"no_value", std::nullopt}};
    files.push_back(std::move(f));
  }

  // GZIP and BROTLI, which tapelab writes too: one file each, a page
  // version each, typical encodings, statistics probed.
  for (const auto& [codec, v2] : {std::pair{Codec::GZIP, false}, std::pair{Codec::BROTLI, true}}) {
    TestFile f = make_file(fmt::format("m_{}_{}_auto", lower(parquet::to_string(codec)), v2 ? "v2" : "v1"), kinds,
                           rows(1000), seed++);
    f.options.codec = codec;
    f.options.data_page_v2 = v2;
    f.options.row_group_rows = 400;
    f.options.page_row_limit = 150;
    f.probe_statistics = true;
    files.push_back(std::move(f));
  }
  return files;
}

void write_test_file(const TestFile& file, const std::string& path) {
  parquet::FileWriter writer(path, file.schema, file.options);
  if (file.row_groups.empty()) {
    writer.write(file.columns);
  } else {
    std::size_t begin = 0;
    const std::size_t rows = file.columns.empty() ? 0 : file.columns[0].size();
    for (std::size_t n : file.row_groups) {
      std::vector<std::uint8_t> keep(rows, 0);
      std::fill(keep.begin() + static_cast<std::ptrdiff_t>(begin),
                keep.begin() + static_cast<std::ptrdiff_t>(begin + n), 1);
      std::vector<ColumnData> group = file.columns;
      for (auto& c : group) c.filter(keep);
      writer.write_row_group(group);
      begin += n;
    }
  }
  writer.close();
}

}  // namespace tapelab::interop
