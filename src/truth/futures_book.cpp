#include "truth/futures_book.h"

#include <algorithm>
#include <cstdint>

#include "truth/asof.h"

namespace tapelab::truth {

FuturesBook::FuturesBook(const market::DayTape& tape, const SessionGrid& grid, std::string_view what)
    : rows_(tape.futures_book), grid_(grid) {
  if (empty()) return;
  const SourceRows day = day_rows(rows_.time, grid, what);
  // Rows before the day (the logger's 1970 rows) trade nothing; from the
  // day's first row on, each adds what it lifts the running maximum by.
  rows_.vol_delta.assign(rows_.size(), 0);
  std::int64_t high = 0;
  for (std::size_t r = day.offset; r < rows_.size(); ++r) {
    const std::int64_t now = std::max(high, rows_.volume[r]);
    rows_.vol_delta[r] = now - high;
    high = now;
  }
  on_grid_.asof = asof_rows(day, grid);
  on_grid_.stamped = rows_in_second(day, grid);
}

}  // namespace tapelab::truth
