// Field ids follow parquet.thrift; unknown fields are skipped.
#include "parquet/metadata.h"

#include "parquet/thrift.h"
#include "util/error.h"

namespace tapelab::parquet {

namespace {

using thrift::Reader;
using thrift::Type;
using thrift::Writer;

// --- writing -------------------------------------------------------------

void write_stats(Writer& w, std::int16_t id, const Statistics& s) {
  w.begin_struct(id);
  if (s.max) w.field_binary(1, *s.max);
  if (s.min) w.field_binary(2, *s.min);
  if (s.null_count) w.field_i64(3, *s.null_count);
  if (s.distinct_count) w.field_i64(4, *s.distinct_count);
  if (s.max_value) w.field_binary(5, *s.max_value);
  if (s.min_value) w.field_binary(6, *s.min_value);
  w.end_struct();
}

void write_empty_struct(Writer& w, std::int16_t id) {
  w.begin_struct(id);
  w.end_struct();
}

void write_logical(Writer& w, std::int16_t id, const LogicalTypeThrift& lt) {
  const LogicalType& t = lt.type;
  w.begin_struct(id);
  switch (t.kind) {
    case LogicalType::Kind::STRING:
      write_empty_struct(w, 1);
      break;
    case LogicalType::Kind::DECIMAL:
      w.begin_struct(5);
      w.field_i32(1, t.scale);
      w.field_i32(2, t.precision);
      w.end_struct();
      break;
    case LogicalType::Kind::DATE:
      write_empty_struct(w, 6);
      break;
    case LogicalType::Kind::TIMESTAMP:
      w.begin_struct(8);
      w.field_bool(1, t.adjusted_to_utc);
      w.begin_struct(2);
      write_empty_struct(w, static_cast<std::int16_t>(static_cast<int>(t.unit) + 1));
      w.end_struct();
      w.end_struct();
      break;
    case LogicalType::Kind::INT:
      w.begin_struct(10);
      // bitWidth is an i8 on the wire; written through the Writer so the
      // next field's id delta is taken from it.
      w.field_byte(1, static_cast<std::int8_t>(t.bit_width));
      w.field_bool(2, t.is_signed);
      w.end_struct();
      break;
    case LogicalType::Kind::OTHER:
      write_empty_struct(w, lt.other_field_id);
      break;
    case LogicalType::Kind::NONE:
      break;
  }
  w.end_struct();
}

void write_kv_list(Writer& w, std::int16_t id, const std::vector<KeyValue>& kvs) {
  w.begin_list(id, thrift::STRUCT, kvs.size());
  for (const KeyValue& kv : kvs) {
    w.begin_elem_struct();
    w.field_binary(1, kv.key);
    if (kv.value) w.field_binary(2, *kv.value);
    w.end_struct();
  }
}

void write_column_meta(Writer& w, std::int16_t id, const ColumnMetaData& m) {
  w.begin_struct(id);
  w.field_i32(1, static_cast<std::int32_t>(m.type));
  w.begin_list(2, thrift::I32, m.encodings.size());
  for (Encoding e : m.encodings) w.elem_i32(static_cast<std::int32_t>(e));
  w.begin_list(3, thrift::BINARY, m.path_in_schema.size());
  for (const std::string& p : m.path_in_schema) w.elem_binary(p);
  w.field_i32(4, static_cast<std::int32_t>(m.codec));
  w.field_i64(5, m.num_values);
  w.field_i64(6, m.total_uncompressed_size);
  w.field_i64(7, m.total_compressed_size);
  if (!m.key_value_metadata.empty()) write_kv_list(w, 8, m.key_value_metadata);
  w.field_i64(9, m.data_page_offset);
  if (m.index_page_offset) w.field_i64(10, *m.index_page_offset);
  if (m.dictionary_page_offset) w.field_i64(11, *m.dictionary_page_offset);
  if (m.statistics) write_stats(w, 12, *m.statistics);
  if (!m.encoding_stats.empty()) {
    w.begin_list(13, thrift::STRUCT, m.encoding_stats.size());
    for (const PageEncodingStats& s : m.encoding_stats) {
      w.begin_elem_struct();
      w.field_i32(1, s.page_type);
      w.field_i32(2, static_cast<std::int32_t>(s.encoding));
      w.field_i32(3, s.count);
      w.end_struct();
    }
  }
  w.end_struct();
}

void write_row_group(Writer& w, const RowGroup& rg) {
  w.begin_elem_struct();
  w.begin_list(1, thrift::STRUCT, rg.columns.size());
  for (const ColumnChunk& c : rg.columns) {
    w.begin_elem_struct();
    if (c.file_path) w.field_binary(1, *c.file_path);
    w.field_i64(2, c.file_offset);
    if (c.meta_data) write_column_meta(w, 3, *c.meta_data);
    if (c.offset_index_offset) w.field_i64(4, *c.offset_index_offset);
    if (c.offset_index_length) w.field_i32(5, *c.offset_index_length);
    if (c.column_index_offset) w.field_i64(6, *c.column_index_offset);
    if (c.column_index_length) w.field_i32(7, *c.column_index_length);
    w.end_struct();
  }
  w.field_i64(2, rg.total_byte_size);
  w.field_i64(3, rg.num_rows);
  if (!rg.sorting_columns.empty()) {
    w.begin_list(4, thrift::STRUCT, rg.sorting_columns.size());
    for (const SortingColumn& s : rg.sorting_columns) {
      w.begin_elem_struct();
      w.field_i32(1, s.column_idx);
      w.field_bool(2, s.descending);
      w.field_bool(3, s.nulls_first);
      w.end_struct();
    }
  }
  if (rg.file_offset) w.field_i64(5, *rg.file_offset);
  if (rg.total_compressed_size) w.field_i64(6, *rg.total_compressed_size);
  if (rg.ordinal) w.field_i32(7, *rg.ordinal);  // i16 on the wire: same varint
  w.end_struct();
}

// --- reading -------------------------------------------------------------

// Iterates the fields of a struct, calling on_field(id, type) for each; the
// callback returns false for fields it does not know, which are skipped.
template <typename F>
void read_struct(Reader& r, F&& on_field) {
  r.begin_struct();
  std::int16_t id = 0;
  Type type = thrift::STOP;
  while (r.next_field(id, type)) {
    if (!on_field(id, type)) r.skip(type);
  }
}

template <typename F>
void read_list(Reader& r, Type type, F&& on_elem) {
  thrift::ListHeader h = r.read_list(type);
  for (std::size_t i = 0; i < h.size; ++i) on_elem(h.element);
}

template <typename T, typename F>
void read_struct_list(Reader& r, Type type, std::vector<T>& out, F&& read_one) {
  read_list(r, type, [&](Type element) {
    r.expect_struct(element);
    out.push_back(read_one());
  });
}

Statistics read_stats(Reader& r, Type type) {
  r.expect_struct(type);
  Statistics s;
  read_struct(r, [&](std::int16_t id, Type t) {
    switch (id) {
      case 1: s.max = r.read_binary(t); return true;
      case 2: s.min = r.read_binary(t); return true;
      case 3: s.null_count = r.read_i64(t); return true;
      case 4: s.distinct_count = r.read_i64(t); return true;
      case 5: s.max_value = r.read_binary(t); return true;
      case 6: s.min_value = r.read_binary(t); return true;
      default: return false;
    }
  });
  return s;
}

// Returns the field id of the (single) member set in a union of empty structs.
std::int16_t read_union_tag(Reader& r, Type type) {
  r.expect_struct(type);
  std::int16_t tag = 0;
  read_struct(r, [&](std::int16_t id, Type t) {
    tag = id;
    (void)t;
    return false;
  });
  return tag;
}

LogicalTypeThrift read_logical(Reader& r, Type type) {
  r.expect_struct(type);
  LogicalTypeThrift lt;
  LogicalType& t = lt.type;
  read_struct(r, [&](std::int16_t id, Type ft) {
    switch (id) {
      case 1:
        t.kind = LogicalType::Kind::STRING;
        return false;
      case 5:
        t.kind = LogicalType::Kind::DECIMAL;
        r.expect_struct(ft);
        read_struct(r, [&](std::int16_t fid, Type dt) {
          if (fid == 1) t.scale = r.read_i32(dt);
          else if (fid == 2) t.precision = r.read_i32(dt);
          else return false;
          return true;
        });
        return true;
      case 6:
        t.kind = LogicalType::Kind::DATE;
        return false;
      case 8:
        t.kind = LogicalType::Kind::TIMESTAMP;
        r.expect_struct(ft);
        read_struct(r, [&](std::int16_t fid, Type tt) {
          if (fid == 1) {
            t.adjusted_to_utc = r.read_bool(tt);
          } else if (fid == 2) {
            std::int16_t unit = read_union_tag(r, tt);
            if (unit < 1 || unit > 3) r.error("unknown timestamp unit");
            t.unit = static_cast<TimeUnit>(unit - 1);
          } else {
            return false;
          }
          return true;
        });
        return true;
      case 10:
        t.kind = LogicalType::Kind::INT;
        r.expect_struct(ft);
        read_struct(r, [&](std::int16_t fid, Type it) {
          if (fid == 1) t.bit_width = r.read_i32(it);
          else if (fid == 2) t.is_signed = r.read_bool(it);
          else return false;
          return true;
        });
        if (t.bit_width != 8 && t.bit_width != 16 && t.bit_width != 32 && t.bit_width != 64) {
          r.error("INT logical type with bit width " + std::to_string(t.bit_width));
        }
        return true;
      default:
        t.kind = LogicalType::Kind::OTHER;
        lt.other_field_id = id;
        return false;
    }
  });
  return lt;
}

SchemaElement read_schema_element(Reader& r) {
  SchemaElement e;
  read_struct(r, [&](std::int16_t id, Type t) {
    switch (id) {
      case 1: {
        std::int32_t v = r.read_i32(t);
        if (v < 0 || v > 7) r.error("unknown physical type " + std::to_string(v));
        e.type = static_cast<PhysicalType>(v);
        return true;
      }
      case 2: e.type_length = r.read_i32(t); return true;
      case 3: e.repetition_type = r.read_i32(t); return true;
      case 4: e.name = r.read_binary(t); return true;
      case 5: e.num_children = r.read_i32(t); return true;
      case 6: e.converted_type = r.read_i32(t); return true;
      case 7: e.scale = r.read_i32(t); return true;
      case 8: e.precision = r.read_i32(t); return true;
      case 9: e.field_id = r.read_i32(t); return true;
      case 10: e.logical_type = read_logical(r, t); return true;
      default: return false;
    }
  });
  return e;
}

KeyValue read_kv(Reader& r) {
  KeyValue kv;
  read_struct(r, [&](std::int16_t id, Type t) {
    if (id == 1) kv.key = r.read_binary(t);
    else if (id == 2) kv.value = r.read_binary(t);
    else return false;
    return true;
  });
  return kv;
}

ColumnMetaData read_column_meta(Reader& r, Type type) {
  r.expect_struct(type);
  ColumnMetaData m;
  read_struct(r, [&](std::int16_t id, Type t) {
    switch (id) {
      case 1: {
        std::int32_t v = r.read_i32(t);
        if (v < 0 || v > 7) r.error("unknown physical type " + std::to_string(v));
        m.type = static_cast<PhysicalType>(v);
        return true;
      }
      case 2:
        read_list(r, t, [&](Type el) { m.encodings.push_back(static_cast<Encoding>(r.elem_i32(el))); });
        return true;
      case 3:
        read_list(r, t, [&](Type el) { m.path_in_schema.push_back(r.elem_binary(el)); });
        return true;
      case 4: m.codec = static_cast<Codec>(r.read_i32(t)); return true;
      case 5: m.num_values = r.read_i64(t); return true;
      case 6: m.total_uncompressed_size = r.read_i64(t); return true;
      case 7: m.total_compressed_size = r.read_i64(t); return true;
      case 8: read_struct_list(r, t, m.key_value_metadata, [&] { return read_kv(r); }); return true;
      case 9: m.data_page_offset = r.read_i64(t); return true;
      case 10: m.index_page_offset = r.read_i64(t); return true;
      case 11: m.dictionary_page_offset = r.read_i64(t); return true;
      case 12: m.statistics = read_stats(r, t); return true;
      case 13:
        read_struct_list(r, t, m.encoding_stats, [&] {
          PageEncodingStats s;
          read_struct(r, [&](std::int16_t fid, Type ft) {
            if (fid == 1) s.page_type = r.read_i32(ft);
            else if (fid == 2) s.encoding = static_cast<Encoding>(r.read_i32(ft));
            else if (fid == 3) s.count = r.read_i32(ft);
            else return false;
            return true;
          });
          return s;
        });
        return true;
      default: return false;
    }
  });
  return m;
}

ColumnChunk read_column_chunk(Reader& r) {
  ColumnChunk c;
  read_struct(r, [&](std::int16_t id, Type t) {
    switch (id) {
      case 1: c.file_path = r.read_binary(t); return true;
      case 2: c.file_offset = r.read_i64(t); return true;
      case 3: c.meta_data = read_column_meta(r, t); return true;
      case 4: c.offset_index_offset = r.read_i64(t); return true;
      case 5: c.offset_index_length = r.read_i32(t); return true;
      case 6: c.column_index_offset = r.read_i64(t); return true;
      case 7: c.column_index_length = r.read_i32(t); return true;
      default: return false;
    }
  });
  return c;
}

RowGroup read_row_group(Reader& r) {
  RowGroup rg;
  read_struct(r, [&](std::int16_t id, Type t) {
    switch (id) {
      case 1: read_struct_list(r, t, rg.columns, [&] { return read_column_chunk(r); }); return true;
      case 2: rg.total_byte_size = r.read_i64(t); return true;
      case 3: rg.num_rows = r.read_i64(t); return true;
      case 4:
        read_struct_list(r, t, rg.sorting_columns, [&] {
          SortingColumn s;
          read_struct(r, [&](std::int16_t fid, Type ft) {
            if (fid == 1) s.column_idx = r.read_i32(ft);
            else if (fid == 2) s.descending = r.read_bool(ft);
            else if (fid == 3) s.nulls_first = r.read_bool(ft);
            else return false;
            return true;
          });
          return s;
        });
        return true;
      case 5: rg.file_offset = r.read_i64(t); return true;
      case 6: rg.total_compressed_size = r.read_i64(t); return true;
      case 7: {
        std::int32_t v = r.read_i32(t);
        if (v < INT16_MIN || v > INT16_MAX) r.error("row group ordinal out of range");
        rg.ordinal = static_cast<std::int16_t>(v);
        return true;
      }
      default: return false;
    }
  });
  return rg;
}

}  // namespace

std::string serialize(const FileMetaData& m) {
  Writer w;
  w.begin_root();
  w.field_i32(1, m.version);
  w.begin_list(2, thrift::STRUCT, m.schema.size());
  for (const SchemaElement& e : m.schema) {
    w.begin_elem_struct();
    if (e.type) w.field_i32(1, static_cast<std::int32_t>(*e.type));
    if (e.type_length) w.field_i32(2, *e.type_length);
    if (e.repetition_type) w.field_i32(3, *e.repetition_type);
    w.field_binary(4, e.name);
    if (e.num_children) w.field_i32(5, *e.num_children);
    if (e.converted_type) w.field_i32(6, *e.converted_type);
    if (e.scale) w.field_i32(7, *e.scale);
    if (e.precision) w.field_i32(8, *e.precision);
    if (e.field_id) w.field_i32(9, *e.field_id);
    if (e.logical_type) write_logical(w, 10, *e.logical_type);
    w.end_struct();
  }
  w.field_i64(3, m.num_rows);
  w.begin_list(4, thrift::STRUCT, m.row_groups.size());
  for (const RowGroup& rg : m.row_groups) write_row_group(w, rg);
  if (!m.key_value_metadata.empty()) write_kv_list(w, 5, m.key_value_metadata);
  if (m.created_by) w.field_binary(6, *m.created_by);
  if (!m.column_orders.empty()) {
    w.begin_list(7, thrift::STRUCT, m.column_orders.size());
    for (bool type_defined : m.column_orders) {
      w.begin_elem_struct();
      if (type_defined) write_empty_struct(w, 1);
      w.end_struct();
    }
  }
  w.end_root();
  return std::move(w.out());
}

std::string serialize(const PageHeader& h) {
  Writer w;
  w.begin_root();
  w.field_i32(1, static_cast<std::int32_t>(h.type));
  w.field_i32(2, h.uncompressed_page_size);
  w.field_i32(3, h.compressed_page_size);
  if (h.crc) w.field_i32(4, *h.crc);
  if (h.data_page_header) {
    const DataPageHeader& d = *h.data_page_header;
    w.begin_struct(5);
    w.field_i32(1, d.num_values);
    w.field_i32(2, static_cast<std::int32_t>(d.encoding));
    w.field_i32(3, static_cast<std::int32_t>(d.definition_level_encoding));
    w.field_i32(4, static_cast<std::int32_t>(d.repetition_level_encoding));
    if (d.statistics) write_stats(w, 5, *d.statistics);
    w.end_struct();
  }
  if (h.dictionary_page_header) {
    const DictionaryPageHeader& d = *h.dictionary_page_header;
    w.begin_struct(7);
    w.field_i32(1, d.num_values);
    w.field_i32(2, static_cast<std::int32_t>(d.encoding));
    if (d.is_sorted) w.field_bool(3, *d.is_sorted);
    w.end_struct();
  }
  if (h.data_page_header_v2) {
    const DataPageHeaderV2& d = *h.data_page_header_v2;
    w.begin_struct(8);
    w.field_i32(1, d.num_values);
    w.field_i32(2, d.num_nulls);
    w.field_i32(3, d.num_rows);
    w.field_i32(4, static_cast<std::int32_t>(d.encoding));
    w.field_i32(5, d.definition_levels_byte_length);
    w.field_i32(6, d.repetition_levels_byte_length);
    if (d.is_compressed) w.field_bool(7, *d.is_compressed);
    if (d.statistics) write_stats(w, 8, *d.statistics);
    w.end_struct();
  }
  w.end_root();
  return std::move(w.out());
}

std::string serialize(const ColumnIndex& c) {
  Writer w;
  w.begin_root();
  w.begin_list(1, thrift::BOOL_TRUE, c.null_pages.size());
  for (bool b : c.null_pages) w.elem_bool(b);
  w.begin_list(2, thrift::BINARY, c.min_values.size());
  for (const std::string& s : c.min_values) w.elem_binary(s);
  w.begin_list(3, thrift::BINARY, c.max_values.size());
  for (const std::string& s : c.max_values) w.elem_binary(s);
  w.field_i32(4, c.boundary_order);
  if (!c.null_counts.empty()) {
    w.begin_list(5, thrift::I64, c.null_counts.size());
    for (std::int64_t n : c.null_counts) w.elem_i64(n);
  }
  w.end_root();
  return std::move(w.out());
}

std::string serialize(const OffsetIndex& o) {
  Writer w;
  w.begin_root();
  w.begin_list(1, thrift::STRUCT, o.page_locations.size());
  for (const PageLocation& p : o.page_locations) {
    w.begin_elem_struct();
    w.field_i64(1, p.offset);
    w.field_i32(2, p.compressed_page_size);
    w.field_i64(3, p.first_row_index);
    w.end_struct();
  }
  w.end_root();
  return std::move(w.out());
}

FileMetaData parse_file_metadata(std::string_view in, std::string_view what) {
  Reader r(in, what);
  FileMetaData m;
  bool have_schema = false;
  bool have_rows = false;
  read_struct(r, [&](std::int16_t id, Type t) {
    switch (id) {
      case 1: m.version = r.read_i32(t); return true;
      case 2:
        have_schema = true;
        read_list(r, t, [&](Type el) {
          r.expect_struct(el);
          m.schema.push_back(read_schema_element(r));
        });
        return true;
      case 3: m.num_rows = r.read_i64(t); have_rows = true; return true;
      case 4: read_struct_list(r, t, m.row_groups, [&] { return read_row_group(r); }); return true;
      case 5: read_struct_list(r, t, m.key_value_metadata, [&] { return read_kv(r); }); return true;
      case 6: m.created_by = r.read_binary(t); return true;
      case 7:
        read_list(r, t, [&](Type el) {
          r.expect_struct(el);
          bool type_defined = false;
          read_struct(r, [&](std::int16_t fid, Type) {
            if (fid == 1) type_defined = true;
            return false;
          });
          m.column_orders.push_back(type_defined);
        });
        return true;
      case 8:
        r.error("encrypted files are not supported");
      default: return false;
    }
  });
  if (!have_schema || !have_rows) r.error("FileMetaData lacks schema or num_rows");
  return m;
}

PageHeader parse_page_header(std::string_view in, std::size_t& consumed, std::string_view what) {
  Reader r(in, what);
  PageHeader h;
  read_struct(r, [&](std::int16_t id, Type t) {
    switch (id) {
      case 1: h.type = static_cast<PageType>(r.read_i32(t)); return true;
      case 2: h.uncompressed_page_size = r.read_i32(t); return true;
      case 3: h.compressed_page_size = r.read_i32(t); return true;
      case 4: h.crc = r.read_i32(t); return true;
      case 5: {
        r.expect_struct(t);
        DataPageHeader d;
        read_struct(r, [&](std::int16_t fid, Type ft) {
          switch (fid) {
            case 1: d.num_values = r.read_i32(ft); return true;
            case 2: d.encoding = static_cast<Encoding>(r.read_i32(ft)); return true;
            case 3: d.definition_level_encoding = static_cast<Encoding>(r.read_i32(ft)); return true;
            case 4: d.repetition_level_encoding = static_cast<Encoding>(r.read_i32(ft)); return true;
            case 5: d.statistics = read_stats(r, ft); return true;
            default: return false;
          }
        });
        h.data_page_header = d;
        return true;
      }
      case 7: {
        r.expect_struct(t);
        DictionaryPageHeader d;
        read_struct(r, [&](std::int16_t fid, Type ft) {
          switch (fid) {
            case 1: d.num_values = r.read_i32(ft); return true;
            case 2: d.encoding = static_cast<Encoding>(r.read_i32(ft)); return true;
            case 3: d.is_sorted = r.read_bool(ft); return true;
            default: return false;
          }
        });
        h.dictionary_page_header = d;
        return true;
      }
      case 8: {
        r.expect_struct(t);
        DataPageHeaderV2 d;
        read_struct(r, [&](std::int16_t fid, Type ft) {
          switch (fid) {
            case 1: d.num_values = r.read_i32(ft); return true;
            case 2: d.num_nulls = r.read_i32(ft); return true;
            case 3: d.num_rows = r.read_i32(ft); return true;
            case 4: d.encoding = static_cast<Encoding>(r.read_i32(ft)); return true;
            case 5: d.definition_levels_byte_length = r.read_i32(ft); return true;
            case 6: d.repetition_levels_byte_length = r.read_i32(ft); return true;
            case 7: d.is_compressed = r.read_bool(ft); return true;
            case 8: d.statistics = read_stats(r, ft); return true;
            default: return false;
          }
        });
        h.data_page_header_v2 = d;
        return true;
      }
      default: return false;
    }
  });
  consumed = r.position();
  return h;
}

ColumnIndex parse_column_index(std::string_view in, std::string_view what) {
  Reader r(in, what);
  ColumnIndex c;
  read_struct(r, [&](std::int16_t id, Type t) {
    switch (id) {
      case 1: read_list(r, t, [&](Type el) { c.null_pages.push_back(r.elem_bool(el)); }); return true;
      case 2: read_list(r, t, [&](Type el) { c.min_values.push_back(r.elem_binary(el)); }); return true;
      case 3: read_list(r, t, [&](Type el) { c.max_values.push_back(r.elem_binary(el)); }); return true;
      case 4: c.boundary_order = r.read_i32(t); return true;
      case 5: read_list(r, t, [&](Type el) { c.null_counts.push_back(r.elem_i64(el)); }); return true;
      default: return false;
    }
  });
  return c;
}

OffsetIndex parse_offset_index(std::string_view in, std::string_view what) {
  Reader r(in, what);
  OffsetIndex o;
  read_struct(r, [&](std::int16_t id, Type t) {
    if (id != 1) return false;
    read_struct_list(r, t, o.page_locations, [&] {
      PageLocation p;
      read_struct(r, [&](std::int16_t fid, Type ft) {
        if (fid == 1) p.offset = r.read_i64(ft);
        else if (fid == 2) p.compressed_page_size = r.read_i32(ft);
        else if (fid == 3) p.first_row_index = r.read_i64(ft);
        else return false;
        return true;
      });
      return p;
    });
    return true;
  });
  return o;
}

}  // namespace tapelab::parquet
