// The front futures' five-level book on the per-second grid, read the way an
// option contract's book is (ContractBook), so the order-flow imbalance and
// the pull and replenish rules apply to it unchanged
// (docs/market-truth.md#futures-book).
#pragma once

#include <string_view>

#include "market/day_tape.h"
#include "truth/chain.h"
#include "truth/contract_book.h"
#include "truth/session_grid.h"

namespace tapelab::truth {

class FuturesBook {
 public:
  // From the tape's futures_book; a day without one (no futures partition)
  // gives a book that has no snapshot at any second. `what` names the series
  // in errors (unsorted times).
  FuturesBook(const market::DayTape& tape, const SessionGrid& grid, std::string_view what);
  FuturesBook(const FuturesBook&) = delete;
  FuturesBook& operator=(const FuturesBook&) = delete;

  bool empty() const { return rows_.size() == 0; }
  const market::OptionColumns& rows() const { return rows_; }
  // Null on a day without futures, like an option that is not listed.
  const ContractOnGrid* on_grid() const { return empty() ? nullptr : &on_grid_; }
  ContractBook book() const { return ContractBook(rows_, on_grid(), grid_); }

 private:
  // The tape's futures rows, with vol_delta derived from their cumulative
  // volume the way fut_vol_1s reads it (the running maximum's growth), so a
  // second's traded volume is the same in both.
  market::OptionColumns rows_;
  ContractOnGrid on_grid_;
  const SessionGrid& grid_;
};

}  // namespace tapelab::truth
