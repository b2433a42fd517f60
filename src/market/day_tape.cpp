#include "market/day_tape.h"

#include <algorithm>

namespace tapelab::market {

std::vector<domain::Date> DayTape::expiries() const {
  std::vector<domain::Date> out;
  for (const ContractSlice& c : contracts) {
    if (out.empty() || out.back() != c.expiry) out.push_back(c.expiry);
  }
  // File order is by expiry already; sorting keeps the promise for tapes
  // built by hand in tests.
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::size_t last_at_or_before(std::span<const domain::WallNanos> time, std::size_t begin, std::size_t end,
                              domain::WallNanos t) {
  const auto first = time.begin() + static_cast<std::ptrdiff_t>(begin);
  const auto last = time.begin() + static_cast<std::ptrdiff_t>(end);
  const auto it = std::upper_bound(first, last, t);
  if (it == first) return end;
  return static_cast<std::size_t>(it - time.begin()) - 1;
}

}  // namespace tapelab::market
