#include "report/regime_breakdown.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "engine/regimes.h"
#include "util/error.h"

namespace tapelab::report {
namespace {

// One structure's legs, in the records' order.
struct Structure {
  std::vector<const engine::TradeRecord*> legs;
};

int bucket_rank(const std::string& bucket) {
  static const std::vector<std::string> order = {"0", "1-2", "3-4", "5-6", "7+"};
  return static_cast<int>(std::find(order.begin(), order.end(), bucket) - order.begin());
}

int regime_rank(const std::string& regime) {
  return engine::regime_index(regime).value_or(engine::kRegimeNames.size());
}

}  // namespace

std::vector<RegimeRow> regime_breakdown(const engine::RunRecords& records, const TradeLabeler& label) {
  std::map<std::tuple<std::string, domain::Date, std::string, std::int64_t>, Structure> structures;
  for (const engine::TradeRecord& t : records.trades) {
    structures[{t.strategy, t.date, t.underlying, t.structure_id}].legs.push_back(&t);
  }
  std::map<std::string, std::size_t> strategy_rank;
  for (const engine::StrategyInfo& info : records.strategies) strategy_rank.emplace(info.name, strategy_rank.size());
  // (strategy rank, underlying, bucket rank, regime rank) -> row
  std::map<std::tuple<std::size_t, std::string, int, int>, RegimeRow> rows;
  for (const auto& [key, s] : structures) {
    const auto rank = strategy_rank.find(std::get<0>(key));
    if (rank == strategy_rank.end()) fail("trades name strategy '{}', which the run does not list", std::get<0>(key));
    const engine::TradeRecord* first = s.legs.front();
    domain::Date nearest = first->key.expiry;
    double net = 0;
    for (const engine::TradeRecord* leg : s.legs) {
      if (leg->entry_time < first->entry_time) first = leg;
      nearest = std::min(nearest, leg->key.expiry);
      net += leg->net;
    }
    TradeTruth truth = label(*first, nearest);
    RegimeRow& row =
        rows[{rank->second, first->underlying, bucket_rank(truth.dte_bucket), regime_rank(truth.regime)}];
    row.strategy = first->strategy;
    row.underlying = first->underlying;
    row.dte_bucket = std::move(truth.dte_bucket);
    row.regime = std::move(truth.regime);
    ++row.trades;
    row.wins += net > 0;
    row.losses += net < 0;
    for (const engine::TradeRecord* leg : s.legs) {
      ++row.legs;
      row.gross += leg->gross_rupees;
      row.costs += leg->costs;
      row.net += leg->net;
    }
  }
  std::vector<RegimeRow> out;
  out.reserve(rows.size());
  for (auto& [key, row] : rows) out.push_back(std::move(row));
  return out;
}

}  // namespace tapelab::report
