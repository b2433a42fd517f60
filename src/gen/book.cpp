#include "gen/book.h"

#include <algorithm>
#include <cmath>

namespace tapelab::gen {
namespace {

constexpr int64_t kTick = 5;  // paise

// Chances per level per row: an order added to or cancelled from the level,
// and the level replaced outright (a large resting order arrives or leaves).
constexpr double kTouchChance = 0.3;
constexpr double kReplaceChance = 0.002;
constexpr double kRequoteReplaceChance = 0.004;  // in a row where the side's best price moved
// A side's total pending quantity keeps its multiple of the visible depth, and
// draws a new one with this chance each row (about every 50 rows).
constexpr double kHiddenChangeChance = 0.02;

}  // namespace

void BookModel::fresh(Rng& rng, Level& level, const BookShape& shape) {
  // Mostly small with a long tail (3·mean·u², mean `mean_lots`).
  const double u = rng.uniform();
  level.lots = 1 + static_cast<int64_t>(3.0 * shape.mean_lots * u * u);
  level.orders = 1 + rng.below(std::min<int64_t>(level.lots, 1 + level.lots / 3));
  level.gap_ticks = 1 + rng.below(shape.level_gap_ticks);
}

// Quoters keep their sizes when they move their prices with the index (an ATM
// option's quote moves several ticks most seconds), so a level's size is kept
// by its place in the ladder, not by its price: a move of the quote only
// resizes some levels (orders left behind or sent anew).
void BookModel::evolve(Rng& rng, Side& side, int64_t best, const BookShape& shape) {
  const double replace = best != side.best ? kRequoteReplaceChance : kReplaceChance;
  for (Level& level : side.levels) {
    if (rng.chance(replace)) {
      fresh(rng, level, shape);
    } else if (rng.chance(kTouchChance)) {
      // Lots in or out in proportion to what rests there, drawn back towards
      // the level's usual size.
      const auto lots = static_cast<double>(level.lots);
      const double change = 0.1 * (shape.mean_lots - lots) + 0.15 * (lots + 0.2 * shape.mean_lots) * rng.normal();
      level.lots = std::max<int64_t>(1, level.lots + std::llround(change));
      level.orders = std::clamp<int64_t>(level.orders + (change > 0 ? 1 : change < 0 ? -1 : 0), 1, level.lots);
    }
  }
  if (rng.chance(kHiddenChangeChance)) side.hidden_multiple = 2 + rng.below(12);
  side.best = best;
}

void BookModel::write(const Side& side, BookLevel (&out)[5], int64_t direction, const BookShape& shape, int64_t lot) {
  int64_t price = side.best;
  for (size_t i = 0; i < 5; ++i) {
    if (i > 0) price -= direction * kTick * side.levels[i].gap_ticks;
    if (price < kTick) return;  // an empty level reads 0
    const int64_t lots = std::max<int64_t>(1, std::llround(static_cast<double>(side.levels[i].lots) * shape.depth_factor));
    out[i] = {lots * lot, price, std::min(side.levels[i].orders, lots)};
  }
}

void BookModel::fill(Rng& rng, TickRow& row, int64_t best_bid, int64_t best_ask, const BookShape& shape, int64_t lot) {
  if (!started_) {
    for (Side* side : {&bid_, &ask_}) {
      for (Level& level : side->levels) fresh(rng, level, shape);
      side->hidden_multiple = 2 + rng.below(12);
    }
    bid_.best = best_bid;
    ask_.best = best_ask;
    started_ = true;
  }
  evolve(rng, bid_, best_bid, shape);
  evolve(rng, ask_, best_ask, shape);
  write(bid_, row.bid, +1, shape, lot);
  write(ask_, row.ask, -1, shape, lot);
  int64_t bid_depth = 0, ask_depth = 0;
  for (int i = 0; i < 5; ++i) {
    bid_depth += row.bid[i].qty;
    ask_depth += row.ask[i].qty;
  }
  row.bid_total = bid_depth * bid_.hidden_multiple;
  row.ask_total = ask_depth * ask_.hidden_multiple;
}

}  // namespace tapelab::gen
