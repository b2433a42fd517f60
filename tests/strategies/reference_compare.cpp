#include "strategies/reference_compare.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "engine/runner.h"
#include "strategies/clock.h"
#include "strategies/config.h"
#include "support/generated_dataset.h"

namespace tapelab::strategies::testing {

std::vector<ReferenceStrategy> reference_strategies() {
  ReferenceStrategy s1{"S1", false, 0, {hhmm(9, 30)}, {}, {}, {}, hhmm(15, 25)};
  ReferenceStrategy a1{"A1", false, 0, {hhmm(9, 20), hhmm(13, 0)}, 0.5, 2.0, 90 * 60, hhmm(15, 15)};
  const std::vector<int> a2_entries = {hhmm(9, 20), hhmm(10, 0), hhmm(11, 0), hhmm(13, 0), hhmm(14, 0)};
  ReferenceStrategy a2{"A2", true, 1, a2_entries, 0.3, 1.5, 30 * 60, hhmm(15, 15)};
  // The generated days quote each contract every few minutes, so targets
  // and stops need old quotes to act on: tight thresholds, 10-minute quotes.
  ReferenceStrategy a1_tight{"A1-tight", false, 0, a1.entries, 0.05, 0.1, 90 * 60, hhmm(15, 15), 600};
  ReferenceStrategy a2_tight{"A2-tight", true, 1, a2_entries, 0.05, 0.1, 30 * 60, hhmm(15, 15), 600};
  // Several lots walk the book on entry, exit and square-off.
  ReferenceStrategy a1_lots = a1_tight;
  a1_lots.name = "A1-lots";
  a1_lots.lots = kReferenceLots;
  return {s1, a1, a2, a1_tight, a2_tight, a1_lots};
}

std::vector<ReferenceTrade> from_engine(const engine::RunRecords& records) {
  std::map<std::tuple<std::string, std::int32_t, std::string>, std::set<std::int64_t>> ids;
  for (const engine::TradeRecord& t : records.trades) ids[{t.strategy, t.date.days(), t.underlying}].insert(t.structure_id);
  std::vector<ReferenceTrade> out;
  for (const engine::TradeRecord& t : records.trades) {
    const auto& day_ids = ids[{t.strategy, t.date.days(), t.underlying}];
    ReferenceTrade r;
    r.strategy = t.strategy;
    r.date = t.date.to_string();
    r.underlying = t.underlying;
    r.structure = static_cast<int>(std::distance(day_ids.begin(), day_ids.find(t.structure_id))) + 1;
    r.expiry = t.key.expiry.to_string();
    r.type = std::string(domain::to_string(t.key.type));
    r.strike = t.key.strike;
    r.side = t.side == engine::Side::kBuy ? "buy" : "sell";
    r.quantity = t.quantity;
    r.entry_second = second_of_day(t.entry_time);
    r.exit_second = second_of_day(t.exit_time);
    r.entry_price = t.entry_price;
    r.exit_price = t.exit_price;
    r.reason = std::string(engine::to_string(t.exit_reason));
    r.pricing = std::string(engine::to_string(t.exit_pricing));
    r.beyond_depth = t.beyond_depth;
    r.gross = t.gross_rupees;
    r.costs = t.costs;
    r.net = t.net;
    out.push_back(r);
  }
  return out;
}

std::string line(const ReferenceTrade& t) {
  // "+ 0.0" prints a zero P&L the same whether it came out as 0 or -0.
  return fmt::format("{} {} {} #{} {} {} {} {} x{} {}->{} {:.6f}->{:.6f} {} ({}{}) gross {:.6f} costs {:.6f} net {:.6f}",
                     t.strategy, t.date, t.underlying, t.structure, t.side, t.expiry, t.type, t.strike, t.quantity,
                     format_clock(t.entry_second), format_clock(t.exit_second), t.entry_price, t.exit_price, t.reason,
                     t.pricing, t.beyond_depth ? ", beyond depth" : "", t.gross + 0.0, t.costs + 0.0, t.net + 0.0);
}

std::vector<std::string> lines(std::vector<ReferenceTrade> trades) {
  std::sort(trades.begin(), trades.end(), [](const ReferenceTrade& a, const ReferenceTrade& b) {
    return std::tie(a.strategy, a.date, a.underlying, a.structure, a.type, a.side, a.strike) <
           std::tie(b.strategy, b.date, b.underlying, b.structure, b.type, b.side, b.strike);
  });
  std::vector<std::string> out;
  for (const ReferenceTrade& t : trades) out.push_back(line(t));
  return out;
}

std::vector<std::string> engine_lines_for(const std::vector<std::string>& tomls) {
  std::vector<engine::StrategySpec> specs;
  for (const std::string& toml : tomls) specs.push_back(make_spec(parse_config(toml, "reference.toml").at(0)));
  engine::RunOptions options;
  options.dataset = tapelab::testing::generated_dataset();
  return lines(from_engine(engine::run_backtest(specs, options)));
}

std::vector<ReferenceTrade> reference_trades_for(const std::vector<ReferenceStrategy>& strategies) {
  std::vector<ReferenceTrade> reference;
  for (const ReferenceStrategy& s : strategies) {
    for (ReferenceTrade& t : reference_backtest(tapelab::testing::generated_dataset(), s)) {
      reference.push_back(std::move(t));
    }
  }
  return reference;
}

void expect_same_rows(const std::vector<std::string>& engine_lines, const std::vector<ReferenceTrade>& reference) {
  const std::vector<std::string> reference_lines = lines(reference);
  ASSERT_EQ(engine_lines.size(), reference_lines.size());
  for (std::size_t i = 0; i < engine_lines.size(); ++i) ASSERT_EQ(engine_lines[i], reference_lines[i]) << "row " << i;
}

}  // namespace tapelab::strategies::testing
