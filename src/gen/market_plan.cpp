#include "gen/market_plan.h"

#include <cmath>

#include <tbb/parallel_for.h>

#include "domain/contract.h"
#include "domain/trading_calendar.h"

namespace tapelab::gen {

std::vector<size_t> UnderlyingPlan::days_listed(const OptionSpec& spec) const {
  std::vector<size_t> days;
  for (size_t i = 0; i < rank_by_day.size(); ++i) {
    if (rank_by_day[i].count(spec.symbol)) days.push_back(i);
  }
  return days;
}

void plan_underlying(UnderlyingPlan& plan, const std::string& name, uint64_t seed,
                     const std::vector<domain::Date>& days, const domain::ExpiryCalendar& calendar,
                     const ScaleParams& scale) {
  plan.underlying = domain::find_underlying(name);
  const MarketModel model(seed, *plan.underlying);
  const size_t n = days.size();
  plan.listed.resize(n);
  plan.front.resize(n);
  for (size_t i = 0; i < n; ++i) {
    plan.listed[i] = listed_expiries(calendar, *plan.underlying, days[i], scale.expiries_listed);
    plan.front[i] = front_month(calendar, *plan.underlying, days[i]);
  }
  plan.spot.resize(n);
  tbb::parallel_for(size_t{0}, n, [&](size_t i) {
    plan.spot[i] = model.simulate_day(days[i], plan.listed[i].front().expiry.final == days[i]);
  });
  const auto& trading = domain::TradingCalendar::nse();
  for (size_t i = 0; i < n; ++i) {
    plan.tape.push_back({seed, plan.underlying, &plan.spot[i], &scale, trading.next_trading_day(days[i])});
  }
  plan.rank_by_day.resize(n);
  std::map<std::string, size_t> index;
  const int32_t step = plan.underlying->strike_step;
  for (size_t i = 0; i < n; ++i) {
    const auto low = static_cast<int32_t>(std::floor(plan.spot[i].low / step)) - scale.strikes_beyond_range;
    const auto high = static_cast<int32_t>(std::ceil(plan.spot[i].high / step)) + scale.strikes_beyond_range;
    for (size_t rank = 0; rank < plan.listed[i].size(); ++rank) {
      const auto& listed = plan.listed[i][rank];
      for (int32_t k = low; k <= high; ++k) {
        for (auto type : {domain::OptionType::kCall, domain::OptionType::kPut}) {
          auto symbol = domain::contract_symbol(name, listed.expiry.kind, listed.expiry.scheduled, k * step, type);
          if (!index.count(symbol)) {
            index[symbol] = plan.specs.size();
            plan.specs.push_back({symbol, listed, k * step, type});
          }
          plan.rank_by_day[i][symbol] = static_cast<int>(rank);
        }
      }
    }
  }
}

}  // namespace tapelab::gen
