#include "strategies/scenario.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/runner.h"
#include "pricing/black.h"
#include "pricing/time_to_expiry.h"
#include "util/error.h"

namespace tapelab::strategies::testing {

engine::RunRecords run(const StrategyConfig& config, const MicroDay& day, const market::SeriesColumns& previous_spot) {
  return engine::run_day({make_spec(config)}, day.build(), previous_spot);
}

StrategyConfig managed_config(const std::string& toml) {
  return parse_config("[[strategy]]\nname = \"T\"\ntype = \"managed_structure\"\n" + toml, "test.toml").at(0);
}

engine::RunRecords run_managed(const std::string& toml, const MicroDay& day) { return run(managed_config(toml), day); }

std::string config_error(const std::string& toml) {
  try {
    parse_config(toml, "bad.toml");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

std::int32_t second_of(domain::WallNanos t) {
  return static_cast<std::int32_t>((t - domain::wall_time(MicroDay::date(), 0, 0, 0)) / domain::kNanosPerSecond);
}

std::vector<engine::TradeRecord> trades_of(const engine::RunRecords& r, std::int64_t structure) {
  std::vector<engine::TradeRecord> out;
  for (const engine::TradeRecord& t : r.trades) {
    if (t.structure_id == structure) out.push_back(t);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.exit_time < b.exit_time; });
  return out;
}

const engine::TradeRecord& leg(const engine::RunRecords& r, std::int64_t structure, domain::OptionType type,
                               std::int32_t strike) {
  const auto match = [&](const engine::TradeRecord& t) {
    return t.structure_id == structure && t.key.type == type && t.key.strike == strike;
  };
  const auto count = std::count_if(r.trades.begin(), r.trades.end(), match);
  if (count != 1) {
    throw std::runtime_error(fmt::format("structure {}: {} trades on {} {}", structure, count, strike,
                                         type == kCE ? "CE" : "PE"));
  }
  return *std::find_if(r.trades.begin(), r.trades.end(), match);
}

double black76_price(const MicroDay& day, domain::OptionType type, std::int32_t strike, std::int32_t from,
                     double forward, double vol) {
  const domain::WallNanos at_from = domain::wall_time(MicroDay::date(), 0, 0, 0) + std::int64_t{from} * domain::kNanosPerSecond;
  pricing::OptionInputs inputs;
  inputs.type = type;
  inputs.underlying = forward;
  inputs.strike = strike;
  inputs.years = pricing::years_to_expiry(at_from, day.contract_expiry(), pricing::TimeBasis::kCalendar);
  return pricing::price(inputs, vol);
}

MicroDay& black76_chain(MicroDay& day, std::int32_t from, double forward, double vol, std::int32_t low,
                        std::int32_t high) {
  for (std::int32_t strike = low; strike <= high; strike += 50) {
    for (const domain::OptionType type : {kCE, kPE}) {
      // A price under 0.30 has no bid 0.25 below it: such a strike quotes
      // 0.05 / 0.55 (mid 0.30), as far OTM options do.
      const double mid = std::max(black76_price(day, type, strike, from, forward, vol), 0.30);
      day.quote(type, strike, from, mid - 0.25, mid + 0.25);
    }
  }
  return day;
}

std::vector<std::string> notes(const engine::RunRecords& r) {
  std::vector<std::string> out;
  for (const engine::OrderRecord& o : r.orders) {
    if (o.status == engine::OrderStatus::kNote) out.push_back(o.reason);
  }
  return out;
}

std::vector<engine::OrderRecord> fills(const engine::RunRecords& r) {
  std::vector<engine::OrderRecord> out;
  for (const engine::OrderRecord& o : r.orders) {
    if (o.status == engine::OrderStatus::kFilled) out.push_back(o);
  }
  return out;
}

}  // namespace tapelab::strategies::testing
