// Each subcommand registers its flags on the app and runs from a callback.
#pragma once

#include <CLI/CLI.hpp>

namespace tapelab::cli {

void add_backtest_command(CLI::App& app);
void add_calendar_command(CLI::App& app);
void add_contract_command(CLI::App& app);
void add_dataset_command(CLI::App& app);
// `dataset greeks`, under the `dataset` command.
void add_dataset_greeks_command(CLI::App& dataset);
void add_gen_command(CLI::App& app);
void add_ingest_command(CLI::App& app);
void add_parquet_command(CLI::App& app);
void add_price_command(CLI::App& app);
void add_scan_command(CLI::App& app);
void add_serve_command(CLI::App& app);
void add_strategies_command(CLI::App& app);
void add_sweep_command(CLI::App& app);
void add_truth_command(CLI::App& app);

}  // namespace tapelab::cli
