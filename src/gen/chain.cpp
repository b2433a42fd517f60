#include "gen/chain.h"

#include "domain/lot_size.h"
#include "util/error.h"

namespace tapelab::gen {
namespace {

ListedExpiry with_lot(const domain::Expiry& expiry, const domain::Underlying& underlying) {
  const auto lot = domain::lot_size(underlying.name, expiry.final, expiry.kind);
  if (!lot) {
    fail("gen: no lot size for {} {} expiry {} in the lot-size table", underlying.name,
         domain::to_string(expiry.kind), expiry.final.to_string());
  }
  return {expiry, *lot,
          static_cast<int64_t>(expiry.final.days()) * 86400 + underlying.session_close_seconds};
}

}  // namespace

std::vector<ListedExpiry> listed_expiries(const domain::ExpiryCalendar& calendar,
                                          const domain::Underlying& underlying, domain::Date d, int count) {
  std::vector<ListedExpiry> listed;
  for (const auto& expiry : calendar.expiries(underlying.name, d, d + 150)) {
    if (!listed.empty() && listed.back().expiry.final == expiry.final) {
      // Sorted weekly first: the monthly of the same date replaces the weekly.
      if (expiry.kind == domain::ExpiryKind::kMonthly) listed.back() = with_lot(expiry, underlying);
      continue;
    }
    if (static_cast<int>(listed.size()) == count) break;
    listed.push_back(with_lot(expiry, underlying));
  }
  if (listed.empty()) fail("gen: the expiry calendar lists no {} expiry after {}", underlying.name, d.to_string());
  return listed;
}

ListedExpiry front_month(const domain::ExpiryCalendar& calendar, const domain::Underlying& underlying,
                         domain::Date d) {
  int year = d.year();
  unsigned month = d.month();
  for (int i = 0; i < 3; ++i) {
    const auto expiry = calendar.monthly_for(underlying.name, year, month);
    if (expiry && expiry->final >= d) return with_lot(*expiry, underlying);
    if (++month == 13) {
      month = 1;
      ++year;
    }
  }
  fail("gen: the expiry calendar lists no {} monthly expiry after {}", underlying.name, d.to_string());
}

}  // namespace tapelab::gen
