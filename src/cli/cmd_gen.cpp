// `tapelab gen`: write synthetic recording folders (see gen/generator.h).
#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "domain/date.h"
#include "gen/generator.h"
#include "util/error.h"

namespace tapelab::cli {
namespace {

struct GenFlags {
  std::string out;
  std::string start = "2025-11-17";
  int days = 1;
  std::string underlyings = "NIFTY,BANKNIFTY";
  uint64_t seed = 1;
  std::string scale = "small";
  std::string style = "replace";
  size_t rows_per_statement = 0;
  size_t statement_bytes = 1'000'000;
  int overlap_days = 0;
  int threads = 0;
  std::string layout = "dumps";
  std::string census_problems = "on";
};

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) {
    if (item.empty()) fail("gen: empty name in --underlyings '{}'", text);
    items.push_back(item);
  }
  return items;
}

void run(const GenFlags& flags) {
  gen::GenOptions options;
  options.out = flags.out;
  const auto start = domain::Date::parse(flags.start);
  if (!start) fail("gen: --start '{}' is not a date (YYYY-MM-DD)", flags.start);
  options.start = *start;
  options.days = flags.days;
  options.underlyings = split_list(flags.underlyings);
  options.seed = flags.seed;
  const auto scale = gen::parse_scale(flags.scale);
  if (!scale) fail("gen: --scale must be small or full, not '{}'", flags.scale);
  options.scale = *scale;
  if (flags.style != "replace" && flags.style != "insert") {
    fail("gen: --style must be replace or insert, not '{}'", flags.style);
  }
  options.format.style = flags.style == "replace" ? gen::StatementStyle::kReplace : gen::StatementStyle::kInsert;
  options.format.rows_per_statement = flags.rows_per_statement;
  options.format.statement_bytes = flags.statement_bytes;
  options.overlap_days = flags.overlap_days;
  options.threads = flags.threads;
  const auto layout = gen::parse_layout(flags.layout);
  if (!layout) fail("gen: --layout must be dumps, raw-parquet, expiry-packed or date-packed, not '{}'", flags.layout);
  options.layout = *layout;
  if (flags.census_problems != "on" && flags.census_problems != "off") {
    fail("gen: --census-problems must be on or off, not '{}'", flags.census_problems);
  }
  options.census_problems = flags.census_problems == "on";

  const auto began = std::chrono::steady_clock::now();
  const auto folders = gen::generate(options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  uint64_t rows = 0, bytes = 0;
  for (const auto& folder : folders) {
    fmt::print("{}", gen::describe(folder));
    rows += folder.summary["totals"]["rows"].get<uint64_t>();
    if (options.layout != gen::Layout::kDumps) {
      bytes += folder.summary["files"]["bytes"].get<uint64_t>();
      continue;
    }
    for (const auto& [name, file] : folder.summary["files"].items()) bytes += file["sql_bytes"].get<uint64_t>();
  }
  const char* what = options.layout == gen::Layout::kDumps ? "SQL" : "Parquet";
  fmt::print("generated {} rows ({:.0f} MB of {}) in {:.2f} s: {:.0f} rows/s, {:.0f} MB/s of {}\n", rows,
             bytes / 1e6, what, seconds, rows / seconds, bytes / 1e6 / seconds, what);
}

}  // namespace

void add_gen_command(CLI::App& app) {
  auto flags = std::make_shared<GenFlags>();
  CLI::App* cmd = app.add_subcommand("gen", "Generate a synthetic recording folder (mysqldump .sql.gz files) or Parquet files");
  cmd->add_option("--out", flags->out, "Output folder (created if missing)")->required();
  cmd->add_option("--start", flags->start, "First date (YYYY-MM-DD); moves to the next trading day")
      ->capture_default_str();
  cmd->add_option("--days", flags->days, "Trading days per folder")->capture_default_str();
  cmd->add_option("--underlyings", flags->underlyings, "Comma-separated underlyings")->capture_default_str();
  cmd->add_option("--seed", flags->seed, "Random seed")->capture_default_str();
  cmd->add_option("--scale", flags->scale, "small (tests) or full (real volumes)")->capture_default_str();
  cmd->add_option("--style", flags->style, "replace or insert statements")->capture_default_str();
  cmd->add_option("--rows-per-statement", flags->rows_per_statement,
                  "Rows per statement: 1 = one row per statement, 0 = extended inserts up to --statement-bytes")
      ->capture_default_str();
  cmd->add_option("--statement-bytes", flags->statement_bytes,
                  "Close a statement at this size, like mysqldump's net_buffer_length")
      ->capture_default_str();
  cmd->add_option("--overlap-days", flags->overlap_days,
                  "Also write OUT-2 with the same number of days, sharing K days with OUT")
      ->capture_default_str();
  cmd->add_option("--layout", flags->layout,
                  "dumps (recording folders) or the users' Parquet layouts: raw-parquet, expiry-packed, date-packed")
      ->capture_default_str();
  cmd->add_option("--census-problems", flags->census_problems,
                  "on/off: Parquet layouts get the problem files of the users' census (empty, null or no "
                  "timestamps, 1970 rows, tiny, not Parquet)")
      ->capture_default_str();
  cmd->add_option("--threads", flags->threads, "Worker threads (0 = all cores); output does not depend on it")
      ->capture_default_str();
  cmd->callback([flags] { run(*flags); });
}

}  // namespace tapelab::cli
