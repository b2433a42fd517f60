// The built-in presets (docs/engine-rules.md#strategy-library): every TOML file
// in strategies/presets/ is compiled into the binary, so `--preset A1` works
// without the repository.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "strategies/config.h"

namespace tapelab::strategies {

// By family (S, A, T, B, then others by name), by number within one: S1 ... S8, A1 ... A10, ...
const std::vector<std::string>& preset_names();
// Case-insensitive; throws Error naming the known presets for an unknown name.
StrategyConfig preset(std::string_view name);
// The preset's TOML file as it is compiled in.
std::string_view preset_text(std::string_view name);

}  // namespace tapelab::strategies
