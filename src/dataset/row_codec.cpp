#include "dataset/row_codec.h"

#include <cmath>
#include <cstring>
#include <unordered_map>

#include "dataset/schema.h"
#include "parquet/reader.h"
#include "util/error.h"

namespace tapelab::dataset {

namespace {

using parquet::ColumnData;

template <typename T>
T load(const TickRow& row, std::size_t offset) {
  T value;
  std::memcpy(&value, reinterpret_cast<const char*>(&row) + offset, sizeof(T));
  return value;
}

template <typename T>
void store(TickRow& row, std::size_t offset, T value) {
  std::memcpy(reinterpret_cast<char*>(&row) + offset, &value, sizeof(T));
}

// A column that has seen no null yet keeps `valid` empty (all valid).
void mark_valid(ColumnData& c) {
  if (!c.valid.empty()) c.valid.push_back(1);
}

void push_i32(ColumnData& c, std::int32_t v) { c.i32.push_back(v); mark_valid(c); }
void push_i64(ColumnData& c, std::int64_t v) { c.i64.push_back(v); mark_valid(c); }
void push_f64(ColumnData& c, double v) { c.f64.push_back(v); mark_valid(c); }
void push_bool(ColumnData& c, bool v) { c.bools.push_back(v ? 1 : 0); mark_valid(c); }
void push_str(ColumnData& c, std::string_view v) { c.push_string(v); mark_valid(c); }
void push_opt(ColumnData& c, const std::optional<double>& v) {
  if (v) {
    push_f64(c, *v);
  } else {
    c.push_null();
  }
}

double round_cents(double v) { return std::round(v * 100.0) / 100.0; }

void append_dump_columns(std::vector<ColumnData>& cols, const TickRow& row) {
  const auto& fields = dump_fields();
  for (int i = 0; i < kDumpColumnCount; ++i) {
    ColumnData& c = cols[static_cast<std::size_t>(i)];
    const DumpField& f = fields[static_cast<std::size_t>(i)];
    if (is_null(row, i) && i != static_cast<int>(DumpColumn::kTimestamp)) {
      c.push_null();
      continue;
    }
    switch (f.type) {
      case FieldType::kTimestamp: push_i64(c, load<std::int64_t>(row, f.offset) / kNanosPerStoredUnit); break;
      case FieldType::kDouble: {
        const double v = load<double>(row, f.offset);
        push_f64(c, i == static_cast<int>(DumpColumn::kChangeper) ? round_cents(v) : v);
        break;
      }
      case FieldType::kInt32: push_i32(c, load<std::int32_t>(row, f.offset)); break;
      case FieldType::kInt64: push_i64(c, load<std::int64_t>(row, f.offset)); break;
    }
  }
}

}  // namespace

RowGroupAccumulator::RowGroupAccumulator(const PartitionKey& key) : key_(key) {
  const auto& columns = partition_schema(key.kind).columns;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == "lot_size") lot_column_ = i;
  }
  clear();
}

void RowGroupAccumulator::set_lot_size(std::size_t first_row, std::int32_t lot) {
  if (!lot_column_) fail("partition {}: {} partitions have no lot_size", key_.to_string(), to_string(key_.kind));
  ColumnData& c = columns_[*lot_column_];
  for (std::size_t r = first_row; r < rows_; ++r) {
    c.i32[r] = lot;
    if (!c.valid.empty()) c.valid[r] = 1;
  }
}

void RowGroupAccumulator::clear() {
  columns_.clear();
  for (const parquet::Column& c : partition_schema(key_.kind).columns) columns_.emplace_back(c.type);
  rows_ = 0;
}

void RowGroupAccumulator::append(const TickRow& row, const Instrument& instrument, std::string_view source_key,
                                 const DerivedValues& derived) {
  append_dump_columns(columns_, row);
  std::size_t i = kDumpColumnCount;
  auto next = [&]() -> ColumnData& { return columns_[i++]; };
  auto push_lot = [&](ColumnData& c) {
    if (instrument.lot_size > 0) {
      push_i32(c, instrument.lot_size);
    } else {
      c.push_null();
    }
  };
  if (key_.kind == TableKind::kOptions) {
    push_str(next(), key_.underlying);
    push_str(next(), instrument.symbol);
    push_i32(next(), instrument.expiry.days());
    push_str(next(), domain::to_string(instrument.expiry_type));
    push_bool(next(), !instrument.is_monthly);
    push_bool(next(), instrument.is_monthly);
    push_str(next(), domain::to_string(instrument.opt_type));
    push_i32(next(), instrument.strike);
    push_lot(next());
    push_i32(next(), key_.date.days());
    push_str(next(), source_key);
    push_i64(next(), derived.vol_delta);
    push_opt(next(), derived.mid_price);
    push_opt(next(), derived.spread);
    push_opt(next(), derived.spot_price);
    push_opt(next(), derived.distance_from_spot);
    push_opt(next(), derived.moneyness_pct);
    push_opt(next(), derived.intrinsic_value);
    push_opt(next(), derived.time_value);
    push_i32(next(), derived.dte);
  } else {
    push_i32(next(), key_.date.days());
    push_str(next(), key_.underlying);
    push_str(next(), source_key);
    if (key_.kind == TableKind::kFutures) {
      push_i32(next(), instrument.expiry.days());
      push_lot(next());
    }
  }
  ++rows_;
}

void scan_partition(const std::filesystem::path& file, TableKind kind,
                    const std::function<void(StoredBatch&&)>& sink) {
  const parquet::FileReader reader(file);
  const parquet::Schema expected = partition_schema(kind);
  // Only the columns that cannot be derived again are read.
  std::vector<std::string> names(dump_columns().begin(), dump_columns().end());
  std::vector<std::string> identity = {"source"};
  if (kind == TableKind::kOptions) {
    identity.insert(identity.end(), {"symbol", "expiry", "expiry_type", "is_monthly", "opt_type", "strike", "lot_size"});
  } else if (kind == TableKind::kFutures) {
    identity.insert(identity.end(), {"expiry", "lot_size"});
  }
  names.insert(names.end(), identity.begin(), identity.end());
  const std::vector<std::size_t> indexes = reader.resolve(names);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const parquet::Column& have = reader.schema().columns[indexes[i]];
    const parquet::Column& want = expected.columns[static_cast<std::size_t>(expected.find(names[i]))];
    if (have.type != want.type || have.logical != want.logical) {
      fail("{}: column '{}' has type {}/{}, a {} partition stores {}/{}", file.string(), names[i],
           parquet::to_string(have.type), parquet::to_string(have.logical), to_string(kind),
           parquet::to_string(want.type), parquet::to_string(want.logical));
    }
  }
  const auto& fields = dump_fields();
  for (std::size_t g = 0; g < reader.num_row_groups(); ++g) {
    const parquet::Batch batch = reader.read_row_group(g, indexes);
    const std::vector<ColumnData>& cols = batch.columns;
    const std::size_t n = batch.num_rows();
    StoredBatch out;
    out.rows.resize(n);
    for (int c = 0; c < kDumpColumnCount; ++c) {
      const ColumnData& col = cols[static_cast<std::size_t>(c)];
      const DumpField& f = fields[static_cast<std::size_t>(c)];
      for (std::size_t r = 0; r < n; ++r) {
        TickRow& row = out.rows[r];
        if (!col.is_valid(r)) {
          set_null(row, c);
          continue;
        }
        switch (f.type) {
          case FieldType::kTimestamp: store(row, f.offset, col.i64[r] * kNanosPerStoredUnit); break;
          case FieldType::kDouble: store(row, f.offset, col.f64[r]); break;
          case FieldType::kInt32: store(row, f.offset, col.i32[r]); break;
          case FieldType::kInt64: store(row, f.offset, col.i64[r]); break;
        }
      }
    }
    auto column = [&](std::string_view name) -> const ColumnData& {
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name) return cols[i];
      }
      fail("{}: internal: column {} not read", file.string(), name);
    };
    std::unordered_map<std::string, std::uint16_t> source_index;
    const ColumnData& source = column("source");
    for (std::size_t r = 0; r < n; ++r) {
      const std::string key(source.string_at(r));
      auto [it, inserted] = source_index.emplace(key, static_cast<std::uint16_t>(out.sources.size()));
      if (inserted) out.sources.push_back(key);
      out.rows[r].source = it->second;
    }
    if (kind == TableKind::kOptions) {
      const ColumnData& symbol = column("symbol");
      const ColumnData& expiry = column("expiry");
      const ColumnData& expiry_type = column("expiry_type");
      const ColumnData& is_monthly = column("is_monthly");
      const ColumnData& opt_type = column("opt_type");
      const ColumnData& strike = column("strike");
      const ColumnData& lot = column("lot_size");
      std::unordered_map<std::string, std::uint32_t> instrument_index;
      for (std::size_t r = 0; r < n; ++r) {
        const std::string sym(symbol.string_at(r));
        auto [it, inserted] = instrument_index.emplace(sym, static_cast<std::uint32_t>(out.instruments.size()));
        if (inserted) {
          Instrument ins;
          ins.symbol = sym;
          const std::optional<domain::ExpiryKind> kind_of = domain::parse_expiry_kind(expiry_type.string_at(r));
          const std::string_view type = opt_type.string_at(r);
          if (!kind_of || (type != "CE" && type != "PE")) {
            fail("{}: row group {} row {}: bad expiry_type '{}' or opt_type '{}'", file.string(), g, r,
                 expiry_type.string_at(r), type);
          }
          ins.expiry_type = *kind_of;
          ins.is_monthly = is_monthly.bools[r] != 0;
          ins.expiry = domain::Date::from_days(expiry.i32[r]);
          ins.opt_type = type == "CE" ? domain::OptionType::kCall : domain::OptionType::kPut;
          ins.strike = strike.i32[r];
          ins.lot_size = lot.is_valid(r) ? lot.i32[r] : 0;
          out.instruments.push_back(std::move(ins));
        }
        out.rows[r].instrument = it->second;
      }
    } else if (kind == TableKind::kFutures && n > 0) {
      // One front-month series per futures partition.
      const ColumnData& expiry = column("expiry");
      const ColumnData& lot = column("lot_size");
      Instrument ins;
      ins.expiry = domain::Date::from_days(expiry.i32[0]);
      ins.lot_size = lot.is_valid(0) ? lot.i32[0] : 0;
      out.instruments.push_back(std::move(ins));
    }
    sink(std::move(out));
  }
}

}  // namespace tapelab::dataset
