#include "strategies/presets.h"

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

}  // namespace

const std::vector<std::string>& preset_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const auto& [file, text] : embedded::strategy_presets()) list.emplace_back(preset_name_of(file));
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
