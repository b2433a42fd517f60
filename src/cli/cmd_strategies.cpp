// `tapelab strategies [--toml NAME]`: the built-in presets with their
// parameters in one line each, or one preset's TOML to start a config from.
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "strategies/config.h"
#include "strategies/presets.h"

namespace tapelab::cli {
namespace {

void run(const std::string& toml_of) {
  if (!toml_of.empty()) {
    fmt::print("{}", strategies::preset_text(toml_of));
    return;
  }
  for (const std::string& name : strategies::preset_names()) {
    fmt::print("{:<4} {}\n", name, strategies::describe(strategies::preset(name)));
  }
}

}  // namespace

void add_strategies_command(CLI::App& app) {
  auto toml_of = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("strategies", "List the built-in strategy presets (S1-S8, A1-A10)");
  cmd->add_option("--toml", *toml_of, "Print this preset's TOML (a starting point for a config)");
  cmd->callback([toml_of] { run(*toml_of); });
}

}  // namespace tapelab::cli
