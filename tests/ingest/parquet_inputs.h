// Helpers of the Parquet ingest tests: ticks written as a dump table and as
// the users' Parquet layouts (with our own parquet:: writer, in the storage
// styles DuckDB and Polars use), a dataset exported back to raw per-contract
// files, and partitions compared column by column without `source`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parquet/options.h"
#include "parquet/types.h"

namespace tapelab::ingest::testing {

// One snapshot of the columns the hand-made tests use.
struct Tick {
  std::string time;  // "YYYY-MM-DD HH:MM:SS", IST
  double price = 0;
  std::int32_t qty = 0;
  std::int64_t volume = 0;
  std::optional<std::string> last_trade_time;  // nullopt: NULL
  double bp0 = 0, sp0 = 0;
};

// A dump of one table holding these ticks (columns timestamp, price, qty,
// volume, lastTradeTime, bp0, sp0).
std::string dump_table(const std::string& name, const std::vector<Tick>& ticks);

// How a Parquet file stores the ticks.
struct Style {
  parquet::TimeUnit unit = parquet::TimeUnit::MICROS;
  bool zoned = false;         // TIMESTAMP isAdjustedToUTC: the value is the UTC instant
  bool text_times = false;    // "YYYY-MM-DD HH:MM:SS" strings instead of TIMESTAMP
  enum class Prices { kDouble, kFloat, kDecimal } prices = Prices::kDouble;
  parquet::Codec codec = parquet::Codec::ZSTD;
  bool data_page_v2 = false;
};

// Columns of a Parquet file, in schema order.
struct Table {
  std::vector<parquet::Column> schema;
  std::vector<parquet::ColumnData> columns;
  void add(parquet::Column column, parquet::ColumnData data);
};

// The ticks' 7 columns in `style`.
Table tick_columns(const std::vector<Tick>& ticks, const Style& style);
// Adds the raw layout's identity columns (symbol, opt_type, strike, year,
// month) for every row, as the users' files hold them.
void add_identity(Table& table, std::size_t rows, const std::string& underlying, const std::string& opt_type,
                  double strike, int year, int month);
void add_text_column(Table& table, const std::string& name, const std::vector<std::string>& values);
void write_parquet(const std::filesystem::path& path, const Table& table, const Style& style = {},
                   std::size_t row_group_rows = 1 << 20);

// Every partition of a dataset as its columns without `source`: relative
// path -> the file's columns (all row groups appended).
std::map<std::string, std::vector<parquet::ColumnData>> partitions_without_source(const std::filesystem::path& root);

// Writes the rows of a dataset back out as raw per-contract files: options
// as <symbol>.parquet with the 46 dump columns and the identity columns,
// spot and futures as <table>.parquet. Returns the files written.
std::vector<std::filesystem::path> export_raw_parquet(const std::filesystem::path& dataset,
                                                      const std::filesystem::path& out);

}  // namespace tapelab::ingest::testing
