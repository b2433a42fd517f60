#include "truth/burst_events.h"

#include <algorithm>
#include <cmath>

#include "truth/contract_book.h"

namespace tapelab::truth {
namespace {

constexpr double kNull = Event::kNull;

struct Sums {
  double total = 0;
  double count = 0;
  void add(double v) {
    if (std::isnan(v)) return;
    total += v;
    count += 1;
  }
  double mean() const { return count > 0 ? total / count : kNull; }
};

// One contract's vacuum score over [start, end]: relative spread widening,
// share of depth lost and mid move per unit traded, weighted; NaN where a
// part is undefined.
double vacuum_score(const ContractBook& book, const BurstSpan& b, const TruthParams& p) {
  if (!book.has(b.start) || !book.has(b.end)) return kNull;
  const BookMetrics first = book.at(b.start);
  double widest = first.spread;
  double thinnest = static_cast<double>(first.bid_depth_5 + first.ask_depth_5);
  std::int64_t traded = 0;
  for (std::size_t i = b.start + 1; i <= b.end; ++i) {
    const BookMetrics m = book.at(i);
    widest = std::max(widest, m.spread);
    thinnest = std::min(thinnest, static_cast<double>(m.bid_depth_5 + m.ask_depth_5));
    traded += book.volume(i);
  }
  const double depth = static_cast<double>(first.bid_depth_5 + first.ask_depth_5);
  const double widening = first.spread > 0 ? (widest - first.spread) / first.spread : kNull;
  const double loss = depth > 0 ? 1 - thinnest / depth : kNull;
  const double move = std::abs(book.at(b.end).mid - first.mid) / (1 + static_cast<double>(traded));
  return p.vacuum_weight_spread * widening + p.vacuum_weight_depth * loss + p.vacuum_weight_move * move;
}

// The share of the contracts' mid path travelled in seconds where they
// traded and the order flow pushed the mid the way it went.
double trade_share(const ContractBook& ce, const ContractBook& pe, const BurstSpan& b) {
  double path = 0, traded_path = 0;
  for (const ContractBook* book : {&ce, &pe}) {
    for (std::size_t i = b.start + 1; i <= b.end; ++i) {
      const double d = book->d_mid(i);
      if (std::isnan(d)) continue;
      path += std::abs(d);
      if (book->volume(i) > 0 && book->ofi_5l(i) * d > 0) traded_path += std::abs(d);
    }
  }
  return path > 0 ? traded_path / path : kNull;
}

std::string_view label(double share, const TruthParams& p) {
  if (std::isnan(share)) return {};
  if (share >= p.trade_share_trade) return "trade";
  if (share <= p.trade_share_vacuum) return "vacuum";
  return "mixed";
}

double mid_change(const ContractBook& book, const BurstSpan& b) {
  return book.has(b.start) && book.has(b.end) ? book.at(b.end).mid - book.at(b.start).mid : kNull;
}

void add_option_response(Event& e, const BurstSpan& b, const SeriesFeatures& spot, const AtmSeries& atm, Chain& chain,
                         const SessionGrid& grid, const TruthParams& p) {
  const ContractBook ce(chain.options(), chain.contract(domain::OptionType::kCall, atm.strike[b.start]), grid);
  const ContractBook pe(chain.options(), chain.contract(domain::OptionType::kPut, atm.strike[b.start]), grid);
  const double spot_move = spot.price[b.end] - spot.price[b.start];
  const double d_ce = mid_change(ce, b);
  const double d_pe = mid_change(pe, b);
  const double per_move = spot_move != 0 ? 1 / spot_move : kNull;
  e.set(Whole::kAtmStrike, atm.strike[b.start]);
  e.set(Num::kCeMidChange, d_ce);
  e.set(Num::kPeMidChange, d_pe);
  e.set(Num::kRelDeltaCe, d_ce * per_move);
  e.set(Num::kRelDeltaPe, d_pe * per_move);
  e.set(Num::kConvexity, (d_ce + d_pe) * per_move * per_move);
  double volume = 0;
  for (std::size_t i = b.start; i <= b.end; ++i) volume += static_cast<double>(ce.volume(i) + pe.volume(i));
  e.set(Num::kTradePressure, volume / static_cast<double>(b.end - b.start + 1));
  Sums vacuum;
  vacuum.add(vacuum_score(ce, b, p));
  vacuum.add(vacuum_score(pe, b, p));
  e.set(Num::kVacuumScore, vacuum.mean());
  const double share = trade_share(ce, pe, b);
  e.set(Num::kTradeShare, share);
  e.set(Text::kLabel, label(share, p));
}

}  // namespace

std::vector<Event> burst_events(const std::vector<BurstSpan>& bursts, const std::vector<Event>& jumps,
                                const SeriesFeatures& spot, const AtmSeries& atm, Chain& chain,
                                const SessionGrid& grid, const TruthParams& params) {
  std::vector<Event> out;
  for (const BurstSpan& b : bursts) {
    Event e;
    e.kind = "burst";
    e.start = b.start;
    e.end = e.known_at = b.end;
    e.set(Text::kDirection, b.up ? "up" : "down");
    const auto first = spot.price.begin() + static_cast<std::ptrdiff_t>(b.start);
    const auto [low, high] = std::minmax_element(first, spot.price.begin() + static_cast<std::ptrdiff_t>(b.end) + 1);
    e.set(Num::kSize, *high - *low);
    e.set(Num::kSpotStart, spot.price[b.start]);
    e.set(Num::kSpotEnd, spot.price[b.end]);
    e.set(Whole::kJumps, std::count_if(jumps.begin(), jumps.end(), [&](const Event& j) { return b.in(j.start); }));
    add_option_response(e, b, spot, atm, chain, grid, params);
    out.push_back(e);
  }
  return out;
}

}  // namespace tapelab::truth
