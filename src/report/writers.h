// Writes a run's output folder (docs/engine-rules.md#outputs): trades.csv,
// orders.csv, daily.csv, intraday.csv, equity.csv, summary.json and report.html. Each file
// is published atomically (a reader sees the old file or the whole new one),
// and the same records give byte-identical files: nothing about the run's
// own time or machine goes into them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/records.h"

namespace tapelab::report {

// One file of an output folder, rendered in memory: what the CLI writes and
// what Python reads its tables from are the same bytes.
struct OutputFile {
  std::string name;  // relative to the output folder ("trades.csv", "backtest/trades.csv")
  std::string bytes;
};

// The seven files of a run's folder, in the order above.
std::vector<OutputFile> run_files(const engine::RunRecords& records);

// Creates `out_dir` (and the files' subfolders) if needed and replaces the
// files in it, each atomically; other files are left alone. Throws Error
// when a folder or file cannot be written.
void write_files(const std::vector<OutputFile>& files, const std::filesystem::path& out_dir);

// run_files written into `out_dir`. Throws Error when a record names a
// strategy the run does not list, or when a file cannot be written.
void write_run(const engine::RunRecords& records, const std::filesystem::path& out_dir);

}  // namespace tapelab::report
