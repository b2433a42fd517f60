// `tapelab truth build`: the per-second truth tables of a dataset's days
// (truth/build.h, docs/market-truth.md).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/day_flags.h"
#include "report/provenance.h"
#include "truth/build.h"
#include "util/file.h"
#include "truth/params.h"
#include "truth/stats_format.h"
#include "truth/truth_stats.h"

namespace tapelab::cli {
namespace {

struct TruthBuildFlags {
  std::string dataset;
  std::string out;
  std::string from;
  std::string to;
  std::vector<std::string> underlyings;
  int threads = 0;
  std::string params;  // a JSON file overriding default parameters
};

void run_build(const TruthBuildFlags& flags) {
  truth::BuildOptions options;
  if (!flags.params.empty()) options.params = truth::params_from_json(read_file(flags.params), flags.params);
  options.days = day_selection("truth build", flags.from, flags.to, flags.underlyings);
  options.threads = flags.threads;
  const std::optional<std::string> manifest = report::manifest_hash(flags.dataset);
  const truth::BuildReport report = truth::build_truth(flags.dataset, flags.out, options);
  report::RunConfiguration configuration;
  configuration.command = "truth build";
  configuration.days = options.days;
  configuration.options = {{"parameters", truth::params_json(options.params)},
                           {"truth_schema_version", std::to_string(truth::kTruthSchemaVersion)}};
  report::write_provenance(flags.out, flags.dataset, manifest, configuration);
  for (const truth::TruthDay& day : report.built) {
    fmt::print("built   {} {}:", day.date.to_string(), day.underlying);
    for (const truth::TruthFile& f : day.files) fmt::print(" {} {} rows", f.table, f.rows);
    fmt::print("; {}\n", day.periodicity);
  }
  for (const truth::SkippedDay& day : report.skipped) {
    fmt::print("skipped {} {}: {}\n", day.date.to_string(), day.underlying, day.reason);
  }
  fmt::print("truth build: {} days built, {} unchanged, {} skipped, in {}\n", report.built.size(), report.unchanged,
             report.skipped.size(), flags.out);
}

struct TruthTablesFlags {
  std::string truth;
  std::string from;
  std::string to;
  std::vector<std::string> underlyings;
  truth::StatsFormat format = truth::StatsFormat::kText;
};

void run_tables(const TruthTablesFlags& flags) {
  const truth::TruthStats stats =
      truth::truth_stats(flags.truth, day_selection("truth tables", flags.from, flags.to, flags.underlyings));
  fmt::print("{}", truth::render_stats(stats, flags.format));
}

void add_tables_command(CLI::App& truth) {
  auto flags = std::make_shared<TruthTablesFlags>();
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
  tables->callback([flags] { run_tables(*flags); });
}

}  // namespace

void add_truth_command(CLI::App& app) {
  CLI::App* truth = app.add_subcommand("truth", "Market truth: per-second features, ATM options, events and regimes of each day");
  truth->require_subcommand(1);
  auto flags = std::make_shared<TruthBuildFlags>();
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
