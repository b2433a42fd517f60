// The small CSV dialect of the reference tables and users' calendar files:
// comma-separated, optional double quotes ("" inside quotes is a quote), blank
// lines and '#' comment lines skipped, CRLF and a leading UTF-8 BOM tolerated
// (spreadsheets write both). Internal to the domain library.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.h"

namespace tapelab::domain {

struct CsvLine {
  size_t number;  // 1-based line in the source text
  std::vector<std::string> fields;
};

// Throws Error "<source>:<line>: ..." on an unterminated quote.
std::vector<CsvLine> parse_csv(std::string_view text, std::string_view source);

// Throws Error "<source>:<line>: <message>".
template <typename... Args>
[[noreturn]] void fail_at(std::string_view source, size_t line, fmt::format_string<Args...> format,
                          Args&&... args) {
  fail("{}:{}: {}", source, line, fmt::format(format, std::forward<Args>(args)...));
}

// Requires the first line to be exactly `expected` (case-insensitive) and
// every further line to have that many fields.
void check_table_shape(const std::vector<CsvLine>& lines, const std::vector<std::string_view>& expected,
                       std::string_view source);

bool iequals(std::string_view a, std::string_view b);
std::string to_upper(std::string_view s);
// A whole non-negative decimal integer that fits in int64; nullopt otherwise.
std::optional<int64_t> parse_integer(std::string_view s);
// "HH:MM" as seconds after midnight; nullopt if malformed.
std::optional<int32_t> parse_clock(std::string_view s);

}  // namespace tapelab::domain
