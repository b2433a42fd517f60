// Placeholder until the owning library lands; replaced by the real command.
#include "cli/commands.h"

namespace tapelab::cli {

void add_parquet_command(CLI::App& app) { app.add_subcommand("parquet", "(not built yet)"); }

}  // namespace tapelab::cli
