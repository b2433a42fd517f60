// Fixtures for the dataset tests: scratch folders, rows, sources, and reading
// a written partition back as columns.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "dataset/instrument.h"
#include "dataset/partition_builder.h"
#include "dataset/source.h"
#include "dataset/tick_row.h"
#include "domain/date.h"
#include "parquet/types.h"

namespace tapelab::dataset::testing {

using tapelab::testing::TempDir;

inline const domain::Date kDay = domain::Date::from_ymd(2025, 11, 18);

// IST wall time of kDay (or `day`) at hh:mm:ss.
std::int64_t at(int hour, int minute, int second, domain::Date day = kDay);

// A plausible row: every column set, book level 0 = (bid, ask), others empty.
TickRow make_row(std::int64_t timestamp, double price, std::int64_t volume, double bid = 0, double ask = 0,
                 std::uint16_t source = 0, std::uint32_t instrument = 0);

Source make_source(const std::string& key, std::int64_t recording_end);

// An option instrument with a made-up symbol (the builder never parses it).
Instrument make_option(domain::Date expiry, domain::OptionType type, std::int32_t strike, std::int32_t lot = 75);

// All rows of a file, column by column, concatenated over row groups.
struct Table {
  parquet::Schema schema;
  std::vector<parquet::ColumnData> columns;
  std::vector<std::int64_t> row_group_rows;
  const parquet::ColumnData& column(const std::string& name) const;
  std::size_t rows() const { return columns.empty() ? 0 : columns[0].size(); }
};
Table read_table(const std::filesystem::path& file);

std::string file_bytes(const std::filesystem::path& file);

}  // namespace tapelab::dataset::testing
