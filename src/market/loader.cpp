#include "market/loader.h"

#include <algorithm>
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

// One projected column and where its values go.
struct Target {
  std::string name;
  std::function<void(const ColumnData&)> sink;
};

std::vector<Batch> read_columns(const fs::path& path, const std::vector<Target>& targets,
                                const parquet::Predicate& predicate) {
  parquet::FileReader reader(path);
  parquet::ReadOptions options;
  for (const Target& t : targets) options.columns.push_back(t.name);
  options.predicate = predicate;
  return reader.read(options);
}

void load_options(const fs::path& path, const LoadOptions& load, DayTape& tape) {
  OptionColumns& o = tape.options;
  const unsigned fields = load.option_fields;
  std::vector<Target> targets;
  auto add = [&](std::string name, auto& vec) {
    targets.push_back({std::move(name), [&vec](const ColumnData& c) { append(vec, c); }});
  };
  // Identity columns first, in a fixed order the contract index below relies on.
  std::vector<std::int32_t> expiry, strike, lot_size;
  std::vector<std::uint8_t> is_monthly;
  std::vector<std::string> opt_type, symbol;
  targets.push_back({"timestamp", [&o](const ColumnData& c) { append_time(o.time, c); }});
  add("expiry", expiry);
  add("strike", strike);
  add("lot_size", lot_size);
  targets.push_back({"is_monthly", [&is_monthly](const ColumnData& c) {
                       is_monthly.insert(is_monthly.end(), c.bools.begin(), c.bools.end());
                     }});
  // Strings are only needed at contract boundaries; keep the boundary rows' values.
  std::vector<ColumnData> opt_type_chunks, symbol_chunks;
  targets.push_back({"opt_type", [&opt_type_chunks](const ColumnData& c) { opt_type_chunks.push_back(c); }});
  targets.push_back({"symbol", [&symbol_chunks](const ColumnData& c) { symbol_chunks.push_back(c); }});
  if (fields & kTrade) {
    add("price", o.price);
    add("qty", o.qty);
    add("volume", o.volume);
    add("vol_delta", o.vol_delta);
    targets.push_back(
        {"lastTradeTime", [&o](const ColumnData& c) { append_time(o.last_trade_time, c); }});
  }
  if (fields & (kTopOfBook | kFullBook)) {
    const int levels = (fields & kFullBook) ? kBookLevels : 1;
    for (int level = 0; level < levels; ++level) {
      add("bp" + std::to_string(level), o.bid_price[level]);
      add("bq" + std::to_string(level), o.bid_qty[level]);
      add("sp" + std::to_string(level), o.ask_price[level]);
      add("sq" + std::to_string(level), o.ask_qty[level]);
    }
  }
  if (fields & kOpenInterest) add("oi", o.oi);
  if (fields & kTotals) {
    add("bQty", o.total_buy_qty);
    add("sQty", o.total_sell_qty);
  }

  parquet::Predicate predicate;
  if (load.min_expiry || load.max_expiry) {
    parquet::ColumnRange range{"expiry", {}, {}};
    if (load.min_expiry) range.min = std::int64_t{load.min_expiry->days()};
    if (load.max_expiry) range.max = std::int64_t{load.max_expiry->days()};
    predicate.ranges.push_back(std::move(range));
  }
  for (const Batch& batch : read_columns(path, targets, predicate)) {
    for (std::size_t i = 0; i < targets.size(); ++i) targets[i].sink(batch.columns[i]);
  }
  for (const ColumnData& c : opt_type_chunks) {
    for (std::size_t row = 0; row < c.size(); ++row) opt_type.emplace_back(c.string_at(row));
  }
  for (const ColumnData& c : symbol_chunks) {
    for (std::size_t row = 0; row < c.size(); ++row) symbol.emplace_back(c.string_at(row));
  }

  const std::size_t rows = o.time.size();
  for (std::size_t row = 0; row < rows; ++row) {
    const bool boundary = row == 0 || expiry[row] != expiry[row - 1] || strike[row] != strike[row - 1] ||
                          opt_type[row] != opt_type[row - 1];
    if (boundary) {
      if (!tape.contracts.empty()) tape.contracts.back().end = row;
      ContractSlice slice;
      slice.expiry = domain::Date::from_days(expiry[row]);
      if (opt_type[row] == "CE") {
        slice.type = domain::OptionType::kCall;
      } else if (opt_type[row] == "PE") {
        slice.type = domain::OptionType::kPut;
      } else {
        fail("{}: row {}: opt_type '{}' is neither CE nor PE", path.string(), row, opt_type[row]);
      }
      slice.strike = strike[row];
      slice.lot_size = lot_size[row];
      slice.is_monthly = is_monthly[row] != 0;
      slice.symbol = symbol[row];
      slice.begin = row;
      tape.contracts.push_back(std::move(slice));
    }
  }
  if (!tape.contracts.empty()) tape.contracts.back().end = rows;
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
  for (const Batch& batch : read_columns(path, targets, {})) {
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
  using dataset::PartitionKey;
  using dataset::TableKind;
  DayTape tape;
  tape.date = day.date;
  tape.underlying = day.underlying;
  const fs::path options_file = dataset::partition_path(dataset, PartitionKey{TableKind::kOptions, day.date, day.underlying});
  if (!fs::exists(options_file)) {
    fail("{}: no options partition for {} {}", dataset.string(), day.underlying, day.date.to_string());
  }
  load_options(options_file, options, tape);
  if (options.spot) tape.spot = load_spot(dataset, day);
  if (options.futures) {
    const fs::path file = dataset::partition_path(dataset, PartitionKey{TableKind::kFutures, day.date, day.underlying});
    if (fs::exists(file)) load_series(file, true, tape.futures);
  }
  return tape;
}

SeriesColumns load_spot(const fs::path& dataset, const DayKey& day) {
  SeriesColumns spot;
  const fs::path file =
      dataset::partition_path(dataset, dataset::PartitionKey{dataset::TableKind::kSpot, day.date, day.underlying});
  if (fs::exists(file)) load_series(file, false, spot);
  return spot;
}

}  // namespace tapelab::market
