// `tapelab ingest INPUT... --out DATASET`: dumps and Parquet history ->
// dataset (see ingest/ingest.h); prints the audit summary.
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "cli/commands.h"
#include "ingest/ingest.h"
#include "util/error.h"

namespace tapelab::cli {
namespace {

struct IngestFlags {
  std::vector<std::string> inputs;
  std::string out;
  std::string calendar;
  std::string memory_budget = "2G";
  std::string batch_size = "8G";
  int jobs = 0;
  bool keep_going = false;
  int gap_seconds = 60;
  bool json = false;
};

// "2G", "512M", "64k" or plain bytes, given to `flag`.
std::size_t parse_size(const std::string& flag, const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || text.size() - digits > 1) fail("{} '{}' is not a size like 2G, 512M or 1048576", flag, text);
  std::size_t value = std::stoull(text.substr(0, digits));
  if (digits < text.size()) {
    switch (std::toupper(static_cast<unsigned char>(text.back()))) {
      case 'K': value <<= 10; break;
      case 'M': value <<= 20; break;
      case 'G': value <<= 30; break;
      default: fail("{} '{}': unknown unit (K, M or G)", flag, text);
    }
  }
  if (value == 0) fail("{} must be positive", flag);
  return value;
}

void run(const IngestFlags& flags) {
  ingest::IngestOptions options;
  for (const auto& input : flags.inputs) options.inputs.emplace_back(input);
  options.dataset = flags.out;
  if (!flags.calendar.empty()) options.calendar = flags.calendar;
  options.memory_budget = parse_size("--memory-budget", flags.memory_budget);
  options.batch_bytes = parse_size("--batch-size", flags.batch_size);
  if (flags.jobs < 0) fail("--jobs must be 0 (all cores) or positive");
  options.jobs = flags.jobs;
  options.keep_going = flags.keep_going;
  if (flags.gap_seconds <= 0) fail("--gap-seconds must be positive");
  options.gap_seconds = flags.gap_seconds;
  options.progress = ::isatty(STDERR_FILENO) == 1;
  const auto result = ingest::ingest(options);
  if (flags.json) {
    fmt::print("{}\n", result.audit.to_json().dump(1));
  } else {
    fmt::print("{}", ingest::printed_summary(result.audit, options.dataset));
  }
}

}  // namespace

void add_ingest_command(CLI::App& app) {
  auto flags = std::make_shared<IngestFlags>();
  CLI::App* cmd = app.add_subcommand("ingest", "Ingest mysqldump recordings and Parquet history (files or folders) into a dataset");
  cmd->add_option("inputs", flags->inputs, "Dump files, recording folders, Parquet files or Parquet trees")->required();
  cmd->add_option("--out", flags->out, "Dataset folder (created, or merged into)")->required();
  cmd->add_option("--calendar", flags->calendar, "Expiry calendar CSV overriding the built-in rules");
  cmd->add_option("--memory-budget", flags->memory_budget, "Memory for the run: working sets, then buffered rows, spilled to disk beyond (e.g. 2G, 512M)")
      ->capture_default_str();
  cmd->add_option("--batch-size", flags->batch_size,
                  "Input bytes read and published at a time: a kill loses at most one batch's work (e.g. 8G, 512M)")
      ->capture_default_str();
  cmd->add_option("--jobs", flags->jobs, "Files read at once (0 = all cores)")->capture_default_str();
  cmd->add_flag("--keep-going", flags->keep_going, "Collect bad statements and values, and skip unreadable files (whole), instead of failing");
  cmd->add_option("--gap-seconds", flags->gap_seconds, "Report in-session gaps longer than this")->capture_default_str();
  cmd->add_flag("--json", flags->json, "Print the whole audit as JSON instead of the summary");
  cmd->callback([flags] { run(*flags); });
}

}  // namespace tapelab::cli
