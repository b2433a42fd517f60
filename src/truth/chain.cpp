#include "truth/chain.h"

#include <fmt/format.h>

namespace tapelab::truth {

Chain::Chain(const market::DayTape& tape, domain::Date expiry, const SessionGrid& grid) : tape_(tape), grid_(grid) {
  for (std::size_t c = 0; c < tape.contracts.size(); ++c) {
    const market::ContractSlice& slice = tape.contracts[c];
    if (slice.expiry == expiry) slices_.emplace(std::pair{slice.type, slice.strike}, c);
  }
}

const ContractOnGrid* Chain::contract(domain::OptionType type, std::int32_t strike) {
  const auto slice = slices_.find({type, strike});
  if (slice == slices_.end()) return nullptr;
  const auto [it, fresh] = computed_.try_emplace(slice->second);
  if (fresh) {
    const market::ContractSlice& s = tape_.contracts[slice->second];
    const std::span<const domain::WallNanos> times(tape_.options.time.data() + s.begin, s.rows());
    SourceRows rows = day_rows(times, grid_, fmt::format("{} {}", tape_.underlying, s.symbol));
    rows.offset += s.begin;
    it->second.asof = asof_rows(rows, grid_);
    it->second.stamped = rows_in_second(rows, grid_);
  }
  return &it->second;
}

}  // namespace tapelab::truth
