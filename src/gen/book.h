// The five-level book of one contract, kept from one generated row to the
// next.
//
// A real book changes a little each second: a few lots added or cancelled at
// a level, some orders resized when the quote moves. Redrawing every level
// each second instead makes the 5-level depth jump by large factors between
// rows, which the truth reads as pulls and replenishes nearly every second
// (docs/market-truth.md#a-generated-month-against-the-users-figures). Here a
// level keeps its size and its distance from the level above until an order
// changes it, and `depth_factor` thins the whole book at once (a vacuum), so
// a pull is a pull.
#pragma once

#include <array>
#include <cstdint>

#include "gen/rng.h"
#include "gen/tick_row.h"

namespace tapelab::gen {

struct BookShape {
  double mean_lots = 1;        // mean size of a level, in lots, before `depth_factor`
  double depth_factor = 1;     // 1 normal, less when liquidity is pulled
  int64_t level_gap_ticks = 1; // a deeper level is 1..this many ticks further out
};

class BookModel {
 public:
  // Writes the five levels of each side outward from the best prices, and the
  // total pending quantities, into `row`. Quantities are in units (lots x lot).
  void fill(Rng& rng, TickRow& row, int64_t best_bid, int64_t best_ask, const BookShape& shape, int64_t lot);

 private:
  struct Level {
    int64_t lots = 0;
    int64_t orders = 0;
    int64_t gap_ticks = 1;  // from the level above (unused at the best level)
  };
  struct Side {
    std::array<Level, 5> levels{};
    int64_t best = 0;
    int64_t hidden_multiple = 2;  // total pending / visible depth: the book behind the five levels
  };

  void evolve(Rng& rng, Side& side, int64_t best, const BookShape& shape);
  static void fresh(Rng& rng, Level& level, const BookShape& shape);
  static void write(const Side& side, BookLevel (&out)[5], int64_t direction, const BookShape& shape, int64_t lot);

  Side bid_, ask_;
  bool started_ = false;
};

}  // namespace tapelab::gen
