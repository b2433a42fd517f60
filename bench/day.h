// A synthetic trading day of one underlying's options, shaped like what ingest
// writes (docs/dataset.md#sort-order): rows grouped by contract in (expiry,
// opt_type, strike, timestamp) order, one tick about every second from 09:15 to
// 15:30 IST, prices on the 0.05 tick doing a random walk, book quantities in
// lots, cumulative volume. Deterministic for a given size.
#pragma once

#include <cstddef>
#include <vector>

#include "parquet/types.h"

namespace tapelab::bench {

struct Day {
  parquet::Schema schema;
  std::vector<parquet::ColumnData> columns;
  std::vector<std::size_t> contract_rows;  // rows per contract, in file order
};

// About `rows` rows (rounded to whole contracts).
Day make_day(std::size_t rows);

}  // namespace tapelab::bench
