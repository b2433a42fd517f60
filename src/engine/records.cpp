#include "engine/records.h"

#include <algorithm>
#include <tuple>

namespace tapelab::engine {

void sort_records(RunRecords& records) {
  std::stable_sort(records.trades.begin(), records.trades.end(), [](const TradeRecord& a, const TradeRecord& b) {
    return std::tie(a.strategy, a.date, a.underlying, a.entry_time, a.structure_id) <
           std::tie(b.strategy, b.date, b.underlying, b.entry_time, b.structure_id);
  });
  std::stable_sort(records.orders.begin(), records.orders.end(), [](const OrderRecord& a, const OrderRecord& b) {
    return std::tie(a.strategy, a.date, a.underlying, a.time, a.structure_id, a.order_id) <
           std::tie(b.strategy, b.date, b.underlying, b.time, b.structure_id, b.order_id);
  });
  const auto by_day = [](const auto& a, const auto& b) {
    return std::tie(a.strategy, a.date, a.underlying) < std::tie(b.strategy, b.date, b.underlying);
  };
  std::stable_sort(records.days.begin(), records.days.end(), by_day);
  std::stable_sort(records.intraday.begin(), records.intraday.end(), by_day);
}

}  // namespace tapelab::engine
