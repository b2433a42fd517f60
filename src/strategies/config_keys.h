// Keys that several strategy types read the same way: entry schedules and the
// expiry choice, so every type writes them alike and checks them alike.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/market_view.h"
#include "strategies/toml_table.h"

namespace tapelab::strategies {

// Entry times every `every_seconds` from `first` to `last` inclusive.
std::vector<std::int32_t> entry_times_every(std::int32_t first, std::int32_t last, std::int32_t every_seconds);

// `entries = ["09:20", "13:00"]` or `entries = { every_minutes = 40, from =
// "09:20", to = "14:00" }`: ascending seconds after midnight, no duplicates.
// Empty when the key is absent.
std::vector<std::int32_t> entry_list(TomlTable& table, std::string_view key = "entries");

// `expiry = "nearest" | "next" | { min_dte = 0, max_dte = 3 }`; leaves
// `expiry` as it is when the key is absent.
void apply_expiry(TomlTable& table, engine::ExpiryChoice& expiry);

// "nearest expiry", "next expiry", "expiry with DTE 0-3".
std::string describe_expiry(const engine::ExpiryChoice& expiry);

// "09:20 13:00".
std::string format_clock_list(const std::vector<std::int32_t>& times);

}  // namespace tapelab::strategies
