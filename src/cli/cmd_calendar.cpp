// Placeholder until the owning library lands; replaced by the real command.
#include "cli/commands.h"

namespace tapelab::cli {

void add_calendar_command(CLI::App& app) { app.add_subcommand("calendar", "(not built yet)"); }

}  // namespace tapelab::cli
