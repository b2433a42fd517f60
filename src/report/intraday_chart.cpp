#include "report/intraday_chart.h"

#include <map>
#include <set>

#include <fmt/format.h>

#include "report/svg_chart.h"
#include "report/text.h"

namespace tapelab::report {

std::size_t intraday_days(const engine::RunRecords& records) {
  std::set<domain::Date> dates;
  for (const auto& day : records.intraday) dates.insert(day.date);
  return dates.size();
}

std::string intraday_section(std::string_view name, const std::vector<const engine::IntradayRecord*>& days) {
  // Date -> minute -> P&L, summed over strategies and underlyings.
  std::map<domain::Date, std::map<domain::WallNanos, double>> by_date;
  for (const engine::IntradayRecord* day : days) {
    for (const auto& p : day->points) by_date[day->date][p.time] += p.realized + p.unrealized;
  }
  if (by_date.empty()) return "";
  ChartSpec chart;
  chart.title = fmt::format("{}: intraday P&L (marked to market, cumulative over the days, Rs)", name);
  chart.css_class = "intraday";
  double before = 0;  // the previous days' close
  for (const auto& [date, minutes] : by_date) {
    for (const auto& [time, pnl] : minutes) chart.values.push_back(before + pnl);
    before = chart.values.back();
  }
  const auto label = [](domain::Date date, domain::WallNanos time) {
    return fmt::format("{} {}", date.to_string(), clock_text(time).substr(0, 5));
  };
  chart.first_label = label(by_date.begin()->first, by_date.begin()->second.begin()->first);
  chart.last_label = label(by_date.rbegin()->first, by_date.rbegin()->second.rbegin()->first);
  return "<h3>Intraday P&amp;L (marked to market each minute)</h3>\n" + svg_chart(chart) + "\n";
}

}  // namespace tapelab::report
