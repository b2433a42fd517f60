#include "parquet/writer.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>

#include "parquet/compression.h"
#include "parquet/encoding.h"
#include "parquet/key_index.h"
#include "parquet/schema_convert.h"
#include "parquet/stats.h"
#include "util/error.h"
#include "util/file.h"
#include "util/version.h"

namespace tapelab::parquet {

namespace {

// ---------------------------------------------------------------------------
// Input validation: everything is checked before a byte is written, so a bad
// row group leaves the file as it was.

void validate(const Schema& schema, std::span<const ColumnData> columns) {
  if (columns.size() != schema.columns.size()) {
    fail("row group has {} columns, schema has {}", columns.size(), schema.columns.size());
  }
  const std::size_t rows = columns.empty() ? 0 : columns[0].size();
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const Column& col = schema.columns[c];
    const ColumnData& d = columns[c];
    if (d.type != col.type) fail("column {}: data is {}, schema says {}", col.name, to_string(d.type), to_string(col.type));
    if (d.size() != rows) fail("column {}: {} rows, column {} has {}", col.name, d.size(), schema.columns[0].name, rows);
    if (!d.valid.empty()) {
      if (d.valid.size() != rows) fail("column {}: validity has {} entries for {} rows", col.name, d.valid.size(), rows);
      if (!col.nullable && d.null_count() > 0) fail("column {}: nulls in a required column", col.name);
    }
    if (col.type == PhysicalType::BYTE_ARRAY) {
      if (d.offsets.empty() || d.offsets[0] != 0 || d.offsets.back() != d.bytes.size()) {
        fail("column {}: offsets do not span the bytes", col.name);
      }
      for (std::size_t i = 0; i + 1 < d.offsets.size(); ++i) {
        if (d.offsets[i + 1] < d.offsets[i]) fail("column {}: offsets decrease at entry {}", col.name, i);
        if (d.offsets[i + 1] - d.offsets[i] > INT32_MAX) fail("column {}: value at entry {} exceeds 2 GiB", col.name, i);
      }
      if (d.dictionary) {
        const std::size_t entries = d.entries();
        for (std::size_t r = 0; r < d.indices.size(); ++r) {
          if (d.indices[r] >= entries) fail("column {}: row {} names entry {} of {}", col.name, r, d.indices[r], entries);
        }
      }
    } else if (d.dictionary) {
      fail("column {}: only BYTE_ARRAY columns come dictionary-encoded", col.name);
    }
    if (col.type != PhysicalType::BOOLEAN && col.type != PhysicalType::INT32 && col.type != PhysicalType::INT64 &&
        col.type != PhysicalType::FLOAT && col.type != PhysicalType::DOUBLE && col.type != PhysicalType::BYTE_ARRAY) {
      fail("column {}: writing {} is not supported", col.name, to_string(col.type));
    }
  }
}

// ---------------------------------------------------------------------------
// Typed access to a page's non-null values. Fixed-width values are used in
// place when the page has no nulls; otherwise (and for byte arrays, as
// string_views) they are gathered into a scratch vector.

template <typename T>
const std::vector<T>& values_of(const ColumnData& d) {
  if constexpr (std::is_same_v<T, std::uint8_t>) return d.bools;
  if constexpr (std::is_same_v<T, std::int32_t>) return d.i32;
  if constexpr (std::is_same_v<T, std::int64_t>) return d.i64;
  if constexpr (std::is_same_v<T, float>) return d.f32;
  if constexpr (std::is_same_v<T, double>) return d.f64;
}

template <typename T>
std::span<const T> non_null(const ColumnData& d, std::size_t b, std::size_t e, std::vector<T>& scratch) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    scratch.clear();
    for (std::size_t i = b; i < e; ++i) {
      if (d.is_valid(i)) scratch.push_back(d.string_at(i));
    }
    return scratch;
  } else {
    const std::vector<T>& v = values_of<T>(d);
    bool any_null = !d.valid.empty() && std::find(d.valid.begin() + static_cast<std::ptrdiff_t>(b),
                                                  d.valid.begin() + static_cast<std::ptrdiff_t>(e), 0) !=
                                            d.valid.begin() + static_cast<std::ptrdiff_t>(e);
    if (!any_null) return std::span<const T>(v.data() + b, e - b);
    scratch.clear();
    for (std::size_t i = b; i < e; ++i) {
      if (d.valid[i]) scratch.push_back(v[i]);
    }
    return scratch;
  }
}

template <typename T>
std::size_t plain_size(const T& v) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return 4 + v.size();
  } else {
    return sizeof(T);
  }
}

template <typename T>
void plain_encode(std::span<const T> v, std::string& out) {
  if constexpr (std::is_same_v<T, std::uint8_t>) {
    enc::plain_encode_bools(v.data(), v.size(), out);
  } else if constexpr (std::is_same_v<T, std::string_view>) {
    for (std::string_view s : v) {
      auto len = static_cast<std::uint32_t>(s.size());
      out.append(reinterpret_cast<const char*>(&len), 4);
      out.append(s);
    }
  } else {
    out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
}

// Dictionary keys: floating point by bit pattern, so -0.0, 0.0 and every NaN
// payload round-trip exactly.
template <typename T>
auto dict_key(T v) {
  if constexpr (std::is_same_v<T, float>) {
    return std::bit_cast<std::uint32_t>(v);
  } else if constexpr (std::is_same_v<T, double>) {
    return std::bit_cast<std::uint64_t>(v);
  } else {
    return v;
  }
}

template <typename T>
class Dictionary {
 public:
  // Adds the values' indices to `indices`; false (and nothing added to the
  // dictionary) if the dictionary would grow beyond `limit` bytes.
  bool add(std::span<const T> v, std::size_t limit, std::vector<std::uint32_t>& indices) {
    const std::size_t start_size = values_.size();
    const std::size_t start_bytes = bytes_;
    indices.resize(v.size());  // written by position: push_back did not inline in this loop
    // Tick data repeats: a contract's next row mostly has the same OI, book
    // quantity or price as the row before, so the previous value's index is
    // checked before the hash table (by key, which is exact for floats too).
    bool have_previous = false;
    Key previous_key{};
    std::uint32_t previous_position = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const Key key = dict_key(v[i]);
      if (have_previous && key == previous_key) {
        indices[i] = previous_position;
        continue;
      }
      const auto [position, inserted] = index_.find_or_insert(key, static_cast<std::uint32_t>(values_.size()));
      if (inserted) {
        values_.push_back(v[i]);
        bytes_ += plain_size(v[i]);
        if (bytes_ > limit) {
          // Rare (once per chunk at most): rebuild the index without this call's values.
          values_.resize(start_size);
          bytes_ = start_bytes;
          index_.clear();
          for (std::size_t j = 0; j < values_.size(); ++j) {
            index_.find_or_insert(dict_key(values_[j]), static_cast<std::uint32_t>(j));
          }
          return false;
        }
      }
      indices[i] = position;
      have_previous = true;
      previous_key = key;
      previous_position = position;
    }
    return true;
  }
  // add() for a whole column chunk into an empty dictionary (the automatic
  // choice's trial). Integers, and doubles whose nearest hundredths tell them
  // apart, whose codes span a narrow range index a table directly instead of
  // hashing: the same dictionary and indices (numbered by first appearance)
  // for a fraction of the cost. Anything else takes add().
  bool add_chunk(std::span<const T> v, std::size_t limit, std::vector<std::uint32_t>& indices) {
    if constexpr (std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int64_t> || std::is_same_v<T, double>) {
      if (values_.empty() && !v.empty()) {
        switch (add_direct(v, limit, indices)) {
          case Direct::kAdded: return true;
          case Direct::kTooBig: return false;
          case Direct::kNotApplicable: break;
        }
      }
    }
    return add(v, limit, indices);
  }

  // add_chunk() for rows [b, e) of a dictionary-encoded BYTE_ARRAY column
  // (ColumnData::dictionary): the same dictionary and indices, hashing each
  // entry the rows use once instead of every row's string.
  bool add_entries(const ColumnData& d, std::size_t b, std::size_t e, std::size_t limit,
                   std::vector<std::uint32_t>& indices) {
    position_of_entry_.assign(d.entries(), kNoPosition);
    indices.clear();
    indices.reserve(e - b);
    std::uint32_t previous_entry = kNoPosition;
    std::uint32_t previous_position = 0;
    for (std::size_t r = b; r < e; ++r) {
      if (!d.is_valid(r)) continue;
      const std::uint32_t entry = d.indices[r];
      if (entry != previous_entry) {
        std::uint32_t& position = position_of_entry_[entry];
        if (position == kNoPosition) {
          const std::string_view value = d.entry(entry);
          const auto [at, inserted] = index_.find_or_insert(value, static_cast<std::uint32_t>(values_.size()));
          if (inserted) {
            values_.push_back(value);
            bytes_ += plain_size(value);
            if (bytes_ > limit) {
              values_.clear();
              bytes_ = 0;
              index_.clear();
              return false;
            }
          }
          position = at;
        }
        previous_entry = entry;
        previous_position = position;
      }
      indices.push_back(previous_position);
    }
    return true;
  }

  const std::vector<T>& values() const { return values_; }
  std::size_t bytes() const { return bytes_; }

 private:
  enum class Direct { kAdded, kTooBig, kNotApplicable };

  Direct add_direct(std::span<const T> v, std::size_t limit, std::vector<std::uint32_t>& indices) {
    std::int64_t lo = INT64_MAX;
    std::int64_t hi = INT64_MIN;
    if constexpr (std::is_same_v<T, double>) {
      codes_.resize(v.size());
      for (std::size_t i = 0; i < v.size(); ++i) {
        // The nearest hundredth: prices on a tick grid, and values computed
        // from them (a price minus the spot) that are off the grid by a
        // rounding error, have one double per code.
        const double scaled = v[i] * 100;
        if (!(std::fabs(scaled) < 1e15)) return Direct::kNotApplicable;  // also NaN
        const auto code = static_cast<std::int64_t>(scaled + (scaled < 0 ? -0.5 : 0.5));
        codes_[i] = code;
        lo = std::min(lo, code);
        hi = std::max(hi, code);
      }
    } else {
      for (const T x : v) {  // an integer is its own code
        lo = std::min<std::int64_t>(lo, x);
        hi = std::max<std::int64_t>(hi, x);
      }
    }
    auto code_of = [&](std::size_t i) -> std::int64_t {
      if constexpr (std::is_same_v<T, double>) {
        return codes_[i];
      } else {
        return v[i];
      }
    };
    // A table far larger than the chunk costs more to clear than hashing.
    const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    if (span >= std::min<std::uint64_t>(std::uint64_t{1} << 20, 4 * v.size() + 1024)) return Direct::kNotApplicable;
    table_.assign(span + 1, kNoPosition);
    indices.resize(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      // A value as the row before (mostly, in tick data) has its index: no
      // table lookup, which misses the cache when codes span widely.
      if (i > 0 && dict_key(v[i]) == dict_key(v[i - 1])) {
        indices[i] = indices[i - 1];
        continue;
      }
      std::uint32_t& position = table_[static_cast<std::size_t>(code_of(i) - lo)];
      if (position == kNoPosition) {
        position = static_cast<std::uint32_t>(values_.size());
        values_.push_back(v[i]);
      } else if constexpr (std::is_same_v<T, double>) {
        // A code must stand for one double, bit for bit (-0.0 and 0.0 share
        // code 0): then codes and values appear in the same order, and the
        // dictionary and indices are those hashing the values gives.
        if (std::bit_cast<std::uint64_t>(values_[position]) != std::bit_cast<std::uint64_t>(v[i])) {
          values_.clear();
          return Direct::kNotApplicable;
        }
      }
      indices[i] = position;
    }
    bytes_ = values_.size() * sizeof(T);
    if (bytes_ > limit) {
      values_.clear();
      bytes_ = 0;
      return Direct::kTooBig;
    }
    return Direct::kAdded;
  }

  static constexpr std::uint32_t kNoPosition = UINT32_MAX;
  using Key = decltype(dict_key(T{}));
  std::vector<std::int64_t> codes_;   // add_direct: each double's code
  std::vector<std::uint32_t> table_;  // add_direct: code - lo -> position
  std::vector<std::uint32_t> position_of_entry_;  // add_entries: entry -> position
  KeyIndex<Key> index_;
  std::vector<T> values_;
  std::size_t bytes_ = 0;
};

template <typename T>
Encoding automatic_fallback() {
  if constexpr (std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int64_t>) return Encoding::DELTA_BINARY_PACKED;
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) return Encoding::BYTE_STREAM_SPLIT;
  return Encoding::PLAIN;
}

template <typename T>
bool encoding_fits(Encoding e) {
  constexpr bool is_int = std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int64_t>;
  constexpr bool is_float = std::is_same_v<T, float> || std::is_same_v<T, double>;
  constexpr bool is_bool = std::is_same_v<T, std::uint8_t>;
  switch (e) {
    case Encoding::PLAIN: return true;
    case Encoding::RLE_DICTIONARY: return !is_bool;
    case Encoding::DELTA_BINARY_PACKED: return is_int;
    case Encoding::BYTE_STREAM_SPLIT: return is_float;
    case Encoding::RLE: return is_bool;
    default: return false;
  }
}

// Non-dictionary value encodings.
template <typename T>
void encode_values(Encoding e, std::span<const T> v, std::string& out) {
  if constexpr (std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int64_t>) {
    if (e == Encoding::DELTA_BINARY_PACKED) return enc::delta_encode<T>(v.data(), v.size(), out);
  }
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    if (e == Encoding::BYTE_STREAM_SPLIT) return enc::bss_encode(v.data(), v.size(), sizeof(T), out);
  }
  if constexpr (std::is_same_v<T, std::uint8_t>) {
    if (e == Encoding::RLE) {
      // Booleans as RLE: a 4-byte length, then the hybrid at bit width 1.
      std::vector<std::uint32_t> bits(v.begin(), v.end());
      std::size_t at = out.size();
      out.append(4, '\0');
      enc::rle_encode(bits.data(), bits.size(), 1, out);
      auto len = static_cast<std::uint32_t>(out.size() - at - 4);
      std::memcpy(out.data() + at, &len, 4);
      return;
    }
  }
  plain_encode<T>(v, out);
}

// Size of the chunk's values under the non-dictionary encoding, to decide
// whether a dictionary pays off.
template <typename T>
std::size_t fallback_size(Encoding e, std::span<const T> all) {
  if constexpr (std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int64_t>) {
    if (e == Encoding::DELTA_BINARY_PACKED) return enc::delta_encoded_size<T>(all.data(), all.size());
  }
  std::size_t n = 0;
  for (const T& x : all) n += plain_size(x);
  return n;
}

struct EncodedChunk {
  std::string bytes;  // dictionary page and data pages; offsets below are relative to its start
  ColumnMetaData meta;
  std::optional<ColumnIndex> column_index;
  OffsetIndex offset_index;
};

struct ChunkContext {
  const Column& column;
  const ColumnData& data;
  std::size_t begin;  // the row group's rows of `data`
  std::size_t end;
  const WriterOptions& options;
  Codec codec;
  std::optional<int> level;
};

std::string compress_block(const ChunkContext& ctx, std::string_view raw) {
  std::string out;
  compress(ctx.codec, ctx.level, raw, out);
  return out;
}

void check_page_size(const ChunkContext& ctx, std::size_t n) {
  if (n > static_cast<std::size_t>(INT32_MAX)) fail("column {}: page of {} bytes exceeds 2 GiB", ctx.column.name, n);
}

// ASCENDING / DESCENDING when the page min and max values are each ordered
// that way (readers may then binary-search the index), else UNORDERED.
std::int32_t boundary_order(const Column& col, const ColumnIndex& ci) {
  bool asc = true, desc = true;
  std::optional<Value> prev_min, prev_max;
  for (std::size_t i = 0; i < ci.null_pages.size(); ++i) {
    if (ci.null_pages[i]) continue;
    auto mn = decode_value(col, ci.min_values[i]);
    auto mx = decode_value(col, ci.max_values[i]);
    if (prev_min) {
      int a = compare_values(col, *prev_min, *mn), b = compare_values(col, *prev_max, *mx);
      if (a > 0 || b > 0) asc = false;
      if (a < 0 || b < 0) desc = false;
    }
    prev_min = mn;
    prev_max = mx;
  }
  return asc ? 1 : desc ? 2 : 0;
}

template <typename T>
EncodedChunk encode_chunk(const ChunkContext& ctx, const ColumnOptions* copts) {
  const ColumnData& d = ctx.data;
  const Column& col = ctx.column;
  const WriterOptions& o = ctx.options;
  const std::size_t n = ctx.end - ctx.begin;

  // Choose the encodings.
  std::optional<Encoding> requested = copts ? copts->encoding : std::nullopt;
  if (requested && !encoding_fits<T>(*requested)) {
    fail("column {}: encoding {} cannot encode {}", col.name, to_string(*requested), to_string(col.type));
  }
  bool use_dict = false;
  Encoding fallback = automatic_fallback<T>();
  Dictionary<T> dict;
  std::vector<std::uint32_t> indices;
  std::vector<T> scratch;
  // The automatic choice builds the whole chunk's dictionary; when it is
  // chosen, the pages reuse it and its indices instead of building it again
  // (pages are consecutive slices, so the dictionary would come out the same).
  bool dict_complete = false;
  std::vector<std::uint32_t> chunk_indices;
  // A dictionary-encoded column's chunk dictionary comes from its entries.
  bool by_entries = false;
  auto add_entries = [&] {
    if constexpr (std::is_same_v<T, std::string_view>) {
      return dict.add_entries(d, ctx.begin, ctx.end, o.dictionary_page_limit, chunk_indices);
    } else {
      return false;
    }
  };
  if constexpr (std::is_same_v<T, std::string_view>) by_entries = d.dictionary;
  if (requested == Encoding::RLE_DICTIONARY) {
    use_dict = true;
    fallback = Encoding::PLAIN;
    // The whole chunk's dictionary at once is the one the pages would build;
    // one that outgrows the limit is left to them (they fall back where it
    // overflows).
    if (by_entries) dict_complete = add_entries();
  } else if (requested) {
    fallback = *requested;
  } else if (!std::is_same_v<T, std::uint8_t>) {
    // Automatic: a dictionary when it fits the limit and is smaller than the
    // fallback encoding of the same values (before compression).
    bool fits = false;
    std::size_t present = 0;
    std::size_t fallback_bytes = 0;
    if (by_entries) {
      fits = add_entries();
      present = chunk_indices.size();
      if constexpr (std::is_same_v<T, std::string_view>) {
        for (const std::uint32_t i : chunk_indices) fallback_bytes += plain_size(dict.values()[i]);
      }
    } else {
      std::span<const T> all = non_null<T>(d, ctx.begin, ctx.end, scratch);
      fits = dict.add_chunk(all, o.dictionary_page_limit, chunk_indices);
      present = all.size();
      if (fits) fallback_bytes = fallback_size<T>(fallback, all);
    }
    if (fits) {
      const std::size_t dict_cost =
          dict.bytes() + present * static_cast<std::size_t>(enc::bit_width_of(dict.values().size())) / 8;
      use_dict = dict_cost < fallback_bytes;
    }
    dict_complete = use_dict;
    if (!use_dict) dict = Dictionary<T>();
  }

  // Rows per page from the target page size.
  std::size_t value_bytes = sizeof(T);
  if constexpr (std::is_same_v<T, std::string_view>) {
    std::size_t text = d.bytes.size();  // of the rows
    if (by_entries) {
      text = 0;
      for (std::size_t r = ctx.begin; r < ctx.end; ++r) {
        if (d.is_valid(r)) text += d.entry(d.indices[r]).size();
      }
    }
    value_bytes = 4 + text / std::max<std::size_t>(n, 1);
  }
  const std::size_t page_rows =
      std::clamp<std::size_t>(o.page_size / std::max<std::size_t>(value_bytes, 1), 1, std::max<std::size_t>(o.page_row_limit, 1));

  EncodedChunk out;
  ColumnIndex ci;
  Statistics chunk_stats;
  chunk_stats.null_count = 0;
  std::string pages;
  std::int64_t uncompressed_total = 0;
  std::map<std::pair<std::int32_t, Encoding>, std::int32_t> page_counts;
  bool dict_overflowed = false;
  std::string levels, values, body;
  std::vector<std::uint32_t> level_buf;

  std::size_t values_before = 0;  // non-null values of the pages before this one
  std::size_t dict_size = 0;      // entries the dictionary has after this page's values
  for (std::size_t b = ctx.begin; b < ctx.end; b += page_rows) {
    const std::size_t e = std::min(ctx.end, b + page_rows);
    // The page's non-null values; a dictionary-encoded column whose indices
    // are ready needs only their count.
    std::span<const T> vals;
    std::size_t present = 0;
    if (by_entries && dict_complete) {
      present = e - b;
      if (!d.valid.empty()) present -= static_cast<std::size_t>(std::count(d.valid.begin() + static_cast<std::ptrdiff_t>(b), d.valid.begin() + static_cast<std::ptrdiff_t>(e), 0));
    } else {
      vals = non_null<T>(d, b, e, scratch);
      present = vals.size();
    }

    values.clear();
    Encoding page_encoding = fallback;
    std::span<const std::uint32_t> page_indices;
    // A page without values (all null) is written PLAIN: a dictionary page
    // may not exist yet, and an index width cannot be derived from nothing.
    if (use_dict && !dict_overflowed && present > 0) {
      bool fits = true;
      if (dict_complete) {
        page_indices = std::span<const std::uint32_t>(chunk_indices).subspan(values_before, present);
        // Indices are numbered by first appearance: the largest one so far
        // is the size the dictionary has after this page.
        std::uint32_t largest = 0;  // a 32-bit max: the compiler vectorizes it
        for (const std::uint32_t i : page_indices) largest = std::max(largest, i);
        dict_size = std::max<std::size_t>(dict_size, std::size_t{largest} + 1);
      } else {
        fits = dict.add(vals, o.dictionary_page_limit, indices);
        page_indices = indices;
        dict_size = dict.values().size();
      }
      if (fits) {
        page_encoding = Encoding::RLE_DICTIONARY;
        // Width at least 1: some readers mishandle 0-bit index runs.
        // An all-null chunk has an empty dictionary: no index to size from.
        int width = std::max(1, enc::bit_width_of(dict_size == 0 ? 0 : dict_size - 1));
        values.push_back(static_cast<char>(width));
        enc::rle_encode(page_indices.data(), page_indices.size(), width, values);
      } else {
        dict_overflowed = true;
      }
    }
    if (page_encoding != Encoding::RLE_DICTIONARY) encode_values<T>(fallback, vals, values);
    values_before += present;

    levels.clear();
    if (col.nullable) {
      level_buf.resize(e - b);
      if (d.valid.empty()) {
        std::fill(level_buf.begin(), level_buf.end(), 1U);
      } else {
        for (std::size_t i = b; i < e; ++i) level_buf[i - b] = d.valid[i] ? 1 : 0;
      }
      enc::rle_encode(level_buf.data(), level_buf.size(), 1, levels);
    }

    PageHeader h;
    const auto rows = static_cast<std::int32_t>(e - b);
    const auto nulls = static_cast<std::int32_t>(e - b - present);
    if (!o.data_page_v2) {
      body.clear();
      if (col.nullable) {
        auto len = static_cast<std::uint32_t>(levels.size());
        body.append(reinterpret_cast<const char*>(&len), 4);
        body.append(levels);
      }
      body.append(values);
      check_page_size(ctx, body.size());
      h.type = PageType::DATA_PAGE;
      h.uncompressed_page_size = static_cast<std::int32_t>(body.size());
      body = compress_block(ctx, body);
      DataPageHeader dh;
      dh.num_values = rows;
      dh.encoding = page_encoding;
      h.data_page_header = dh;
    } else {
      check_page_size(ctx, levels.size() + values.size());
      h.type = PageType::DATA_PAGE_V2;
      h.uncompressed_page_size = static_cast<std::int32_t>(levels.size() + values.size());
      body = levels;
      DataPageHeaderV2 dh;
      dh.num_values = rows;
      dh.num_nulls = nulls;
      dh.num_rows = rows;
      dh.encoding = page_encoding;
      dh.definition_levels_byte_length = static_cast<std::int32_t>(levels.size());
      dh.repetition_levels_byte_length = 0;
      dh.is_compressed = ctx.codec != Codec::UNCOMPRESSED;
      body += compress_block(ctx, values);
      h.data_page_header_v2 = dh;
    }
    check_page_size(ctx, body.size());
    h.compressed_page_size = static_cast<std::int32_t>(body.size());
    std::string header = serialize(h);
    out.offset_index.page_locations.push_back(PageLocation{static_cast<std::int64_t>(pages.size()),
                                                           static_cast<std::int32_t>(header.size() + body.size()),
                                                           static_cast<std::int64_t>(b - ctx.begin)});
    pages += header;
    pages += body;
    uncompressed_total += static_cast<std::int64_t>(header.size()) + h.uncompressed_page_size;
    ++page_counts[{static_cast<std::int32_t>(h.type), page_encoding}];

    if (o.statistics) {
      Statistics ps;
      if constexpr (std::is_same_v<T, std::string_view>) {
        ps = page_encoding == Encoding::RLE_DICTIONARY
                 ? make_dictionary_statistics(d, b, e, dict.values(), page_indices)
                 : make_statistics(col, d, b, e);
      } else {
        ps = make_statistics(col, d, b, e);
      }
      bool null_page = !ps.min_value.has_value();
      ci.null_pages.push_back(null_page);
      ci.min_values.push_back(null_page ? std::string() : *ps.min_value);
      ci.max_values.push_back(null_page ? std::string() : *ps.max_value);
      ci.null_counts.push_back(*ps.null_count);
      merge_statistics(col, chunk_stats, ps);
    }
  }

  // The dictionary page goes first; it is known only after the data pages.
  // Written even when empty (every value null): data pages that say
  // RLE_DICTIONARY need a dictionary page before them.
  std::string dict_page;
  const bool uses_dictionary = std::any_of(page_counts.begin(), page_counts.end(),
                                           [](const auto& kv) { return kv.first.second == Encoding::RLE_DICTIONARY; });
  if (uses_dictionary) {
    std::string raw;
    plain_encode<T>(std::span<const T>(dict.values()), raw);
    check_page_size(ctx, raw.size());
    PageHeader h;
    h.type = PageType::DICTIONARY_PAGE;
    h.uncompressed_page_size = static_cast<std::int32_t>(raw.size());
    std::string body_c = compress_block(ctx, raw);
    check_page_size(ctx, body_c.size());
    h.compressed_page_size = static_cast<std::int32_t>(body_c.size());
    DictionaryPageHeader dh;
    dh.num_values = static_cast<std::int32_t>(dict.values().size());
    dh.encoding = Encoding::PLAIN;
    h.dictionary_page_header = dh;
    std::string header = serialize(h);
    dict_page = header + body_c;
    uncompressed_total += static_cast<std::int64_t>(header.size()) + h.uncompressed_page_size;
    page_counts[{static_cast<std::int32_t>(PageType::DICTIONARY_PAGE), Encoding::PLAIN}] = 1;
  }
  for (PageLocation& p : out.offset_index.page_locations) p.offset += static_cast<std::int64_t>(dict_page.size());
  out.bytes = dict_page + pages;

  ColumnMetaData& m = out.meta;
  m.type = col.type;
  std::vector<Encoding> encs;
  if (col.nullable) encs.push_back(Encoding::RLE);
  for (const auto& [key, count] : page_counts) encs.push_back(key.second);
  std::sort(encs.begin(), encs.end());
  encs.erase(std::unique(encs.begin(), encs.end()), encs.end());
  m.encodings = encs;
  m.path_in_schema = {col.name};
  m.codec = ctx.codec;
  m.num_values = static_cast<std::int64_t>(n);
  m.total_uncompressed_size = uncompressed_total;
  m.total_compressed_size = static_cast<std::int64_t>(out.bytes.size());
  m.data_page_offset = static_cast<std::int64_t>(dict_page.size());
  if (!dict_page.empty()) m.dictionary_page_offset = 0;
  if (o.statistics) {
    m.statistics = chunk_stats;
    ci.boundary_order = boundary_order(col, ci);
    out.column_index = std::move(ci);
  }
  for (const auto& [key, count] : page_counts) {
    m.encoding_stats.push_back(PageEncodingStats{key.first, key.second, count});
  }
  return out;
}

EncodedChunk encode_column(const Column& col, const ColumnData& d, std::size_t begin, std::size_t end,
                           const WriterOptions& o) {
  auto it = o.columns.find(col.name);
  const ColumnOptions* copts = it == o.columns.end() ? nullptr : &it->second;
  Codec codec = copts && copts->codec ? *copts->codec : o.codec;
  std::optional<int> level = copts && copts->compression_level ? copts->compression_level : o.compression_level;
  ChunkContext ctx{col, d, begin, end, o, codec, level};
  switch (col.type) {
    case PhysicalType::BOOLEAN: return encode_chunk<std::uint8_t>(ctx, copts);
    case PhysicalType::INT32: return encode_chunk<std::int32_t>(ctx, copts);
    case PhysicalType::INT64: return encode_chunk<std::int64_t>(ctx, copts);
    case PhysicalType::FLOAT: return encode_chunk<float>(ctx, copts);
    case PhysicalType::DOUBLE: return encode_chunk<double>(ctx, copts);
    case PhysicalType::BYTE_ARRAY: return encode_chunk<std::string_view>(ctx, copts);
    default: fail("column {}: writing {} is not supported", col.name, to_string(col.type));
  }
}

}  // namespace

struct FileWriter::Impl {
  std::optional<AtomicFile> file;
  std::string* buffer = nullptr;
  std::uint64_t pos = 0;
  Schema schema;
  WriterOptions options;
  FileMetaData meta;
  // Page indexes, written together after the last row group: [row group][column].
  std::vector<std::vector<std::optional<ColumnIndex>>> column_indexes;
  std::vector<std::vector<OffsetIndex>> offset_indexes;
  bool closed = false;

  void write_rows(std::span<const ColumnData> columns, std::size_t begin, std::size_t end);

  void emit(std::string_view s) {
    if (file) {
      file->write(s);
    } else {
      buffer->append(s);
    }
    pos += s.size();
  }

  void start() {
    for (std::size_t i = 0; i < schema.columns.size(); ++i) {
      const Column& c = schema.columns[i];
      if (c.name.empty()) fail("column {} has an empty name", i);
      for (std::size_t j = 0; j < i; ++j) {
        if (schema.columns[j].name == c.name) fail("column name {} appears twice", c.name);
      }
    }
    for (const auto& [name, copts] : options.columns) {
      if (schema.find(name) < 0) fail("options name column {} that is not in the schema", name);
      (void)copts;
    }
    for (const SortingColumn& s : options.sorting_columns) {
      if (s.column_idx < 0 || static_cast<std::size_t>(s.column_idx) >= schema.columns.size()) {
        fail("sorting column index {} is out of range", s.column_idx);
      }
    }
    meta.version = 2;
    meta.schema = to_schema_elements(schema);
    meta.key_value_metadata = options.key_value_metadata;
    meta.created_by = options.created_by.value_or(fmt::format("tapelab version {} (build tapelab)", kVersion));
    meta.column_orders.assign(schema.columns.size(), true);
    emit("PAR1");
  }
};

FileWriter::FileWriter(const std::filesystem::path& path, Schema schema, WriterOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->schema = std::move(schema);
  impl_->options = std::move(options);
  impl_->file.emplace(path);
  impl_->start();
}

FileWriter::FileWriter(std::string* out, Schema schema, WriterOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->buffer = out;
  impl_->schema = std::move(schema);
  impl_->options = std::move(options);
  impl_->start();
}

FileWriter::~FileWriter() = default;

void FileWriter::write_row_group(std::span<const ColumnData> columns) {
  if (impl_->closed) fail("write_row_group after close");
  validate(impl_->schema, columns);
  impl_->write_rows(columns, 0, columns.empty() ? 0 : columns[0].size());
}

void FileWriter::write(std::span<const ColumnData> columns) {
  if (impl_->closed) fail("write after close");
  validate(impl_->schema, columns);
  const std::size_t rows = columns.empty() ? 0 : columns[0].size();
  const std::size_t step = std::max<std::size_t>(impl_->options.row_group_rows, 1);
  for (std::size_t b = 0; b < rows; b += step) impl_->write_rows(columns, b, std::min(rows, b + step));
}

void FileWriter::Impl::write_rows(std::span<const ColumnData> columns, std::size_t begin, std::size_t end) {
  const std::size_t rows = end - begin;
  if (rows == 0) return;  // empty row groups only confuse readers
  if (rows > static_cast<std::size_t>(INT32_MAX)) fail("row group of {} rows is too large", rows);

  std::vector<EncodedChunk> chunks(columns.size());
  tbb::parallel_for(std::size_t{0}, columns.size(), [&](std::size_t c) {
    chunks[c] = encode_column(schema.columns[c], columns[c], begin, end, options);
  });

  RowGroup rg;
  rg.num_rows = static_cast<std::int64_t>(rows);
  rg.sorting_columns = options.sorting_columns;
  rg.file_offset = static_cast<std::int64_t>(pos);
  if (meta.row_groups.size() <= INT16_MAX) rg.ordinal = static_cast<std::int16_t>(meta.row_groups.size());
  std::int64_t compressed = 0;
  auto& cis = column_indexes.emplace_back();
  auto& ois = offset_indexes.emplace_back();
  for (EncodedChunk& chunk : chunks) {
    const auto base = static_cast<std::int64_t>(pos);
    ColumnChunk cc;
    cc.file_offset = base;
    chunk.meta.data_page_offset += base;
    if (chunk.meta.dictionary_page_offset) *chunk.meta.dictionary_page_offset += base;
    for (PageLocation& p : chunk.offset_index.page_locations) p.offset += base;
    rg.total_byte_size += chunk.meta.total_uncompressed_size;
    compressed += chunk.meta.total_compressed_size;
    cc.meta_data = std::move(chunk.meta);
    rg.columns.push_back(std::move(cc));
    emit(chunk.bytes);
    cis.push_back(std::move(chunk.column_index));
    ois.push_back(std::move(chunk.offset_index));
  }
  rg.total_compressed_size = compressed;
  meta.num_rows += rg.num_rows;
  meta.row_groups.push_back(std::move(rg));
}

void FileWriter::close() {
  Impl& w = *impl_;
  if (w.closed) return;
  if (w.options.page_index) {
    for (std::size_t r = 0; r < w.meta.row_groups.size(); ++r) {
      for (std::size_t c = 0; c < w.column_indexes[r].size(); ++c) {
        if (!w.column_indexes[r][c]) continue;
        std::string s = serialize(*w.column_indexes[r][c]);
        ColumnChunk& cc = w.meta.row_groups[r].columns[c];
        cc.column_index_offset = static_cast<std::int64_t>(w.pos);
        cc.column_index_length = static_cast<std::int32_t>(s.size());
        w.emit(s);
      }
    }
    for (std::size_t r = 0; r < w.meta.row_groups.size(); ++r) {
      for (std::size_t c = 0; c < w.offset_indexes[r].size(); ++c) {
        std::string s = serialize(w.offset_indexes[r][c]);
        ColumnChunk& cc = w.meta.row_groups[r].columns[c];
        cc.offset_index_offset = static_cast<std::int64_t>(w.pos);
        cc.offset_index_length = static_cast<std::int32_t>(s.size());
        w.emit(s);
      }
    }
  }
  std::string footer = serialize(w.meta);
  auto len = static_cast<std::uint32_t>(footer.size());
  footer.append(reinterpret_cast<const char*>(&len), 4);
  footer.append("PAR1");
  w.emit(footer);
  if (w.file) w.file->commit();
  w.closed = true;
}

std::int64_t FileWriter::rows_written() const { return impl_->meta.num_rows; }

const FileMetaData& FileWriter::metadata() const { return impl_->meta; }

std::string write_to_buffer(const Schema& schema, std::span<const ColumnData> columns, const WriterOptions& options) {
  std::string out;
  FileWriter w(&out, schema, options);
  w.write(columns);
  w.close();
  return out;
}

}  // namespace tapelab::parquet
