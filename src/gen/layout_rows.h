// The rows of one file of a Parquet layout, taken from the same tape
// functions that write the dumps, so every layout holds the dumps' rows.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "gen/market_plan.h"
#include "gen/parquet_columns.h"

namespace tapelab::gen {

ContractIdentity identity_of(const UnderlyingPlan& plan, const OptionSpec& spec);

// A contract's rows over `days` (folder day indices): with `preopen`, the
// logger's 1970 row of each day first (as a dump table has them), then the
// days in order. `rank` overrides the day's expiry rank (extra contracts of
// the census are not in the plan).
std::vector<LayoutRow> option_rows(const UnderlyingPlan& plan, const OptionSpec& spec, const ContractIdentity* id,
                                   std::span<const size_t> days, bool preopen, int rank = -1);
std::vector<LayoutRow> preopen_rows(const UnderlyingPlan& plan, const OptionSpec& spec, const ContractIdentity* id,
                                    std::span<const size_t> days);
std::vector<LayoutRow> spot_rows(const UnderlyingPlan& plan);
std::vector<LayoutRow> futures_rows(const UnderlyingPlan& plan, bool preopen);

// Their vol_delta: volume less the contract's previous row's on the same day
// (the whole volume on a day's first row, 0 on pre-open rows). Rows in time order.
void set_vol_delta(std::span<LayoutRow> rows);

}  // namespace tapelab::gen
