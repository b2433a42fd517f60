#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "dataset/publisher.h"
#include "util/error.h"
#include "util/version.h"

int main(int argc, char** argv) {
  CLI::App app{"tapelab: tick-level research on Indian index options"};
  app.set_version_flag("--version", tapelab::kVersion);
  app.require_subcommand(1);

  tapelab::cli::add_backtest_command(app);
  tapelab::cli::add_calendar_command(app);
  tapelab::cli::add_contract_command(app);
  tapelab::cli::add_dataset_command(app);
  tapelab::cli::add_gen_command(app);
  tapelab::cli::add_ingest_command(app);
  tapelab::cli::add_parquet_command(app);
  tapelab::cli::add_price_command(app);
  tapelab::cli::add_scan_command(app);
  tapelab::cli::add_serve_command(app);
  tapelab::cli::add_strategies_command(app);
  tapelab::cli::add_sweep_command(app);
  tapelab::cli::add_truth_command(app);

  try {
    tapelab::dataset::kill_at_publish_step_from_env();
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const tapelab::Error& e) {
    fmt::print(stderr, "tapelab: error: {}\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "tapelab: internal error: {}\n", e.what());
    return 2;
  }
  return 0;
}
