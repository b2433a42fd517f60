#include "market/day_tape.h"

#include <algorithm>

namespace tapelab::market {

std::vector<domain::Date> DayTape::expiries() const {
  std::vector<domain::Date> out;
  for (const ContractSlice& c : contracts) {
    if (out.empty() || out.back() != c.expiry) out.push_back(c.expiry);
  }
  for (const UnloadedContract& c : unloaded) out.push_back(c.expiry);
  // File order is by expiry already; sorting keeps the promise for tapes
  // built by hand in tests.
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace tapelab::market
