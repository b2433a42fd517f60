// Writes a run's output folder (docs/engine-rules.md#outputs): trades.csv,
// orders.csv, daily.csv, intraday.csv, equity.csv, summary.json and report.html. Each file
// is published atomically (a reader sees the old file or the whole new one),
// and the same records give byte-identical files: nothing about the run's
// own time or machine goes into them.
#pragma once

#include <filesystem>

#include "engine/records.h"

namespace tapelab::report {

// Creates `out_dir` if needed and replaces the seven files in it; other files
// are left alone. Throws Error when a record names a strategy the run does
// not list, or when a file cannot be written.
void write_run(const engine::RunRecords& records, const std::filesystem::path& out_dir);

}  // namespace tapelab::report
