#include "market/loader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <string_view>
#include <utility>

#include "dataset/layout.h"
#include "dataset/publisher.h"
#include "dataset/schema.h"
#include "parquet/reader.h"
#include "util/error.h"

namespace tapelab::market {
namespace {

namespace fs = std::filesystem;
using parquet::Batch;
using parquet::ColumnData;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Appends a decoded column to a typed vector, converting stored timestamps
// (micros) to wall nanoseconds.
template <typename T>
void append(std::vector<T>& out, const ColumnData& column) {
  using parquet::PhysicalType;
  switch (column.type) {
    case PhysicalType::DOUBLE: out.insert(out.end(), column.f64.begin(), column.f64.end()); return;
    case PhysicalType::INT32: out.insert(out.end(), column.i32.begin(), column.i32.end()); return;
    case PhysicalType::INT64: out.insert(out.end(), column.i64.begin(), column.i64.end()); return;
    default: fail("market loader: unexpected column type {}", parquet::to_string(column.type));
  }
}

void append_time(std::vector<domain::WallNanos>& out, const ColumnData& column) {
  out.reserve(out.size() + column.i64.size());
  for (const std::int64_t micros : column.i64) out.push_back(micros * dataset::kNanosPerStoredUnit);
}

// Copies a decoded column into `out` from row `at` on (the rows exist).
template <typename T>
void put(std::vector<T>& out, const ColumnData& column, std::size_t at) {
  using parquet::PhysicalType;
  const auto to = out.begin() + static_cast<std::ptrdiff_t>(at);
  switch (column.type) {
    case PhysicalType::DOUBLE: std::copy(column.f64.begin(), column.f64.end(), to); return;
    case PhysicalType::INT32: std::copy(column.i32.begin(), column.i32.end(), to); return;
    case PhysicalType::INT64: std::copy(column.i64.begin(), column.i64.end(), to); return;
    default: fail("market loader: unexpected column type {}", parquet::to_string(column.type));
  }
}

// One projected option column: how to size its vector for the day's rows,
// and how to copy a row group's values into it.
struct OptionTarget {
  std::string name;
  std::function<void(std::size_t rows)> resize;
  std::function<void(const ColumnData&, std::size_t at)> write;
};

template <typename T>
OptionTarget into(std::string name, std::vector<T>& vec) {
  return {std::move(name), [&vec](std::size_t rows) { vec.resize(rows); },
          [&vec](const ColumnData& c, std::size_t at) { put(vec, c, at); }};
}

OptionTarget time_into(std::string name, std::vector<domain::WallNanos>& vec) {
  return {std::move(name), [&vec](std::size_t rows) { vec.resize(rows); },
          [&vec](const ColumnData& c, std::size_t at) {
            std::transform(c.i64.begin(), c.i64.end(), vec.begin() + static_cast<std::ptrdiff_t>(at),
                           [](std::int64_t micros) { return micros * dataset::kNanosPerStoredUnit; });
          }};
}

// The identity columns the contract index is built from, read first and in
// this order.
constexpr std::array<std::string_view, 6> kIdentity = {"expiry", "strike", "lot_size", "is_monthly", "opt_type", "symbol"};

std::vector<OptionTarget> option_targets(unsigned fields, OptionColumns& o) {
  std::vector<OptionTarget> targets;
  targets.push_back(time_into("timestamp", o.time));
  if (fields & kTrade) {
    targets.push_back(into("price", o.price));
    targets.push_back(into("qty", o.qty));
    targets.push_back(into("volume", o.volume));
    targets.push_back(into("vol_delta", o.vol_delta));
    targets.push_back(time_into("lastTradeTime", o.last_trade_time));
  }
  if (fields & (kTopOfBook | kFullBook)) {
    const int levels = (fields & kFullBook) ? kBookLevels : 1;
    for (int level = 0; level < levels; ++level) {
      targets.push_back(into("bp" + std::to_string(level), o.bid_price[level]));
      targets.push_back(into("bq" + std::to_string(level), o.bid_qty[level]));
      targets.push_back(into("sp" + std::to_string(level), o.ask_price[level]));
      targets.push_back(into("sq" + std::to_string(level), o.ask_qty[level]));
    }
  }
  if (fields & kOpenInterest) targets.push_back(into("oi", o.oi));
  if (fields & kTotals) {
    targets.push_back(into("bQty", o.total_buy_qty));
    targets.push_back(into("sQty", o.total_sell_qty));
  }
  return targets;
}

// Calls f on every column vector of `o` (loaded or not).
template <typename F>
void for_each_column(OptionColumns& o, F f) {
  f(o.time), f(o.price), f(o.qty), f(o.volume), f(o.vol_delta), f(o.last_trade_time), f(o.oi);
  f(o.total_buy_qty), f(o.total_sell_qty);
  for (int level = 0; level < kBookLevels; ++level) {
    f(o.bid_price[level]), f(o.bid_qty[level]), f(o.ask_price[level]), f(o.ask_qty[level]);
  }
}

// The contracts of one decoded row group, rows counted from `first_row`.
std::vector<ContractSlice> contracts_of(const fs::path& path, const Batch& batch, std::size_t first_row) {
  const ColumnData& expiry = batch.columns[0];
  const ColumnData& strike = batch.columns[1];
  const ColumnData& opt_type = batch.columns[4];
  std::vector<ContractSlice> out;
  const std::size_t rows = batch.num_rows();
  for (std::size_t row = 0; row < rows; ++row) {
    const bool boundary = row == 0 || expiry.i32[row] != expiry.i32[row - 1] ||
                          strike.i32[row] != strike.i32[row - 1] || opt_type.string_at(row) != opt_type.string_at(row - 1);
    if (!boundary) continue;
    if (!out.empty()) out.back().end = first_row + row;
    ContractSlice slice;
    slice.expiry = domain::Date::from_days(expiry.i32[row]);
    const std::string_view type = opt_type.string_at(row);
    if (type == "CE") {
      slice.type = domain::OptionType::kCall;
    } else if (type == "PE") {
      slice.type = domain::OptionType::kPut;
    } else {
      fail("{}: row {}: opt_type '{}' is neither CE nor PE", path.string(), first_row + row, type);
    }
    slice.strike = strike.i32[row];
    slice.lot_size = batch.columns[2].i32[row];
    slice.is_monthly = batch.columns[3].bools[row] != 0;
    slice.symbol = std::string(batch.columns[5].string_at(row));
    slice.begin = first_row + row;
    out.push_back(std::move(slice));
  }
  if (!out.empty()) out.back().end = first_row + rows;
  return out;
}

bool same_contract(const ContractSlice& a, const ContractSlice& b) {
  return a.expiry == b.expiry && a.type == b.type && a.strike == b.strike;
}

// Keeps the contracts whose expiry is in the load's range, moving their rows
// down over those dropped (pruning by statistics and page index keeps whole
// pages, which can hold contracts of a neighbouring expiry).
void keep_expiries(const LoadOptions& load, DayTape& tape) {
  const auto wanted = [&](const ContractSlice& c) {
    return (!load.min_expiry || c.expiry >= *load.min_expiry) && (!load.max_expiry || c.expiry <= *load.max_expiry);
  };
  if (std::all_of(tape.contracts.begin(), tape.contracts.end(), wanted)) return;
  std::vector<ContractSlice> kept;
  std::size_t to = 0;
  for (ContractSlice& c : tape.contracts) {
    if (!wanted(c)) continue;
    const std::size_t rows = c.rows();
    if (c.begin != to) {
      for_each_column(tape.options, [&](auto& vec) {
        if (vec.empty()) return;
        std::copy(vec.begin() + static_cast<std::ptrdiff_t>(c.begin), vec.begin() + static_cast<std::ptrdiff_t>(c.end),
                  vec.begin() + static_cast<std::ptrdiff_t>(to));
      });
    }
    c.begin = to;
    c.end = to + rows;
    to += rows;
    kept.push_back(std::move(c));
  }
  for_each_column(tape.options, [&](auto& vec) {
    if (!vec.empty()) vec.resize(to);
  });
  tape.contracts = std::move(kept);
}

// Decodes the row groups on all cores straight into the tape's columns: each
// row group's rows are known from the plan (pages kept whole, no exact
// filter), so every row group has its place before it is decoded, and the
// tape's vectors, reused from the day before, take the values without a
// second copy of the day.
void load_options(const fs::path& path, const LoadOptions& load, DayTape& tape) {
  for_each_column(tape.options, [](auto& vec) { vec.clear(); });
  tape.contracts.clear();
  std::vector<OptionTarget> targets = option_targets(load.option_fields, tape.options);
  parquet::FileReader reader(path);
  parquet::ReadOptions options;
  for (const std::string_view name : kIdentity) options.columns.emplace_back(name);
  for (const OptionTarget& t : targets) options.columns.push_back(t.name);
  if (load.min_expiry || load.max_expiry) {
    parquet::ColumnRange range{"expiry", {}, {}};
    if (load.min_expiry) range.min = std::int64_t{load.min_expiry->days()};
    if (load.max_expiry) range.max = std::int64_t{load.max_expiry->days()};
    options.predicate.ranges.push_back(std::move(range));
  }
  options.filter = false;  // keep_expiries() below drops the neighbours' rows
  std::vector<std::size_t> first_row(reader.num_row_groups() + 1, 0);
  std::vector<std::size_t> expected(reader.num_row_groups(), 0);
  std::size_t rows = 0;
  for (const std::size_t rg : reader.select_row_groups(options.predicate)) {
    for (const parquet::RowRange& r : reader.select_rows(rg, options.predicate)) {
      expected[rg] += static_cast<std::size_t>(r.end - r.begin);
    }
    first_row[rg] = rows;
    rows += expected[rg];
  }
  for (OptionTarget& t : targets) t.resize(rows);
  std::vector<std::vector<ContractSlice>> per_group(reader.num_row_groups());
  reader.scan_parallel(options, [&](const Batch& batch) {
    const std::size_t rg = batch.row_group;
    if (batch.num_rows() != expected[rg]) {
      fail("{}: row group {} decoded {} rows, its pages hold {}", path.string(), rg, batch.num_rows(), expected[rg]);
    }
    for (std::size_t i = 0; i < targets.size(); ++i) targets[i].write(batch.columns[kIdentity.size() + i], first_row[rg]);
    per_group[rg] = contracts_of(path, batch, first_row[rg]);
  });
  for (std::vector<ContractSlice>& group : per_group) {
    for (ContractSlice& c : group) {
      // A contract never spans row groups in our files; join it if one does.
      if (!tape.contracts.empty() && same_contract(tape.contracts.back(), c) && tape.contracts.back().end == c.begin) {
        tape.contracts.back().end = c.end;
      } else {
        tape.contracts.push_back(std::move(c));
      }
    }
  }
  keep_expiries(load, tape);
}

// One projected series column and where its values go.
struct Target {
  std::string name;
  std::function<void(const ColumnData&)> sink;
};

std::vector<Batch> read_columns(const fs::path& path, const std::vector<Target>& targets) {
  parquet::FileReader reader(path);
  parquet::ReadOptions options;
  for (const Target& t : targets) options.columns.push_back(t.name);
  return reader.read(options);
}

void load_series(const fs::path& path, bool futures, SeriesColumns& s) {
  std::vector<Target> targets;
  auto add = [&](std::string name, auto& vec) {
    targets.push_back({std::move(name), [&vec](const ColumnData& c) { append(vec, c); }});
  };
  targets.push_back({"timestamp", [&s](const ColumnData& c) { append_time(s.time, c); }});
  add("price", s.price);
  std::vector<std::int32_t> expiry_days;
  if (futures) {
    add("volume", s.volume);
    add("bp0", s.bid_price);
    add("sp0", s.ask_price);
    add("expiry", expiry_days);
    add("lot_size", s.lot_size);
  }
  for (const Batch& batch : read_columns(path, targets)) {
    for (std::size_t i = 0; i < targets.size(); ++i) targets[i].sink(batch.columns[i]);
  }
  s.expiry.reserve(expiry_days.size());
  for (const std::int32_t d : expiry_days) s.expiry.push_back(domain::Date::from_days(d));
}

}  // namespace

std::vector<DayKey> select_days(const fs::path& dataset, const DaySelection& selection) {
  if (!fs::is_directory(dataset / "options")) {
    fail("{}: not a tapelab dataset (no options/ folder)", dataset.string());
  }
  // Every reader of days (scan, backtest, sweep, the Greeks dataset) starts
  // here: an interrupted publish is finished before any partition is listed.
  dataset::recover(dataset);
  std::vector<std::string> wanted;
  for (const std::string& u : selection.underlyings) wanted.push_back(upper(u));
  std::vector<DayKey> days;
  for (const dataset::PartitionKey& key : dataset::list_partitions(dataset)) {
    if (key.kind != dataset::TableKind::kOptions) continue;
    if (selection.from && key.date < *selection.from) continue;
    if (selection.to && key.date > *selection.to) continue;
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), upper(key.underlying)) == wanted.end()) continue;
    days.push_back(DayKey{key.date, key.underlying});
  }
  std::sort(days.begin(), days.end());
  return days;
}

DayTape load_day(const fs::path& dataset, const DayKey& day, const LoadOptions& options) {
  DayTape tape;
  load_day(dataset, day, options, tape);
  return tape;
}

void load_day(const fs::path& dataset, const DayKey& day, const LoadOptions& options, DayTape& tape) {
  using dataset::PartitionKey;
  using dataset::TableKind;
  tape.date = day.date;
  tape.underlying = day.underlying;
  const fs::path options_file = dataset::partition_path(dataset, PartitionKey{TableKind::kOptions, day.date, day.underlying});
  if (!fs::exists(options_file)) {
    fail("{}: no options partition for {} {}", dataset.string(), day.underlying, day.date.to_string());
  }
  load_options(options_file, options, tape);
  tape.spot = options.spot ? load_spot(dataset, day) : SeriesColumns{};
  tape.futures = SeriesColumns{};
  if (options.futures) {
    const fs::path file = dataset::partition_path(dataset, PartitionKey{TableKind::kFutures, day.date, day.underlying});
    if (fs::exists(file)) load_series(file, true, tape.futures);
  }
}

SeriesColumns load_spot(const fs::path& dataset, const DayKey& day) {
  SeriesColumns spot;
  const fs::path file =
      dataset::partition_path(dataset, dataset::PartitionKey{dataset::TableKind::kSpot, day.date, day.underlying});
  if (fs::exists(file)) load_series(file, false, spot);
  return spot;
}

}  // namespace tapelab::market
