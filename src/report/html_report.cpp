#include "report/html_report.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "engine/types.h"
#include "report/definitions.h"
#include "report/intraday_chart.h"
#include "report/svg_chart.h"
#include "report/text.h"
#include "util/error.h"

namespace tapelab::report {
namespace {

constexpr std::string_view kAbsent = "&mdash;";

constexpr std::string_view kStyle = R"(body{font-family:system-ui,sans-serif;margin:24px;color:#1d232a;background:#fff}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccd}h3{font-size:15px}
table{border-collapse:collapse;font-size:12px;margin:8px 0;display:block;max-width:100%;overflow-x:auto}th,td{border:1px solid #dde;padding:3px 6px}
th{background:#f1f3f7;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
td.neg{color:#b3261e}.note{color:#666;font-size:12px}dl{font-size:13px}dt{font-weight:600}
svg.chart{width:100%;max-width:760px;height:auto;display:block;margin:8px 0}
svg .line{fill:none;stroke-width:1.5}svg.equity .line,svg.intraday .line{stroke:#1f5fbf}svg.drawdown .line{stroke:#b3261e}
svg .area{fill:#f3c7c3;stroke:none}svg .zero{stroke:#999;stroke-dasharray:4 3}svg text{font-size:11px;fill:#444})";

std::string cell(std::string_view text) { return fmt::format("<td>{}</td>", html_escape(text)); }

// A number cell: right-aligned, red when negative, a dash when absent.
std::string number_cell(const std::optional<double>& value, int decimals, std::string_view suffix = "") {
  if (!value) return fmt::format("<td class=\"n\">{}</td>", kAbsent);
  const std::string text = fixed(*value, decimals);
  return fmt::format("<td class=\"n{}\">{}{}</td>", text.starts_with('-') ? " neg" : "", text, suffix);
}
std::string money_cell(double value) { return number_cell(value, 2); }
std::string percent_cell(const std::optional<double>& fraction, int decimals) {
  return number_cell(fraction ? std::optional<double>(*fraction * 100) : std::nullopt, decimals, "%");
}
std::string count_cell(std::int64_t value) { return fmt::format("<td class=\"n\">{}</td>", value); }

std::string header_row(std::initializer_list<std::string_view> names) {
  std::string out = "<tr>";
  for (auto name : names) out += fmt::format("<th>{}</th>", html_escape(name));
  return out + "</tr>\n";
}

std::string capped_note(std::size_t shown, std::size_t total, std::string_view csv) {
  if (shown >= total) return "";
  return fmt::format("<p class=\"note\">Showing the first {} of {} rows; {} holds all of them.</p>\n", shown, total,
                     csv);
}

std::string day_text(const std::optional<DayFigure>& day) {
  if (!day) return std::string(kAbsent);
  return fmt::format("{} on {}", fixed(day->net, 2), day->date.to_string());
}

std::string summary_row(std::string_view name, const Metrics& m) {
  std::string out = "<tr>" + cell(name);
  out += count_cell(m.trades) + count_cell(m.legs) + percent_cell(m.win_rate, 2);
  out += number_cell(m.average_win, 2) + number_cell(m.average_loss, 2) + number_cell(m.profit_factor, 2);
  out += number_cell(m.expectancy, 2) + money_cell(m.gross) + money_cell(m.costs) + money_cell(m.net);
  out += money_cell(m.max_drawdown) + number_cell(m.max_drawdown_pct_of_capital, 2, "%");
  out += number_cell(m.sharpe, 2) + number_cell(m.sortino, 2);
  out += percent_cell(m.return_on_margin_per_day, 3) + percent_cell(m.return_on_margin_per_week, 3) +
         percent_cell(m.return_on_margin_per_month, 3);
  out += fmt::format("<td>{}</td><td>{}</td>", day_text(m.best_day), day_text(m.worst_day));
  out += fmt::format("<td class=\"n\">{} / {}</td>", m.days_traded, m.days);
  const Integrity& i = m.integrity;
  out += count_cell(i.stale_exits) + count_cell(i.last_trade_exits) + count_cell(i.settled_exits) +
         count_cell(i.unpriced_exits) + count_cell(i.beyond_depth_exits) + cell(rejections_text(i)) +
         count_cell(i.crossed_book_skips);
  return out + "</tr>\n";
}

std::string summary_table(const engine::RunRecords& records, const RunMetrics& metrics) {
  std::string out = "<table class=\"summary\">\n";
  out += header_row({"strategy", "trades", "legs", "win rate", "avg win", "avg loss", "profit factor", "expectancy",
                     "gross", "costs", "net", "max drawdown", "max DD % capital", "Sharpe", "Sortino",
                     "RoM / day", "RoM / week", "RoM / month", "best day", "worst day", "days traded / days",
                     "stale exits", "last-trade exits", "settled exits", "unpriced exits", "beyond-depth exits",
                     "rejected orders", "crossed-book skips"});
  for (std::size_t i = 0; i < records.strategies.size(); ++i) {
    out += summary_row(records.strategies[i].name, metrics.strategies[i]);
  }
  out += summary_row("all strategies", metrics.portfolio);
  return out + "</table>\n";
}

std::string charts(std::string_view name, const Metrics& m) {
  ChartSpec equity;
  equity.title = fmt::format("{}: equity (cumulative net, Rs)", name);
  equity.css_class = "equity";
  ChartSpec drawdown;
  drawdown.title = fmt::format("{}: drawdown (Rs)", name);
  drawdown.css_class = "drawdown";
  drawdown.fill_to_zero = true;
  for (const auto& p : m.daily) {
    equity.values.push_back(p.equity);
    drawdown.values.push_back(-p.drawdown);
  }
  if (!m.daily.empty()) {
    for (ChartSpec* chart : {&equity, &drawdown}) {
      chart->first_label = m.daily.front().date.to_string();
      chart->last_label = m.daily.back().date.to_string();
    }
  }
  return fmt::format("<h3>Equity</h3>\n{}\n<h3>Drawdown</h3>\n{}\n", svg_chart(equity), svg_chart(drawdown));
}

// Years down, months across, as traders read a P&L calendar.
std::string monthly_grid(const Metrics& m) {
  std::map<int, std::map<unsigned, double>> by_year;
  for (const auto& period : m.months) by_year[period.first_day.year()][period.first_day.month()] = period.net;
  std::string out = "<h3>Monthly P&amp;L (net, Rs)</h3>\n<table class=\"monthly\">\n";
  out += header_row({"year", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
                     "total"});
  for (const auto& [year, months] : by_year) {
    out += fmt::format("<tr><td>{}</td>", year);
    double total = 0;
    for (unsigned month = 1; month <= 12; ++month) {
      const auto it = months.find(month);
      if (it == months.end()) {
        out += "<td></td>";
        continue;
      }
      total += it->second;
      out += money_cell(it->second);
    }
    out += money_cell(total) + "</tr>\n";
  }
  return out + "</table>\n";
}

std::string period_table(std::string_view title, std::string_view first_column,
                         const std::vector<PeriodReturn>& periods) {
  std::string out = fmt::format("<h3>{}</h3>\n<table class=\"periods\">\n", title);
  out += header_row({first_column, "days", "net", "peak margin", "return on margin"});
  for (const auto& p : periods) {
    out += "<tr>" + cell(p.label) + count_cell(p.days) + money_cell(p.net) + money_cell(p.peak_margin) +
           percent_cell(p.return_on_margin, 3) + "</tr>\n";
  }
  return out + "</table>\n";
}

std::string daily_table(const Metrics& m) {
  std::string out = "<h3>Return on margin per day</h3>\n<table class=\"daily\">\n";
  out += header_row({"date", "legs closed", "gross", "costs", "net", "margin", "return on margin", "equity",
                     "drawdown"});
  const std::size_t shown = std::min(m.daily.size(), kMaxDayRows);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& p = m.daily[i];
    out += "<tr>" + cell(p.date.to_string()) + count_cell(p.trades) + money_cell(p.gross) + money_cell(p.costs) +
           money_cell(p.net) + money_cell(p.margin) + percent_cell(p.return_on_margin, 3) + money_cell(p.equity) +
           money_cell(p.drawdown) + "</tr>\n";
  }
  return out + "</table>\n" + capped_note(shown, m.daily.size(), "daily.csv");
}

// Empty for a fill against a fresh quote: the table shows only the exceptions.
std::string exit_pricing_text(const engine::TradeRecord& t) {
  std::string out;
  if (t.exit_pricing != engine::ExitPricing::kQuote) {
    out = fmt::format("{} ({} s)", engine::to_string(t.exit_pricing), t.exit_quote_age_seconds);
  }
  if (t.beyond_depth) out += out.empty() ? "beyond depth" : ", beyond depth";
  return out;
}

std::string trade_table(const std::vector<const engine::TradeRecord*>& trades) {
  std::string out = "<h3>Trades (one row per leg round trip)</h3>\n<table class=\"trades\">\n";
  out += header_row({"date", "structure", "entry", "exit", "underlying", "expiry", "strike", "type", "side", "lots",
                     "qty", "entry price", "exit price", "fill", "exit reason", "exit pricing", "gross pts", "gross",
                     "costs", "net"});
  const std::size_t shown = std::min(trades.size(), kMaxTradeRows);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& t = *trades[i];
    out += "<tr>" + cell(t.date.to_string()) + count_cell(t.structure_id) + cell(clock_text(t.entry_time)) +
           cell(clock_text(t.exit_time)) + cell(t.underlying) + cell(t.key.expiry.to_string()) +
           count_cell(t.key.strike) + cell(domain::to_string(t.key.type)) + cell(engine::to_string(t.side)) +
           count_cell(t.lots) + count_cell(t.quantity) + money_cell(t.entry_price) + money_cell(t.exit_price) +
           cell(engine::to_string(t.fill_model)) + cell(engine::to_string(t.exit_reason)) +
           cell(exit_pricing_text(t)) +
           money_cell(t.gross_points) + money_cell(t.gross_rupees) + money_cell(t.costs) + money_cell(t.net) +
           "</tr>\n";
  }
  return out + "</table>\n" + capped_note(shown, trades.size(), "trades.csv");
}

std::string settings(const engine::StrategyInfo& info) {
  const auto& e = info.execution;
  const auto& c = info.capital;
  const bool per_lot = c.margin_basis == engine::CapitalConfig::MarginBasis::kPerLot;
  std::string margins = per_lot ? "margin per lot " : "margin % of notional ";
  std::string figures;
  for (const auto& [underlying, margin] : per_lot ? c.margin_per_lot : c.margin_pct) {
    figures += fmt::format("{}{} {}", figures.empty() ? "" : ", ", html_escape(underlying), fixed(margin, 2));
  }
  margins += figures;
  if (!per_lot) margins += fmt::format(", others {}", fixed(c.default_margin_pct, 2));
  const bool flat = e.costs.model == engine::CostConfig::Model::kFlat;
  const std::string costs = flat ? fmt::format("flat, Rs {} per order", fixed(e.costs.flat_per_order, 2))
                                 : fmt::format("statutory, brokerage Rs {} per order",
                                               fixed(e.costs.brokerage_per_order, 2));
  return fmt::format(
      "<p>{}</p>\n<p class=\"note\">fill model {}; marks {}; max quote age {} s; latency {} s; square-off {}; "
      "costs {}; capital Rs {}; {}; Sharpe/Sortino over {} days a year, risk-free rate {}</p>\n",
      html_escape(info.description), engine::to_string(e.fill_model), engine::to_string(e.mark_model),
      e.max_quote_age_seconds, e.latency_seconds,
      clock_text(std::int64_t{e.square_off_seconds} * domain::kNanosPerSecond), costs, fixed(c.capital, 2), margins,
      fixed(c.annualization_days, 0), fixed(c.risk_free_rate, 4));
}

std::string performance_sections(std::string_view name, const Metrics& m) {
  return charts(name, m) + monthly_grid(m) + period_table("Return on margin per month", "month", m.months) +
         period_table("Return on margin per week", "week (Monday)", m.weeks) + daily_table(m);
}

std::string definitions_list() {
  std::string out = "<h2 id=\"definitions\">Definitions</h2>\n<dl>\n";
  for (const auto& d : kMetricDefinitions) {
    out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", html_escape(d.term), html_escape(d.text));
  }
  return out + "</dl>\n";
}

std::string regime_section(const std::vector<RegimeRow>& rows) {
  std::string out =
      "<section id=\"by-regime\">\n<h2>P&amp;L by DTE bucket and regime at entry</h2>\n"
      "<p class=\"note\">From the market truth (<code>--truth</code>): each trade in the DTE bucket of its "
      "nearest expiry and the regime of its entry second. by_regime.csv holds the same rows.</p>\n<table>\n";
  out += header_row({"strategy", "underlying", "DTE", "regime", "trades", "wins", "losses", "win rate", "legs",
                     "gross", "costs", "net", "net per trade"});
  for (const RegimeRow& r : rows) {
    const double trades = static_cast<double>(r.trades);
    out += "<tr>" + cell(r.strategy) + cell(r.underlying) + cell(r.dte_bucket) + cell(r.regime) + count_cell(r.trades) +
           count_cell(r.wins) + count_cell(r.losses) + percent_cell(static_cast<double>(r.wins) / trades, 1) +
           count_cell(r.legs) + money_cell(r.gross) + money_cell(r.costs) + money_cell(r.net) +
           money_cell(r.net / trades) + "</tr>\n";
  }
  return out + "</table>\n</section>\n";
}

}  // namespace

std::string report_html(const engine::RunRecords& records, const RunMetrics& metrics,
                        const std::vector<RegimeRow>* by_regime) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>tapelab backtest report</title>\n<style>\n{}\n</style>\n</head>\n<body>\n"
      "<h1>tapelab backtest report</h1>\n",
      kStyle);
  out += fmt::format("<p>{} strategies, {} leg round trips over {} days. Rupees unless marked; times IST.</p>\n",
                     records.strategies.size(), records.trades.size(), metrics.portfolio.days);
  out += "<h2>Summary</h2>\n" + summary_table(records, metrics);
  out += "<p class=\"note\">A trade is one structure (the legs of one entry); RoM is return on margin. "
         "<a href=\"#definitions\">Definitions</a> at the end of the page.</p>\n";
  if (by_regime) out += regime_section(*by_regime);

  std::vector<std::vector<const engine::TradeRecord*>> trades(records.strategies.size());
  std::map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < records.strategies.size(); ++i) index.emplace(records.strategies[i].name, i);
  for (const auto& t : records.trades) {
    // compute_run_metrics already rejected records of unlisted strategies.
    trades[index.at(t.strategy)].push_back(&t);
  }
  // The intraday path only for a short run (intraday_chart.h); empty lists draw nothing.
  const bool short_run = intraday_days(records) <= kMaxIntradayDays;
  std::vector<std::vector<const engine::IntradayRecord*>> intraday(records.strategies.size());
  std::vector<const engine::IntradayRecord*> all_intraday;
  for (const auto& day : records.intraday) {
    const auto it = index.find(day.strategy);
    if (it == index.end()) fail("intraday records name strategy '{}', which the run does not list", day.strategy);
    if (!short_run) continue;
    intraday[it->second].push_back(&day);
    all_intraday.push_back(&day);
  }
  for (std::size_t i = 0; i < records.strategies.size(); ++i) {
    const auto& info = records.strategies[i];
    out += fmt::format("<section id=\"strategy-{}\">\n<h2>{}</h2>\n", i + 1, html_escape(info.name));
    out += settings(info) + intraday_section(info.name, intraday[i]) +
           performance_sections(info.name, metrics.strategies[i]) + trade_table(trades[i]);
    out += "</section>\n";
  }
  out += "<section id=\"run\">\n<h2>All strategies together</h2>\n";
  out += fmt::format("<p class=\"note\">capital Rs {} (the strategies' capitals summed)</p>\n",
                     fixed(metrics.portfolio_capital.capital, 2));
  out += intraday_section("all strategies", all_intraday) + performance_sections("all strategies", metrics.portfolio) +
         "</section>\n";
  out += definitions_list() + "</body>\n</html>\n";
  return out;
}

}  // namespace tapelab::report
