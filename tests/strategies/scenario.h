// Running a strategy config on a hand-built day (MicroDay) and reading its
// records back: the trades of a structure, a leg by type and strike, the
// notes of the orders log, clock times of the day.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/contract.h"
#include "engine/records.h"
#include "strategies/config.h"
#include "strategies/micro_day.h"

namespace tapelab::strategies::testing {

inline constexpr auto kCE = domain::OptionType::kCall;
inline constexpr auto kPE = domain::OptionType::kPut;

// `previous_spot` is what a strategy that needs the day before is handed (empty: none).
engine::RunRecords run(const StrategyConfig& config, const MicroDay& day,
                       const market::SeriesColumns& previous_spot = {});
// `toml` is the body of one [[strategy]] table of type managed_structure, named "T".
engine::RunRecords run_managed(const std::string& toml, const MicroDay& day);
// One strategy config of type managed_structure from the body of its table.
StrategyConfig managed_config(const std::string& toml);

// The error parse_config gives the document `toml` (named "bad.toml"), or "no error".
std::string config_error(const std::string& toml);

// Seconds after midnight of a wall time of MicroDay's day.
std::int32_t second_of(domain::WallNanos t);

// The trades of one structure, in the order they closed.
std::vector<engine::TradeRecord> trades_of(const engine::RunRecords& r, std::int64_t structure);
// The one trade of `structure` on (type, strike); throws when there is not exactly one.
const engine::TradeRecord& leg(const engine::RunRecords& r, std::int64_t structure, domain::OptionType type,
                               std::int32_t strike);
// Quotes the CE and PE of every strike from `low` to `high` (50 apart) from
// `from` on at its Black-76 price on `forward` with `vol` (rate 0, calendar
// time from `from` to the day's contract expiry), bid and ask 0.25 either
// side of it, so the mid is the price (under 0.30: 0.05 / 0.55, mid 0.30).
MicroDay& black76_chain(MicroDay& day, std::int32_t from, double forward, double vol, std::int32_t low,
                        std::int32_t high);
// That price.
double black76_price(const MicroDay& day, domain::OptionType type, std::int32_t strike, std::int32_t from,
                     double forward, double vol);

// The orders log's notes (skipped entries, adjustments, ...).
std::vector<std::string> notes(const engine::RunRecords& r);
// The orders that filled, in the order they were sent.
std::vector<engine::OrderRecord> fills(const engine::RunRecords& r);

}  // namespace tapelab::strategies::testing
