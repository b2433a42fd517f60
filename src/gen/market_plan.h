// What one underlying contributes to a generated folder: its index tape per
// day, the expiries listed each day, and every option contract seen on any
// day. Dumps and the Parquet layouts are written from the same plan, so each
// layout holds the same market (docs/source-data.md#generated-parquet-layouts).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/expiry_calendar.h"
#include "domain/underlying.h"
#include "gen/chain.h"
#include "gen/market.h"
#include "gen/scale.h"
#include "gen/tape.h"

namespace tapelab::gen {

struct UnderlyingPlan {
  const domain::Underlying* underlying = nullptr;
  std::vector<SpotDay> spot;                          // per folder day
  std::vector<std::vector<ListedExpiry>> listed;      // per folder day
  std::vector<ListedExpiry> front;                    // per folder day
  std::vector<TapeDay> tape;                          // per folder day
  std::deque<OptionSpec> specs;                       // stable addresses for the closures
  std::vector<std::map<std::string, int>> rank_by_day;  // symbol -> expiry rank, per folder day

  // Folder day indices on which a contract is listed, ascending.
  std::vector<size_t> days_listed(const OptionSpec& spec) const;
};

// Plans `name` over `days` (full trading days, ascending): strikes at the
// underlying's step covering each day's range and `scale.strikes_beyond_range` more.
void plan_underlying(UnderlyingPlan& plan, const std::string& name, uint64_t seed,
                     const std::vector<domain::Date>& days, const domain::ExpiryCalendar& calendar,
                     const ScaleParams& scale);

}  // namespace tapelab::gen
