#include "report/summary_json.h"

#include <cmath>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/types.h"
#include "report/definitions.h"
#include "report/settings_json.h"
#include "report/text.h"

namespace tapelab::report {
namespace {

constexpr int kMoney = 2;
constexpr int kPercent = 4;
constexpr int kRatio = 6;

Json number(const std::optional<double>& value, int decimals) {
  if (!value || !std::isfinite(*value)) return nullptr;
  return rounded(*value, decimals);
}

Json day_figure(const std::optional<DayFigure>& day) {
  if (!day) return nullptr;
  return {{"date", day->date.to_string()}, {"net", rounded(day->net, kMoney)}};
}

Json periods_json(const std::vector<PeriodReturn>& periods) {
  Json out = Json::array();
  for (const auto& p : periods) {
    out.push_back({{"period", p.label},
                   {"days", p.days},
                   {"net", rounded(p.net, kMoney)},
                   {"peak_margin", rounded(p.peak_margin, kMoney)},
                   {"return_on_margin", number(p.return_on_margin, kRatio)}});
  }
  return out;
}

Json integrity_json(const Integrity& i) {
  Json rejected = Json::object();
  for (const auto& [reason, count] : i.rejected_orders) rejected[reason] = count;
  return {{"stale_exits", i.stale_exits},
          {"last_trade_exits", i.last_trade_exits},
          {"settled_exits", i.settled_exits},
          {"unpriced_exits", i.unpriced_exits},
          {"beyond_depth_exits", i.beyond_depth_exits},
          {"rejected_orders", rejected},
          {"crossed_book_skips", i.crossed_book_skips}};
}

Json metrics_json(const Metrics& m) {
  return {
      {"trades", m.trades},
      {"legs", m.legs},
      {"wins", m.wins},
      {"losses", m.losses},
      {"win_rate", number(m.win_rate, kRatio)},
      {"average_win", number(m.average_win, kMoney)},
      {"average_loss", number(m.average_loss, kMoney)},
      {"profit_factor", number(m.profit_factor, kRatio)},
      {"expectancy", number(m.expectancy, kMoney)},
      {"gross", rounded(m.gross, kMoney)},
      {"costs", rounded(m.costs, kMoney)},
      {"net", rounded(m.net, kMoney)},
      {"max_drawdown", rounded(m.max_drawdown, kMoney)},
      {"max_drawdown_pct_of_capital", number(m.max_drawdown_pct_of_capital, kPercent)},
      {"sharpe", number(m.sharpe, kRatio)},
      {"sortino", number(m.sortino, kRatio)},
      {"return_on_margin",
       {{"per_day", number(m.return_on_margin_per_day, kRatio)},
        {"per_week", number(m.return_on_margin_per_week, kRatio)},
        {"per_month", number(m.return_on_margin_per_month, kRatio)},
        {"total", number(m.return_on_margin_total, kRatio)}}},
      {"best_day", day_figure(m.best_day)},
      {"worst_day", day_figure(m.worst_day)},
      {"days", m.days},
      {"days_traded", m.days_traded},
      {"exposure", number(m.exposure, kRatio)},
      {"integrity", integrity_json(m.integrity)},
  };
}

Json by_underlying(const std::map<std::string, double>& figures, int decimals) {
  Json out = Json::object();
  for (const auto& [underlying, figure] : figures) out[underlying] = rounded(figure, decimals);
  return out;
}

}  // namespace

Json capital_json(const engine::CapitalConfig& c) {
  return {{"capital", rounded(c.capital, kMoney)},
          {"margin", engine::CapitalConfig::kMarginBasisNames.name(c.margin_basis)},
          {"margin_pct", by_underlying(c.margin_pct, kPercent)},
          {"default_margin_pct", rounded(c.default_margin_pct, kPercent)},
          {"margin_per_lot", by_underlying(c.margin_per_lot, kMoney)},
          {"annualization_days", c.annualization_days},
          {"risk_free_rate", c.risk_free_rate}};
}

Json execution_json(const engine::ExecutionConfig& e) {
  const bool flat = e.costs.model == engine::CostConfig::Model::kFlat;
  Json costs = {{"model", engine::CostConfig::kModelNames.name(e.costs.model)}};
  if (flat) {
    costs["flat_per_order"] = rounded(e.costs.flat_per_order, kMoney);
  } else {
    costs["brokerage_per_order"] = rounded(e.costs.brokerage_per_order, kMoney);
  }
  return {{"fill_model", engine::to_string(e.fill_model)},
          {"mark_model", engine::to_string(e.mark_model)},
          {"max_quote_age_seconds", e.max_quote_age_seconds},
          {"latency_seconds", e.latency_seconds},
          {"square_off", clock_text(std::int64_t{e.square_off_seconds} * domain::kNanosPerSecond)},
          {"depth_penalty_pct", e.depth_penalty_pct},
          {"use_crossed_books", e.use_crossed_books},
          {"costs", costs}};
}

std::string summary_json(const engine::RunRecords& records, const RunMetrics& metrics) {
  Json strategies = Json::array();
  for (std::size_t i = 0; i < records.strategies.size(); ++i) {
    const auto& info = records.strategies[i];
    const auto& m = metrics.strategies[i];
    strategies.push_back({{"name", info.name},
                          {"description", info.description},
                          {"execution", execution_json(info.execution)},
                          {"capital", capital_json(info.capital)},
                          {"metrics", metrics_json(m)},
                          {"weeks", periods_json(m.weeks)},
                          {"months", periods_json(m.months)}});
  }
  Json definitions = Json::object();
  for (const auto& d : kMetricDefinitions) definitions[std::string(d.term)] = d.text;
  const Json summary = {
      {"strategies", strategies},
      {"run",
       {{"capital", capital_json(metrics.portfolio_capital)},
        {"metrics", metrics_json(metrics.portfolio)},
        {"weeks", periods_json(metrics.portfolio.weeks)},
        {"months", periods_json(metrics.portfolio.months)}}},
      {"definitions", definitions},
  };
  // Replacing invalid UTF-8 (a hand-typed description) instead of throwing.
  return summary.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace tapelab::report
