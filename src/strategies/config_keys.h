// Keys that several strategy types read the same way: entry schedules and the
// expiry choice, so every type writes them alike and checks them alike.
#pragma once

#include <cstdint>
#include <optional>
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

// `window = { from = "09:25", to = "09:35" }`: a span of the session in
// seconds after midnight; nullopt when the key is absent.
struct TimeWindow {
  std::int32_t from = 0;
  std::int32_t to = 0;
};
std::optional<TimeWindow> read_window(TomlTable& table, std::string_view key = "window");

// The keys every structure type reads alike; each leaves its value as it is
// when the key is absent.
// `lots`: 1 ... 10000.
void apply_lots(TomlTable& table, std::int32_t& lots);
// `target`: the fraction of credit kept, in (0, 1].
void apply_target(TomlTable& table, std::optional<double>& target);
// `stop`: the multiple of credit lost, > 0.
void apply_stop(TomlTable& table, std::optional<double>& stop);
// `max_hold_minutes`: 1 ... 1440, kept in seconds.
void apply_max_hold(TomlTable& table, std::optional<std::int32_t>& seconds);
// `max_open_structures`: 1 ... 1000.
void apply_max_open(TomlTable& table, std::int32_t& max_open);

// "nearest expiry", "next expiry", "expiry with DTE 0-3".
std::string describe_expiry(const engine::ExpiryChoice& expiry);

// "09:20 13:00".
std::string format_clock_list(const std::vector<std::int32_t>& times);

}  // namespace tapelab::strategies
