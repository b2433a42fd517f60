#include "test_util.h"

#include <cstdlib>
#include <system_error>

#include "domain/time.h"
#include "parquet/reader.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::dataset::testing {

std::int64_t at(int hour, int minute, int second, domain::Date day) {
  return domain::wall_time(day, hour, minute, second);
}

TickRow make_row(std::int64_t timestamp, double price, std::int64_t volume, double bid, double ask,
                 std::uint16_t source, std::uint32_t instrument) {
  TickRow r;
  r.timestamp = timestamp;
  r.last_trade_time = timestamp - 5 * domain::kNanosPerSecond;
  r.price = price;
  r.avg_price = price;
  r.open = r.high = r.low = price;
  r.close = price * 1.01;
  r.changeper = (price / r.close - 1) * 100;
  r.volume = volume;
  r.total_buy_qty = 750;
  r.total_sell_qty = 1500;
  r.oi = 10'000;
  r.oi_high = 12'000;
  r.oi_low = 9'000;
  r.qty = 75;
  r.source = source;
  r.instrument = instrument;
  if (bid > 0) r.bids[0] = BookLevel{75, 1, bid};
  if (ask > 0) r.asks[0] = BookLevel{150, 2, ask};
  return r;
}

Source make_source(const std::string& key, std::int64_t recording_end) {
  Source s;
  s.key = key;
  s.path = "/dumps/" + key;
  s.size = 1000;
  s.checksum = "c-" + key;
  s.recording_start = recording_end - domain::kNanosPerDay;
  s.recording_end = recording_end;
  return s;
}

Instrument make_option(domain::Date expiry, domain::OptionType type, std::int32_t strike, std::int32_t lot) {
  Instrument ins;
  ins.symbol = fmt::format("T{}{}{}", expiry.to_string(), strike, domain::to_string(type));
  ins.expiry_type = domain::ExpiryKind::kWeekly;
  ins.expiry = expiry;
  ins.opt_type = type;
  ins.strike = strike;
  ins.lot_size = lot;
  return ins;
}

const parquet::ColumnData& Table::column(const std::string& name) const {
  const int i = schema.find(name);
  if (i < 0) fail("test table has no column {}", name);
  return columns[static_cast<std::size_t>(i)];
}

Table read_table(const std::filesystem::path& file) {
  const parquet::FileReader reader(file);
  Table t;
  t.schema = reader.schema();
  for (const parquet::Column& c : t.schema.columns) t.columns.emplace_back(c.type);
  for (const parquet::Batch& batch : reader.read(parquet::ReadOptions{})) {
    t.row_group_rows.push_back(static_cast<std::int64_t>(batch.num_rows()));
    for (std::size_t i = 0; i < batch.columns.size(); ++i) t.columns[i].append(batch.columns[i]);
  }
  return t;
}

std::string file_bytes(const std::filesystem::path& file) { return read_file(file); }

}  // namespace tapelab::dataset::testing
