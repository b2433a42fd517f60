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
#include "report/regime_breakdown.h"

namespace tapelab::report {

// One file of an output folder, rendered in memory: what the CLI writes and
// what Python reads its tables from are the same bytes.
struct OutputFile {
  std::string name;  // relative to the output folder ("trades.csv", "backtest/trades.csv")
  std::string bytes;
};

// The seven files of a run's folder, in the order above. With `by_regime` (a
// run with --truth) also by_regime.csv, and report.html gains its section;
// without it the seven files are exactly those of a run without a truth.
std::vector<OutputFile> run_files(const engine::RunRecords& records, const std::vector<RegimeRow>* by_regime = nullptr);

// Creates `out_dir` (and the files' subfolders) if needed and replaces the
// files in it, each atomically; other files are left alone. Throws Error
// when a folder or file cannot be written.
void write_files(const std::vector<OutputFile>& files, const std::filesystem::path& out_dir);

// Removes `out_dir/name` if it is there: a file an earlier run wrote that
// this one does not, which would describe other trades. Throws Error when it
// cannot be removed.
void remove_stale(const std::filesystem::path& out_dir, const std::string& name);

// run_files written into `out_dir`; without `by_regime`, a by_regime.csv left
// there by an earlier run is removed. Throws Error when a record names a
// strategy the run does not list, or when a file cannot be written or removed.
void write_run(const engine::RunRecords& records, const std::filesystem::path& out_dir,
               const std::vector<RegimeRow>* by_regime = nullptr);

}  // namespace tapelab::report
