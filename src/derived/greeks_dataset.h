// `tapelab dataset greeks`: a derived dataset whose options partitions carry
// per-row IV and Greeks, for users who want them stored.
//
// The derived dataset has the source's layout (docs/dataset.md#layout): each
// selected options partition is written again with the same rows, sort order,
// row groups and column values, plus these nullable DOUBLE columns at the end
//
//   iv, delta, gamma, theta, vega   from the row's own mid (engine/greeks.h
//                                   for the units); null without a solution
//   greeks_underlying               the forward (Black-76) or spot priced on
//   greeks_years                    time to expiry on the configured basis
//
// and a STRING column `greeks_status` ("ok" or the reason there is no IV:
// "no-quote", "no-forward", "at-or-below-intrinsic", ...). Each row is priced
// as of its own timestamp, never later (derived/greeks_columns.h). The
// config is in each file's key-value metadata under "tapelab.greeks". The
// day's spot and futures partitions are copied as they are, so the derived
// dataset is a whole dataset: DuckDB, Polars and `tapelab backtest` read it.
//
// Writing goes through the dataset Publisher: every file is staged, then all
// are published at once, so a run that fails or is killed leaves an existing
// output exactly as it was. Memory: one partition's tape (time, top of book)
// and its derived columns, ~100 bytes a row, and one row group being copied.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "engine/config.h"
#include "market/loader.h"

namespace tapelab::derived {

struct GreeksDatasetOptions {
  market::DaySelection days;
  engine::GreeksConfig greeks;
};

struct GreeksDatasetReport {
  std::int64_t option_partitions = 0;
  std::int64_t series_partitions = 0;  // spot and futures partitions copied
  std::int64_t rows = 0;               // option rows written
  std::int64_t rows_with_iv = 0;
  std::map<std::string, std::int64_t> rows_without_iv;  // by greeks_status
};

// Writes (or updates) the derived dataset `out` from `dataset`. `out` must be
// a new or empty folder, or a derived Greeks dataset (its selected days are
// replaced, the others kept); never the source itself or a plain dataset.
// Throws Error naming the path for anything else.
GreeksDatasetReport write_greeks_dataset(const std::filesystem::path& dataset, const std::filesystem::path& out,
                                         const GreeksDatasetOptions& options);

}  // namespace tapelab::derived
