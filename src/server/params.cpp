#include "server/params.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "server/http_error.h"

namespace tapelab::server {

void allow_only(const Target& target, std::initializer_list<std::string_view> allowed) {
  for (const auto& [name, value] : target.query) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      bad_request("unknown query parameter '{}'", name);
    }
  }
}

domain::Date parse_day(std::string_view text) {
  const std::optional<domain::Date> day = domain::Date::parse(text);
  if (!day) bad_request("'{}' is not a date (YYYY-MM-DD)", text);
  return *day;
}

domain::WallNanos parse_time_of_day(std::string_view name, std::string_view text, domain::Date day) {
  const std::optional<domain::WallNanos> t = domain::parse_wall_time(day.to_string() + " " + std::string(text));
  if (text.size() != 8 || !t || domain::date_of(*t) != day) {
    bad_request("{}='{}' is not a time of day (HH:MM:SS)", name, text);
  }
  return *t;
}

std::int32_t parse_strike(std::string_view text) {
  std::int32_t strike = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), strike);
  if (ec != std::errc() || end != text.data() + text.size() || strike <= 0) {
    bad_request("strike='{}' is not a positive whole number", text);
  }
  return strike;
}

domain::OptionType parse_option_type(std::string_view text) {
  if (text == "CE") return domain::OptionType::kCall;
  if (text == "PE") return domain::OptionType::kPut;
  bad_request("type='{}' must be CE or PE", text);
}

std::vector<std::string> parse_columns(std::string_view text) {
  std::vector<std::string> out;
  std::set<std::string_view> seen;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    const std::string_view name = text.substr(start, end - start);
    if (name.empty()) bad_request("columns= holds an empty name");
    if (!seen.insert(name).second) bad_request("columns= names '{}' twice", name);
    out.emplace_back(name);
    start = end + 1;
  }
  return out;
}

SeriesFormat parse_format(const Target& target) {
  const std::string_view format = target.get("format").value_or("columns");
  if (format == "columns") return SeriesFormat::kColumns;
  if (format == "json") return SeriesFormat::kJson;
  bad_request("format='{}' must be columns or json", format);
}

std::string_view required(const Target& target, std::string_view name) {
  const std::optional<std::string_view> value = target.get(name);
  if (!value) bad_request("query parameter '{}' is required", name);
  return *value;
}

bool check_version(const Target& target, const std::string& current) {
  const std::optional<std::string_view> v = target.get("v");
  if (!v) return false;
  if (*v != current) not_found("version '{}' is not the current one ({}); ask without v= or with the new hash", *v, current);
  return true;
}

}  // namespace tapelab::server
