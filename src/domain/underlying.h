// Underlyings are data (data/underlyings.csv compiled in), not code: adding
// one is a new row, and every rule keyed by name picks it up.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tapelab::domain {

struct Underlying {
  std::string name;              // "NIFTY", "BANKNIFTY", ...
  int32_t strike_step;           // points between strikes near the money (NIFTY 50, BANKNIFTY 100)
  double tick_size;              // 0.05
  int32_t session_open_seconds;  // seconds after midnight IST: 09:15 -> 33300
  int32_t session_close_seconds; // 15:30 -> 55800
  std::string spot_table;        // dump table name of the index: "NIFTY", "BANKNIFTY"
  std::vector<std::string> spot_table_aliases;  // "Nifty 50", "Nifty Bank"
  std::string futures_table;     // "NIFTYFUT"
};

const Underlying* find_underlying(std::string_view name);  // case-insensitive; nullptr if unknown
// Sorted longest name first (then by name), the order in which contract names
// must be matched so BANKNIFTY is never read as NIFTY.
const std::vector<Underlying>& all_underlyings();

// Parses the underlyings table; `source` names it in error messages. Exposed
// so malformed tables can be tested; all_underlyings() uses the built-in one.
std::vector<Underlying> parse_underlyings(std::string_view csv, std::string_view source);

}  // namespace tapelab::domain
