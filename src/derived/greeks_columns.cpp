#include "derived/greeks_columns.h"

#include <algorithm>
#include <cstdint>
#include <numeric>

#include "engine/market_view.h"

namespace tapelab::derived {

GreeksColumns compute_greeks_columns(const market::DayTape& tape, const engine::GreeksConfig& config) {
  const market::OptionColumns& o = tape.options;
  const std::size_t rows = o.size();
  std::vector<std::uint32_t> contract_of(rows);
  for (std::uint32_t c = 0; c < tape.contracts.size(); ++c) {
    std::fill(contract_of.begin() + static_cast<std::ptrdiff_t>(tape.contracts[c].begin),
              contract_of.begin() + static_cast<std::ptrdiff_t>(tape.contracts[c].end), c);
  }
  // Time order across contracts (file order within one timestamp).
  std::vector<std::uint32_t> order(rows);
  std::iota(order.begin(), order.end(), 0U);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return o.time[a] < o.time[b]; });

  GreeksColumns out;
  out.status.resize(rows);
  for (auto* column : {&out.iv, &out.delta, &out.gamma, &out.theta, &out.vega, &out.underlying, &out.years}) {
    column->resize(rows);
  }
  engine::MarketView view(tape);
  const engine::ChainGreeks greeks(view, config);
  for (const std::uint32_t row : order) {
    view.advance_to(o.time[row]);
    const market::ContractSlice& c = tape.contracts[contract_of[row]];
    const engine::OptionKey key{c.expiry, c.type, c.strike};
    const double bid = o.bid_price[0][row];
    const double ask = o.ask_price[0][row];
    engine::OptionGreeks g;  // no mid: no-quote, no numbers
    if (bid > 0 && ask > 0) {
      g = greeks.at_premium(key, (bid + ask) / 2);  // the row's own mid, as mid_price stores it
    } else {
      g.years = greeks.years(key.expiry);
    }
    out.status[row] = g.status;
    out.iv[row] = g.iv;
    out.delta[row] = g.delta;
    out.gamma[row] = g.gamma;
    out.theta[row] = g.theta;
    out.vega[row] = g.vega;
    out.underlying[row] = g.underlying;
    out.years[row] = g.years;
  }
  return out;
}

}  // namespace tapelab::derived
