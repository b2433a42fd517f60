// The generator's book keeps its sizes from row to row (gen/book.h): the
// 5-level depth of a side moves a little each row, falls at once when a
// vacuum thins the book, and comes back with it. Before, every level was
// redrawn each row and the truth saw a pull or a replenish most seconds.
#include "gen/book.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

namespace tapelab::gen {
namespace {

constexpr int64_t kLot = 75;

int64_t bid_depth(const TickRow& row) {
  int64_t depth = 0;
  for (const BookLevel& level : row.bid) depth += level.qty;
  return depth;
}

TEST(BookModel, DepthMovesLittleFromRowToRowWhileTheQuoteMoves) {
  Rng rng(42);
  BookModel book;
  const BookShape shape{27.0, 1.0, 2};
  int64_t previous = 0, big_moves = 0;
  constexpr int kRows = 5000;
  for (int i = 0; i < kRows; ++i) {
    // An ATM quote that moves a few ticks most rows.
    const int64_t bid = 10000 + 5 * ((i * 7) % 13);
    TickRow row;
    book.fill(rng, row, bid, bid + 10, shape, kLot);
    ASSERT_EQ(row.bid[0].price, bid);
    ASSERT_EQ(row.ask[0].price, bid + 10);
    for (int level = 1; level < 5; ++level) ASSERT_LT(row.bid[level].price, row.bid[level - 1].price);
    const int64_t depth = bid_depth(row);
    ASSERT_GT(depth, 0);
    ASSERT_EQ(depth % kLot, 0);
    if (previous > 0 && std::abs(depth - previous) >= 0.35 * static_cast<double>(previous)) ++big_moves;
    previous = depth;
  }
  // A redrawn book changes its depth by 35% or more in about half of its rows.
  EXPECT_LT(big_moves, kRows / 50) << big_moves << " rows moved the depth by 35% or more";
}

TEST(BookModel, AVacuumThinsTheWholeBookAtOnceAndItComesBack) {
  Rng rng(7);
  BookModel book;
  TickRow calm, thin, back;
  book.fill(rng, calm, 20000, 20010, {27.0, 1.0, 2}, kLot);
  book.fill(rng, thin, 20000, 20010, {27.0, 0.4, 2}, kLot);
  book.fill(rng, back, 20000, 20010, {27.0, 1.0, 2}, kLot);
  EXPECT_LE(bid_depth(thin), 0.65 * static_cast<double>(bid_depth(calm)));
  EXPECT_GE(bid_depth(back), 0.8 * static_cast<double>(bid_depth(calm)));
}

TEST(BookModel, LevelsBelowTheSmallestPriceAreEmpty) {
  Rng rng(3);
  BookModel book;
  TickRow row;
  book.fill(rng, row, 5, 10, {5.0, 1.0, 1}, kLot);
  EXPECT_EQ(row.bid[0].price, 5);
  for (int level = 1; level < 5; ++level) {
    EXPECT_EQ(row.bid[level].price, 0);
    EXPECT_EQ(row.bid[level].qty, 0);
  }
  EXPECT_GT(row.ask[4].qty, 0);
}

}  // namespace
}  // namespace tapelab::gen
