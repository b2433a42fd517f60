#include <algorithm>

#include "parquet/reader.h"
#include "strategies/reference_rows.h"

namespace tapelab::strategies::testing {
namespace {

namespace fs = std::filesystem;

double number(const parquet::ColumnData& c, std::size_t row) {
  if (!c.is_valid(row)) return 0;
  if (!c.f64.empty()) return c.f64[row];
  if (!c.i32.empty()) return c.i32[row];
  return static_cast<double>(c.i64[row]);
}

std::int64_t integer(const parquet::ColumnData& c, std::size_t row) {
  if (!c.is_valid(row)) return 0;
  return c.i32.empty() ? c.i64[row] : c.i32[row];
}

std::vector<std::string> columns_read(const std::vector<std::string>& fixed) {
  std::vector<std::string> names = fixed;
  for (int level = 0; level < 5; ++level) {
    for (const char* prefix : {"bp", "bq", "sp", "sq"}) names.push_back(prefix + std::to_string(level));
  }
  return names;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ParquetRowSource::days() const {
  std::vector<std::pair<std::string, std::string>> days;
  for (const auto& date_dir : fs::directory_iterator(root_ / "options")) {
    for (const auto& underlying_dir : fs::directory_iterator(date_dir.path())) {
      days.emplace_back(date_dir.path().filename().string().substr(5),
                        underlying_dir.path().filename().string().substr(11));
    }
  }
  std::sort(days.begin(), days.end());
  return days;
}

ReferenceDayRows ParquetRowSource::rows(const std::string& date, const std::string& underlying) const {
  ReferenceDayRows day;
  const std::string partition = "date=" + date + "/underlying=" + underlying + "/part-0.parquet";
  parquet::ReadOptions options;
  options.columns = columns_read({"timestamp", "expiry", "opt_type", "strike", "lot_size", "price"});
  for (const parquet::Batch& batch : parquet::FileReader(root_ / "options" / partition).read(options)) {
    const auto& c = batch.columns;
    for (std::size_t r = 0; r < batch.num_rows(); ++r) {
      ReferenceOptionRow& row = day.options.emplace_back();
      row.time = integer(c[0], r);
      row.expiry = static_cast<int>(integer(c[1], r));
      row.type = std::string(c[2].string_at(r));
      row.strike = static_cast<int>(integer(c[3], r));
      row.lot = static_cast<int>(integer(c[4], r));
      row.ltp = number(c[5], r);
      for (std::size_t level = 0; level < 5; ++level) {
        row.bid[level] = number(c[6 + level * 4], r);
        row.bid_qty[level] = integer(c[7 + level * 4], r);
        row.ask[level] = number(c[8 + level * 4], r);
        row.ask_qty[level] = integer(c[9 + level * 4], r);
      }
    }
  }
  parquet::ReadOptions spot_options;
  spot_options.columns = {"timestamp", "price"};
  for (const parquet::Batch& batch : parquet::FileReader(root_ / "spot" / partition).read(spot_options)) {
    for (std::size_t r = 0; r < batch.num_rows(); ++r) {
      day.spot.emplace_back(integer(batch.columns[0], r), number(batch.columns[1], r));
    }
  }
  return day;
}

}  // namespace tapelab::strategies::testing
