// `tapelab parquet schema|meta|stats|head|cat FILE...`: the codec by hand.
#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "parquet/display.h"
#include "parquet/reader.h"
#include "parquet/stats.h"
#include "util/error.h"

namespace tapelab::cli {

namespace {

using namespace tapelab::parquet;

std::string column_type(const Column& c) {
  std::string lt = to_string(c.logical);
  return fmt::format("{}{}{}", to_string(c.type), lt.empty() ? "" : " " + lt, c.nullable ? " optional" : " required");
}

std::string stat_text(const Column& c, const std::optional<std::string>& bytes) {
  if (!bytes) return "-";
  auto v = decode_value(c, *bytes);
  if (!v) return "?";
  // Render through a one-row column so stats print exactly like rows do.
  ColumnData d(c.type);
  if (const auto* i = std::get_if<std::int64_t>(&*v)) {
    if (c.type == PhysicalType::INT32) d.i32.push_back(static_cast<std::int32_t>(*i));
    if (c.type == PhysicalType::INT64) d.i64.push_back(*i);
    if (c.type == PhysicalType::BOOLEAN) d.bools.push_back(static_cast<std::uint8_t>(*i));
  } else if (const auto* x = std::get_if<double>(&*v)) {
    if (c.type == PhysicalType::FLOAT) d.f32.push_back(static_cast<float>(*x));
    if (c.type == PhysicalType::DOUBLE) d.f64.push_back(*x);
  } else {
    d.push_string(std::get<std::string>(*v));
  }
  return format_value(c, d, 0);
}

std::string encodings_text(const ColumnMetaData& m) {
  std::string out;
  for (Encoding e : m.encodings) out += (out.empty() ? "" : ",") + std::string(to_string(e));
  return out;
}

void print_schema(const FileReader& r) {
  fmt::print("{}: {} columns\n", r.name(), r.schema().columns.size());
  for (std::size_t i = 0; i < r.schema().columns.size(); ++i) {
    const Column& c = r.schema().columns[i];
    fmt::print("  {}: {}{}\n", c.name, column_type(c), r.is_nested(i) ? " (nested, not readable)" : "");
  }
}

void print_meta(const FileReader& r) {
  const FileMetaData& m = r.metadata();
  fmt::print("file: {}\nrows: {}\nrow groups: {}\ncreated_by: {}\n", r.name(), m.num_rows, m.row_groups.size(),
             m.created_by.value_or("-"));
  for (const KeyValue& kv : m.key_value_metadata) fmt::print("metadata: {} = {}\n", kv.key, kv.value.value_or(""));
  for (std::size_t g = 0; g < m.row_groups.size(); ++g) {
    const RowGroup& rg = m.row_groups[g];
    fmt::print("row group {}: {} rows, {} bytes, {} compressed\n", g, rg.num_rows, rg.total_byte_size,
               rg.total_compressed_size.value_or(0));
    for (const SortingColumn& s : rg.sorting_columns) {
      if (s.column_idx >= 0 && static_cast<std::size_t>(s.column_idx) < r.schema().columns.size()) {
        fmt::print("  sorted by {}{}\n", r.schema().columns[static_cast<std::size_t>(s.column_idx)].name,
                   s.descending ? " desc" : "");
      }
    }
    for (std::size_t c = 0; c < rg.columns.size(); ++c) {
      const Column& col = r.schema().columns[c];
      const ColumnMetaData& cm = *rg.columns[c].meta_data;
      std::string stats = "no statistics";
      if (cm.statistics) {
        const Statistics& s = *cm.statistics;
        stats = fmt::format("min {} max {} nulls {}", stat_text(col, s.min_value ? s.min_value : s.min),
                            stat_text(col, s.max_value ? s.max_value : s.max),
                            s.null_count ? std::to_string(*s.null_count) : "-");
      }
      fmt::print("  {}: {} {} [{}] {} -> {} bytes, {}{}\n", col.name, to_string(cm.type), to_string(cm.codec),
                 encodings_text(cm), cm.total_uncompressed_size, cm.total_compressed_size, stats,
                 rg.columns[c].offset_index_offset ? ", page index" : "");
    }
  }
}

void print_stats(const FileReader& r) {
  const FileMetaData& m = r.metadata();
  fmt::print("{}: {} rows\n", r.name(), m.num_rows);
  fmt::print("column,type,compressed_bytes,uncompressed_bytes,encodings,nulls,min,max\n");
  for (std::size_t c = 0; c < r.schema().columns.size(); ++c) {
    const Column& col = r.schema().columns[c];
    std::int64_t comp = 0, raw = 0, nulls = 0;
    bool nulls_known = true;
    std::string encs;
    std::optional<Value> lo, hi;
    std::optional<std::string> lo_b, hi_b;
    for (const RowGroup& rg : m.row_groups) {
      const ColumnMetaData& cm = *rg.columns[c].meta_data;
      comp += cm.total_compressed_size;
      raw += cm.total_uncompressed_size;
      for (Encoding e : cm.encodings) {
        std::string name(to_string(e));
        if (encs.find(name) == std::string::npos) encs += (encs.empty() ? "" : "|") + name;
      }
      if (!cm.statistics || !cm.statistics->null_count) nulls_known = false;
      if (cm.statistics) {
        nulls += cm.statistics->null_count.value_or(0);
        auto mn = cm.statistics->min_value, mx = cm.statistics->max_value;
        auto vmn = mn ? decode_value(col, *mn) : std::nullopt;
        auto vmx = mx ? decode_value(col, *mx) : std::nullopt;
        if (vmn && (!lo || compare_values(col, *vmn, *lo) < 0)) {
          lo = vmn;
          lo_b = mn;
        }
        if (vmx && (!hi || compare_values(col, *vmx, *hi) > 0)) {
          hi = vmx;
          hi_b = mx;
        }
      }
    }
    fmt::print("{},{},{},{},{},{},{},{}\n", col.name, column_type(col), comp, raw, encs,
               nulls_known ? std::to_string(nulls) : "-", stat_text(col, lo_b), stat_text(col, hi_b));
  }
}

// Thrown from the scan callback to stop reading once `head` has its rows.
struct StopScan {};

struct RowOptions {
  std::vector<std::string> columns;
  std::string where;
  bool json = false;
  std::int64_t limit = -1;  // head
};

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

nlohmann::json json_value(const Column& c, const ColumnData& d, std::size_t row) {
  if (!d.is_valid(row)) return nullptr;
  switch (c.type) {
    case PhysicalType::BOOLEAN: return d.bools[row] != 0;
    case PhysicalType::INT32:
    case PhysicalType::INT64:
      if (c.logical.kind == LogicalType::Kind::NONE ||
          (c.logical.kind == LogicalType::Kind::INT && c.logical.is_signed)) {
        return c.type == PhysicalType::INT32 ? std::int64_t{d.i32[row]} : d.i64[row];
      }
      if (c.logical.kind == LogicalType::Kind::INT) {
        return c.type == PhysicalType::INT32 ? std::uint64_t{static_cast<std::uint32_t>(d.i32[row])}
                                             : static_cast<std::uint64_t>(d.i64[row]);
      }
      return format_value(c, d, row);  // timestamps, dates, decimals as text
    case PhysicalType::FLOAT: return d.f32[row];
    case PhysicalType::DOUBLE: return d.f64[row];
    default: return format_value(c, d, row);
  }
}

void print_rows(const std::vector<std::string>& files, const RowOptions& ro) {
  std::string last_header;
  std::int64_t printed = 0;
  for (const std::string& file : files) {
    FileReader r(file);
    ReadOptions o;
    o.columns = ro.columns;
    if (!ro.where.empty()) o.predicate = parse_where(r.schema(), ro.where);
    std::vector<Column> cols;
    for (std::size_t c : o.columns.empty() ? std::vector<std::size_t>{} : r.resolve(o.columns)) {
      cols.push_back(r.schema().columns[c]);
    }
    if (o.columns.empty()) cols = r.schema().columns;
    if (!ro.json) {
      std::string header;
      for (const Column& c : cols) header += (header.empty() ? "" : ",") + csv_field(c.name);
      if (header != last_header) fmt::print("{}\n", header);
      last_header = header;
    }
    bool done = ro.limit >= 0 && printed >= ro.limit;
    if (done) break;
    try {
      r.scan(o, [&](Batch&& b) {
        std::string out;
        for (std::size_t row = 0; row < b.num_rows(); ++row) {
          if (ro.limit >= 0 && printed >= ro.limit) break;
          if (ro.json) {
            nlohmann::ordered_json obj;
            for (std::size_t c = 0; c < cols.size(); ++c) obj[cols[c].name] = json_value(cols[c], b.columns[c], row);
            out += obj.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
          } else {
            for (std::size_t c = 0; c < cols.size(); ++c) {
              if (c) out += ',';
              out += csv_field(format_value(cols[c], b.columns[c], row));
            }
          }
          out += '\n';
          ++printed;
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
        // head stops reading once it has its rows.
        if (ro.limit >= 0 && printed >= ro.limit) throw StopScan{};
      });
    } catch (const StopScan&) {
      break;
    }
  }
  std::fflush(stdout);
}

}  // namespace

void add_parquet_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("parquet", "inspect Parquet files: schema, metadata, statistics, rows");
  cmd->require_subcommand(1);
  auto files = std::make_shared<std::vector<std::string>>();
  auto ro = std::make_shared<RowOptions>();

  auto per_file = [files](CLI::App* sub, void (*fn)(const FileReader&)) {
    sub->add_option("files", *files, "Parquet files")->required()->check(CLI::ExistingFile);
    sub->callback([files, fn] {
      for (const std::string& f : *files) fn(FileReader(f));
    });
  };
  per_file(cmd->add_subcommand("schema", "columns with physical and logical types"), print_schema);
  per_file(cmd->add_subcommand("meta", "row groups: sizes, codecs, encodings, statistics"), print_meta);
  per_file(cmd->add_subcommand("stats", "per-column sizes, encodings, null counts, min/max"), print_stats);

  auto rows = [files, ro](CLI::App* sub) {
    sub->add_option("files", *files, "Parquet files")->required()->check(CLI::ExistingFile);
    sub->add_option("--columns", ro->columns, "columns to print (comma-separated)")->delimiter(',');
    sub->add_option("--where", ro->where, "filter, e.g. \"strike between 100 and 200\"");
    sub->add_flag("--json", ro->json, "JSON lines instead of CSV");
  };
  auto* head = cmd->add_subcommand("head", "first rows as CSV or JSON");
  rows(head);
  ro->limit = 10;
  head->add_option("-n", ro->limit, "rows to print (default 10)");
  head->callback([files, ro] { print_rows(*files, *ro); });
  auto* cat = cmd->add_subcommand("cat", "all rows, streamed a row group at a time");
  rows(cat);
  cat->callback([files, ro] {
    RowOptions all = *ro;
    all.limit = -1;
    print_rows(*files, all);
  });
}

}  // namespace tapelab::cli
