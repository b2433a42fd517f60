#include "jobs/truth_jobs.h"

#include <fmt/format.h>

#include "jobs/day_selection.h"
#include "report/provenance.h"
#include "truth/params.h"
#include "truth/truth_stats.h"
#include "util/file.h"

namespace tapelab::jobs {

truth::BuildOptions build_options(const TruthBuildRequest& request) {
  truth::BuildOptions options;
  if (!request.params.empty()) options.params = truth::params_from_json(read_file(request.params), request.params);
  options.days = day_selection("truth build", request.from, request.to, request.underlyings);
  options.threads = request.threads;
  return options;
}

void write_build_provenance(const TruthBuildRequest& request, const truth::BuildOptions& options,
                            const std::optional<std::string>& manifest_hash) {
  report::RunConfiguration configuration;
  configuration.command = "truth build";
  configuration.days = options.days;
  configuration.options = {{"parameters", truth::params_json(options.params)},
                           {"truth_schema_version", std::to_string(truth::kTruthSchemaVersion)}};
  report::write_provenance(request.out, request.dataset, manifest_hash, configuration);
}

truth::BuildReport build_truth(const TruthBuildRequest& request) {
  const truth::BuildOptions options = build_options(request);
  const std::optional<std::string> manifest = report::manifest_hash(request.dataset);
  truth::BuildReport report = truth::build_truth(request.dataset, request.out, options);
  write_build_provenance(request, options, manifest);
  return report;
}

std::string build_report_text(const truth::BuildReport& report, const std::string& out) {
  std::string text;
  for (const truth::TruthDay& day : report.built) {
    text += fmt::format("built   {} {}:", day.date.to_string(), day.underlying);
    for (const truth::TruthFile& f : day.files) text += fmt::format(" {} {} rows", f.table, f.rows);
    text += fmt::format("; {}\n", day.periodicity);
  }
  for (const truth::SkippedDay& day : report.skipped) {
    text += fmt::format("skipped {} {}: {}\n", day.date.to_string(), day.underlying, day.reason);
  }
  text += fmt::format("truth build: {} days built, {} unchanged, {} skipped, in {}\n", report.built.size(),
                      report.unchanged, report.skipped.size(), out);
  return text;
}

std::string truth_tables(const TruthTablesRequest& request) {
  const truth::TruthStats stats =
      truth::truth_stats(request.truth, day_selection("truth tables", request.from, request.to, request.underlyings));
  return truth::render_stats(stats, request.format);
}

}  // namespace tapelab::jobs
