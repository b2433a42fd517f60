#include "report/metrics.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "util/error.h"

namespace tapelab::report {
namespace {

using engine::DayRecord;
using engine::TradeRecord;

std::optional<double> ratio(double numerator, double denominator) {
  if (denominator == 0) return std::nullopt;
  return numerator / denominator;
}

std::optional<double> percent_of_capital(double rupees, double capital) {
  if (capital <= 0) return std::nullopt;
  return rupees / capital * 100;
}

// Sums the legs of each structure; the key orders structures deterministically.
std::vector<double> structure_nets(const std::vector<TradeRecord>& trades) {
  std::map<std::tuple<std::string, domain::Date, std::int64_t>, double> nets;
  for (const auto& t : trades) nets[{t.strategy, t.date, t.structure_id}] += t.net;
  std::vector<double> out;
  out.reserve(nets.size());
  for (const auto& [key, net] : nets) out.push_back(net);
  return out;
}

void count_exit(const TradeRecord& t, Integrity& integrity) {
  switch (t.exit_pricing) {
    case engine::ExitPricing::kQuote: break;
    case engine::ExitPricing::kStale: ++integrity.stale_exits; break;
    case engine::ExitPricing::kLastTrade: ++integrity.last_trade_exits; break;
    case engine::ExitPricing::kSettled: ++integrity.settled_exits; break;
    case engine::ExitPricing::kUnpriced: ++integrity.unpriced_exits; break;
  }
  if (t.beyond_depth) ++integrity.beyond_depth_exits;
}

void add_rejections(const std::vector<engine::OrderRecord>& orders, Integrity& integrity) {
  for (const auto& o : orders) {
    if (o.status == engine::OrderStatus::kRejected) ++integrity.rejected_orders[o.reason];
  }
}

void add_trade_figures(const std::vector<TradeRecord>& trades, Metrics& m) {
  m.legs = static_cast<std::int64_t>(trades.size());
  for (const auto& t : trades) {
    m.gross += t.gross_rupees;
    m.costs += t.costs;
    m.net += t.net;
    count_exit(t, m.integrity);
  }
  double won = 0;
  double lost = 0;
  for (double net : structure_nets(trades)) {
    ++m.trades;
    if (net > 0) {
      ++m.wins;
      won += net;
    } else if (net < 0) {
      ++m.losses;
      lost += net;
    }
  }
  m.win_rate = ratio(static_cast<double>(m.wins), static_cast<double>(m.trades));
  m.average_win = ratio(won, static_cast<double>(m.wins));
  m.average_loss = ratio(lost, static_cast<double>(m.losses));
  m.profit_factor = ratio(won, -lost);
  m.expectancy = ratio(m.net, static_cast<double>(m.trades));
}

std::vector<DailyPoint> daily_curve(const std::vector<DayRecord>& days, double capital) {
  std::map<domain::Date, DailyPoint> by_date;
  for (const auto& d : days) {
    DailyPoint& p = by_date[d.date];
    p.date = d.date;
    p.trades += d.trades;
    p.gross += d.gross;
    p.costs += d.costs;
    p.net += d.net;
    p.margin += d.margin;
  }
  std::vector<DailyPoint> curve;
  curve.reserve(by_date.size());
  double equity = 0;
  double peak = 0;
  for (auto& [date, p] : by_date) {
    equity += p.net;
    peak = std::max(peak, equity);
    p.equity = equity;
    p.drawdown = peak - equity;
    p.drawdown_pct_of_capital = percent_of_capital(p.drawdown, capital);
    p.return_on_margin = p.margin > 0 ? ratio(p.net, p.margin) : std::nullopt;
    curve.push_back(p);
  }
  return curve;
}

// Groups the curve's days into periods named by `label_of` (consecutive days
// share a period because the curve is in date order).
std::vector<PeriodReturn> group_periods(const std::vector<DailyPoint>& curve,
                                        const std::function<std::string(domain::Date)>& label_of) {
  std::vector<PeriodReturn> periods;
  for (const auto& p : curve) {
    std::string label = label_of(p.date);
    if (periods.empty() || periods.back().label != label) {
      PeriodReturn period;
      period.label = std::move(label);
      period.first_day = p.date;
      periods.push_back(std::move(period));
    }
    PeriodReturn& period = periods.back();
    period.last_day = p.date;
    ++period.days;
    period.net += p.net;
    period.peak_margin = std::max(period.peak_margin, p.margin);
  }
  for (auto& period : periods) {
    if (period.peak_margin > 0) period.return_on_margin = period.net / period.peak_margin;
  }
  return periods;
}

std::optional<double> mean_return(const std::vector<PeriodReturn>& periods) {
  double sum = 0;
  int count = 0;
  for (const auto& p : periods) {
    if (!p.return_on_margin) continue;
    sum += *p.return_on_margin;
    ++count;
  }
  return ratio(sum, count);
}

void add_risk_ratios(const std::vector<DailyPoint>& curve, const engine::CapitalConfig& capital, Metrics& m) {
  const bool any_margin =
      std::any_of(curve.begin(), curve.end(), [](const DailyPoint& p) { return p.margin > 0; });
  if (curve.size() < 2 || !any_margin || capital.annualization_days <= 0) return;
  std::vector<double> r;
  r.reserve(curve.size());
  for (const auto& p : curve) r.push_back(p.return_on_margin.value_or(0.0));
  const double n = static_cast<double>(r.size());
  const double rf = capital.risk_free_rate / capital.annualization_days;
  double mean = 0;
  for (double x : r) mean += x;
  mean /= n;
  double squares = 0;
  double downside_squares = 0;
  for (double x : r) {
    squares += (x - mean) * (x - mean);
    const double shortfall = std::min(0.0, x - rf);
    downside_squares += shortfall * shortfall;
  }
  const double scale = std::sqrt(capital.annualization_days);
  const double sd = std::sqrt(squares / (n - 1));
  const double downside = std::sqrt(downside_squares / n);
  if (sd > 0) m.sharpe = (mean - rf) / sd * scale;
  if (downside > 0) m.sortino = (mean - rf) / downside * scale;
}

void add_daily_figures(const std::vector<DayRecord>& days, const engine::CapitalConfig& capital, Metrics& m) {
  m.daily = daily_curve(days, capital.capital);
  m.days = static_cast<std::int32_t>(m.daily.size());
  double peak_margin = 0;
  for (const auto& p : m.daily) {
    m.max_drawdown = std::max(m.max_drawdown, p.drawdown);
    peak_margin = std::max(peak_margin, p.margin);
    if (p.trades > 0) ++m.days_traded;
    if (!m.best_day || p.net > m.best_day->net) m.best_day = DayFigure{p.date, p.net};
    if (!m.worst_day || p.net < m.worst_day->net) m.worst_day = DayFigure{p.date, p.net};
  }
  m.max_drawdown_pct_of_capital = percent_of_capital(m.max_drawdown, capital.capital);
  m.exposure = ratio(m.days_traded, m.days);

  m.weeks = group_periods(m.daily, [](domain::Date d) { return (d - static_cast<std::int32_t>(d.weekday())).to_string(); });
  m.months = group_periods(m.daily, [](domain::Date d) { return fmt::format("{:04}-{:02}", d.year(), d.month()); });
  const auto days_as_periods = group_periods(m.daily, [](domain::Date d) { return d.to_string(); });
  m.return_on_margin_per_day = mean_return(days_as_periods);
  m.return_on_margin_per_week = mean_return(m.weeks);
  m.return_on_margin_per_month = mean_return(m.months);
  if (peak_margin > 0) {
    double net = 0;
    for (const auto& p : m.daily) net += p.net;
    m.return_on_margin_total = net / peak_margin;
  }
  add_risk_ratios(m.daily, capital, m);
}

}  // namespace

std::string rejections_text(const Integrity& integrity) {
  std::string out;
  for (const auto& [reason, count] : integrity.rejected_orders) {
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", reason, count);
  }
  return out.empty() ? "none" : out;
}

Metrics compute_metrics(const std::vector<TradeRecord>& trades, const std::vector<DayRecord>& days,
                        const engine::CapitalConfig& capital) {
  Metrics m;
  add_trade_figures(trades, m);
  add_daily_figures(days, capital, m);
  for (const auto& d : days) m.integrity.crossed_book_skips += d.crossed_book_skips;
  return m;
}

RunMetrics compute_run_metrics(const engine::RunRecords& records) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < records.strategies.size(); ++i) index.emplace(records.strategies[i].name, i);
  const auto strategy_index = [&](const std::string& name) {
    const auto it = index.find(name);
    if (it == index.end()) fail("report: records name strategy '{}' that the run does not list", name);
    return it->second;
  };
  std::vector<std::vector<TradeRecord>> trades(records.strategies.size());
  std::vector<std::vector<DayRecord>> days(records.strategies.size());
  std::vector<std::vector<engine::OrderRecord>> orders(records.strategies.size());
  for (const auto& t : records.trades) trades[strategy_index(t.strategy)].push_back(t);
  for (const auto& d : records.days) days[strategy_index(d.strategy)].push_back(d);
  for (const auto& o : records.orders) orders[strategy_index(o.strategy)].push_back(o);

  RunMetrics out;
  for (std::size_t i = 0; i < records.strategies.size(); ++i) {
    out.strategies.push_back(compute_metrics(trades[i], days[i], records.strategies[i].capital));
    add_rejections(orders[i], out.strategies.back().integrity);
  }
  if (!records.strategies.empty()) {
    out.portfolio_capital = records.strategies.front().capital;
    out.portfolio_capital.capital = 0;
    for (const auto& s : records.strategies) out.portfolio_capital.capital += s.capital.capital;
  }
  out.portfolio = compute_metrics(records.trades, records.days, out.portfolio_capital);
  add_rejections(records.orders, out.portfolio.integrity);
  return out;
}

}  // namespace tapelab::report
