#include "ingest/checks.h"

#include <algorithm>
#include <tuple>

namespace tapelab::ingest {

std::vector<ExpiryContradiction> find_expiry_contradictions(
    const std::vector<ContractDays>& contracts, const std::map<std::string, std::set<domain::Date>>& days_with_data) {
  std::map<std::pair<std::string, domain::Date>, domain::Date> chain_last;
  for (const auto& c : contracts) {
    auto [it, fresh] = chain_last.try_emplace({c.underlying, c.expiry}, c.last_day);
    if (!fresh) it->second = std::max(it->second, c.last_day);
  }
  std::vector<ExpiryContradiction> out;
  for (const auto& c : contracts) {
    const domain::Date last = chain_last.at({c.underlying, c.expiry});
    if (c.last_day > c.expiry) {
      out.push_back({c.underlying, c.symbol, c.expiry, c.last_day, last, true});
      continue;
    }
    if (last >= c.expiry) continue;
    const auto days = days_with_data.find(c.underlying);
    if (days == days_with_data.end()) continue;
    const auto later = days->second.upper_bound(last);
    if (later != days->second.end() && *later <= c.expiry) {
      out.push_back({c.underlying, c.symbol, c.expiry, c.last_day, last, false});
    }
  }
  std::sort(out.begin(), out.end(), [](const ExpiryContradiction& a, const ExpiryContradiction& b) {
    return std::tie(a.underlying, a.expiry, a.symbol) < std::tie(b.underlying, b.expiry, b.symbol);
  });
  return out;
}

std::optional<LotMismatch> check_lot(const std::string& underlying, const std::string& symbol, std::int32_t table_lot,
                                     std::int64_t quantity_gcd) {
  if (quantity_gcd <= 0) return std::nullopt;
  if (table_lot > 0 && quantity_gcd % table_lot == 0) return std::nullopt;
  return LotMismatch{underlying, symbol, table_lot, quantity_gcd};
}

}  // namespace tapelab::ingest
