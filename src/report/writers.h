// Writes a run's output folder (docs/engine-rules.md#outputs): trades.csv,
// orders.csv, daily.csv, intraday.csv, equity.csv, summary.json and report.html. Each file
// is published atomically (a reader sees the old file or the whole new one),
// and the same records give byte-identical files: nothing about the run's
// own time or machine goes into them.
#pragma once

#include <filesystem>

#include "engine/records.h"
#include "report/regime_breakdown.h"

namespace tapelab::report {

// Creates `out_dir` if needed and replaces the seven files in it; other files
// are left alone. Throws Error when a record names a strategy the run does
// not list, or when a file cannot be written. With `by_regime` (a run with
// --truth) also by_regime.csv and its section of report.html; without it, the
// seven files are exactly those of a run without a truth, and a by_regime.csv
// left by an earlier run is removed (it would describe other trades).
void write_run(const engine::RunRecords& records, const std::filesystem::path& out_dir,
               const std::vector<RegimeRow>* by_regime = nullptr);

}  // namespace tapelab::report
