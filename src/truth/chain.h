// The nearest expiry's contracts of one day on the per-second grid: which
// row is each contract's as-of snapshot at every second, and which rows were
// stamped within it. Computed on first use per contract, since a day only
// ever visits the strikes near the money.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "domain/contract.h"
#include "market/day_tape.h"
#include "truth/asof.h"
#include "truth/session_grid.h"

namespace tapelab::truth {

struct ContractOnGrid {
  std::vector<std::int64_t> asof;  // per second: the snapshot row, or kNoRow
  SecondRanges stamped;            // per second: rows stamped in (t - 1 s, t]
};

class Chain {
 public:
  Chain(const market::DayTape& tape, domain::Date expiry, const SessionGrid& grid);

  const market::OptionColumns& options() const { return tape_.options; }
  // Null when the expiry lists no such contract.
  const ContractOnGrid* contract(domain::OptionType type, std::int32_t strike);
  bool empty() const { return slices_.empty(); }

 private:
  const market::DayTape& tape_;
  const SessionGrid& grid_;
  std::map<std::pair<domain::OptionType, std::int32_t>, std::size_t> slices_;  // -> tape_.contracts index
  std::map<std::size_t, ContractOnGrid> computed_;
};

}  // namespace tapelab::truth
