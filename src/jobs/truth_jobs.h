// `truth build` and `truth tables` as jobs, shared by the CLI (cmd_truth.cpp)
// and Python (tapelab.truth): the same checks, files and printed text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "truth/build.h"
#include "truth/stats_format.h"

namespace tapelab::jobs {

struct TruthBuildRequest {
  std::string dataset;
  std::string out;
  std::string from;  // YYYY-MM-DD or empty
  std::string to;
  std::vector<std::string> underlyings;
  int threads = 0;     // 0: every core
  std::string params;  // a JSON file overriding default parameters, or empty
};

// Builds the truth tables and writes provenance.json; throws Error.
truth::BuildReport build_truth(const TruthBuildRequest& request);

// The pieces of build_truth that a build split over processes shares
// (truth_parts.h): the options (the parameters file read here), and
// provenance.json of the build (`manifest_hash`: of the dataset's
// manifest.json, read before the build).
truth::BuildOptions build_options(const TruthBuildRequest& request);
void write_build_provenance(const TruthBuildRequest& request, const truth::BuildOptions& options,
                            const std::optional<std::string>& manifest_hash);

// The lines the CLI prints for a build: each day built or skipped, then a total.
std::string build_report_text(const truth::BuildReport& report, const std::string& out);

struct TruthTablesRequest {
  std::string truth;
  std::string from;
  std::string to;
  std::vector<std::string> underlyings;
  truth::StatsFormat format = truth::StatsFormat::kText;
};

// The statistics tables, rendered as the CLI prints them.
std::string truth_tables(const TruthTablesRequest& request);

}  // namespace tapelab::jobs
