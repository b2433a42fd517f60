#include "report/csv_tables.h"

#include <optional>

#include <fmt/format.h>

#include "engine/types.h"
#include "report/text.h"

namespace tapelab::report {
namespace {

constexpr int kMoney = 2;
constexpr int kPercent = 4;
constexpr int kRatio = 6;

std::string row(std::initializer_list<std::string> fields) {
  std::string out;
  for (const auto& field : fields) {
    if (!out.empty()) out += ',';
    out += csv_field(field);
  }
  out += '\n';
  return out;
}

std::string text(std::string_view view) { return std::string(view); }
std::string yes_no(bool value) { return value ? "true" : "false"; }

}  // namespace

std::string trades_csv(const engine::RunRecords& records) {
  std::string out =
      "strategy,structure_id,date,entry_time,exit_time,underlying,expiry,strike,type,side,lots,quantity,"
      "entry_price,exit_price,fill_model,exit_reason,exit_pricing,beyond_depth,exit_quote_age_s,gross_points,gross_rupees,"
      "costs,net\n";
  for (const auto& t : records.trades) {
    out += row({t.strategy, std::to_string(t.structure_id), t.date.to_string(), clock_text(t.entry_time),
                clock_text(t.exit_time), t.underlying, t.key.expiry.to_string(), std::to_string(t.key.strike),
                text(domain::to_string(t.key.type)), text(engine::to_string(t.side)), std::to_string(t.lots),
                std::to_string(t.quantity), fixed(t.entry_price, kMoney), fixed(t.exit_price, kMoney),
                text(engine::to_string(t.fill_model)), text(engine::to_string(t.exit_reason)),
                text(engine::to_string(t.exit_pricing)), yes_no(t.beyond_depth), std::to_string(t.exit_quote_age_seconds), fixed(t.gross_points, kMoney),
                fixed(t.gross_rupees, kMoney), fixed(t.costs, kMoney), fixed(t.net, kMoney)});
  }
  return out;
}

std::string orders_csv(const engine::RunRecords& records) {
  std::string out =
      "strategy,date,underlying,time,order_id,structure_id,expiry,strike,type,side,lots,quantity,order_type,"
      "limit_price,status,reason,price,quote_age_s,costs\n";
  for (const auto& o : records.orders) {
    const bool has_contract = o.key.strike != 0;
    const bool is_order = o.order_id != 0;
    out += row({o.strategy, o.date.to_string(), o.underlying, clock_text(o.time),
                is_order ? std::to_string(o.order_id) : "", std::to_string(o.structure_id),
                has_contract ? o.key.expiry.to_string() : "", has_contract ? std::to_string(o.key.strike) : "",
                has_contract ? text(domain::to_string(o.key.type)) : "",
                is_order ? text(engine::to_string(o.side)) : "", is_order ? std::to_string(o.lots) : "",
                is_order ? std::to_string(o.quantity) : "",
                is_order ? (o.is_limit ? "limit" : "market") : "", o.is_limit ? fixed(o.limit_price, kMoney) : "",
                text(engine::to_string(o.status)), o.reason, o.status == engine::OrderStatus::kFilled ? fixed(o.price, kMoney) : "",
                is_order ? std::to_string(o.quote_age_seconds) : "", fixed(o.costs, kMoney)});
  }
  return out;
}

std::string daily_csv(const engine::RunRecords& records) {
  std::string out = "strategy,date,underlying,trades,structures,gross,costs,net,margin,return_on_margin\n";
  for (const auto& d : records.days) {
    const auto rom = d.margin > 0 ? std::optional<double>(d.net / d.margin) : std::nullopt;
    out += row({d.strategy, d.date.to_string(), d.underlying, std::to_string(d.trades),
                std::to_string(d.structures), fixed(d.gross, kMoney), fixed(d.costs, kMoney),
                fixed(d.net, kMoney), fixed(d.margin, kMoney), fixed(rom, kRatio, "")});
  }
  return out;
}

std::string intraday_csv(const engine::RunRecords& records) {
  std::string out = "strategy,date,underlying,time,open_legs,unmarked_legs,realized,unrealized,pnl\n";
  for (const auto& day : records.intraday) {
    for (const auto& p : day.points) {
      out += row({day.strategy, day.date.to_string(), day.underlying, clock_text(p.time), std::to_string(p.open_legs),
                  std::to_string(p.unmarked_legs), fixed(p.realized, kMoney), fixed(p.unrealized, kMoney),
                  fixed(p.realized + p.unrealized, kMoney)});
    }
  }
  return out;
}

std::string equity_csv(const engine::RunRecords& records, const RunMetrics& metrics) {
  std::string out =
      "strategy,date,trades,net,equity,drawdown,drawdown_pct_of_capital,margin,return_on_margin\n";
  for (std::size_t i = 0; i < records.strategies.size(); ++i) {
    for (const auto& p : metrics.strategies[i].daily) {
      out += row({records.strategies[i].name, p.date.to_string(), std::to_string(p.trades), fixed(p.net, kMoney),
                  fixed(p.equity, kMoney), fixed(p.drawdown, kMoney), fixed(p.drawdown_pct_of_capital, kPercent, ""),
                  fixed(p.margin, kMoney), fixed(p.return_on_margin, kRatio, "")});
    }
  }
  return out;
}

std::string by_regime_csv(const std::vector<RegimeRow>& rows) {
  std::string out =
      "strategy,underlying,dte_bucket,regime,trades,wins,losses,win_rate,legs,gross,costs,net,net_per_trade\n";
  for (const RegimeRow& r : rows) {
    const double trades = static_cast<double>(r.trades);
    out += row({r.strategy, r.underlying, r.dte_bucket, r.regime, std::to_string(r.trades), std::to_string(r.wins),
                std::to_string(r.losses), fixed(static_cast<double>(r.wins) / trades, kRatio), std::to_string(r.legs),
                fixed(r.gross, kMoney), fixed(r.costs, kMoney), fixed(r.net, kMoney), fixed(r.net / trades, kMoney)});
  }
  return out;
}

}  // namespace tapelab::report
