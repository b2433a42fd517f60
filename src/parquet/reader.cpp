#include "parquet/reader.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "parquet/compression.h"
#include "parquet/encoding.h"
#include "parquet/schema_convert.h"
#include "parquet/stats.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::parquet {

namespace {

// Sane limits on sizes read from the file, checked before allocating: no
// real writer produces pages near them, and a hostile file cannot make us
// allocate more than a small multiple of them per task.
constexpr std::int64_t kMaxPageBytes = std::int64_t{1} << 30;
constexpr std::int64_t kMaxPageValues = std::int64_t{1} << 26;
constexpr std::int64_t kMaxRowGroupRows = std::int64_t{1} << 31;

std::uint32_t le32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

template <typename T>
std::vector<T>& values_of(ColumnData& d) {
  if constexpr (std::is_same_v<T, std::uint8_t>) return d.bools;
  if constexpr (std::is_same_v<T, std::int32_t>) return d.i32;
  if constexpr (std::is_same_v<T, std::int64_t>) return d.i64;
  if constexpr (std::is_same_v<T, float>) return d.f32;
  if constexpr (std::is_same_v<T, double>) return d.f64;
}

// Per-task reusable buffers: decompression output and decode scratch.
struct Scratch {
  std::vector<std::uint8_t> page;
  std::vector<std::uint32_t> levels;
  std::vector<std::uint32_t> indices;
  std::vector<std::uint64_t> offsets;
};

struct Dictionary {
  bool present = false;
  ColumnData values;  // fixed-width values or offsets + bytes
};

// Decodes pages of one column chunk, appending rows to `out`.
class ChunkDecoder {
 public:
  ChunkDecoder(const Column& column, Scratch& scratch, ColumnData& out) : column_(column), s_(scratch), out_(out) {}

  // Decodes one page body (after its header); returns the rows it held.
  std::int64_t page(const PageHeader& h, const std::uint8_t* body, Codec codec, std::string_view what) {
    switch (h.type) {
      case PageType::DICTIONARY_PAGE: dictionary(h, body, codec, what); return 0;
      case PageType::DATA_PAGE: return data_v1(h, body, codec, what);
      case PageType::DATA_PAGE_V2: return data_v2(h, body, codec, what);
      default: return 0;  // index pages and unknown kinds carry no rows
    }
  }

  bool has_dictionary() const { return dict_.present; }

 private:
  const std::uint8_t* decompressed(const std::uint8_t* in, std::size_t in_size, std::size_t out_size, Codec codec,
                                   std::string_view what) {
    s_.page.resize(out_size);
    decompress(codec, in, in_size, s_.page.data(), out_size, what);
    return s_.page.data();
  }

  void dictionary(const PageHeader& h, const std::uint8_t* body, Codec codec, std::string_view what) {
    if (!h.dictionary_page_header) fail("{}: dictionary page without its header", what);
    if (dict_.present) fail("{}: second dictionary page in one column chunk", what);
    const DictionaryPageHeader& dh = *h.dictionary_page_header;
    if (dh.encoding != Encoding::PLAIN && dh.encoding != Encoding::PLAIN_DICTIONARY) {
      fail("{}: dictionary page encoded as {}", what, to_string(dh.encoding));
    }
    if (dh.num_values < 0 || dh.num_values > kMaxPageValues) fail("{}: dictionary of {} values", what, dh.num_values);
    const std::uint8_t* p = decompressed(body, static_cast<std::size_t>(h.compressed_page_size),
                                         static_cast<std::size_t>(h.uncompressed_page_size), codec, what);
    dict_.values = ColumnData(column_.type);
    decode_plain(enc::Bytes{p, static_cast<std::size_t>(h.uncompressed_page_size)},
                 static_cast<std::size_t>(dh.num_values), dict_.values, what);
    dict_.present = true;
  }

  std::int64_t data_v1(const PageHeader& h, const std::uint8_t* body, Codec codec, std::string_view what) {
    if (!h.data_page_header) fail("{}: data page without its header", what);
    const DataPageHeader& dh = *h.data_page_header;
    check_count(dh.num_values, what);
    const auto size = static_cast<std::size_t>(h.uncompressed_page_size);
    const std::uint8_t* p =
        decompressed(body, static_cast<std::size_t>(h.compressed_page_size), size, codec, what);
    enc::Bytes rest{p, size};
    const auto n = static_cast<std::size_t>(dh.num_values);
    std::size_t present = n;
    if (column_.nullable) {
      if (dh.definition_level_encoding != Encoding::RLE) {
        fail("{}: definition levels encoded as {} are not supported", what, to_string(dh.definition_level_encoding));
      }
      if (rest.size < 4) fail("{}: definition levels truncated", what);
      std::uint32_t len = le32(rest.data);
      if (len > rest.size - 4) fail("{}: definition levels length {} beyond the page", what, len);
      present = levels(enc::Bytes{rest.data + 4, len}, n, what);
      rest = enc::Bytes{rest.data + 4 + len, rest.size - 4 - len};
    }
    values(dh.encoding, rest, n, present, what);
    return dh.num_values;
  }

  std::int64_t data_v2(const PageHeader& h, const std::uint8_t* body, Codec codec, std::string_view what) {
    if (!h.data_page_header_v2) fail("{}: data page v2 without its header", what);
    const DataPageHeaderV2& dh = *h.data_page_header_v2;
    check_count(dh.num_values, what);
    if (dh.repetition_levels_byte_length != 0) fail("{}: repetition levels in a flat column", what);
    if (dh.definition_levels_byte_length < 0 || dh.definition_levels_byte_length > h.compressed_page_size ||
        dh.definition_levels_byte_length > h.uncompressed_page_size) {
      fail("{}: definition levels length {} beyond the page", what, dh.definition_levels_byte_length);
    }
    const auto n = static_cast<std::size_t>(dh.num_values);
    const auto def_len = static_cast<std::size_t>(dh.definition_levels_byte_length);
    std::size_t present = n;
    if (column_.nullable) {
      present = levels(enc::Bytes{body, def_len}, n, what);
    } else if (def_len != 0) {
      fail("{}: definition levels in a required column", what);
    }
    const std::size_t in_size = static_cast<std::size_t>(h.compressed_page_size) - def_len;
    const std::size_t out_size = static_cast<std::size_t>(h.uncompressed_page_size) - def_len;
    enc::Bytes vals{body + def_len, in_size};
    if (dh.is_compressed.value_or(true) && codec != Codec::UNCOMPRESSED) {
      vals = enc::Bytes{decompressed(body + def_len, in_size, out_size, codec, what), out_size};
    } else if (in_size != out_size) {
      fail("{}: uncompressed page of {} bytes claims {}", what, in_size, out_size);
    }
    values(dh.encoding, vals, n, present, what);
    return dh.num_values;
  }

  void check_count(std::int32_t n, std::string_view what) {
    if (n < 0 || n > kMaxPageValues) fail("{}: page claims {} values", what, n);
  }

  // Decodes n definition levels (max level 1) into out_.valid; returns the
  // count of present values.
  std::size_t levels(enc::Bytes in, std::size_t n, std::string_view what) {
    s_.levels.resize(n);
    enc::RleDecoder(in, 1, what).decode(s_.levels.data(), n);
    std::size_t base = out_.valid.size();
    out_.valid.resize(base + n);
    std::size_t present = 0;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t l = s_.levels[i];
      if (l > 1) fail("{}: definition level {} above the maximum 1", what, l);
      out_.valid[base + i] = static_cast<std::uint8_t>(l);
      present += l;
    }
    return present;
  }

  void values(Encoding e, enc::Bytes in, std::size_t n, std::size_t present, std::string_view what) {
    switch (column_.type) {
      case PhysicalType::BOOLEAN: fixed<std::uint8_t>(e, in, n, present, what); break;
      case PhysicalType::INT32: fixed<std::int32_t>(e, in, n, present, what); break;
      case PhysicalType::INT64: fixed<std::int64_t>(e, in, n, present, what); break;
      case PhysicalType::FLOAT: fixed<float>(e, in, n, present, what); break;
      case PhysicalType::DOUBLE: fixed<double>(e, in, n, present, what); break;
      case PhysicalType::BYTE_ARRAY:
      case PhysicalType::FIXED_LEN_BYTE_ARRAY:
      case PhysicalType::INT96: byte_array(e, in, n, present, what); break;
      default: fail("{}: reading {} columns is not supported", what, to_string(column_.type));
    }
  }

  void decode_plain(enc::Bytes in, std::size_t n, ColumnData& into, std::string_view what) {
    switch (column_.type) {
      case PhysicalType::BOOLEAN:
        into.bools.resize(n);
        enc::plain_decode_bools(in, into.bools.data(), n, what);
        break;
      case PhysicalType::INT32: plain_fixed(in, n, into.i32, what); break;
      case PhysicalType::INT64: plain_fixed(in, n, into.i64, what); break;
      case PhysicalType::FLOAT: plain_fixed(in, n, into.f32, what); break;
      case PhysicalType::DOUBLE: plain_fixed(in, n, into.f64, what); break;
      case PhysicalType::BYTE_ARRAY:
        if (n > in.size / 4) fail("{}: {} byte arrays cannot fit in {} bytes", what, n, in.size);
        enc::plain_decode_byte_array(in, n, into.bytes, into.offsets, what);
        break;
      case PhysicalType::FIXED_LEN_BYTE_ARRAY:
      case PhysicalType::INT96:
        plain_fixed_length(in, n, into.bytes, into.offsets, what);
        break;
      default: fail("{}: reading {} columns is not supported", what, to_string(column_.type));
    }
  }

  // n PLAIN values of type_length bytes each (FIXED_LEN_BYTE_ARRAY, INT96),
  // appended as byte strings.
  void plain_fixed_length(enc::Bytes in, std::size_t n, std::string& bytes, std::vector<std::uint64_t>& ends,
                          std::string_view what) const {
    const auto width = static_cast<std::size_t>(column_.type_length);
    if (width == 0 || n > in.size / width) fail("{}: {} values of {} bytes cannot fit in {} bytes", what, n, width, in.size);
    std::uint64_t end = bytes.size();
    bytes.append(reinterpret_cast<const char*>(in.data), n * width);
    for (std::size_t i = 0; i < n; ++i) ends.push_back(end += width);
  }

  template <typename T>
  static void plain_fixed(enc::Bytes in, std::size_t n, std::vector<T>& v, std::string_view what) {
    if (n > in.size / sizeof(T)) fail("{}: {} values cannot fit in {} bytes", what, n, in.size);
    v.resize(n);
    enc::plain_decode_fixed(in, v.data(), n, sizeof(T), what);
  }

  // Decodes dictionary indices (bit width byte + hybrid) into s_.indices,
  // checked against the dictionary size.
  void indices(enc::Bytes in, std::size_t present, std::string_view what) {
    if (present == 0) return;  // an all-null page needs no dictionary
    if (!dict_.present) fail("{}: dictionary-encoded page without a dictionary page", what);
    if (in.size < 1) fail("{}: dictionary indices truncated", what);
    int width = in.data[0];
    if (width > 32) fail("{}: dictionary index bit width {} exceeds 32", what, width);
    s_.indices.resize(present);
    enc::RleDecoder(enc::Bytes{in.data + 1, in.size - 1}, width, what).decode(s_.indices.data(), present);
    std::uint32_t mx = 0;
    for (std::uint32_t i : s_.indices) mx = std::max(mx, i);
    if (mx >= dict_.values.size()) fail("{}: dictionary index {} beyond the {} entries", what, mx, dict_.values.size());
  }

  template <typename T>
  void fixed(Encoding e, enc::Bytes in, std::size_t n, std::size_t present, std::string_view what) {
    std::vector<T>& v = values_of<T>(out_);
    const std::size_t base = v.size();
    v.resize(base + n);
    T* dst = v.data() + base;
    switch (e) {
      case Encoding::PLAIN:
        if constexpr (std::is_same_v<T, std::uint8_t>) {
          enc::plain_decode_bools(in, dst, present, what);
        } else {
          enc::plain_decode_fixed(in, dst, present, sizeof(T), what);
        }
        break;
      case Encoding::PLAIN_DICTIONARY:
      case Encoding::RLE_DICTIONARY: {
        indices(in, present, what);
        const T* d = values_of<T>(dict_.values).data();
        for (std::size_t i = 0; i < present; ++i) dst[i] = d[s_.indices[i]];
        break;
      }
      case Encoding::RLE:
        if constexpr (std::is_same_v<T, std::uint8_t>) {
          if (in.size < 4) fail("{}: RLE boolean data truncated", what);
          std::uint32_t len = le32(in.data);
          if (len > in.size - 4) fail("{}: RLE boolean length {} beyond the page", what, len);
          s_.indices.resize(present);
          enc::RleDecoder(enc::Bytes{in.data + 4, len}, 1, what).decode(s_.indices.data(), present);
          for (std::size_t i = 0; i < present; ++i) dst[i] = static_cast<std::uint8_t>(s_.indices[i]);
          break;
        }
        [[fallthrough]];
      case Encoding::DELTA_BINARY_PACKED:
        if constexpr (std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int64_t>) {
          enc::delta_decode<T>(in, dst, present, what);
          break;
        }
        [[fallthrough]];
      case Encoding::BYTE_STREAM_SPLIT:
        if constexpr (!std::is_same_v<T, std::uint8_t>) {
          if (e == Encoding::BYTE_STREAM_SPLIT) {
            enc::bss_decode(in, dst, present, sizeof(T), what);
            break;
          }
        }
        [[fallthrough]];
      default:
        fail("{}: encoding {} is not supported for {}", what, to_string(e), to_string(column_.type));
    }
    if (present != n) spread(dst, n, present);
  }

  // Moves `present` packed values to their rows (nulls get zero), back to
  // front so it works in place.
  template <typename T>
  void spread(T* dst, std::size_t n, std::size_t present) {
    const std::uint8_t* valid = out_.valid.data() + out_.valid.size() - n;
    std::size_t src = present;
    for (std::size_t i = n; i-- > 0;) {
      if (valid[i]) {
        dst[i] = dst[--src];
      } else {
        dst[i] = T{};
      }
    }
  }

  void byte_array(Encoding e, enc::Bytes in, std::size_t n, std::size_t present, std::string_view what) {
    if (out_.offsets.empty()) out_.offsets.push_back(0);
    // Decode present values' end offsets into scratch, then lay them out per row.
    std::vector<std::uint64_t>& ends = s_.offsets;
    ends.clear();
    switch (e) {
      case Encoding::PLAIN:
        if (column_.type != PhysicalType::BYTE_ARRAY) {
          plain_fixed_length(in, present, out_.bytes, ends, what);
          break;
        }
        if (present > in.size / 4) fail("{}: {} byte arrays cannot fit in {} bytes", what, present, in.size);
        enc::plain_decode_byte_array(in, present, out_.bytes, ends, what);
        break;
      case Encoding::PLAIN_DICTIONARY:
      case Encoding::RLE_DICTIONARY: {
        indices(in, present, what);
        const ColumnData& d = dict_.values;
        std::size_t total = 0;
        for (std::size_t i = 0; i < present; ++i) total += d.offsets[s_.indices[i] + 1] - d.offsets[s_.indices[i]];
        std::size_t at = out_.bytes.size();
        out_.bytes.resize(at + total);
        char* p = out_.bytes.data();
        for (std::size_t i = 0; i < present; ++i) {
          std::uint64_t b = d.offsets[s_.indices[i]], len = d.offsets[s_.indices[i] + 1] - b;
          std::memcpy(p + at, d.bytes.data() + b, len);
          at += len;
          ends.push_back(at);
        }
        break;
      }
      case Encoding::DELTA_LENGTH_BYTE_ARRAY:
        enc::delta_length_decode(in, present, out_.bytes, ends, what);
        break;
      case Encoding::DELTA_BYTE_ARRAY:
        enc::delta_byte_array_decode(in, present, out_.bytes, ends, what);
        break;
      default:
        fail("{}: encoding {} is not supported for BYTE_ARRAY", what, to_string(e));
    }
    if (present == n) {
      out_.offsets.insert(out_.offsets.end(), ends.begin(), ends.end());
      return;
    }
    const std::uint8_t* valid = out_.valid.data() + out_.valid.size() - n;
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i) {
      out_.offsets.push_back(valid[i] ? ends[k++] : out_.offsets.back());
    }
  }

  const Column& column_;
  Scratch& s_;
  ColumnData& out_;
  Dictionary dict_;
};

std::vector<RowRange> intersect(const std::vector<RowRange>& a, const std::vector<RowRange>& b) {
  std::vector<RowRange> out;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    std::int64_t lo = std::max(a[i].begin, b[j].begin), hi = std::min(a[i].end, b[j].end);
    if (lo < hi) out.push_back({lo, hi});
    if (a[i].end < b[j].end) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

}  // namespace

// What a read decodes: the columns (projection, then predicate columns that
// exact filtering needs) and, per surviving row group, the rows to keep.
struct ReadPlan {
  std::vector<std::size_t> proj;
  std::vector<std::size_t> cols;
  std::vector<std::size_t> pred_pos;  // position in `cols` of each predicate range's column
  struct Group {
    std::size_t rg;
    std::optional<std::vector<RowRange>> ranges;  // unset: every row
  };
  std::vector<Group> groups;
};

struct FileReader::Impl {
  std::optional<MappedFile> map;
  std::string owned;
  std::string_view data;
  std::string name;
  FileMetaData meta;
  Schema schema;
  std::vector<bool> nested;
  std::size_t footer_start = 0;

  void open();
  std::string where(std::size_t rg, std::size_t col) const {
    return fmt::format("{}: row group {}, column {}", name, rg, schema.columns[col].name);
  }
  const ColumnMetaData& chunk_meta(std::size_t rg, std::size_t col) const {
    return *meta.row_groups[rg].columns[col].meta_data;
  }
  // Byte range of a column chunk, checked against the file.
  std::pair<std::size_t, std::size_t> chunk_range(std::size_t rg, std::size_t col) const;
  std::optional<ColumnIndex> column_index(std::size_t rg, std::size_t col) const;
  std::optional<OffsetIndex> offset_index(std::size_t rg, std::size_t col) const;
  void check_readable(std::size_t col) const;
  // Decodes one column chunk into `out` (reset first, capacity kept).
  void read_chunk(std::size_t rg, std::size_t col, const std::vector<RowRange>* ranges, Scratch& scratch,
                  ReadStats& stats, ColumnData& out) const;
  std::vector<RowRange> rows_matching(std::size_t rg, const Predicate& p) const;
  bool row_group_may_match(std::size_t rg, const Predicate& p) const;
  // Decodes columns `cols` of a row group into `batch`, reusing its buffers.
  void read_group(std::size_t rg, const std::vector<std::size_t>& cols, const std::vector<RowRange>* ranges,
                  bool parallel, ReadStats& stats, Batch& batch) const;
  ReadPlan plan(const FileReader& self, const ReadOptions& options) const;
  void run_group(const ReadPlan& plan, const ReadPlan::Group& g, const ReadOptions& options, bool parallel,
                 ReadStats& stats, Batch& batch) const;
};

void FileReader::Impl::open() {
  const std::size_t size = data.size();
  if (size < 12) fail("{}: not a Parquet file: {} bytes is too small", name, size);
  if (data.substr(0, 4) != "PAR1") fail("{}: not a Parquet file: bad magic at the start", name);
  if (data.substr(size - 4) == "PARE") fail("{}: encrypted Parquet files are not supported", name);
  if (data.substr(size - 4) != "PAR1") fail("{}: not a Parquet file: bad magic at the end (truncated?)", name);
  std::uint32_t len = le32(reinterpret_cast<const std::uint8_t*>(data.data()) + size - 8);
  if (len > size - 12) fail("{}: footer length {} beyond the file size {}", name, len, size);
  footer_start = size - 8 - len;
  meta = parse_file_metadata(data.substr(footer_start, len), name + ": footer");
  FlatSchema flat = from_schema_elements(meta.schema, name + ": schema");
  schema = std::move(flat.schema);
  nested = std::move(flat.nested);
  if (meta.num_rows < 0) fail("{}: negative row count {}", name, meta.num_rows);
  for (std::size_t r = 0; r < meta.row_groups.size(); ++r) {
    const RowGroup& rg = meta.row_groups[r];
    if (rg.columns.size() != schema.columns.size()) {
      fail("{}: row group {} has {} column chunks for {} columns", name, r, rg.columns.size(), schema.columns.size());
    }
    if (rg.num_rows < 0 || rg.num_rows > kMaxRowGroupRows) fail("{}: row group {} has {} rows", name, r, rg.num_rows);
    for (std::size_t c = 0; c < rg.columns.size(); ++c) {
      const ColumnChunk& cc = rg.columns[c];
      if (!cc.meta_data) fail("{}: column chunk metadata missing", where(r, c));
      if (cc.meta_data->type != schema.columns[c].type) {
        fail("{}: chunk type {} differs from the schema's {}", where(r, c), to_string(cc.meta_data->type),
             to_string(schema.columns[c].type));
      }
    }
  }
}

std::pair<std::size_t, std::size_t> FileReader::Impl::chunk_range(std::size_t rg, std::size_t col) const {
  const ColumnChunk& cc = meta.row_groups[rg].columns[col];
  if (cc.file_path) fail("{}: column data in another file ({}) is not supported", where(rg, col), *cc.file_path);
  const ColumnMetaData& m = *cc.meta_data;
  std::int64_t start = m.data_page_offset;
  // Some writers store 0 for "no dictionary"; a real one precedes the data.
  if (m.dictionary_page_offset && *m.dictionary_page_offset > 0 && *m.dictionary_page_offset < start) {
    start = *m.dictionary_page_offset;
  }
  const auto limit = static_cast<std::int64_t>(footer_start);
  if (start < 4 || start >= limit || m.total_compressed_size < 0 || m.total_compressed_size > limit - start) {
    fail("{}: column chunk at offset {} of {} bytes lies outside the file's data", where(rg, col), start,
         m.total_compressed_size);
  }
  return {static_cast<std::size_t>(start), static_cast<std::size_t>(start + m.total_compressed_size)};
}

std::optional<ColumnIndex> FileReader::Impl::column_index(std::size_t rg, std::size_t col) const {
  const ColumnChunk& cc = meta.row_groups[rg].columns[col];
  if (!cc.column_index_offset || !cc.column_index_length) return std::nullopt;
  std::int64_t off = *cc.column_index_offset, len = *cc.column_index_length;
  if (off < 4 || len < 0 || off > static_cast<std::int64_t>(footer_start) ||
      len > static_cast<std::int64_t>(footer_start) - off) {
    fail("{}: column index at {} of {} bytes lies outside the file", where(rg, col), off, len);
  }
  ColumnIndex ci = parse_column_index(data.substr(static_cast<std::size_t>(off), static_cast<std::size_t>(len)),
                                      where(rg, col) + ": column index");
  std::size_t pages = ci.null_pages.size();
  if (ci.min_values.size() != pages || ci.max_values.size() != pages ||
      (!ci.null_counts.empty() && ci.null_counts.size() != pages)) {
    fail("{}: column index lists differ in length", where(rg, col));
  }
  return ci;
}

std::optional<OffsetIndex> FileReader::Impl::offset_index(std::size_t rg, std::size_t col) const {
  const ColumnChunk& cc = meta.row_groups[rg].columns[col];
  if (!cc.offset_index_offset || !cc.offset_index_length) return std::nullopt;
  std::int64_t off = *cc.offset_index_offset, len = *cc.offset_index_length;
  if (off < 4 || len < 0 || off > static_cast<std::int64_t>(footer_start) ||
      len > static_cast<std::int64_t>(footer_start) - off) {
    fail("{}: offset index at {} of {} bytes lies outside the file", where(rg, col), off, len);
  }
  OffsetIndex oi = parse_offset_index(data.substr(static_cast<std::size_t>(off), static_cast<std::size_t>(len)),
                                      where(rg, col) + ": offset index");
  auto [begin, end] = chunk_range(rg, col);
  const std::int64_t rows = meta.row_groups[rg].num_rows;
  for (std::size_t i = 0; i < oi.page_locations.size(); ++i) {
    const PageLocation& p = oi.page_locations[i];
    bool bad = p.offset < static_cast<std::int64_t>(begin) || p.compressed_page_size <= 0 ||
               p.compressed_page_size > static_cast<std::int64_t>(end) - p.offset || p.first_row_index < 0 ||
               p.first_row_index >= std::max<std::int64_t>(rows, 1) ||
               (i == 0 ? p.first_row_index != 0 : p.first_row_index <= oi.page_locations[i - 1].first_row_index);
    if (bad) fail("{}: offset index entry {} is inconsistent with the column chunk", where(rg, col), i);
  }
  return oi;
}

void FileReader::Impl::check_readable(std::size_t col) const {
  if (nested[col]) fail("{}: column {} is nested; nested columns are not supported", name, schema.columns[col].name);
}

void FileReader::Impl::read_chunk(std::size_t rg, std::size_t col, const std::vector<RowRange>* ranges,
                                  Scratch& scratch, ReadStats& stats, ColumnData& out) const {
  const Column& column = schema.columns[col];
  const ColumnMetaData& m = chunk_meta(rg, col);
  const std::int64_t rows = meta.row_groups[rg].num_rows;
  const std::string what = where(rg, col);
  if (m.num_values != rows) fail("{}: {} values for {} rows (a nested column?)", what, m.num_values, rows);
  auto [begin, end] = chunk_range(rg, col);
  const auto* base = reinterpret_cast<const std::uint8_t*>(data.data());

  out.reset(column.type);
  ChunkDecoder decoder(column, scratch, out);
  std::int64_t page_no = 0;

  // Reads the page at `pos` (bounded by `limit`); returns its end.
  auto read_page = [&](std::size_t pos, std::size_t limit, std::int64_t* rows_out) {
    std::string page_what = fmt::format("{}, page {} at offset {}", what, page_no, pos);
    std::size_t consumed = 0;
    PageHeader h = parse_page_header(data.substr(pos, limit - pos), consumed, page_what + ": header");
    if (h.compressed_page_size < 0 || h.uncompressed_page_size < 0 || h.uncompressed_page_size > kMaxPageBytes) {
      fail("{}: page sizes {} / {} are invalid", page_what, h.compressed_page_size, h.uncompressed_page_size);
    }
    if (static_cast<std::size_t>(h.compressed_page_size) > limit - pos - consumed) {
      fail("{}: compressed size {} runs past the column chunk", page_what, h.compressed_page_size);
    }
    const std::uint8_t* body = base + pos + consumed;
    std::int64_t n = decoder.page(h, body, m.codec, page_what);
    if (h.type == PageType::DATA_PAGE || h.type == PageType::DATA_PAGE_V2) {
      ++stats.pages_read;
      stats.bytes_read += static_cast<std::int64_t>(consumed) + h.compressed_page_size;
      ++page_no;
    }
    if (rows_out) *rows_out = n;
    return pos + consumed + static_cast<std::size_t>(h.compressed_page_size);
  };

  std::optional<OffsetIndex> oi;
  if (ranges) oi = offset_index(rg, col);
  if (!oi) {
    // Sequential walk of every page.
    std::size_t pos = begin;
    std::int64_t done = 0;
    while (done < rows && pos < end) {
      std::int64_t n = 0;
      pos = read_page(pos, end, &n);
      done += n;
      if (done > rows) fail("{}: pages hold more values than the row group's {} rows", what, rows);
    }
    stats.pages_total += page_no;
    if (done != rows) fail("{}: pages hold {} values, the row group has {} rows", what, done, rows);
    if (ranges) {
      std::vector<std::uint8_t> keep(static_cast<std::size_t>(rows), 0);
      for (const RowRange& r : *ranges) {
        std::fill(keep.begin() + r.begin, keep.begin() + r.end, 1);
      }
      out.filter(keep);
    }
  } else {
    const auto& locs = oi->page_locations;
    stats.pages_total += static_cast<std::int64_t>(locs.size());
    // The dictionary page, if any, sits before the first data page.
    if (!locs.empty() && static_cast<std::size_t>(locs[0].offset) > begin) {
      std::int64_t n = 0;
      read_page(begin, static_cast<std::size_t>(locs[0].offset), &n);
      if (n != 0) fail("{}: data before the first page of the offset index", what);
    }
    std::vector<std::uint8_t> keep;
    std::size_t ri = 0;
    for (std::size_t i = 0; i < locs.size(); ++i) {
      const std::int64_t first = locs[i].first_row_index;
      const std::int64_t last = i + 1 < locs.size() ? locs[i + 1].first_row_index : rows;
      while (ri < ranges->size() && (*ranges)[ri].end <= first) ++ri;
      if (ri >= ranges->size() || (*ranges)[ri].begin >= last) continue;
      page_no = static_cast<std::int64_t>(i);
      const auto pos = static_cast<std::size_t>(locs[i].offset);
      std::int64_t n = 0;
      read_page(pos, pos + static_cast<std::size_t>(locs[i].compressed_page_size), &n);
      if (n != last - first) fail("{}, page {}: {} values where the offset index says {}", what, i, n, last - first);
      // Keep the rows of this page that lie in a selected range.
      const std::size_t at = keep.size();
      keep.resize(at + static_cast<std::size_t>(n), 0);
      for (std::size_t k = ri; k < ranges->size() && (*ranges)[k].begin < last; ++k) {
        std::int64_t lo = std::max((*ranges)[k].begin, first), hi = std::min((*ranges)[k].end, last);
        if (lo < hi) std::fill(keep.begin() + static_cast<std::ptrdiff_t>(at + static_cast<std::size_t>(lo - first)),
                               keep.begin() + static_cast<std::ptrdiff_t>(at + static_cast<std::size_t>(hi - first)), 1);
      }
    }
    out.filter(keep);
  }
  if (!out.valid.empty() && out.null_count() == 0) out.valid.clear();
}

bool FileReader::Impl::row_group_may_match(std::size_t rg, const Predicate& p) const {
  for (const ColumnRange& range : p.ranges) {
    int col = schema.find(range.column);
    const Column& column = schema.columns[static_cast<std::size_t>(col)];
    const ColumnMetaData& m = chunk_meta(rg, static_cast<std::size_t>(col));
    if (!m.statistics) continue;
    const Statistics& s = *m.statistics;
    if (s.null_count && *s.null_count == meta.row_groups[rg].num_rows && meta.row_groups[rg].num_rows > 0) {
      return false;  // all null: no value can match
    }
    std::optional<std::string> mn = s.min_value, mx = s.max_value;
    // Legacy min/max are signed-order; trust them only where that is the column's order.
    bool legacy_ok = column.type != PhysicalType::BYTE_ARRAY && column.type != PhysicalType::BOOLEAN &&
                     !(column.logical.kind == LogicalType::Kind::INT && !column.logical.is_signed);
    if (!mn && !mx && legacy_ok) {
      mn = s.min;
      mx = s.max;
    }
    if (!stats_may_match(column, mn, mx, range)) return false;
  }
  return true;
}

std::vector<RowRange> FileReader::Impl::rows_matching(std::size_t rg, const Predicate& p) const {
  const std::int64_t rows = meta.row_groups[rg].num_rows;
  std::vector<RowRange> result{{0, rows}};
  for (const ColumnRange& range : p.ranges) {
    auto col = static_cast<std::size_t>(schema.find(range.column));
    std::optional<ColumnIndex> ci = column_index(rg, col);
    if (!ci) continue;
    std::optional<OffsetIndex> oi = offset_index(rg, col);
    if (!oi || oi->page_locations.size() != ci->null_pages.size()) continue;
    std::vector<RowRange> pages;
    const auto& locs = oi->page_locations;
    for (std::size_t i = 0; i < locs.size(); ++i) {
      std::int64_t first = locs[i].first_row_index;
      std::int64_t last = i + 1 < locs.size() ? locs[i + 1].first_row_index : rows;
      if (ci->null_pages[i]) continue;
      if (!stats_may_match(schema.columns[col], ci->min_values[i], ci->max_values[i], range)) continue;
      if (!pages.empty() && pages.back().end == first) {
        pages.back().end = last;
      } else {
        pages.push_back({first, last});
      }
    }
    result = intersect(result, pages);
  }
  return result;
}

void FileReader::Impl::read_group(std::size_t rg, const std::vector<std::size_t>& cols,
                                  const std::vector<RowRange>* ranges, bool parallel, ReadStats& stats,
                                  Batch& batch) const {
  batch.row_group = rg;
  batch.columns.resize(cols.size());
  std::vector<ReadStats> per(cols.size());
  auto one = [&](std::size_t i) {
    Scratch scratch;
    read_chunk(rg, cols[i], ranges, scratch, per[i], batch.columns[i]);
  };
  if (parallel && cols.size() > 1) {
    tbb::parallel_for(std::size_t{0}, cols.size(), one);
  } else {
    for (std::size_t i = 0; i < cols.size(); ++i) one(i);
  }
  for (const ReadStats& s : per) {
    stats.pages_total += s.pages_total;
    stats.pages_read += s.pages_read;
    stats.bytes_read += s.bytes_read;
  }
}

FileReader::FileReader(const std::filesystem::path& path) : impl_(std::make_unique<Impl>()) {
  impl_->map.emplace(path);
  impl_->data = impl_->map->view();
  impl_->name = path.string();
  impl_->open();
}

FileReader::FileReader(std::string_view data, std::string name) : impl_(std::make_unique<Impl>()) {
  impl_->data = data;
  impl_->name = std::move(name);
  impl_->open();
}

FileReader::FileReader(std::string&& data, std::string name) : impl_(std::make_unique<Impl>()) {
  impl_->owned = std::move(data);
  impl_->data = impl_->owned;
  impl_->name = std::move(name);
  impl_->open();
}

FileReader::~FileReader() = default;
FileReader::FileReader(FileReader&&) noexcept = default;
FileReader& FileReader::operator=(FileReader&&) noexcept = default;

const std::string& FileReader::name() const { return impl_->name; }
const FileMetaData& FileReader::metadata() const { return impl_->meta; }
const Schema& FileReader::schema() const { return impl_->schema; }
bool FileReader::is_nested(std::size_t column) const { return impl_->nested.at(column); }
std::int64_t FileReader::num_rows() const { return impl_->meta.num_rows; }
std::size_t FileReader::num_row_groups() const { return impl_->meta.row_groups.size(); }

std::vector<std::size_t> FileReader::resolve(const std::vector<std::string>& names) const {
  std::vector<std::size_t> out;
  for (const std::string& n : names) {
    int c = impl_->schema.find(n);
    if (c < 0) fail("{}: no column named '{}'", impl_->name, n);
    out.push_back(static_cast<std::size_t>(c));
  }
  return out;
}

namespace {
void check_predicate(const FileReader& r, const Predicate& p) {
  for (const ColumnRange& range : p.ranges) {
    std::size_t c = r.resolve({range.column})[0];
    if (r.is_nested(c)) fail("{}: predicate on nested column {}", r.name(), range.column);
    check_range(r.schema().columns[c], range);
  }
}
}  // namespace

std::vector<std::size_t> FileReader::select_row_groups(const Predicate& predicate) const {
  check_predicate(*this, predicate);
  std::vector<std::size_t> out;
  for (std::size_t rg = 0; rg < num_row_groups(); ++rg) {
    if (impl_->row_group_may_match(rg, predicate)) out.push_back(rg);
  }
  return out;
}

std::vector<RowRange> FileReader::select_rows(std::size_t row_group, const Predicate& predicate) const {
  check_predicate(*this, predicate);
  if (row_group >= num_row_groups()) fail("{}: no row group {}", impl_->name, row_group);
  return impl_->rows_matching(row_group, predicate);
}

Batch FileReader::read_row_group(std::size_t row_group, const std::vector<std::size_t>& columns) const {
  if (row_group >= num_row_groups()) fail("{}: no row group {}", impl_->name, row_group);
  for (std::size_t c : columns) {
    if (c >= impl_->schema.columns.size()) fail("{}: no column {}", impl_->name, c);
    impl_->check_readable(c);
  }
  ReadStats stats;
  Batch batch;
  impl_->read_group(row_group, columns, nullptr, true, stats, batch);
  return batch;
}

namespace {

ReadPlan make_plan(const FileReader& r, const ReadOptions& options,
                   const std::function<bool(std::size_t)>& rg_may_match,
                   const std::function<std::vector<RowRange>(std::size_t)>& rows_matching) {
  check_predicate(r, options.predicate);
  ReadPlan plan;
  if (options.columns.empty()) {
    for (std::size_t c = 0; c < r.schema().columns.size(); ++c) plan.proj.push_back(c);
  } else {
    plan.proj = r.resolve(options.columns);
  }
  plan.cols = plan.proj;
  if (options.filter) {
    for (const ColumnRange& range : options.predicate.ranges) {
      std::size_t c = r.resolve({range.column})[0];
      auto it = std::find(plan.cols.begin(), plan.cols.end(), c);
      plan.pred_pos.push_back(static_cast<std::size_t>(it - plan.cols.begin()));
      if (it == plan.cols.end()) plan.cols.push_back(c);
    }
  }
  for (std::size_t rg = 0; rg < r.num_row_groups(); ++rg) {
    if (options.use_statistics && !rg_may_match(rg)) continue;
    ReadPlan::Group g{rg, std::nullopt};
    if (options.use_page_index && !options.predicate.empty()) {
      std::vector<RowRange> ranges = rows_matching(rg);
      if (ranges.empty()) continue;
      const std::int64_t rows = r.metadata().row_groups[rg].num_rows;
      if (ranges.size() != 1 || ranges[0].begin != 0 || ranges[0].end != rows) g.ranges = std::move(ranges);
    }
    plan.groups.push_back(std::move(g));
  }
  return plan;
}

}  // namespace

void FileReader::Impl::run_group(const ReadPlan& plan, const ReadPlan::Group& g, const ReadOptions& options,
                                 bool parallel, ReadStats& stats, Batch& batch) const {
  read_group(g.rg, plan.cols, g.ranges ? &*g.ranges : nullptr, parallel, stats, batch);
  if (options.filter && !options.predicate.empty()) {
    std::vector<std::uint8_t> keep(batch.num_rows(), 1);
    for (std::size_t k = 0; k < options.predicate.ranges.size(); ++k) {
      const std::size_t pos = plan.pred_pos[k];
      apply_range(schema.columns[plan.cols[pos]], batch.columns[pos], options.predicate.ranges[k], keep);
    }
    batch.columns.resize(plan.proj.size());
    for (ColumnData& c : batch.columns) {
      c.filter(keep);
      if (!c.valid.empty() && c.null_count() == 0) c.valid.clear();
    }
  }
}

ReadPlan FileReader::Impl::plan(const FileReader& self, const ReadOptions& options) const {
  ReadPlan p = make_plan(
      self, options, [&](std::size_t rg) { return row_group_may_match(rg, options.predicate); },
      [&](std::size_t rg) { return rows_matching(rg, options.predicate); });
  for (std::size_t c : p.cols) check_readable(c);
  return p;
}

void FileReader::scan(const ReadOptions& options, const std::function<void(Batch&&)>& sink, ReadStats* stats) const {
  const ReadPlan plan = impl_->plan(*this, options);
  ReadStats local;
  local.row_groups_total = static_cast<std::int64_t>(num_row_groups());
  local.row_groups_read = static_cast<std::int64_t>(plan.groups.size());
  for (const ReadPlan::Group& g : plan.groups) {
    Batch batch;
    impl_->run_group(plan, g, options, options.parallel, local, batch);
    if (batch.num_rows() == 0 && !batch.columns.empty()) continue;
    sink(std::move(batch));
  }
  if (stats) *stats = local;
}

void FileReader::scan_parallel(const ReadOptions& options, const std::function<void(const Batch&)>& sink,
                               ReadStats* stats) const {
  const FileReader* self = this;
  scan_parallel(std::span(&self, 1), options, [&](std::size_t, const Batch& batch) { sink(batch); }, stats);
}

void FileReader::scan_parallel(std::span<const FileReader* const> files, const ReadOptions& options,
                               const std::function<void(std::size_t, const Batch&)>& sink, ReadStats* stats) {
  struct Task {
    std::size_t file;
    std::size_t group;  // index into the file's plan
  };
  std::vector<ReadPlan> plans;
  std::vector<Task> tasks;
  ReadStats total;
  for (std::size_t f = 0; f < files.size(); ++f) {
    plans.push_back(files[f]->impl_->plan(*files[f], options));
    for (std::size_t g = 0; g < plans.back().groups.size(); ++g) tasks.push_back({f, g});
    total.row_groups_total += static_cast<std::int64_t>(files[f]->num_row_groups());
  }
  total.row_groups_read = static_cast<std::int64_t>(tasks.size());
  struct Worker {
    Batch batch;
    ReadStats stats;
  };
  tbb::enumerable_thread_specific<Worker> workers;
  auto one = [&](const Task& t) {
    Worker& w = workers.local();
    const ReadPlan& plan = plans[t.file];
    // Parallelism is across row groups here; a worker decodes its row
    // group's columns itself so they stay in its cache for the sink.
    files[t.file]->impl_->run_group(plan, plan.groups[t.group], options, false, w.stats, w.batch);
    if (w.batch.num_rows() > 0 || w.batch.columns.empty()) sink(t.file, w.batch);
  };
  if (options.parallel) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, tasks.size(), 1),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t i = r.begin(); i != r.end(); ++i) one(tasks[i]);
                      });
  } else {
    for (const Task& t : tasks) one(t);
  }
  for (const Worker& w : workers) {
    total.pages_total += w.stats.pages_total;
    total.pages_read += w.stats.pages_read;
    total.bytes_read += w.stats.bytes_read;
  }
  if (stats) *stats = total;
}

std::vector<Batch> FileReader::read(const ReadOptions& options, ReadStats* stats) const {
  const ReadPlan plan = impl_->plan(*this, options);
  // Row groups decode in parallel too (each also across its columns).
  std::vector<Batch> batches(plan.groups.size());
  std::vector<ReadStats> per(plan.groups.size());
  auto one = [&](std::size_t i) { impl_->run_group(plan, plan.groups[i], options, options.parallel, per[i], batches[i]); };
  if (options.parallel) {
    tbb::parallel_for(std::size_t{0}, plan.groups.size(), one);
  } else {
    for (std::size_t i = 0; i < plan.groups.size(); ++i) one(i);
  }
  ReadStats total;
  total.row_groups_total = static_cast<std::int64_t>(num_row_groups());
  total.row_groups_read = static_cast<std::int64_t>(plan.groups.size());
  for (const ReadStats& s : per) {
    total.pages_total += s.pages_total;
    total.pages_read += s.pages_read;
    total.bytes_read += s.bytes_read;
  }
  if (stats) *stats = total;
  std::vector<Batch> out;
  for (Batch& b : batches) {
    if (b.num_rows() > 0 || b.columns.empty()) out.push_back(std::move(b));
  }
  return out;
}

}  // namespace tapelab::parquet
