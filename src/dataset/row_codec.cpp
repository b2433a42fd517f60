#include "dataset/row_codec.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <span>
#include <unordered_map>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_for_each.h>
#include <oneapi/tbb/parallel_invoke.h>

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

double round_cents(double v) { return std::round(v * 100.0) / 100.0; }

// Rows per task when columns are built: a block of staged rows (~200 KB)
// stays in cache while every column takes its values from it.
constexpr std::size_t kBuildGrain = 512;

// Sets `valid` for rows [b, e) of a nullable column that has nulls.
template <typename Present>
void mark(ColumnData& c, std::size_t b, std::size_t e, Present present) {
  if (c.valid.empty()) return;
  for (std::size_t r = b; r < e; ++r) c.valid[r] = present(r) ? 1 : 0;
}

// Fills rows [b, e) of a fixed-width column: value(r) where present(r), 0 elsewhere.
template <typename T, typename Value, typename Present>
void fill(std::vector<T>& out, ColumnData& c, std::size_t b, std::size_t e, Value value, Present present) {
  for (std::size_t r = b; r < e; ++r) out[r] = present(r) ? static_cast<T>(value(r)) : T{};
  mark(c, b, e, present);
}

template <typename T, typename Value>
void fill(std::vector<T>& out, std::size_t b, std::size_t e, Value value) {
  for (std::size_t r = b; r < e; ++r) out[r] = static_cast<T>(value(r));
}

// A string column as a dictionary (parquet::ColumnData::dictionary): each
// row's index into the column's entries, then the entries.
template <typename Index>
void fill_indices(ColumnData& c, std::size_t n, Index index) {
  c.dictionary = true;
  c.indices.resize(n);
  for (std::size_t r = 0; r < n; ++r) c.indices[r] = index(r);
}

void set_entries(ColumnData& c, std::span<const std::string_view> entries) {
  c.offsets.assign(1, 0);
  for (const std::string_view e : entries) {
    c.bytes.append(e);
    c.offsets.push_back(c.bytes.size());
  }
}

}  // namespace

RowGroupAccumulator::RowGroupAccumulator(const PartitionKey& key, std::vector<std::string> source_keys)
    : key_(key),
      schema_(partition_schema(key.kind)),
      source_keys_(std::move(source_keys)),
      copies_(std::numeric_limits<std::size_t>::max() / sizeof(TickRow)) {}

void RowGroupAccumulator::append(const TickRow& row, bool stable, const Instrument& instrument,
                                 const DerivedValues& derived) {
  rows_.push_back(stable ? &row : &copies_.push_back(row));
  derived_.push_back(derived);
  instruments_.push_back(&instrument);
  lots_.push_back(instrument.lot_size);
}

void RowGroupAccumulator::set_lot_size(std::size_t first_row, std::int32_t lot) {
  if (key_.kind == TableKind::kSpot) fail("partition {}: spot partitions have no lot_size", key_.to_string());
  std::fill(lots_.begin() + static_cast<std::ptrdiff_t>(first_row), lots_.end(), lot);
}

void RowGroupAccumulator::clear() {
  rows_.clear();
  copies_.clear(false);
  derived_.clear();
  instruments_.clear();
  lots_.clear();
}

void RowGroupAccumulator::build(std::vector<ColumnData>& columns) {
  const std::size_t n = rows_.size();
  // Sized in place: every value is written below, so a vector that held a
  // previous row group is only resized (zeroing 100 MB per row group, as
  // clear() then resize() would, cost more than building the columns), and
  // the memory is already mapped.
  columns.resize(schema_.columns.size());
  std::uint64_t nulls = 0;  // dump columns with a null in this row group
  for (const TickRow* row : rows_) nulls |= row->null_mask;
  bool lot_nulls = false;
  for (std::int32_t lot : lots_) lot_nulls |= lot <= 0;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    ColumnData& col = columns[c];
    const parquet::Column& def = schema_.columns[c];
    col.type = def.type;
    col.valid.clear();
    if (def.type == parquet::PhysicalType::BYTE_ARRAY) {
      col.offsets.clear();
      col.bytes.clear();
      col.indices.clear();
      continue;
    }
    switch (def.type) {
      case parquet::PhysicalType::BOOLEAN: col.bools.resize(n); break;
      case parquet::PhysicalType::INT32: col.i32.resize(n); break;
      case parquet::PhysicalType::INT64: col.i64.resize(n); break;
      default: col.f64.resize(n); break;
    }
    const bool dump_nulls = c < kDumpColumnCount && (nulls >> c & 1U);
    const bool derived_nulls = c >= kDumpColumnCount && def.nullable && (def.name != "lot_size" || lot_nulls);
    if (dump_nulls || derived_nulls) col.valid.resize(n);
  }

  const auto& fields = dump_fields();
  const bool options = key_.kind == TableKind::kOptions;
  auto fixed_width = [&](std::size_t b, std::size_t e) {
    std::uint64_t block_nulls = 0;
    for (std::size_t r = b; r < e; ++r) block_nulls |= rows_[r]->null_mask;
    for (int i = 0; i < kDumpColumnCount; ++i) {
      ColumnData& c = columns[static_cast<std::size_t>(i)];
      const DumpField& f = fields[static_cast<std::size_t>(i)];
      // Most blocks have no null in most columns: then each value is copied
      // without reading its row's null mask (another cache line per row).
      auto column = [&](auto& out, auto value) {
        if (block_nulls >> i & 1U) {
          fill(out, c, b, e, value, [&](std::size_t r) { return !is_null(*rows_[r], i); });
        } else {
          fill(out, b, e, value);
          if (!c.valid.empty()) std::fill(c.valid.begin() + static_cast<std::ptrdiff_t>(b),
                                          c.valid.begin() + static_cast<std::ptrdiff_t>(e), 1);
        }
      };
      switch (f.type) {
        case FieldType::kTimestamp:
          column(c.i64, [&](std::size_t r) { return load<std::int64_t>(*rows_[r], f.offset) / kNanosPerStoredUnit; });
          break;
        case FieldType::kDouble:
          if (i == static_cast<int>(DumpColumn::kChangeper)) {
            column(c.f64, [&](std::size_t r) { return round_cents(rows_[r]->changeper); });
          } else {
            column(c.f64, [&](std::size_t r) { return load<double>(*rows_[r], f.offset); });
          }
          break;
        case FieldType::kInt32:
          column(c.i32, [&](std::size_t r) { return load<std::int32_t>(*rows_[r], f.offset); });
          break;
        case FieldType::kInt64:
          column(c.i64, [&](std::size_t r) { return load<std::int64_t>(*rows_[r], f.offset); });
          break;
      }
    }
    std::size_t i = kDumpColumnCount;
    auto next = [&]() -> ColumnData& { return columns[i++]; };
    auto lot = [&](ColumnData& c) {
      fill(c.i32, c, b, e, [&](std::size_t r) { return lots_[r]; }, [&](std::size_t r) { return lots_[r] > 0; });
    };
    auto optional = [&](ColumnData& c, std::optional<double> DerivedValues::*member) {
      fill(c.f64, c, b, e, [&](std::size_t r) { return *(derived_[r].*member); },
           [&](std::size_t r) { return (derived_[r].*member).has_value(); });
    };
    if (options) {
      ++i;  // underlying
      ++i;  // symbol
      fill(next().i32, b, e, [&](std::size_t r) { return instruments_[r]->expiry.days(); });
      ++i;  // expiry_type
      fill(next().bools, b, e, [&](std::size_t r) { return !instruments_[r]->is_monthly; });
      fill(next().bools, b, e, [&](std::size_t r) { return instruments_[r]->is_monthly; });
      ++i;  // opt_type
      fill(next().i32, b, e, [&](std::size_t r) { return instruments_[r]->strike; });
      lot(next());
      fill(next().i32, b, e, [&](std::size_t) { return key_.date.days(); });
      ++i;  // source
      fill(next().i64, b, e, [&](std::size_t r) { return derived_[r].vol_delta; });
      for (auto member : {&DerivedValues::mid_price, &DerivedValues::spread, &DerivedValues::spot_price,
                          &DerivedValues::distance_from_spot, &DerivedValues::moneyness_pct,
                          &DerivedValues::intrinsic_value, &DerivedValues::time_value}) {
        optional(next(), member);
      }
      fill(next().i32, b, e, [&](std::size_t r) { return derived_[r].dte; });
    } else {
      fill(next().i32, b, e, [&](std::size_t) { return key_.date.days(); });
      ++i;  // underlying
      ++i;  // source
      if (key_.kind == TableKind::kFutures) {
        fill(next().i32, b, e, [&](std::size_t r) { return instruments_[r]->expiry.days(); });
        lot(next());
      }
    }
  };
  auto strings = [&](std::size_t c) {
    const std::string_view name = schema_.columns[c].name;
    ColumnData& col = columns[c];
    auto enum_names = [](auto... values) { return std::vector<std::string_view>{domain::to_string(values)...}; };
    if (name == "underlying") {
      const std::string_view only[] = {key_.underlying};
      set_entries(col, only);
      fill_indices(col, n, [](std::size_t) { return 0U; });
    } else if (name == "symbol") {
      // A row group holds whole contracts in order: a symbol's rows are
      // together, so the previous row's index is mostly the one.
      std::vector<std::string_view> symbols;
      std::unordered_map<const Instrument*, std::uint32_t> index_of;
      const Instrument* previous = nullptr;
      std::uint32_t previous_index = 0;
      fill_indices(col, n, [&](std::size_t r) {
        if (instruments_[r] != previous) {
          previous = instruments_[r];
          const auto [it, inserted] = index_of.emplace(previous, static_cast<std::uint32_t>(symbols.size()));
          if (inserted) symbols.push_back(previous->symbol);
          previous_index = it->second;
        }
        return previous_index;
      });
      set_entries(col, symbols);
    } else if (name == "expiry_type") {
      const auto names = enum_names(domain::ExpiryKind::kWeekly, domain::ExpiryKind::kMonthly);
      set_entries(col, names);
      fill_indices(col, n, [&](std::size_t r) {
        return instruments_[r]->expiry_type == domain::ExpiryKind::kWeekly ? 0U : 1U;
      });
    } else if (name == "opt_type") {
      const auto names = enum_names(domain::OptionType::kCall, domain::OptionType::kPut);
      set_entries(col, names);
      fill_indices(col, n, [&](std::size_t r) {
        return instruments_[r]->opt_type == domain::OptionType::kCall ? 0U : 1U;
      });
    } else if (name == "source") {
      const std::vector<std::string_view> keys(source_keys_.begin(), source_keys_.end());
      set_entries(col, keys);
      fill_indices(col, n, [&](std::size_t r) { return std::uint32_t{rows_[r]->source}; });
    } else {
      fail("partition {}: no rule builds string column {}", key_.to_string(), name);
    }
  };
  std::vector<std::size_t> string_columns;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (schema_.columns[c].type == parquet::PhysicalType::BYTE_ARRAY) string_columns.push_back(c);
  }
  tbb::parallel_invoke(
      [&] {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kBuildGrain),
                          [&](const tbb::blocked_range<std::size_t>& range) { fixed_width(range.begin(), range.end()); });
      },
      [&] { tbb::parallel_for_each(string_columns.begin(), string_columns.end(), strings); });
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
    std::unordered_map<std::string, std::uint32_t> source_index;
    const ColumnData& source = column("source");
    for (std::size_t r = 0; r < n; ++r) {
      const std::string key(source.string_at(r));
      auto [it, inserted] = source_index.emplace(key, static_cast<std::uint32_t>(out.sources.size()));
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
