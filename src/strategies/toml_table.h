// Strict reading of one TOML table of a strategy config: every key is read
// through this class, and reject_unknown() fails on any key nobody read, so a
// typo ("targt = 0.5") is an error instead of a silently ignored setting.
// Errors name the file, line, key path and the problem.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "util/enum_names.h"

namespace tapelab::strategies {

class TomlTable {
 public:
  // `source` is the file name for messages; `path` the table's key path
  // ("strategy[2].execution"), empty at the top level.
  TomlTable(const toml::table& table, std::string source, std::string path);

  bool has(std::string_view key) const { return table_->contains(key); }
  std::vector<std::string> keys() const;  // sorted
  std::optional<std::string> string(std::string_view key);
  std::optional<double> number(std::string_view key);        // integer or float
  std::optional<std::int64_t> integer(std::string_view key);
  std::optional<bool> boolean(std::string_view key);
  // "HH:MM", "HH:MM:SS" or a TOML local time, as seconds after midnight.
  std::optional<std::int32_t> time_of_day(std::string_view key);
  // One of `choices`, returned as its index.
  std::optional<std::size_t> choice(std::string_view key, std::span<const std::string_view> choices);
  // One of an enum's names, returned as its value.
  template <typename E, std::size_t N>
  std::optional<E> choice(std::string_view key, const EnumNames<E, N>& names) {
    const auto i = choice(key, names.names());
    return i ? std::optional<E>(names.value_at(*i)) : std::nullopt;
  }
  std::optional<TomlTable> table(std::string_view key);
  const toml::array* array(std::string_view key);
  // The node of a key whose type varies (a list or a table); marks it read.
  const toml::node* node(std::string_view key);

  // Fails naming every key that was never read.
  void reject_unknown() const;
  [[noreturn]] void fail_key(std::string_view key, std::string_view problem) const;
  [[noreturn]] void fail_node(const toml::node& node, std::string_view key, std::string_view problem) const;
  std::string key_path(std::string_view key) const;
  const std::string& source() const { return source_; }

  // A time-of-day node ("HH:MM", "HH:MM:SS" or a TOML time) as seconds after
  // midnight; nullopt when malformed. Shared with array elements.
  static std::optional<std::int32_t> parse_time(const toml::node& node);

 private:
  const toml::node* take(std::string_view key);

  const toml::table* table_;
  std::string source_;
  std::string path_;
  std::set<std::string, std::less<>> read_;
};

}  // namespace tapelab::strategies
