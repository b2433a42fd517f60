#include "market/loader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <functional>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "dataset/layout.h"
#include "dataset/publisher.h"
#include "dataset/schema.h"
#include "domain/underlying.h"
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

// The identity columns of a decoded row group, where a contract starts.
struct ContractColumns {
  const ColumnData& expiry;
  const ColumnData& strike;
  const ColumnData& opt_type;

  bool starts_at(std::size_t row) const {
    return row == 0 || expiry.i32[row] != expiry.i32[row - 1] || strike.i32[row] != strike.i32[row - 1] ||
           opt_type.string_at(row) != opt_type.string_at(row - 1);
  }
  domain::OptionType type_at(const fs::path& path, std::size_t row, std::size_t first_row) const {
    const std::string_view type = opt_type.string_at(row);
    if (type == "CE") return domain::OptionType::kCall;
    if (type == "PE") return domain::OptionType::kPut;
    fail("{}: row {}: opt_type '{}' is neither CE nor PE", path.string(), first_row + row, type);
  }
};

// The contracts of one decoded row group, rows counted from `first_row`.
std::vector<ContractSlice> contracts_of(const fs::path& path, const Batch& batch, std::size_t first_row) {
  const ContractColumns identity{batch.columns[0], batch.columns[1], batch.columns[4]};
  std::vector<ContractSlice> out;
  const std::size_t rows = batch.num_rows();
  for (std::size_t row = 0; row < rows; ++row) {
    if (!identity.starts_at(row)) continue;
    if (!out.empty()) out.back().end = first_row + row;
    ContractSlice slice;
    slice.expiry = domain::Date::from_days(identity.expiry.i32[row]);
    slice.type = identity.type_at(path, row, first_row);
    slice.strike = identity.strike.i32[row];
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

bool expiry_wanted(const LoadOptions& load, domain::Date expiry) {
  return (!load.min_expiry || expiry >= *load.min_expiry) && (!load.max_expiry || expiry <= *load.max_expiry);
}

// The expiry range of the load, and the strike window when it has one.
parquet::Predicate predicate_of(const LoadOptions& load, const std::optional<StrikeWindow>& window) {
  parquet::Predicate predicate;
  if (load.min_expiry || load.max_expiry) {
    parquet::ColumnRange range{"expiry", {}, {}};
    if (load.min_expiry) range.min = std::int64_t{load.min_expiry->days()};
    if (load.max_expiry) range.max = std::int64_t{load.max_expiry->days()};
    predicate.ranges.push_back(std::move(range));
  }
  if (window) predicate.ranges.push_back({"strike", std::int64_t{window->low}, std::int64_t{window->high}});
  return predicate;
}

// Keeps the contracts whose expiry is in the load's range (and whose strike
// is in its window), moving their rows down over those dropped (pruning by
// statistics and page index keeps whole pages, which can hold contracts of a
// neighbouring expiry or strike).
void keep_wanted(const LoadOptions& load, DayTape& tape) {
  const auto wanted = [&](const ContractSlice& c) {
    return expiry_wanted(load, c.expiry) && (!tape.strike_window || tape.strike_window->holds(c.strike));
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
  options.predicate = predicate_of(load, tape.strike_window);
  options.filter = false;  // keep_wanted() below drops the neighbours' rows
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
  keep_wanted(load, tape);
}

// The contracts of the load's expiries outside its strike window, with when
// each first printed: a pass over the identity and time columns alone, whose
// decode is cheap (dictionary and delta encoded) beside the book's.
std::vector<UnloadedContract> unloaded_contracts(const fs::path& path, const LoadOptions& load,
                                                 const StrikeWindow& window) {
  parquet::FileReader reader(path);
  parquet::ReadOptions options;
  options.columns = {"expiry", "strike", "opt_type", "timestamp"};
  options.predicate = predicate_of(load, std::nullopt);
  options.filter = false;
  std::vector<std::vector<UnloadedContract>> per_group(reader.num_row_groups());
  reader.scan_parallel(options, [&](const Batch& batch) {
    const ContractColumns identity{batch.columns[0], batch.columns[1], batch.columns[2]};
    std::vector<UnloadedContract>& out = per_group[batch.row_group];
    for (std::size_t row = 0; row < batch.num_rows(); ++row) {
      if (!identity.starts_at(row)) continue;
      const domain::Date expiry = domain::Date::from_days(identity.expiry.i32[row]);
      const std::int32_t strike = identity.strike.i32[row];
      if (!expiry_wanted(load, expiry) || window.holds(strike)) continue;
      out.push_back({expiry, identity.type_at(path, row, 0), strike,
                     batch.columns[3].i64[row] * dataset::kNanosPerStoredUnit});
    }
  });
  std::vector<UnloadedContract> all;
  for (const std::vector<UnloadedContract>& group : per_group) {
    for (const UnloadedContract& c : group) {
      // A contract that spans row groups first printed in the first of them.
      const bool continued = !all.empty() && all.back().expiry == c.expiry && all.back().type == c.type &&
                             all.back().strike == c.strike;
      if (!continued) all.push_back(c);
    }
  }
  return all;
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

// Loads a spot or futures partition; with `book` (futures only), also the
// five levels of its book, with the rows' times and cumulative volume.
void load_series(const fs::path& path, bool futures, SeriesColumns& s, OptionColumns* book = nullptr) {
  std::vector<Target> targets;
  auto add = [&](std::string name, auto& vec) {
    targets.push_back({std::move(name), [&vec](const ColumnData& c) { append(vec, c); }});
  };
  targets.push_back({"timestamp", [&s](const ColumnData& c) { append_time(s.time, c); }});
  add("price", s.price);
  std::vector<std::int32_t> expiry_days;
  if (futures) {
    add("volume", s.volume);
    add("expiry", expiry_days);
    add("lot_size", s.lot_size);
    if (book == nullptr) {
      add("bp0", s.bid_price);
      add("sp0", s.ask_price);
    }
  }
  if (book != nullptr) {
    for (int level = 0; level < kBookLevels; ++level) {
      add(fmt::format("bp{}", level), book->bid_price[level]);
      add(fmt::format("bq{}", level), book->bid_qty[level]);
      add(fmt::format("sp{}", level), book->ask_price[level]);
      add(fmt::format("sq{}", level), book->ask_qty[level]);
    }
  }
  for (const Batch& batch : read_columns(path, targets)) {
    for (std::size_t i = 0; i < targets.size(); ++i) targets[i].sink(batch.columns[i]);
  }
  s.expiry.reserve(expiry_days.size());
  for (const std::int32_t d : expiry_days) s.expiry.push_back(domain::Date::from_days(d));
  if (book != nullptr) {
    s.bid_price = book->bid_price[0];
    s.ask_price = book->ask_price[0];
    book->time = s.time;
    book->volume = s.volume;
  }
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
  tape.spot = options.spot ? load_spot(dataset, day) : SeriesColumns{};
  tape.strike_window = options.strike_window;
  tape.unloaded.clear();
  if (!tape.strike_window && options.strike_reach) {
    const domain::Underlying* info = domain::find_underlying(day.underlying);
    if (!info) fail("{}: unknown underlying '{}' for a strike window", dataset.string(), day.underlying);
    tape.strike_window = strike_window(tape.spot, *options.strike_reach, info->strike_step);
  }
  if (tape.strike_window) tape.unloaded = unloaded_contracts(options_file, options, *tape.strike_window);
  load_options(options_file, options, tape);
  tape.futures = SeriesColumns{};
  tape.futures_book = OptionColumns{};
  if (options.futures) {
    const fs::path file = dataset::partition_path(dataset, PartitionKey{TableKind::kFutures, day.date, day.underlying});
    if (fs::exists(file)) load_series(file, true, tape.futures, options.futures_book ? &tape.futures_book : nullptr);
  }
}

std::optional<StrikeWindow> strike_window(const SeriesColumns& spot, const StrikeReach& reach, std::int32_t strike_step) {
  std::optional<double> low;
  std::optional<double> high;
  for (const double price : spot.price) {
    if (!(price > 0)) continue;  // the recorder's 0 is no value (MarketView::usable_spot)
    low = low ? std::min(*low, price) : price;
    high = high ? std::max(*high, price) : price;
  }
  if (!low) return std::nullopt;
  const double points = reach.points + (reach.steps + kWindowMarginSteps) * strike_step;
  const double below = *low * (1 - reach.spot_fraction) - points;
  const double above = *high * (1 + reach.spot_fraction) + points;
  return StrikeWindow{static_cast<std::int32_t>(std::floor(below)), static_cast<std::int32_t>(std::ceil(above))};
}

SeriesColumns load_spot(const fs::path& dataset, const DayKey& day) {
  SeriesColumns spot;
  const fs::path file =
      dataset::partition_path(dataset, dataset::PartitionKey{dataset::TableKind::kSpot, day.date, day.underlying});
  if (fs::exists(file)) load_series(file, false, spot);
  return spot;
}

}  // namespace tapelab::market
