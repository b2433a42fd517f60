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
void encode_fallback(Encoding e, std::span<const T> v, std::string& out) {
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

// Encodes one column chunk of a row group into its pages: the writer's
// counterpart of the reader's ChunkDecoder. The steps, in the order encode()
// takes them: choose the encoding for the chunk, cut it into pages of a
// target size, encode each page's values and levels into a v1 or v2 data page
// with its statistics, then put the dictionary page (known only after the
// data pages) in front and describe the chunk in its metadata.
template <typename T>
class ChunkEncoder {
 public:
  ChunkEncoder(const ChunkContext& ctx, const ColumnOptions* copts)
      : ctx_(ctx), d_(ctx.data), col_(ctx.column), o_(ctx.options) {
    if constexpr (std::is_same_v<T, std::string_view>) by_entries_ = d_.dictionary;
    choose_encoding(copts ? copts->encoding : std::nullopt);
    chunk_stats_.null_count = 0;
  }

  EncodedChunk encode() {
    const std::size_t page_rows = rows_per_page();
    for (std::size_t b = ctx_.begin; b < ctx_.end; b += page_rows) encode_page(b, std::min(ctx_.end, b + page_rows));
    // The dictionary page goes first; it is known only after the data pages.
    const std::string dict_page = dictionary_page();
    for (PageLocation& p : out_.offset_index.page_locations) p.offset += static_cast<std::int64_t>(dict_page.size());
    out_.bytes = dict_page + pages_;
    describe_chunk(dict_page.size());
    return std::move(out_);
  }

 private:
  // What a page's values were encoded as; the indices into the dictionary
  // when that is RLE_DICTIONARY.
  struct PageValues {
    Encoding encoding;
    std::span<const std::uint32_t> indices;
  };

  void choose_encoding(std::optional<Encoding> requested) {
    if (requested && !encoding_fits<T>(*requested)) {
      fail("column {}: encoding {} cannot encode {}", col_.name, to_string(*requested), to_string(col_.type));
    }
    if (requested == Encoding::RLE_DICTIONARY) {
      use_dict_ = true;
      fallback_ = Encoding::PLAIN;
      // The whole chunk's dictionary at once is the one the pages would build;
      // one that outgrows the limit is left to them (they fall back where it
      // overflows).
      if (by_entries_) dict_complete_ = add_chunk_entries();
    } else if (requested) {
      fallback_ = *requested;
    } else if (!std::is_same_v<T, std::uint8_t>) {
      use_dict_ = dictionary_pays_off();
      dict_complete_ = use_dict_;
      if (!use_dict_) dict_ = Dictionary<T>();
    }
  }

  // The automatic choice: a dictionary when it fits the limit and is smaller
  // than the fallback encoding of the same values (before compression). Its
  // trial builds the whole chunk's dictionary, which the pages then reuse.
  bool dictionary_pays_off() {
    bool fits = false;
    std::size_t present = 0;
    std::size_t fallback_bytes = 0;
    if (by_entries_) {
      fits = add_chunk_entries();
      present = chunk_indices_.size();
      if constexpr (std::is_same_v<T, std::string_view>) {
        for (const std::uint32_t i : chunk_indices_) fallback_bytes += plain_size(dict_.values()[i]);
      }
    } else {
      std::span<const T> all = non_null<T>(d_, ctx_.begin, ctx_.end, scratch_);
      fits = dict_.add_chunk(all, o_.dictionary_page_limit, chunk_indices_);
      present = all.size();
      if (fits) fallback_bytes = fallback_size<T>(fallback_, all);
    }
    if (!fits) return false;
    const std::size_t dict_cost =
        dict_.bytes() + present * static_cast<std::size_t>(enc::bit_width_of(dict_.values().size())) / 8;
    return dict_cost < fallback_bytes;
  }

  // A dictionary-encoded column's chunk dictionary comes from its entries.
  bool add_chunk_entries() {
    if constexpr (std::is_same_v<T, std::string_view>) {
      return dict_.add_entries(d_, ctx_.begin, ctx_.end, o_.dictionary_page_limit, chunk_indices_);
    } else {
      return false;
    }
  }

  // Rows per page from the target page size.
  std::size_t rows_per_page() const {
    std::size_t value_bytes = sizeof(T);
    if constexpr (std::is_same_v<T, std::string_view>) {
      std::size_t text = d_.bytes.size();  // of the rows
      if (by_entries_) {
        text = 0;
        for (std::size_t r = ctx_.begin; r < ctx_.end; ++r) {
          if (d_.is_valid(r)) text += d_.entry(d_.indices[r]).size();
        }
      }
      value_bytes = 4 + text / std::max<std::size_t>(ctx_.end - ctx_.begin, 1);
    }
    return std::clamp<std::size_t>(o_.page_size / std::max<std::size_t>(value_bytes, 1), 1,
                                   std::max<std::size_t>(o_.page_row_limit, 1));
  }

  void encode_page(std::size_t b, std::size_t e) {
    // The page's non-null values; a dictionary-encoded column whose indices
    // are ready needs only their count.
    std::span<const T> vals;
    std::size_t present = 0;
    if (by_entries_ && dict_complete_) {
      present = e - b;
      if (!d_.valid.empty()) {
        present -= static_cast<std::size_t>(std::count(d_.valid.begin() + static_cast<std::ptrdiff_t>(b),
                                                       d_.valid.begin() + static_cast<std::ptrdiff_t>(e), 0));
      }
    } else {
      vals = non_null<T>(d_, b, e, scratch_);
      present = vals.size();
    }
    const PageValues page = encode_values(vals, present);
    encode_levels(b, e);
    flush_page(b, e, present, page.encoding);
    if (o_.statistics) add_page_statistics(b, e, page);
  }

  // Fills values_ with the page's values, as dictionary indices while the
  // dictionary holds, else in the fallback encoding.
  PageValues encode_values(std::span<const T> vals, std::size_t present) {
    values_.clear();
    PageValues page{fallback_, {}};
    // A page without values (all null) is written PLAIN: a dictionary page
    // may not exist yet, and an index width cannot be derived from nothing.
    if (use_dict_ && !dict_overflowed_ && present > 0) {
      bool fits = true;
      if (dict_complete_) {
        page.indices = std::span<const std::uint32_t>(chunk_indices_).subspan(values_before_, present);
        // Indices are numbered by first appearance: the largest one so far
        // is the size the dictionary has after this page.
        std::uint32_t largest = 0;  // a 32-bit max: the compiler vectorizes it
        for (const std::uint32_t i : page.indices) largest = std::max(largest, i);
        dict_size_ = std::max<std::size_t>(dict_size_, std::size_t{largest} + 1);
      } else {
        fits = dict_.add(vals, o_.dictionary_page_limit, indices_);
        page.indices = indices_;
        dict_size_ = dict_.values().size();
      }
      if (fits) {
        page.encoding = Encoding::RLE_DICTIONARY;
        // Width at least 1: some readers mishandle 0-bit index runs.
        // An all-null chunk has an empty dictionary: no index to size from.
        int width = std::max(1, enc::bit_width_of(dict_size_ == 0 ? 0 : dict_size_ - 1));
        values_.push_back(static_cast<char>(width));
        enc::rle_encode(page.indices.data(), page.indices.size(), width, values_);
      } else {
        dict_overflowed_ = true;
      }
    }
    if (page.encoding != Encoding::RLE_DICTIONARY) encode_fallback<T>(fallback_, vals, values_);
    values_before_ += present;
    return page;
  }

  // Fills levels_ with the page's definition levels (none for a required column).
  void encode_levels(std::size_t b, std::size_t e) {
    levels_.clear();
    if (!col_.nullable) return;
    level_buf_.resize(e - b);
    if (d_.valid.empty()) {
      std::fill(level_buf_.begin(), level_buf_.end(), 1U);
    } else {
      for (std::size_t i = b; i < e; ++i) level_buf_[i - b] = d_.valid[i] ? 1 : 0;
    }
    enc::rle_encode(level_buf_.data(), level_buf_.size(), 1, levels_);
  }

  // Appends the data page of rows [b, e) from levels_ and values_.
  void flush_page(std::size_t b, std::size_t e, std::size_t present, Encoding encoding) {
    const auto rows = static_cast<std::int32_t>(e - b);
    PageHeader h = o_.data_page_v2 ? v2_page(rows, static_cast<std::int32_t>(e - b - present), encoding)
                                   : v1_page(rows, encoding);
    check_page_size(ctx_, body_.size());
    h.compressed_page_size = static_cast<std::int32_t>(body_.size());
    std::string header = serialize(h);
    out_.offset_index.page_locations.push_back(PageLocation{static_cast<std::int64_t>(pages_.size()),
                                                            static_cast<std::int32_t>(header.size() + body_.size()),
                                                            static_cast<std::int64_t>(b - ctx_.begin)});
    pages_ += header;
    pages_ += body_;
    uncompressed_total_ += static_cast<std::int64_t>(header.size()) + h.uncompressed_page_size;
    ++page_counts_[{static_cast<std::int32_t>(h.type), encoding}];
  }

  // v1: length-prefixed levels and the values, compressed together.
  PageHeader v1_page(std::int32_t rows, Encoding encoding) {
    body_.clear();
    if (col_.nullable) {
      auto len = static_cast<std::uint32_t>(levels_.size());
      body_.append(reinterpret_cast<const char*>(&len), 4);
      body_.append(levels_);
    }
    body_.append(values_);
    check_page_size(ctx_, body_.size());
    PageHeader h;
    h.type = PageType::DATA_PAGE;
    h.uncompressed_page_size = static_cast<std::int32_t>(body_.size());
    body_ = compress_block(ctx_, body_);
    DataPageHeader dh;
    dh.num_values = rows;
    dh.encoding = encoding;
    h.data_page_header = dh;
    return h;
  }

  // v2: the levels uncompressed, then the compressed values.
  PageHeader v2_page(std::int32_t rows, std::int32_t nulls, Encoding encoding) {
    check_page_size(ctx_, levels_.size() + values_.size());
    PageHeader h;
    h.type = PageType::DATA_PAGE_V2;
    h.uncompressed_page_size = static_cast<std::int32_t>(levels_.size() + values_.size());
    body_ = levels_;
    DataPageHeaderV2 dh;
    dh.num_values = rows;
    dh.num_nulls = nulls;
    dh.num_rows = rows;
    dh.encoding = encoding;
    dh.definition_levels_byte_length = static_cast<std::int32_t>(levels_.size());
    dh.repetition_levels_byte_length = 0;
    dh.is_compressed = ctx_.codec != Codec::UNCOMPRESSED;
    body_ += compress_block(ctx_, values_);
    h.data_page_header_v2 = dh;
    return h;
  }

  // The page's entry in the column index, merged into the chunk's statistics.
  void add_page_statistics(std::size_t b, std::size_t e, const PageValues& page) {
    Statistics ps;
    if constexpr (std::is_same_v<T, std::string_view>) {
      ps = page.encoding == Encoding::RLE_DICTIONARY
               ? make_dictionary_statistics(d_, b, e, dict_.values(), page.indices)
               : make_statistics(col_, d_, b, e);
    } else {
      ps = make_statistics(col_, d_, b, e);
    }
    bool null_page = !ps.min_value.has_value();
    ci_.null_pages.push_back(null_page);
    ci_.min_values.push_back(null_page ? std::string() : *ps.min_value);
    ci_.max_values.push_back(null_page ? std::string() : *ps.max_value);
    ci_.null_counts.push_back(*ps.null_count);
    merge_statistics(col_, chunk_stats_, ps);
  }

  // The dictionary page, or nothing when no data page uses it. Written even
  // when empty (every value null): data pages that say RLE_DICTIONARY need a
  // dictionary page before them.
  std::string dictionary_page() {
    const bool uses_dictionary = std::any_of(page_counts_.begin(), page_counts_.end(), [](const auto& kv) {
      return kv.first.second == Encoding::RLE_DICTIONARY;
    });
    if (!uses_dictionary) return std::string();
    std::string raw;
    plain_encode<T>(std::span<const T>(dict_.values()), raw);
    check_page_size(ctx_, raw.size());
    PageHeader h;
    h.type = PageType::DICTIONARY_PAGE;
    h.uncompressed_page_size = static_cast<std::int32_t>(raw.size());
    std::string body_c = compress_block(ctx_, raw);
    check_page_size(ctx_, body_c.size());
    h.compressed_page_size = static_cast<std::int32_t>(body_c.size());
    DictionaryPageHeader dh;
    dh.num_values = static_cast<std::int32_t>(dict_.values().size());
    dh.encoding = Encoding::PLAIN;
    h.dictionary_page_header = dh;
    std::string header = serialize(h);
    uncompressed_total_ += static_cast<std::int64_t>(header.size()) + h.uncompressed_page_size;
    page_counts_[{static_cast<std::int32_t>(PageType::DICTIONARY_PAGE), Encoding::PLAIN}] = 1;
    return header + body_c;
  }

  // The chunk's metadata (offsets relative to its first byte) and column index.
  void describe_chunk(std::size_t dict_page_size) {
    ColumnMetaData& m = out_.meta;
    m.type = col_.type;
    std::vector<Encoding> encs;
    if (col_.nullable) encs.push_back(Encoding::RLE);
    for (const auto& [key, count] : page_counts_) encs.push_back(key.second);
    std::sort(encs.begin(), encs.end());
    encs.erase(std::unique(encs.begin(), encs.end()), encs.end());
    m.encodings = encs;
    m.path_in_schema = {col_.name};
    m.codec = ctx_.codec;
    m.num_values = static_cast<std::int64_t>(ctx_.end - ctx_.begin);
    m.total_uncompressed_size = uncompressed_total_;
    m.total_compressed_size = static_cast<std::int64_t>(out_.bytes.size());
    m.data_page_offset = static_cast<std::int64_t>(dict_page_size);
    if (dict_page_size > 0) m.dictionary_page_offset = 0;
    if (o_.statistics) {
      m.statistics = chunk_stats_;
      ci_.boundary_order = boundary_order(col_, ci_);
      out_.column_index = std::move(ci_);
    }
    for (const auto& [key, count] : page_counts_) {
      m.encoding_stats.push_back(PageEncodingStats{key.first, key.second, count});
    }
  }

  const ChunkContext& ctx_;
  const ColumnData& d_;
  const Column& col_;
  const WriterOptions& o_;

  // The chosen encoding.
  bool use_dict_ = false;
  Encoding fallback_ = automatic_fallback<T>();
  bool by_entries_ = false;  // a dictionary-encoded BYTE_ARRAY column
  Dictionary<T> dict_;
  // The automatic choice builds the whole chunk's dictionary; when it is
  // chosen, the pages reuse it and its indices instead of building it again
  // (pages are consecutive slices, so the dictionary would come out the same).
  bool dict_complete_ = false;
  std::vector<std::uint32_t> chunk_indices_;

  // Page by page.
  bool dict_overflowed_ = false;
  std::size_t values_before_ = 0;  // non-null values of the pages before this one
  std::size_t dict_size_ = 0;      // entries the dictionary has after this page's values
  std::vector<T> scratch_;
  std::vector<std::uint32_t> indices_;
  std::vector<std::uint32_t> level_buf_;
  std::string levels_, values_, body_;

  // The chunk so far.
  EncodedChunk out_;
  std::string pages_;
  std::int64_t uncompressed_total_ = 0;
  std::map<std::pair<std::int32_t, Encoding>, std::int32_t> page_counts_;
  ColumnIndex ci_;
  Statistics chunk_stats_;
};

EncodedChunk encode_column(const Column& col, const ColumnData& d, std::size_t begin, std::size_t end,
                           const WriterOptions& o) {
  auto it = o.columns.find(col.name);
  const ColumnOptions* copts = it == o.columns.end() ? nullptr : &it->second;
  Codec codec = copts && copts->codec ? *copts->codec : o.codec;
  std::optional<int> level = copts && copts->compression_level ? copts->compression_level : o.compression_level;
  ChunkContext ctx{col, d, begin, end, o, codec, level};
  switch (col.type) {
    case PhysicalType::BOOLEAN: return ChunkEncoder<std::uint8_t>(ctx, copts).encode();
    case PhysicalType::INT32: return ChunkEncoder<std::int32_t>(ctx, copts).encode();
    case PhysicalType::INT64: return ChunkEncoder<std::int64_t>(ctx, copts).encode();
    case PhysicalType::FLOAT: return ChunkEncoder<float>(ctx, copts).encode();
    case PhysicalType::DOUBLE: return ChunkEncoder<double>(ctx, copts).encode();
    case PhysicalType::BYTE_ARRAY: return ChunkEncoder<std::string_view>(ctx, copts).encode();
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
