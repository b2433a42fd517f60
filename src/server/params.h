// Reading the parts of a request the API defines, each refused with a 400
// that names the parameter and what it should look like (docs/server.md).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/contract.h"
#include "domain/date.h"
#include "domain/time.h"
#include "server/target.h"

namespace tapelab::server {

// Refuses any query parameter not in `allowed`.
void allow_only(const Target& target, std::initializer_list<std::string_view> allowed);

domain::Date parse_day(std::string_view text);  // "YYYY-MM-DD"
// "HH:MM:SS" on `day` as a wall time; `name` is the parameter's.
domain::WallNanos parse_time_of_day(std::string_view name, std::string_view text, domain::Date day);
std::int32_t parse_strike(std::string_view text);
domain::OptionType parse_option_type(std::string_view text);  // "CE" or "PE"
// "a,b,c" -> names (empty = all); repeated or empty names are refused.
std::vector<std::string> parse_columns(std::string_view text);

enum class SeriesFormat { kColumns, kJson };
SeriesFormat parse_format(const Target& target);  // format=columns (default) or json

// The required parameter's value, or a 400 naming it.
std::string_view required(const Target& target, std::string_view name);

// A `v` parameter must equal the current content hash: true when given and
// equal (the response is immutable), false when absent; 404 when stale.
bool check_version(const Target& target, const std::string& current);

}  // namespace tapelab::server
