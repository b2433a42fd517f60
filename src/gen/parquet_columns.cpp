#include "gen/parquet_columns.h"

#include <algorithm>
#include <cstdlib>

#include "gen/sql_dump.h"
#include "gen/text.h"
#include "parquet/writer.h"

namespace tapelab::gen {
namespace {

using parquet::Column;
using parquet::ColumnData;
using Append = std::function<void(ColumnData&, const LayoutRow&)>;

constexpr int64_t kMicros = 1'000'000;

// A value after a null keeps `valid` as long as the column (push_null starts it).
void mark_valid(ColumnData& c) {
  if (!c.valid.empty()) c.valid.push_back(1);
}
void push_i64(ColumnData& c, int64_t v) {
  c.i64.push_back(v);
  mark_valid(c);
}
void push_f64(ColumnData& c, double v) {
  c.f64.push_back(v);
  mark_valid(c);
}
void push_text(ColumnData& c, std::string_view v) {
  mark_valid(c);
  c.push_string(v);
}
void push_bool(ColumnData& c, bool v) {
  c.bools.push_back(v ? 1 : 0);
  mark_valid(c);
}
void push_date(ColumnData& c, domain::Date d) {
  c.i32.push_back(d.days());
  mark_valid(c);
}

double rupees(int64_t paise) { return static_cast<double>(paise) / 100.0; }

// changeper as the dump prints it (10 decimals), so both layouts carry the same number.
double dump_changeper(double value) {
  TextBuffer text;
  text.append_fixed(value, 10);
  return std::strtod(std::string(text.view()).c_str(), nullptr);
}

LayoutColumn money(std::string_view name, int64_t TickRow::*field) {
  return {Column::float64(std::string(name), true),
          [field](ColumnData& c, const LayoutRow& r) { push_f64(c, rupees(r.tick.*field)); }};
}
LayoutColumn count(std::string_view name, int64_t TickRow::*field) {
  return {Column::int64(std::string(name), true),
          [field](ColumnData& c, const LayoutRow& r) { push_i64(c, r.tick.*field); }};
}
LayoutColumn wall_time(std::string_view name, int64_t TickRow::*field, bool nullable_by_census) {
  return {Column::timestamp(std::string(name), parquet::TimeUnit::MICROS, false, true),
          [field, nullable_by_census](ColumnData& c, const LayoutRow& r) {
            if (nullable_by_census && r.null_timestamp) return c.push_null();
            push_i64(c, r.tick.*field * kMicros);
          }};
}

// bq0..bo4 / sq0..so4: side, field (q, p, o) and level from the name.
LayoutColumn book(std::string_view name) {
  const bool bid = name[0] == 'b';
  const char field = name[1];
  const int level = name[2] - '0';
  const bool price = field == 'p';
  auto column = price ? Column::float64(std::string(name), true) : Column::int64(std::string(name), true);
  return {column, [bid, field, level](ColumnData& c, const LayoutRow& r) {
            const BookLevel& l = (bid ? r.tick.bid : r.tick.ask)[level];
            if (field == 'p') return push_f64(c, rupees(l.price));
            push_i64(c, field == 'q' ? l.qty : l.orders);
          }};
}

LayoutColumn tick_column(std::string_view name) {
  if (name == "timestamp") return wall_time(name, &TickRow::timestamp, true);
  if (name == "lastTradeTime") return wall_time(name, &TickRow::last_trade_time, false);
  if (name == "changeper") {
    return {Column::float64("changeper", true),
            [](ColumnData& c, const LayoutRow& r) { push_f64(c, dump_changeper(r.tick.changeper)); }};
  }
  static const std::pair<std::string_view, int64_t TickRow::*> kMoney[] = {
      {"price", &TickRow::price}, {"avgPrice", &TickRow::avg_price}, {"open", &TickRow::open},
      {"high", &TickRow::high},   {"low", &TickRow::low},            {"close", &TickRow::close}};
  static const std::pair<std::string_view, int64_t TickRow::*> kCounts[] = {
      {"qty", &TickRow::qty}, {"volume", &TickRow::volume}, {"bQty", &TickRow::bid_total},
      {"sQty", &TickRow::ask_total}, {"oi", &TickRow::oi}, {"oiHigh", &TickRow::oi_high},
      {"oiLow", &TickRow::oi_low}};
  for (const auto& [n, field] : kMoney) {
    if (n == name) return money(name, field);
  }
  for (const auto& [n, field] : kCounts) {
    if (n == name) return count(name, field);
  }
  return book(name);
}

LayoutColumn identity_text(std::string name, std::function<std::string(const ContractIdentity&)> value) {
  return {Column::string(std::move(name), true),
          [value](ColumnData& c, const LayoutRow& r) { push_text(c, value(*r.identity)); }};
}
LayoutColumn spot_value(std::string name, std::function<double(const LayoutRow&)> value) {
  return {Column::float64(std::move(name), true), [value](ColumnData& c, const LayoutRow& r) {
            if (r.spot == nullptr) return c.push_null();
            push_f64(c, value(r));
          }};
}

// Their spot enrichment: the index at the row's second (the previous close
// before the open), with the day's extremes, which a row could not know yet.
double spot_at(const LayoutRow& r) {
  const int64_t second = r.tick.timestamp - r.spot->wall_seconds(0);
  if (second < 0) return r.spot->prev_close;
  return r.spot->spot[static_cast<size_t>(std::min<int64_t>(second, r.spot->seconds() - 1))];
}

void add_raw_identity(std::vector<LayoutColumn>& c) {
  c.push_back(identity_text("symbol", [](const ContractIdentity& id) { return id.underlying; }));
  c.push_back(identity_text("opt_type", [](const ContractIdentity& id) {
    return std::string(domain::to_string(id.type));
  }));
  c.push_back({Column::float64("strike", true),
               [](ColumnData& col, const LayoutRow& r) { push_f64(col, r.identity->strike); }});
  c.push_back({Column::int64("year", true),
               [](ColumnData& col, const LayoutRow& r) { push_i64(col, r.identity->contract_year); }});
  c.push_back({Column::int64("month", true),
               [](ColumnData& col, const LayoutRow& r) { push_i64(col, r.identity->contract_month); }});
  c.push_back(wall_time("ts", &TickRow::timestamp, true));
}

void add_date_v1(std::vector<LayoutColumn>& c) {
  c.push_back(identity_text("contract", [](const ContractIdentity& id) { return id.contract; }));
  c.push_back({Column::int64("timestamp_ns", true), [](ColumnData& col, const LayoutRow& r) {
                 if (r.null_timestamp) return col.push_null();
                 push_i64(col, r.tick.timestamp * kMicros * 1000);
               }});
  c.push_back({Column::int64("vol_delta", true),
               [](ColumnData& col, const LayoutRow& r) { push_i64(col, r.vol_delta); }});
  c.push_back({Column::date("expiry", true),
               [](ColumnData& col, const LayoutRow& r) { push_date(col, r.identity->expiry); }});
}

void add_date_v2(std::vector<LayoutColumn>& c) {
  c.push_back(identity_text("expiry_type", [](const ContractIdentity& id) {
    return std::string(domain::to_string(id.kind));
  }));
  c.push_back({Column::boolean("is_weekly", true), [](ColumnData& col, const LayoutRow& r) {
                 push_bool(col, r.identity->kind == domain::ExpiryKind::kWeekly);
               }});
}

void add_date_v3(std::vector<LayoutColumn>& c) {
  c.push_back({Column::boolean("is_monthly", true), [](ColumnData& col, const LayoutRow& r) {
                 push_bool(col, r.identity->kind == domain::ExpiryKind::kMonthly);
               }});
  c.push_back(spot_value("spot_ltp", spot_at));
  c.push_back(spot_value("spot_open", [](const LayoutRow& r) { return r.spot->spot.front(); }));
  c.push_back(spot_value("spot_high", [](const LayoutRow& r) { return r.spot->high; }));
  c.push_back(spot_value("spot_low", [](const LayoutRow& r) { return r.spot->low; }));
  c.push_back(spot_value("spot_close", [](const LayoutRow& r) { return r.spot->spot.back(); }));
}

std::vector<parquet::ColumnData> build(const std::vector<LayoutColumn>& columns, std::span<const LayoutRow> rows) {
  std::vector<parquet::ColumnData> data;
  data.reserve(columns.size());
  for (const auto& column : columns) {
    data.emplace_back(column.column.type);
    for (const auto& row : rows) column.append(data.back(), row);
  }
  return data;
}

parquet::Schema schema_of(const std::vector<LayoutColumn>& columns) {
  parquet::Schema schema;
  for (const auto& c : columns) schema.columns.push_back(c.column);
  return schema;
}

parquet::WriterOptions writer_options(parquet::Codec codec) {
  parquet::WriterOptions options;
  options.codec = codec;
  options.created_by = "tapelab gen (users' layouts)";
  return options;
}

}  // namespace

const std::vector<std::string_view>& expiry_packed_dropped() {
  static const std::vector<std::string_view> names = {"oiHigh", "oiLow", "bo0", "bo1", "bo2", "bo3",
                                                      "bo4",    "so0",   "so1", "so2", "so3", "so4"};
  return names;
}

std::vector<LayoutColumn> layout_columns(ColumnSet set) {
  std::vector<LayoutColumn> columns;
  const auto& dropped = expiry_packed_dropped();
  for (const auto& def : tick_columns()) {
    const bool drop = set == ColumnSet::kExpiryPacked &&
                      std::find(dropped.begin(), dropped.end(), def.name) != dropped.end();
    if (!drop) columns.push_back(tick_column(def.name));
  }
  if (set == ColumnSet::kTick || set == ColumnSet::kExpiryPacked) return columns;
  add_raw_identity(columns);
  if (set == ColumnSet::kRaw) return columns;
  add_date_v1(columns);
  if (set == ColumnSet::kDateV1) return columns;
  add_date_v2(columns);
  if (set == ColumnSet::kDateV2) return columns;
  add_date_v3(columns);
  return columns;
}

std::vector<LayoutColumn> without_timestamp(std::vector<LayoutColumn> columns) {
  std::erase_if(columns, [](const LayoutColumn& c) { return c.column.name == "timestamp" || c.column.name == "ts"; });
  return columns;
}

void write_layout_file(const std::filesystem::path& path, const std::vector<LayoutColumn>& columns,
                       std::span<const LayoutRow> rows, parquet::Codec codec) {
  std::filesystem::create_directories(path.parent_path());
  parquet::FileWriter writer(path, schema_of(columns), writer_options(codec));
  const auto data = build(columns, rows);
  writer.write(data);
  writer.close();
}

std::string layout_file_bytes(const std::vector<LayoutColumn>& columns, std::span<const LayoutRow> rows,
                              parquet::Codec codec) {
  return parquet::write_to_buffer(schema_of(columns), build(columns, rows), writer_options(codec));
}

}  // namespace tapelab::gen
