#include "server/day_data.h"

#include <algorithm>
#include <mutex>

#include "domain/csv.h"
#include "parquet/reader.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::server {
namespace {

namespace fs = std::filesystem;

std::size_t column_bytes(const parquet::ColumnData& c) {
  return c.bools.size() + c.i32.size() * 4 + c.i64.size() * 8 + c.f32.size() * 4 + c.f64.size() * 8 +
         c.offsets.size() * 8 + c.bytes.size() + c.valid.size() + c.indices.size() * 4;
}

DecodedTable read_table(const fs::path& file) {
  const parquet::FileReader reader(file);
  parquet::ReadOptions options;
  options.parallel = false;  // requests already run on every server thread
  DecodedTable out;
  out.schema = reader.schema();
  for (parquet::Batch& batch : reader.read(options)) {
    if (out.columns.empty()) {
      out.columns = std::move(batch.columns);
      continue;
    }
    for (std::size_t c = 0; c < batch.columns.size(); ++c) out.columns[c].append(batch.columns[c]);
  }
  if (out.columns.empty()) {
    for (const parquet::Column& c : out.schema.columns) out.columns.emplace_back(c.type);
  }
  out.rows = out.columns.empty() ? 0 : out.columns.front().size();
  return out;
}

CsvTable read_csv(const fs::path& file) {
  const std::vector<domain::CsvLine> lines = domain::parse_csv(read_file(file), file.string());
  CsvTable out;
  if (lines.empty()) return out;
  out.header = lines.front().fields;
  out.columns.resize(out.header.size());
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const domain::CsvLine& line = lines[i];
    if (line.fields.size() != out.header.size()) {
      fail("{}:{}: {} fields where the header has {}", file.string(), line.number, line.fields.size(),
           out.header.size());
    }
    for (std::size_t c = 0; c < line.fields.size(); ++c) out.columns[c].push_back(line.fields[c]);
  }
  out.rows = lines.size() - 1;
  return out;
}

template <typename T>
std::size_t vector_bytes(const std::vector<T>& v) {
  return v.size() * sizeof(T);
}

// What the tape holds, counted from its vectors (only the fields loaded are filled).
std::size_t tape_bytes(const market::DayTape& t) {
  const market::OptionColumns& o = t.options;
  std::size_t bytes = vector_bytes(o.time) + vector_bytes(o.price) + vector_bytes(o.qty) + vector_bytes(o.volume) +
                      vector_bytes(o.vol_delta) + vector_bytes(o.last_trade_time) + vector_bytes(o.oi) +
                      vector_bytes(o.total_buy_qty) + vector_bytes(o.total_sell_qty);
  for (std::size_t level = 0; level < market::kBookLevels; ++level) {
    bytes += vector_bytes(o.bid_price[level]) + vector_bytes(o.bid_qty[level]) + vector_bytes(o.ask_price[level]) +
             vector_bytes(o.ask_qty[level]);
  }
  return bytes + (t.spot.size() + t.futures.size()) * 64 + t.contracts.size() * 96;
}

}  // namespace

DayData::DayData(std::size_t budget_bytes)
    // A full-scale day's nearest-expiry tape is about 390 MB (2.25 million rows
    // with the 5-level book): half the budget keeps one in memory at the
    // default --cache-mb, where a quarter made every chain or book request
    // read the day again (BENCHMARKS.md, "Serve").
    : tables_(budget_bytes / 8 * 3), csvs_(budget_bytes / 16), expiries_(budget_bytes / 64), tapes_(budget_bytes / 2) {}

std::shared_ptr<const DecodedTable> DayData::table(const fs::path& file, const std::string& hash) {
  const std::string key = hash + file.native();
  if (auto hit = tables_.get(key)) return hit;
  auto table = std::make_shared<const DecodedTable>(read_table(file));
  std::size_t bytes = 0;
  for (const parquet::ColumnData& c : table->columns) bytes += column_bytes(c);
  tables_.put(key, table, bytes);
  return table;
}

std::shared_ptr<const CsvTable> DayData::csv(const fs::path& file, const std::string& hash) {
  const std::string key = hash + file.native();
  if (auto hit = csvs_.get(key)) return hit;
  auto table = std::make_shared<const CsvTable>(read_csv(file));
  std::size_t bytes = 0;
  for (const auto& column : table->columns) {
    for (const std::string& field : column) bytes += field.size() + sizeof(std::string);
  }
  csvs_.put(key, table, bytes);
  return table;
}

std::shared_ptr<const std::vector<domain::Date>> DayData::expiries(const fs::path& options_file,
                                                                   const std::string& hash) {
  if (auto hit = expiries_.get(hash)) return hit;
  const parquet::FileReader reader(options_file);
  parquet::ReadOptions options;
  options.columns = {"expiry"};
  options.parallel = false;
  std::vector<domain::Date> out;
  for (const parquet::Batch& batch : reader.read(options)) {
    for (const std::int32_t days : batch.columns.front().i32) out.push_back(domain::Date::from_days(days));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
  auto shared = std::make_shared<const std::vector<domain::Date>>(std::move(out));
  expiries_.put(hash, shared, shared->size() * sizeof(domain::Date) + 64);
  return shared;
}

std::shared_ptr<const market::DayTape> DayData::tape(const fs::path& dataset, const market::DayKey& day,
                                                domain::Date expiry, const std::string& hash) {
  const std::string key = hash + expiry.to_string();
  if (auto hit = tapes_.get(key)) return hit;
  // One tape read at a time: a day's book is the largest thing the server
  // holds, and a second request missing the same day waits here and then
  // finds it cached instead of reading it again beside the first.
  const std::lock_guard lock(tape_loading_);
  if (auto hit = tapes_.get(key)) return hit;
  market::LoadOptions options;
  options.option_fields = market::kAllOptionFields & ~market::kTotals;  // no answer shows bQty/sQty
  options.min_expiry = expiry;
  options.max_expiry = expiry;
  auto loaded = std::make_shared<const market::DayTape>(market::load_day(dataset, day, options));
  tapes_.put(key, loaded, tape_bytes(*loaded));
  return loaded;
}

}  // namespace tapelab::server
