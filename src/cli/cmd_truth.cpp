// `tapelab truth build`: the per-second truth tables of a dataset's days
// (truth/build.h, docs/market-truth.md), and `tapelab truth tables`; both
// run as jobs (jobs/truth_jobs.h) shared with Python.
#include <map>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "jobs/truth_jobs.h"

namespace tapelab::cli {
namespace {

void run_build(const jobs::TruthBuildRequest& request) {
  fmt::print("{}", jobs::build_report_text(jobs::build_truth(request), request.out));
}

void add_tables_command(CLI::App& truth) {
  auto flags = std::make_shared<jobs::TruthTablesRequest>();
  CLI::App* tables = truth.add_subcommand(
      "tables", "Print the truth tables: bursts, liquidity, fear and jumps by underlying, DTE, time of day, regime");
  tables->add_option("TRUTH,--truth", flags->truth, "Truth folder (from truth build)")->required();
  tables->add_option("--from", flags->from, "First day, YYYY-MM-DD");
  tables->add_option("--to", flags->to, "Last day, YYYY-MM-DD");
  tables->add_option("--underlying", flags->underlyings, "Only these underlyings (repeatable)")->delimiter(',');
  std::map<std::string, truth::StatsFormat> formats;
  for (std::size_t i = 0; i < truth::kStatsFormatNames.names().size(); ++i) {
    formats.emplace(std::string(truth::kStatsFormatNames.names()[i]), truth::kStatsFormatNames.value_at(i));
  }
  tables->add_option("--format", flags->format, "text, md, csv, json or html (self-contained, with histograms)")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case));
  tables->callback([flags] { fmt::print("{}", jobs::truth_tables(*flags)); });
}

}  // namespace

void add_truth_command(CLI::App& app) {
  CLI::App* truth = app.add_subcommand("truth", "Market truth: per-second features, ATM options, events and regimes of each day");
  truth->require_subcommand(1);
  auto flags = std::make_shared<jobs::TruthBuildRequest>();
  CLI::App* build = truth->add_subcommand(
      "build", "Write the features, atm_options, events and regimes tables of the selected days (incremental, atomic)");
  build->add_option("DATASET,--data", flags->dataset, "Dataset folder")->required();
  build->add_option("--out", flags->out, "Truth folder (new, empty, or an earlier truth)")->required();
  build->add_option("--from", flags->from, "First day, YYYY-MM-DD");
  build->add_option("--to", flags->to, "Last day, YYYY-MM-DD");
  build->add_option("--underlying", flags->underlyings, "Only these underlyings (repeatable)")->delimiter(',');
  build->add_option("--params", flags->params,
                    "JSON file overriding parameters (docs/market-truth.md#parameters), e.g. {\"burst_k1\": 2}")
      ->check(CLI::ExistingFile);
  build->add_option("--threads", flags->threads, "Days built in parallel (default: every core)")
      ->check(CLI::NonNegativeNumber);
  build->callback([flags] { run_build(*flags); });
  add_tables_command(*truth);
}

}  // namespace tapelab::cli
