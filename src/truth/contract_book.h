// One option contract's book, read at any second of the grid: what the
// detectors of events (bursts' option response, pulls, fear) look at
// (docs/market-truth.md#option-book-columns).
#pragma once

#include <cstddef>
#include <cstdint>

#include "truth/book.h"
#include "truth/chain.h"
#include "truth/session_grid.h"

namespace tapelab::truth {

class ContractBook {
 public:
  // A null contract (not listed) has no book at any second.
  ContractBook(const market::OptionColumns& options, const ContractOnGrid* contract, const SessionGrid& grid)
      : o_(options), c_(contract), grid_(grid) {}

  // A snapshot exists at second i.
  bool has(std::size_t i) const { return c_ != nullptr && c_->asof[i] != kNoRow; }
  // Also true for i - 1, and both lie in one session window.
  bool has_pair(std::size_t i) const { return grid_.spans(i, 1) && has(i) && has(i - 1); }
  std::size_t row(std::size_t i) const { return static_cast<std::size_t>(c_->asof[i]); }
  BookMetrics at(std::size_t i) const { return book_metrics(o_, row(i)); }
  double bid(std::size_t i) const { return o_.bid_price[0][row(i)]; }
  double ask(std::size_t i) const { return o_.ask_price[0][row(i)]; }
  // Traded volume in (t - 1 s, t]; 0 without a snapshot.
  std::int64_t volume(std::size_t i) const;
  // The mid's change from i - 1 and the five levels' order-flow imbalance; NaN unless has_pair(i).
  double d_mid(std::size_t i) const;
  double ofi_5l(std::size_t i) const;
  // The bid or ask side's 5-level depth at i (has(i) required).
  std::int64_t depth(std::size_t i, bool ask_side) const;

 private:
  const market::OptionColumns& o_;
  const ContractOnGrid* c_;
  const SessionGrid& grid_;
};

}  // namespace tapelab::truth
