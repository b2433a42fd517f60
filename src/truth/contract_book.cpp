#include "truth/contract_book.h"

#include <limits>

namespace tapelab::truth {

std::int64_t ContractBook::volume(std::size_t i) const {
  return c_ == nullptr ? 0 : traded_volume(o_, c_->stamped.first[i], c_->stamped.last[i]);
}

double ContractBook::d_mid(std::size_t i) const {
  if (!has_pair(i)) return std::numeric_limits<double>::quiet_NaN();
  return at(i).mid - at(i - 1).mid;
}

double ContractBook::ofi_5l(std::size_t i) const {
  if (!has_pair(i)) return std::numeric_limits<double>::quiet_NaN();
  double total = 0;
  for (const double e : order_flow_imbalance(o_, row(i - 1), row(i))) total += e;
  return total;
}

std::int64_t ContractBook::depth(std::size_t i, bool ask_side) const {
  const BookMetrics m = at(i);
  return ask_side ? m.ask_depth_5 : m.bid_depth_5;
}

}  // namespace tapelab::truth
