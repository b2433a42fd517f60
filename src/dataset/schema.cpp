#include "dataset/schema.h"

#include <cstddef>
#include <string>

#include "util/error.h"
#include "util/version.h"

namespace tapelab::dataset {

namespace {

using parquet::Column;
using parquet::ColumnOptions;
using parquet::Encoding;

std::array<DumpField, kDumpColumnCount> make_dump_fields() {
  std::array<DumpField, kDumpColumnCount> f{};
  const auto& names = dump_columns();
  auto set = [&](DumpColumn c, FieldType type, std::size_t offset) {
    const auto i = static_cast<std::size_t>(c);
    f[i] = DumpField{names[i], type, offset};
  };
  set(DumpColumn::kTimestamp, FieldType::kTimestamp, offsetof(TickRow, timestamp));
  set(DumpColumn::kPrice, FieldType::kDouble, offsetof(TickRow, price));
  set(DumpColumn::kQty, FieldType::kInt32, offsetof(TickRow, qty));
  set(DumpColumn::kAvgPrice, FieldType::kDouble, offsetof(TickRow, avg_price));
  set(DumpColumn::kVolume, FieldType::kInt64, offsetof(TickRow, volume));
  set(DumpColumn::kBQty, FieldType::kInt64, offsetof(TickRow, total_buy_qty));
  set(DumpColumn::kSQty, FieldType::kInt64, offsetof(TickRow, total_sell_qty));
  set(DumpColumn::kOpen, FieldType::kDouble, offsetof(TickRow, open));
  set(DumpColumn::kHigh, FieldType::kDouble, offsetof(TickRow, high));
  set(DumpColumn::kLow, FieldType::kDouble, offsetof(TickRow, low));
  set(DumpColumn::kClose, FieldType::kDouble, offsetof(TickRow, close));
  set(DumpColumn::kChangeper, FieldType::kDouble, offsetof(TickRow, changeper));
  set(DumpColumn::kLastTradeTime, FieldType::kTimestamp, offsetof(TickRow, last_trade_time));
  set(DumpColumn::kOi, FieldType::kInt64, offsetof(TickRow, oi));
  set(DumpColumn::kOiHigh, FieldType::kInt64, offsetof(TickRow, oi_high));
  set(DumpColumn::kOiLow, FieldType::kInt64, offsetof(TickRow, oi_low));
  for (std::size_t side = 0; side < 2; ++side) {
    const std::size_t first = side == 0 ? kFirstBidColumn : kFirstAskColumn;
    const std::size_t levels = side == 0 ? offsetof(TickRow, bids) : offsetof(TickRow, asks);
    for (std::size_t level = 0; level < 5; ++level) {
      const std::size_t base = levels + level * sizeof(BookLevel);
      const std::size_t c = first + level * 3;
      f[c] = DumpField{names[c], FieldType::kInt32, base + offsetof(BookLevel, qty)};
      f[c + 1] = DumpField{names[c + 1], FieldType::kDouble, base + offsetof(BookLevel, price)};
      f[c + 2] = DumpField{names[c + 2], FieldType::kInt32, base + offsetof(BookLevel, orders)};
    }
  }
  return f;
}

Column dump_column(const DumpField& field) {
  // Only timestamp is guaranteed: any other column can be missing from an
  // older recording (schema drift) and is then null.
  const bool nullable = field.offset != offsetof(TickRow, timestamp);
  const std::string name(field.name);
  switch (field.type) {
    case FieldType::kTimestamp:
      return Column::timestamp(name, parquet::TimeUnit::MICROS, false, nullable);
    case FieldType::kDouble: return Column::float64(name, nullable);
    case FieldType::kInt32: return Column::int32(name, nullable);
    case FieldType::kInt64: return Column::int64(name, nullable);
  }
  fail("dump column {}: unknown field type", field.name);
}

}  // namespace

const std::array<DumpField, kDumpColumnCount>& dump_fields() {
  static const std::array<DumpField, kDumpColumnCount> fields = make_dump_fields();
  return fields;
}

parquet::Schema partition_schema(TableKind kind) {
  parquet::Schema s;
  for (const DumpField& f : dump_fields()) s.columns.push_back(dump_column(f));
  if (kind == TableKind::kOptions) {
    s.columns.push_back(Column::string("underlying"));
    s.columns.push_back(Column::string("symbol"));
    s.columns.push_back(Column::date("expiry"));
    s.columns.push_back(Column::string("expiry_type"));
    s.columns.push_back(Column::boolean("is_weekly"));
    s.columns.push_back(Column::boolean("is_monthly"));
    s.columns.push_back(Column::string("opt_type"));
    s.columns.push_back(Column::int32("strike"));
    s.columns.push_back(Column::int32("lot_size", true));
    s.columns.push_back(Column::date("date"));
    s.columns.push_back(Column::string("source"));
    s.columns.push_back(Column::int64("vol_delta"));
    s.columns.push_back(Column::float64("mid_price", true));
    s.columns.push_back(Column::float64("spread", true));
    s.columns.push_back(Column::float64("spot_price", true));
    s.columns.push_back(Column::float64("distance_from_spot", true));
    s.columns.push_back(Column::float64("moneyness_pct", true));
    s.columns.push_back(Column::float64("intrinsic_value", true));
    s.columns.push_back(Column::float64("time_value", true));
    s.columns.push_back(Column::int32("dte"));
  } else {
    s.columns.push_back(Column::date("date"));
    s.columns.push_back(Column::string("underlying"));
    s.columns.push_back(Column::string("source"));
    if (kind == TableKind::kFutures) {
      s.columns.push_back(Column::date("expiry"));
      s.columns.push_back(Column::int32("lot_size", true));
    }
  }
  return s;
}

parquet::WriterOptions partition_writer_options(const PartitionKey& key) {
  const parquet::Schema schema = partition_schema(key.kind);
  parquet::WriterOptions o;
  auto encode = [&](const char* name, Encoding e) {
    if (schema.find(name) >= 0) o.columns[name].encoding = e;
  };
  // Sorted (options: per contract) timestamps and cumulative counters become
  // small deltas; strings repeat within a day, so a dictionary is a few bytes.
  // Prices are left to the codec's automatic choice (a dictionary while the
  // values stay on a small tick grid, byte-stream-split otherwise).
  encode("timestamp", Encoding::DELTA_BINARY_PACKED);
  encode("volume", Encoding::DELTA_BINARY_PACKED);
  encode("vol_delta", Encoding::DELTA_BINARY_PACKED);
  for (const char* name : {"underlying", "symbol", "expiry_type", "opt_type", "source"}) {
    encode(name, Encoding::RLE_DICTIONARY);
  }
  auto sort_by = [&](const char* name) {
    o.sorting_columns.push_back(parquet::SortingColumn{schema.find(name), false, false});
  };
  if (key.kind == TableKind::kOptions) {
    sort_by("expiry");
    sort_by("opt_type");
    sort_by("strike");
  }
  sort_by("timestamp");
  // ZSTD's level 1 (Arrow's default too): on a full NIFTY day the files are
  // 1.5% larger than at the library's default level 3, and ingest takes 5%
  // less CPU; compression was a fifth of writing a partition (BENCHMARKS.md).
  o.compression_level = 1;
  o.key_value_metadata.push_back({"tapelab.version", std::string(kVersion)});
  o.key_value_metadata.push_back({"tapelab.partition", key.to_string()});
  return o;
}

}  // namespace tapelab::dataset
