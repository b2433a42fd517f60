#include "dataset/tick_row.h"

namespace tapelab::dataset {

const std::array<std::string_view, kDumpColumnCount>& dump_columns() {
  static const std::array<std::string_view, kDumpColumnCount> names = {
      "timestamp", "price", "qty",  "avgPrice", "volume",  "bQty",   "sQty",  "open",
      "high",      "low",   "close", "changeper", "lastTradeTime", "oi", "oiHigh", "oiLow",
      "bq0", "bp0", "bo0", "bq1", "bp1", "bo1", "bq2", "bp2", "bo2", "bq3", "bp3", "bo3",
      "bq4", "bp4", "bo4",
      "sq0", "sp0", "so0", "sq1", "sp1", "so1", "sq2", "sp2", "so2", "sq3", "sp3", "so3",
      "sq4", "sp4", "so4"};
  return names;
}

}  // namespace tapelab::dataset
