#include "strategies/presets.h"

#include <algorithm>
#include <cctype>
#include <compare>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/csv.h"
#include "util/error.h"

namespace tapelab::embedded {
// strategies/presets/<name>.toml, compiled in by src/strategies/CMakeLists.txt.
const std::vector<std::pair<std::string_view, std::string_view>>& strategy_presets();
}  // namespace tapelab::embedded

namespace tapelab::strategies {
namespace {

constexpr std::string_view kSuffix = ".toml";

std::string_view preset_name_of(std::string_view file) { return file.substr(0, file.size() - kSuffix.size()); }

// The listing order: the users' families as docs/engine-rules.md#strategy-library
// lists them (S, A, T, B), then other names alphabetically; within a family by
// number, so A2 comes before A10 and B1 before B1b before B2.
struct ListKey {
  int family = 0;
  std::string prefix;
  long number = 0;
  std::string suffix;
  auto operator<=>(const ListKey&) const = default;
};

ListKey list_key(std::string_view name) {
  constexpr std::string_view kFamilies[] = {"S", "A", "T", "B"};
  ListKey key;
  std::size_t digits = 0;
  while (digits < name.size() && !std::isdigit(static_cast<unsigned char>(name[digits]))) ++digits;
  key.prefix = domain::to_upper(name.substr(0, digits));
  std::size_t end = digits;
  while (end < name.size() && std::isdigit(static_cast<unsigned char>(name[end]))) ++end;
  if (end > digits) key.number = std::stol(std::string(name.substr(digits, end - digits)));
  key.suffix = name.substr(end);
  const auto family = std::find(std::begin(kFamilies), std::end(kFamilies), key.prefix);
  key.family = static_cast<int>(family - std::begin(kFamilies));
  return key;
}

}  // namespace

const std::vector<std::string>& preset_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const auto& [file, text] : embedded::strategy_presets()) list.emplace_back(preset_name_of(file));
    std::sort(list.begin(), list.end(), [](const std::string& a, const std::string& b) {
      return list_key(a) < list_key(b);
    });
    return list;
  }();
  return names;
}

std::string_view preset_text(std::string_view name) {
  for (const auto& [file, text] : embedded::strategy_presets()) {
    if (domain::iequals(preset_name_of(file), name)) return text;
  }
  fail("unknown preset \"{}\" (known: {})", name, fmt::join(preset_names(), ", "));
}

StrategyConfig preset(std::string_view name) {
  const std::string_view text = preset_text(name);
  std::vector<StrategyConfig> configs = parse_config(text, fmt::format("preset {}", name));
  if (configs.size() != 1) fail("preset {} defines {} strategies instead of one", name, configs.size());
  return std::move(configs.front());
}

}  // namespace tapelab::strategies
