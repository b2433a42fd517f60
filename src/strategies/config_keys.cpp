#include "strategies/config_keys.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "strategies/clock.h"
#include "util/error.h"

namespace tapelab::strategies {
namespace {

constexpr std::array<std::string_view, 2> kExpiryKinds = {"nearest", "next"};

}  // namespace

std::vector<std::int32_t> entry_times_every(std::int32_t first, std::int32_t last, std::int32_t every_seconds) {
  if (every_seconds <= 0) fail("entry interval must be positive, got {} s", every_seconds);
  std::vector<std::int32_t> times;
  for (std::int32_t t = first; t <= last; t += every_seconds) times.push_back(t);
  return times;
}

std::vector<std::int32_t> entry_list(TomlTable& table, std::string_view key) {
  const toml::node* node = table.node(key);
  if (!node) return {};
  std::vector<std::int32_t> times;
  if (const toml::array* list = node->as_array()) {
    for (const toml::node& element : *list) {
      const auto t = TomlTable::parse_time(element);
      if (!t) table.fail_node(element, key, "expected times of day \"HH:MM\" or \"HH:MM:SS\"");
      times.push_back(*t);
    }
  } else if (const toml::table* every = node->as_table()) {
    TomlTable window(*every, table.source(), table.key_path(key));
    const auto minutes = window.integer("every_minutes");
    const auto from = window.time_of_day("from");
    const auto to = window.time_of_day("to");
    window.reject_unknown();
    if (!minutes || !from || !to) table.fail_key(key, "a window needs every_minutes, from and to");
    if (*minutes <= 0) window.fail_key("every_minutes", "must be > 0");
    if (*to < *from) window.fail_key("to", "is before `from`");
    times = entry_times_every(*from, *to, static_cast<std::int32_t>(*minutes * 60));
  } else {
    table.fail_node(*node, key, "expected a list of times or {every_minutes, from, to}");
  }
  std::sort(times.begin(), times.end());
  if (std::adjacent_find(times.begin(), times.end()) != times.end()) {
    table.fail_key(key, "a time is listed twice");
  }
  return times;
}

void apply_expiry(TomlTable& table, engine::ExpiryChoice& expiry) {
  const toml::node* node = table.node("expiry");
  if (!node) return;
  if (node->is_string()) {
    const std::string_view kind = node->as_string()->get();
    const auto it = std::find(kExpiryKinds.begin(), kExpiryKinds.end(), kind);
    if (it == kExpiryKinds.end()) {
      table.fail_node(*node, "expiry", fmt::format("unknown value \"{}\" (expected nearest, next or {{min_dte, max_dte}})", kind));
    }
    expiry = {};
    expiry.kind = it == kExpiryKinds.begin() ? engine::ExpiryChoice::Kind::kNearest : engine::ExpiryChoice::Kind::kNext;
    return;
  }
  const toml::table* range = node->as_table();
  if (!range) table.fail_node(*node, "expiry", "expected \"nearest\", \"next\" or {min_dte, max_dte}");
  TomlTable dte(*range, table.source(), table.key_path("expiry"));
  const auto min_dte = dte.integer("min_dte");
  const auto max_dte = dte.integer("max_dte");
  dte.reject_unknown();
  if (!min_dte || !max_dte) table.fail_key("expiry", "a DTE range needs min_dte and max_dte");
  if (*min_dte < 0 || *max_dte < *min_dte) table.fail_key("expiry", "needs 0 <= min_dte <= max_dte");
  expiry.kind = engine::ExpiryChoice::Kind::kDteRange;
  expiry.min_dte = static_cast<std::int32_t>(*min_dte);
  expiry.max_dte = static_cast<std::int32_t>(*max_dte);
}

std::optional<TimeWindow> read_window(TomlTable& table, std::string_view key) {
  auto window = table.table(key);
  if (!window) return std::nullopt;
  const auto from = window->time_of_day("from");
  const auto to = window->time_of_day("to");
  window->reject_unknown();
  if (!from || !to) table.fail_key(key, "needs from and to");
  if (*to < *from) window->fail_key("to", "is before `from`");
  return TimeWindow{*from, *to};
}

void apply_lots(TomlTable& table, std::int32_t& lots) {
  if (const auto n = table.integer("lots")) {
    if (*n < 1 || *n > 10'000) table.fail_key("lots", "must be between 1 and 10000");
    lots = static_cast<std::int32_t>(*n);
  }
}

void apply_target(TomlTable& table, std::optional<double>& target) {
  if (const auto fraction = table.number("target")) {
    if (!(*fraction > 0 && *fraction <= 1)) table.fail_key("target", "is the fraction of credit kept, in (0, 1]");
    target = *fraction;
  }
}

void apply_stop(TomlTable& table, std::optional<double>& stop) {
  if (const auto multiple = table.number("stop")) {
    if (!(*multiple > 0)) table.fail_key("stop", "is a multiple of credit lost, > 0");
    stop = *multiple;
  }
}

void apply_max_hold(TomlTable& table, std::optional<std::int32_t>& seconds) {
  if (const auto minutes = table.integer("max_hold_minutes")) {
    if (*minutes <= 0 || *minutes > 24 * 60) table.fail_key("max_hold_minutes", "must be between 1 and 1440");
    seconds = static_cast<std::int32_t>(*minutes * 60);
  }
}

void apply_max_open(TomlTable& table, std::int32_t& max_open) {
  if (const auto open = table.integer("max_open_structures")) {
    if (*open < 1 || *open > 1000) table.fail_key("max_open_structures", "must be between 1 and 1000");
    max_open = static_cast<std::int32_t>(*open);
  }
}

std::string describe_expiry(const engine::ExpiryChoice& expiry) {
  switch (expiry.kind) {
    case engine::ExpiryChoice::Kind::kNearest: return "nearest expiry";
    case engine::ExpiryChoice::Kind::kNext: return "next expiry";
    case engine::ExpiryChoice::Kind::kDteRange: break;
  }
  return fmt::format("expiry with DTE {}-{}", expiry.min_dte, expiry.max_dte);
}

std::string format_clock_list(const std::vector<std::int32_t>& times) {
  std::vector<std::string> parts;
  for (const std::int32_t t : times) parts.push_back(format_clock(t));
  return fmt::format("{}", fmt::join(parts, " "));
}

}  // namespace tapelab::strategies
