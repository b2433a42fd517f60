// Placeholder until the owning library lands; replaced by the real command.
#include "cli/commands.h"

namespace tapelab::cli {

void add_gen_command(CLI::App& app) { app.add_subcommand("gen", "(not built yet)"); }

}  // namespace tapelab::cli
