#include "truth/fear.h"

#include <cmath>
#include <optional>

#include "engine/config.h"
#include "pricing/forward.h"
#include "pricing/implied_vol.h"
#include "pricing/time_to_expiry.h"
#include "truth/contract_book.h"
#include "util/error.h"

namespace tapelab::truth {
namespace {

constexpr double kNull = Event::kNull;

// The ATM put's implied volatility at one strike, second by second, priced as
// the engine prices by default (engine::GreeksConfig: Black-76 on the
// put-call parity forward at that strike, calendar time, its rate).
class PutVol {
 public:
  PutVol(Chain& chain, std::int32_t strike, const DayContext& c)
      : ce_(chain.options(), chain.contract(domain::OptionType::kCall, strike), c.grid),
        pe_(chain.options(), chain.contract(domain::OptionType::kPut, strike), c.grid),
        strike_(strike),
        grid_(c.grid),
        clock_(c.date, c.expiry, config_.time_basis) {}

  double at(std::size_t i) const {
    if (!ce_.has(i) || !pe_.has(i)) return kNull;
    const double call = ce_.at(i).mid, put = pe_.at(i).mid;
    const double years = clock_.years(grid_.seconds[i]);
    if (!(call >= 0 && put > 0 && years > 0)) return kNull;
    pricing::OptionInputs put_option;
    put_option.model = pricing::Model::kBlack76;
    put_option.type = domain::OptionType::kPut;
    try {
      put_option.underlying = pricing::forward_from_parity(strike_, call, put, years, config_.rate);
    } catch (const Error&) {
      return kNull;  // the quotes imply no positive forward
    }
    put_option.strike = strike_;
    put_option.years = years;
    put_option.rate = config_.rate;
    const pricing::ImpliedVol iv = pricing::implied_vol(put_option, put);
    return iv.solved() ? iv.vol : kNull;
  }

 private:
  engine::GreeksConfig config_;
  ContractBook ce_, pe_;
  double strike_;
  const SessionGrid& grid_;
  pricing::ExpiryClock clock_;
};

double seconds_between(const SessionGrid& grid, std::size_t from, std::size_t to) {
  return static_cast<double>(grid.seconds[to] - grid.seconds[from]) / domain::kNanosPerSecond;
}

// From the confirmation on: the running peak, until the IV is back at or
// below half-way between its level before the burst and that peak.
Event decay(const PutVol& vol, std::size_t confirm, double before, const Event& fear, const SessionGrid& grid) {
  Event e;
  e.kind = "fear_decay";
  e.start = confirm;
  e.set(Whole::kAtmStrike, fear.whole[static_cast<std::size_t>(Whole::kAtmStrike)]);
  e.set(Num::kIvBefore, before);
  const std::size_t last = grid.window_last(confirm);
  double peak = fear.get(Num::kIv);
  std::size_t peak_at = confirm;
  std::optional<std::size_t> decayed;
  for (std::size_t j = confirm + 1; j <= last && !decayed; ++j) {
    const double iv = vol.at(j);
    if (iv > peak) {
      peak = iv;
      peak_at = j;
    } else if (iv <= before + 0.5 * (peak - before)) {
      decayed = j;
    }
  }
  e.end = e.known_at = decayed.value_or(last);
  e.set(Flag::kDecayed, decayed.has_value());
  e.set(Num::kIvPeak, peak);
  e.set(Num::kPeakAt, seconds_between(grid, fear.start, peak_at));
  if (decayed) e.set(Num::kHalfLifeS, seconds_between(grid, peak_at, *decayed));
  return e;
}

}  // namespace

Fear fear(const std::vector<BurstSpan>& bursts, const AtmSeries& atm, Chain& chain, const DayContext& c,
          const TruthParams& params) {
  Fear out;
  out.afraid.assign(c.grid.size(), 0);
  for (const BurstSpan& b : bursts) {
    if (b.up) continue;
    const PutVol vol(chain, atm.strike[b.start], c);
    const double before = vol.at(b.start - 10);  // where the trigger's 10 s move began
    if (std::isnan(before)) continue;
    std::optional<std::size_t> confirm;
    for (std::size_t i = b.start; i <= b.end && !confirm; ++i) {
      if (vol.at(i) >= (1 + params.fear_iv_jump) * before) confirm = i;
    }
    if (!confirm) continue;
    Event f;
    f.kind = "fear";
    f.start = b.start;
    f.end = f.known_at = *confirm;
    f.set(Text::kDirection, "down");
    f.set(Whole::kAtmStrike, atm.strike[b.start]);
    f.set(Num::kIvBefore, before);
    f.set(Num::kIv, vol.at(*confirm));
    f.set(Num::kIvJump, vol.at(*confirm) / before - 1);
    const Event d = decay(vol, *confirm, before, f, c.grid);
    const bool decayed = d.flag[static_cast<std::size_t>(Flag::kDecayed)] == 1;
    const std::size_t calm_from = decayed ? d.end : d.end + 1;  // the decay second itself is no longer fear
    for (std::size_t i = *confirm; i < calm_from; ++i) out.afraid[i] = 1;
    out.events.push_back(f);
    out.events.push_back(d);
  }
  return out;
}

}  // namespace tapelab::truth
