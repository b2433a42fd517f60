#include "strategies/toml_table.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/csv.h"
#include "util/error.h"

namespace tapelab::strategies {

TomlTable::TomlTable(const toml::table& table, std::string source, std::string path)
    : table_(&table), source_(std::move(source)), path_(std::move(path)) {}

std::vector<std::string> TomlTable::keys() const {
  std::vector<std::string> keys;
  for (const auto& [key, value] : *table_) keys.emplace_back(key.str());
  return keys;
}

std::string TomlTable::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
}

void TomlTable::fail_key(std::string_view key, std::string_view problem) const {
  const toml::node* node = table_->get(key);
  if (node) fail_node(*node, key, problem);
  fail("{}: {}: {}", source_, key_path(key), problem);
}

void TomlTable::fail_node(const toml::node& node, std::string_view key, std::string_view problem) const {
  fail("{}:{}: {}: {}", source_, node.source().begin.line, key_path(key), problem);
}

const toml::node* TomlTable::take(std::string_view key) {
  const toml::node* node = table_->get(key);
  if (node) read_.emplace(key);
  return node;
}

const toml::node* TomlTable::node(std::string_view key) { return take(key); }

std::optional<std::string> TomlTable::string(std::string_view key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  if (!node->is_string()) fail_node(*node, key, "expected a string");
  return node->as_string()->get();
}

std::optional<double> TomlTable::number(std::string_view key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  if (node->is_integer()) return static_cast<double>(node->as_integer()->get());
  if (node->is_floating_point()) return node->as_floating_point()->get();
  fail_node(*node, key, "expected a number");
}

std::optional<std::int64_t> TomlTable::integer(std::string_view key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  if (!node->is_integer()) fail_node(*node, key, "expected a whole number");
  return node->as_integer()->get();
}

std::optional<bool> TomlTable::boolean(std::string_view key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  if (!node->is_boolean()) fail_node(*node, key, "expected true or false");
  return node->as_boolean()->get();
}

std::optional<std::int32_t> TomlTable::parse_time(const toml::node& node) {
  if (const auto* time = node.as_time()) {
    const toml::time& t = time->get();
    if (t.nanosecond != 0) return std::nullopt;
    return t.hour * 3600 + t.minute * 60 + t.second;
  }
  if (!node.is_string()) return std::nullopt;
  const std::string_view text = node.as_string()->get();
  const auto minutes = domain::parse_clock(text.substr(0, 5));
  if (!minutes) return std::nullopt;
  if (text.size() == 5) return minutes;
  if (text.size() != 8 || text[5] != ':') return std::nullopt;
  const auto seconds = domain::parse_integer(text.substr(6));
  if (!seconds || *seconds > 59) return std::nullopt;
  return *minutes + static_cast<std::int32_t>(*seconds);
}

std::optional<std::int32_t> TomlTable::time_of_day(std::string_view key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  const auto seconds = parse_time(*node);
  if (!seconds) fail_node(*node, key, "expected a time of day \"HH:MM\" or \"HH:MM:SS\"");
  return seconds;
}

std::optional<std::size_t> TomlTable::choice(std::string_view key, std::span<const std::string_view> choices) {
  const auto value = string(key);
  if (!value) return std::nullopt;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (*value == choices[i]) return i;
  }
  fail_key(key, fmt::format("unknown value \"{}\" (expected one of: {})", *value, fmt::join(choices, ", ")));
}

std::optional<TomlTable> TomlTable::table(std::string_view key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  if (!node->is_table()) fail_node(*node, key, "expected a table");
  return TomlTable(*node->as_table(), source_, key_path(key));
}

const toml::array* TomlTable::array(std::string_view key) {
  const toml::node* node = take(key);
  if (!node) return nullptr;
  if (!node->is_array()) fail_node(*node, key, "expected a list");
  return node->as_array();
}

void TomlTable::reject_unknown() const {
  for (const auto& [key, value] : *table_) {
    if (!read_.contains(key.str())) fail_node(value, key.str(), "unknown key");
  }
}

}  // namespace tapelab::strategies
