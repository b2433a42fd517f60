#include "parquet_inputs.h"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "dataset/layout.h"
#include "dataset/manifest.h"
#include "dataset/tick_row.h"
#include "domain/underlying.h"
#include "dump/value.h"
#include "parquet/reader.h"
#include "parquet/writer.h"

namespace tapelab::ingest::testing {
namespace fs = std::filesystem;
using parquet::Column;
using parquet::ColumnData;
using parquet::PhysicalType;

namespace {

constexpr std::int64_t kIstOffsetNanos = std::int64_t{19800} * 1'000'000'000;

std::int64_t wall_nanos(const std::string& text) {
  const auto t = dump::parse_datetime(text);
  if (t.status != dump::DateTimeResult::kOk) throw std::runtime_error("not a datetime: " + text);
  return t.nanos;
}

std::int64_t per_unit(parquet::TimeUnit unit) {
  return unit == parquet::TimeUnit::MILLIS ? 1'000'000 : unit == parquet::TimeUnit::MICROS ? 1'000 : 1;
}

void add_time(Table& table, const std::string& name, const std::vector<std::optional<std::string>>& times,
              const Style& style, bool nullable) {
  if (style.text_times) {
    ColumnData c(PhysicalType::BYTE_ARRAY);
    for (const auto& t : times) {
      if (!t) {
        c.push_null();
        continue;
      }
      c.push_string(*t);
      if (!c.valid.empty()) c.valid.push_back(1);
    }
    table.add(Column::string(name, nullable), std::move(c));
    return;
  }
  ColumnData c(PhysicalType::INT64);
  for (const auto& t : times) {
    if (!t) {
      c.push_null();
      continue;
    }
    const std::int64_t nanos = wall_nanos(*t) - (style.zoned ? kIstOffsetNanos : 0);
    c.i64.push_back(nanos / per_unit(style.unit));
    if (!c.valid.empty()) c.valid.push_back(1);
  }
  table.add(Column::timestamp(name, style.unit, style.zoned, nullable), std::move(c));
}

void add_prices(Table& table, const std::string& name, const std::vector<double>& values, const Style& style) {
  switch (style.prices) {
    case Style::Prices::kDouble: {
      ColumnData c(PhysicalType::DOUBLE);
      c.f64 = values;
      table.add(Column::float64(name), std::move(c));
      return;
    }
    case Style::Prices::kFloat: {
      ColumnData c(PhysicalType::FLOAT);
      for (double v : values) c.f32.push_back(static_cast<float>(v));
      table.add(Column::float32(name), std::move(c));
      return;
    }
    case Style::Prices::kDecimal: {
      ColumnData c(PhysicalType::INT64);
      for (double v : values) c.i64.push_back(std::llround(v * 100));
      table.add(Column::decimal(name, 12, 2), std::move(c));
      return;
    }
  }
}

}  // namespace

void Table::add(Column column, ColumnData data) {
  schema.push_back(std::move(column));
  columns.push_back(std::move(data));
}

std::string dump_table(const std::string& name, const std::vector<Tick>& ticks) {
  std::string rows;
  for (const Tick& t : ticks) {
    if (!rows.empty()) rows += ",";
    rows += fmt::format("('{}',{},{},{},{},{},{})", t.time, t.price, t.qty, t.volume,
                        t.last_trade_time ? "'" + *t.last_trade_time + "'" : "NULL", t.bp0, t.sp0);
  }
  return fmt::format(
      "DROP TABLE IF EXISTS `{0}`;\nCREATE TABLE `{0}` (\n  `timestamp` datetime NOT NULL,\n  `price` decimal(12,2),\n"
      "  `qty` int,\n  `volume` bigint,\n  `lastTradeTime` datetime,\n  `bp0` decimal(12,2),\n  `sp0` decimal(12,2),\n"
      "  PRIMARY KEY (`timestamp`)\n) ENGINE=InnoDB;\nLOCK TABLES `{0}` WRITE;\nINSERT INTO `{0}` VALUES {1};\n"
      "UNLOCK TABLES;\n",
      name, rows);
}

Table tick_columns(const std::vector<Tick>& ticks, const Style& style) {
  Table table;
  std::vector<std::optional<std::string>> times, trade_times;
  std::vector<double> price, bp0, sp0;
  ColumnData qty(PhysicalType::INT32), volume(PhysicalType::INT64);
  for (const Tick& t : ticks) {
    times.emplace_back(t.time);
    trade_times.push_back(t.last_trade_time);
    price.push_back(t.price);
    bp0.push_back(t.bp0);
    sp0.push_back(t.sp0);
    qty.i32.push_back(t.qty);
    volume.i64.push_back(t.volume);
  }
  add_time(table, "timestamp", times, style, false);
  add_prices(table, "price", price, style);
  table.add(Column::int32("qty"), std::move(qty));
  table.add(Column::int64("volume"), std::move(volume));
  add_time(table, "lastTradeTime", trade_times, style, true);
  add_prices(table, "bp0", bp0, style);
  add_prices(table, "sp0", sp0, style);
  return table;
}

void add_text_column(Table& table, const std::string& name, const std::vector<std::string>& values) {
  ColumnData c(PhysicalType::BYTE_ARRAY);
  for (const auto& v : values) c.push_string(v);
  table.add(Column::string(name), std::move(c));
}

void add_identity(Table& table, std::size_t rows, const std::string& underlying, const std::string& opt_type,
                  double strike, int year, int month) {
  add_text_column(table, "symbol", std::vector<std::string>(rows, underlying));
  add_text_column(table, "opt_type", std::vector<std::string>(rows, opt_type));
  ColumnData s(PhysicalType::DOUBLE), y(PhysicalType::INT32), m(PhysicalType::INT32);
  s.f64.assign(rows, strike);
  y.i32.assign(rows, year);
  m.i32.assign(rows, month);
  table.add(Column::float64("strike"), std::move(s));
  table.add(Column::int32("year"), std::move(y));
  table.add(Column::int32("month"), std::move(m));
}

void write_parquet(const fs::path& path, const Table& table, const Style& style, std::size_t row_group_rows) {
  fs::create_directories(path.parent_path());
  parquet::WriterOptions options;
  options.codec = style.codec;
  options.data_page_v2 = style.data_page_v2;
  options.row_group_rows = row_group_rows;
  parquet::FileWriter writer(path, parquet::Schema{table.schema}, options);
  writer.write(table.columns);
  writer.close();
}

std::map<std::string, std::vector<ColumnData>> partitions_without_source(const fs::path& root) {
  std::map<std::string, std::vector<ColumnData>> out;
  for (const auto& key : dataset::list_partitions(root)) {
    parquet::FileReader reader(dataset::partition_path(root, key));
    std::vector<std::string> names;
    for (const auto& c : reader.schema().columns) {
      if (c.name != "source") names.push_back(c.name);
    }
    parquet::ReadOptions read;
    read.columns = names;
    auto& columns = out[dataset::partition_relative_path(key).string()];
    for (auto& batch : reader.read(read)) {
      if (columns.empty()) {
        columns = std::move(batch.columns);
        continue;
      }
      for (std::size_t c = 0; c < columns.size(); ++c) columns[c].append(batch.columns[c]);
    }
  }
  return out;
}

std::vector<fs::path> export_raw_parquet(const fs::path& dataset, const fs::path& out) {
  // File name -> its columns: the 46 dump columns, then (options) identity.
  std::map<std::string, Table> files;
  const auto manifest = dataset::Manifest::load(dataset);
  for (const auto& entry : manifest.partitions) {
    const bool options = entry.key.kind == dataset::TableKind::kOptions;
    parquet::FileReader reader(dataset::partition_path(dataset, entry.key));
    std::vector<std::string> names(dataset::dump_columns().begin(), dataset::dump_columns().end());
    if (options) names.insert(names.end(), {"symbol", "opt_type", "strike", "expiry"});
    parquet::ReadOptions read;
    read.columns = names;
    const domain::Underlying& u = *domain::find_underlying(entry.key.underlying);
    for (const auto& batch : reader.read(read)) {
      std::map<std::string, std::vector<std::uint8_t>> rows_of;  // file -> keep mask
      for (std::size_t r = 0; r < batch.num_rows(); ++r) {
        const std::string file = options ? std::string(batch.columns[46].string_at(r))
                                         : entry.key.kind == dataset::TableKind::kSpot ? u.spot_table : u.futures_table;
        auto& mask = rows_of[file];
        mask.resize(batch.num_rows(), 0);
        mask[r] = 1;
      }
      for (const auto& [file, mask] : rows_of) {
        Table& table = files[file];
        std::vector<ColumnData> picked(batch.columns.begin(), batch.columns.begin() + 46);
        for (auto& c : picked) c.filter(mask);
        if (table.columns.empty()) {
          for (std::size_t c = 0; c < 46; ++c) table.add(reader.schema().columns[reader.resolve({names[c]})[0]], picked[c]);
        } else {
          for (std::size_t c = 0; c < 46; ++c) table.columns[c].append(picked[c]);
        }
        if (!options) continue;
        std::size_t first = 0;
        while (!mask[first]) ++first;
        const auto expiry = domain::Date::from_days(batch.columns[49].i32[first]);
        const std::size_t n = static_cast<std::size_t>(std::count(mask.begin(), mask.end(), 1));
        Table identity;
        add_identity(identity, n, entry.key.underlying, std::string(batch.columns[47].string_at(first)),
                     batch.columns[48].i32[first], expiry.year(), static_cast<int>(expiry.month()));
        if (table.columns.size() == 46) {
          for (std::size_t c = 0; c < identity.columns.size(); ++c) table.add(identity.schema[c], identity.columns[c]);
        } else {
          for (std::size_t c = 0; c < identity.columns.size(); ++c) table.columns[46 + c].append(identity.columns[c]);
        }
      }
    }
  }
  std::vector<fs::path> written;
  for (const auto& [file, table] : files) {
    written.push_back(out / (file + ".parquet"));
    write_parquet(written.back(), table);
  }
  return written;
}

}  // namespace tapelab::ingest::testing
