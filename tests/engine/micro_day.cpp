#include "micro_day.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace tapelab::engine::testing {
namespace {

class ScriptedStrategy final : public Strategy {
 public:
  explicit ScriptedStrategy(Script script) : script_(std::move(script)) {}
  void on_second(StrategyContext& ctx) override { script_(ctx); }

 private:
  Script script_;
};

}  // namespace

Quote quote(domain::WallNanos time, double bid, double ask, std::int32_t qty) {
  return Quote{time, {{bid, qty}}, {{ask, qty}}, 0, 0, 0};
}

Quote traded(Quote q, double ltp, domain::WallNanos traded_at) {
  q.ltp = ltp;
  q.last_trade_time = traded_at;
  return q;
}

MicroDay::MicroDay(domain::Date date, std::string underlying) : date_(date), underlying_(std::move(underlying)) {}

domain::WallNanos MicroDay::at(int hour, int minute, int second) const {
  return domain::wall_time(date_, hour, minute, second);
}

MicroDay& MicroDay::spot(domain::WallNanos time, double price) {
  spot_.emplace_back(time, price);
  return *this;
}

MicroDay& MicroDay::futures(domain::WallNanos time, double price, domain::Date expiry) {
  futures_.push_back({time, price, expiry});
  return *this;
}

MicroDay& MicroDay::contract(domain::Date expiry, domain::OptionType type, std::int32_t strike,
                             std::int32_t lot_size, std::vector<Quote> rows) {
  contracts_.push_back({expiry, type, strike, lot_size, std::move(rows)});
  return *this;
}

market::DayTape MicroDay::tape() const {
  market::DayTape t;
  t.date = date_;
  t.underlying = underlying_;
  std::vector<Contract> sorted = contracts_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Contract& a, const Contract& b) {
    return std::tie(a.expiry, a.type, a.strike) < std::tie(b.expiry, b.type, b.strike);
  });
  market::OptionColumns& o = t.options;
  for (const Contract& c : sorted) {
    market::ContractSlice slice;
    slice.expiry = c.expiry;
    slice.type = c.type;
    slice.strike = c.strike;
    slice.lot_size = c.lot_size;
    slice.symbol = underlying_ + c.expiry.to_string() + std::to_string(c.strike) +
                   std::string(domain::to_string(c.type));
    slice.begin = o.size();
    std::int64_t volume = 0;
    for (const Quote& q : c.rows) {
      volume += q.vol_delta;
      o.time.push_back(q.time);
      o.price.push_back(q.ltp);
      o.qty.push_back(0);
      o.volume.push_back(volume);
      o.vol_delta.push_back(q.vol_delta);
      o.last_trade_time.push_back(q.last_trade_time);
      o.oi.push_back(q.oi);
      o.total_buy_qty.push_back(0);
      o.total_sell_qty.push_back(0);
      for (std::size_t l = 0; l < market::kBookLevels; ++l) {
        const BookLevelView bid = l < q.bids.size() ? q.bids[l] : BookLevelView{};
        const BookLevelView ask = l < q.asks.size() ? q.asks[l] : BookLevelView{};
        o.bid_price[l].push_back(bid.price);
        o.bid_qty[l].push_back(bid.qty);
        o.ask_price[l].push_back(ask.price);
        o.ask_qty[l].push_back(ask.qty);
      }
    }
    slice.end = o.size();
    t.contracts.push_back(std::move(slice));
  }
  for (const auto& [time, price] : spot_) {
    t.spot.time.push_back(time);
    t.spot.price.push_back(price);
  }
  for (const FuturesRow& row : futures_) {
    t.futures.time.push_back(row.time);
    t.futures.price.push_back(row.price);
    t.futures.expiry.push_back(row.expiry);
  }
  return t;
}

OrderRequest order(const OptionKey& key, Side side, std::int32_t lots, std::int64_t structure_id,
                   std::optional<ExitReason> exit_reason) {
  OrderRequest request;
  request.key = key;
  request.side = side;
  request.lots = lots;
  request.structure_id = structure_id;
  request.exit_reason = exit_reason;
  return request;
}

StrategySpec scripted(std::string name, Script script, ExecutionConfig execution, int expiries) {
  StrategySpec spec;
  spec.info.name = name;
  spec.info.execution = execution;
  spec.needs.option_fields = market::kAllOptionFields;
  spec.needs.expiries = expiries;
  spec.make = [script] { return std::make_unique<ScriptedStrategy>(script); };
  return spec;
}

}  // namespace tapelab::engine::testing
