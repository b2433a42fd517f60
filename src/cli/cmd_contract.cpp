// Placeholder until the owning library lands; replaced by the real command.
#include "cli/commands.h"

namespace tapelab::cli {

void add_contract_command(CLI::App& app) { app.add_subcommand("contract", "(not built yet)"); }

}  // namespace tapelab::cli
