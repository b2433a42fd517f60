// The index of one underlying, second by second.
//
// Daily closes follow a random walk bridged between yearly anchor levels
// close to the real ones, so strikes and lot sizes look like the real chain of
// that year. A day's path is simulated from the previous close (overnight gap,
// U-shaped intraday volatility, calm/normal/trending regimes, short bursts)
// and bridged to that day's close. Each day depends only on (seed,
// underlying, date): two folders that share a day share its tape exactly.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/date.h"
#include "domain/underlying.h"

namespace tapelab::gen {

struct Burst {
  int32_t start;     // second of the session
  int32_t duration;  // seconds
  double points;     // signed index move
  bool vacuum;       // liquidity pulled (wide, thin book) rather than traded through
};

// One session, one entry per second from the open to the close inclusive.
struct SpotDay {
  domain::Date date;
  int32_t open_seconds = 0;   // session open, seconds after midnight
  domain::Date prev_date;     // previous full trading day
  double prev_close = 0;      // previous trading day's close
  double prev_atm_iv = 0;     // previous day's base implied volatility (prices its closes)
  double atm_iv = 0;          // the day's base at-the-money implied volatility
  std::vector<double> spot;   // index level
  // The index as the option quoters price from: it follows `spot` with a lag of
  // a few seconds, so options answer a burst by less than their delta
  // (docs/market-truth.md#a-generated-month-against-the-users-figures).
  std::vector<double> quoted_spot;
  std::vector<float> iv_factor;      // multiplier of atm_iv: open premium, fear after down bursts
  std::vector<float> stress;         // 0 calm .. 1 inside a vacuum burst: thinner, wider books
  std::vector<float> trade_factor;   // multiplier of trade intensity (trade-driven bursts)
  std::vector<Burst> bursts;
  double low = 0, high = 0;

  int32_t seconds() const { return static_cast<int32_t>(spot.size()); }
  int64_t wall_seconds(int32_t second) const {
    return static_cast<int64_t>(date.days()) * 86400 + open_seconds + second;
  }
};

class MarketModel {
 public:
  MarketModel(uint64_t seed, const domain::Underlying& underlying);

  double close_on(domain::Date d) const;
  double atm_iv_on(domain::Date d) const;
  // `expiry_day`: some listed expiry ends today (bursts are more frequent).
  SpotDay simulate_day(domain::Date d, bool expiry_day) const;

  const domain::Underlying& underlying() const { return underlying_; }
  // Annual carry used for futures and option forwards.
  static constexpr double kRate = 0.065;

 private:
  double anchor(int year) const;  // index level on 1 January
  uint64_t key_;
  const domain::Underlying& underlying_;
  double daily_vol_;      // of the close-to-close log return
  double burst_scale_;    // index points per NIFTY-equivalent burst point
};

}  // namespace tapelab::gen
