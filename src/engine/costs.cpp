#include "engine/costs.h"

#include <algorithm>
#include <string>
#include <utility>

#include "domain/csv.h"
#include "util/error.h"

namespace tapelab::embedded {
// data/cost_rates.csv, compiled in by src/engine/CMakeLists.txt.
const std::vector<std::pair<std::string_view, std::string_view>>& engine_reference();
}  // namespace tapelab::embedded

namespace tapelab::engine {
namespace {

constexpr double kRupeesPerCrore = 1e7;

double parse_rate(const std::string& text, std::string_view source, std::size_t line, std::string_view column) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size() && value >= 0) return value;
  } catch (const std::exception&) {
    // reported below with the file and line
  }
  domain::fail_at(source, line, "bad {} '{}' (a non-negative number)", column, text);
}

std::string_view built_in_table(std::string_view name) {
  for (const auto& [file, contents] : embedded::engine_reference()) {
    if (file == name) return contents;
  }
  fail("built-in reference file {} is missing", name);
}

// The row of a date-sorted table in force on `date`.
template <typename Row>
const Row& row_in_force(const std::vector<Row>& table, domain::Date date, std::string_view source) {
  const auto it = std::upper_bound(table.begin(), table.end(), date,
                                   [](domain::Date d, const Row& r) { return d < r.effective_from; });
  if (it == table.begin()) {
    fail("no rates for {} ({} starts {})", date.to_string(), source, table.front().effective_from.to_string());
  }
  return *(it - 1);
}

template <typename Row>
void sort_and_check_dates(std::vector<Row>& rows, std::string_view source) {
  if (rows.empty()) fail("{}: no rates", source);
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.effective_from < b.effective_from; });
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].effective_from == rows[i - 1].effective_from) {
      fail("{}: two rate rows from {}", source, rows[i].effective_from.to_string());
    }
  }
}

}  // namespace

std::vector<StatutoryRates> parse_statutory_rates(std::string_view csv, std::string_view source) {
  const auto lines = domain::parse_csv(csv, source);
  domain::check_table_shape(
      lines,
      {"effective_from", "stt_sell_pct", "stt_exercise_pct", "exchange_pct", "sebi_per_crore", "stamp_buy_pct",
       "stamp_sell_pct", "gst_pct", "source"},
      source);
  std::vector<StatutoryRates> rows;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto& f = lines[i].fields;
    const std::size_t line = lines[i].number;
    const std::optional<domain::Date> from = domain::Date::parse(f[0]);
    if (!from) domain::fail_at(source, line, "bad effective_from date '{}'", f[0]);
    if (f[8].empty()) domain::fail_at(source, line, "a rate row without its source");
    rows.push_back({*from, parse_rate(f[1], source, line, "stt_sell_pct"),
                    parse_rate(f[2], source, line, "stt_exercise_pct"), parse_rate(f[3], source, line, "exchange_pct"),
                    parse_rate(f[4], source, line, "sebi_per_crore"), parse_rate(f[5], source, line, "stamp_buy_pct"),
                    parse_rate(f[6], source, line, "stamp_sell_pct"), parse_rate(f[7], source, line, "gst_pct")});
  }
  sort_and_check_dates(rows, source);
  return rows;
}

const StatutoryRates& statutory_rates(domain::Date trade_date) {
  static constexpr std::string_view kSource = "data/cost_rates.csv";
  static const std::vector<StatutoryRates> table = parse_statutory_rates(built_in_table("cost_rates.csv"), kSource);
  return row_in_force(table, trade_date, kSource);
}

OrderCosts settlement_costs(const CostConfig& config, domain::Date expiry, Side opening_side, double intrinsic,
                            std::int32_t quantity) {
  OrderCosts costs;
  if (config.model == CostConfig::Model::kStatutory && opening_side == Side::kBuy && intrinsic > 0) {
    costs.stt = intrinsic * quantity * statutory_rates(expiry).stt_exercise_pct / 100;
  }
  return costs;
}

OrderCosts order_costs(const CostConfig& config, domain::Date trade_date, Side side, double price,
                       std::int32_t quantity) {
  OrderCosts costs;
  if (config.model == CostConfig::Model::kFlat) {
    costs.brokerage = config.flat_per_order;
    return costs;
  }
  const StatutoryRates& rates = statutory_rates(trade_date);
  const double premium = price * quantity;
  costs.brokerage = config.brokerage_per_order;
  if (side == Side::kSell) costs.stt = premium * rates.stt_sell_pct / 100;
  costs.stamp = premium * (side == Side::kBuy ? rates.stamp_buy_pct : rates.stamp_sell_pct) / 100;
  costs.exchange = premium * rates.exchange_pct / 100;
  costs.sebi = premium * rates.sebi_per_crore / kRupeesPerCrore;
  costs.gst = (costs.brokerage + costs.exchange + costs.sebi) * rates.gst_pct / 100;
  return costs;
}

}  // namespace tapelab::engine
