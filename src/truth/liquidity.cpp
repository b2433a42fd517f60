#include "truth/liquidity.h"

#include <cmath>
#include <optional>

#include "truth/contract_book.h"

namespace tapelab::truth {
namespace {

using domain::OptionType;

double seconds_between(const SessionGrid& grid, std::size_t from, std::size_t to) {
  return static_cast<double>(grid.seconds[to] - grid.seconds[from]) / domain::kNanosPerSecond;
}

// A pull's resiliency: the seconds until its side's depth is back to
// recovery_share of the depth before, and until half the lost depth is back.
// The event ends (and is known) when both are seen, or at the horizon.
void add_resiliency(Event& e, const ContractBook& book, bool ask, double before, double after,
                    const SessionGrid& grid, const TruthParams& p) {
  const std::size_t i = e.start;
  const std::size_t horizon = std::min(i + static_cast<std::size_t>(p.recovery_horizon_s), grid.window_last(i));
  std::optional<std::size_t> recovered, halfway;
  for (std::size_t j = i + 1; j <= horizon && !(recovered && halfway); ++j) {
    const auto depth = static_cast<double>(book.depth(j, ask));
    if (!recovered && depth >= p.recovery_share * before) recovered = j;
    if (!halfway && depth >= after + 0.5 * (before - after)) halfway = j;
  }
  e.end = e.known_at = recovered && halfway ? std::max(*recovered, *halfway) : horizon;
  e.set(Flag::kRecovered, recovered.has_value());
  if (recovered) e.set(Num::kRecoveryS, seconds_between(grid, i, *recovered));
  if (halfway) e.set(Num::kHalfLifeS, seconds_between(grid, i, *halfway));
}

// What one contract's book did between seconds i - 1 and i, side by side.
struct SideChange {
  bool ask = false;
  double before = 0, after = 0;
  bool moved_away = false;  // the best price left the other side, or the side emptied
};

SideChange side_change(const ContractBook& book, std::size_t i, bool ask) {
  SideChange s{ask, static_cast<double>(book.depth(i - 1, ask)), static_cast<double>(book.depth(i, ask)), false};
  const double was = ask ? book.ask(i - 1) : book.bid(i - 1);
  const double now = ask ? book.ask(i) : book.bid(i);
  s.moved_away = ask ? (now == 0 || now > was) : now < was;
  return s;
}

class Detector {
 public:
  Detector(Chain& chain, const DayContext& c, const TruthParams& p)
      : chain_(chain), c_(c), p_(p), pulls_(c.grid.size(), 0), replenishes_(c.grid.size(), 0),
        spread_changes_(c.grid.size(), 0) {
    out_.vacuum.assign(c.grid.size(), 0);
    out_.flicker.assign(c.grid.size(), 0);
  }

  Liquidity run(const AtmSeries& atm, const FuturesBook& futures) {
    const ContractBook futures_book = futures.book();
    for (std::size_t i = 0; i < c_.grid.size(); ++i) {
      if (atm.valid[i]) options_second(atm, i);
      if (futures_book.has_pair(i)) {
        for (const bool ask : {false, true}) test(futures_book, i, side_change(futures_book, i, ask), Watched{});
      }
    }
    flicker_windows();
    return std::move(out_);
  }

 private:
  // Which book a liquidity event is on: an option of the ATM +- k strikes,
  // or (the default) the front futures, which has no type, strike or offset.
  struct Watched {
    std::optional<OptionType> type;
    std::int32_t strike = 0;
    int offset = 0;
    std::int32_t atm_strike = 0;
  };

  void options_second(const AtmSeries& atm, std::size_t i) {
    for (int k = -p_.strike_offsets; k <= p_.strike_offsets; ++k) {
      for (const OptionType type : {OptionType::kCall, OptionType::kPut}) {
        const std::int32_t strike = atm.strike[i] + k * c_.strike_step;
        const ContractBook book(chain_.options(), chain_.contract(type, strike), c_.grid);
        if (!book.has_pair(i)) continue;
        if (k == 0 && spread_changed(book, i)) ++spread_changes_[i];
        for (const bool ask : {false, true}) test(book, i, side_change(book, i, ask), Watched{type, strike, k, atm.strike[i]});
      }
    }
  }

  static bool spread_changed(const ContractBook& book, std::size_t i) {
    const double now = book.at(i).spread, was = book.at(i - 1).spread;
    return std::isnan(now) != std::isnan(was) || (!std::isnan(now) && now != was);
  }

  void test(const ContractBook& book, std::size_t i, const SideChange& s, const Watched& on) {
    if (!(s.before > 0)) return;
    const std::int64_t volume = book.volume(i);
    const double now_spread = book.at(i).spread, was_spread = book.at(i - 1).spread;
    const bool pull = s.after <= (1 - p_.pull_drop) * s.before &&
                      static_cast<double>(volume) <= p_.pull_volume_share * (s.before - s.after) &&
                      (s.moved_away || now_spread > was_spread);
    const bool replenish = s.after >= (1 + p_.replenish_rise) * s.before && now_spread <= was_spread;
    if (!pull && !replenish) return;
    Event e;
    e.kind = pull ? "pull" : "replenish";
    e.start = e.end = e.known_at = i;
    e.set(Text::kSide, s.ask ? "ask" : "bid");
    if (on.type) {
      e.set(Text::kInstrument, "option");
      e.set(Text::kOptType, *on.type == OptionType::kCall ? "CE" : "PE");
      e.set(Whole::kAtmStrike, on.atm_strike);
      e.set(Whole::kStrike, on.strike);
      e.set(Whole::kOffset, on.offset);
    } else {
      e.set(Text::kInstrument, "futures");
    }
    e.set(Num::kDepthBefore, s.before);
    e.set(Num::kDepthAfter, s.after);
    e.set(Num::kVolume, static_cast<double>(volume));
    if (pull) {
      ++pulls_[i];
      add_resiliency(e, book, s.ask, s.before, s.after, c_.grid, p_);
      mark_vacuum(book, i);
    } else {
      ++replenishes_[i];
    }
    out_.events.push_back(e);
  }

  // Seconds t from the pull on, within vacuum_window_s of it, at which the
  // pulled contract has traded nothing over the last vacuum_window_s seconds.
  void mark_vacuum(const ContractBook& book, std::size_t pull) {
    const auto window = static_cast<std::size_t>(p_.vacuum_window_s);
    const std::size_t first = c_.grid.window_first[pull];
    const std::size_t last = std::min(pull + window - 1, c_.grid.window_last(pull));
    for (std::size_t t = pull; t <= last; ++t) {
      std::int64_t traded = 0;
      for (std::size_t j = t + 1 - std::min(window, t + 1 - first); j <= t; ++j) traded += book.volume(j);
      if (traded == 0) out_.vacuum[t] = 1;
    }
  }

  // Flagged seconds: over the trailing flicker window, enough pulls,
  // replenishes and ATM spread changes; each run of them is one event,
  // known at the first second after it (or its window's last).
  void flicker_windows() {
    const auto window = static_cast<std::size_t>(p_.flicker_window_s);
    const SessionGrid& grid = c_.grid;
    const auto sum = [&](const std::vector<int>& v, std::size_t from, std::size_t to) {
      int total = 0;
      for (std::size_t j = from; j <= to; ++j) total += v[j];
      return total;
    };
    for (std::size_t t = 0; t < grid.size(); ++t) {
      if (!grid.spans(t, window - 1)) continue;
      const std::size_t from = t + 1 - window;
      out_.flicker[t] = sum(pulls_, from, t) >= p_.flicker_min_pulls &&
                        sum(replenishes_, from, t) >= p_.flicker_min_replenishes &&
                        sum(spread_changes_, from, t) >= p_.flicker_min_spread_changes;
    }
    for (std::size_t t = 0; t < grid.size(); ++t) {
      if (!out_.flicker[t]) continue;
      Event e;
      e.kind = "flicker";
      e.start = t;
      while (t + 1 <= grid.window_last(e.start) && out_.flicker[t + 1]) ++t;
      e.end = t;
      e.known_at = t < grid.window_last(e.start) ? t + 1 : t;
      const std::size_t from = e.start + 1 - window;
      e.set(Num::kPulls, sum(pulls_, from, e.end));
      e.set(Num::kReplenishes, sum(replenishes_, from, e.end));
      e.set(Num::kSpreadChanges, sum(spread_changes_, from, e.end));
      out_.events.push_back(e);
    }
  }

  Chain& chain_;
  const DayContext& c_;
  const TruthParams& p_;
  std::vector<int> pulls_, replenishes_, spread_changes_;
  Liquidity out_;
};

}  // namespace

Liquidity liquidity(const AtmSeries& atm, Chain& chain, const FuturesBook& futures, const DayContext& context,
                    const TruthParams& params) {
  return Detector(chain, context, params).run(atm, futures);
}

}  // namespace tapelab::truth
