// `sweep` as one job, shared by the CLI (cmd_sweep.cpp) and Python: a sweep
// file in, the ranked variants, the walk-forward, the provenance and the
// output files out, so both write the same bytes (docs/python.md#sweeps).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/provenance.h"
#include "report/writers.h"
#include "sweep/run_sweep.h"
#include "sweep/variants.h"

namespace tapelab::jobs {

struct SweepRequest {
  std::string config;  // the sweep file (TOML)
  std::string data;    // the dataset, as given
  std::string from;    // YYYY-MM-DD or empty
  std::string to;
  std::vector<std::string> underlyings;
  int threads = 0;  // 0: all cores
  bool progress = false;
  bool keep_trades = false;  // also every variant's report files, in backtest/
  std::string rank_by = "net";
  std::string split;              // walk-forward: out of sample from this date on
  std::vector<int> walk_forward;  // or IN,OUT trading days
  int picks = 1;
  int top = 20;  // rows of the ranking in the printed text
};

// The sweep's variants and options, checked, with the provenance they will
// be recorded under. Throws Error with the CLI's messages.
struct SweepJobPlan {
  sweep::SweepPlan plan;
  sweep::SweepOptions options;
  report::RunConfiguration configuration;
};
SweepJobPlan plan_sweep(const SweepRequest& request);

struct SweepRun {
  SweepJobPlan job;
  sweep::SweepResult result;
  std::string data;
  std::optional<std::string> manifest_hash;
  bool keep_trades = false;
  int top = 20;
};
SweepRun run_sweep(const SweepRequest& request);

// sweep::sweep_files, then provenance.json.
std::vector<report::OutputFile> sweep_job_files(const SweepRun& run);

// What the CLI prints: the ranking's first `top` rows (and walk-forward).
std::string sweep_job_text(const SweepRun& run);

}  // namespace tapelab::jobs
