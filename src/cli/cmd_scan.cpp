// `tapelab scan`: screens that run over every contract of a dataset's days
// (src/scan). Flags only; the rules live in the library.
#include <tbb/global_control.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "jobs/day_selection.h"
#include "scan/ema_crossover.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct ScanFlags {
  std::string data;
  std::string from;
  std::string to;
  std::vector<std::string> underlyings;
  std::string out;
  int threads = 0;
};

// A progress line on a terminal, redrawn at most 4 times a second; scans
// of a few days finish before the first one.
std::function<void(std::uint64_t, std::uint64_t)> progress_line(Clock::time_point began) {
  if (::isatty(STDERR_FILENO) != 1) return {};
  auto next = std::make_shared<Clock::time_point>(began + std::chrono::milliseconds(250));
  return [began, next](std::uint64_t done, std::uint64_t total) {
    const Clock::time_point now = Clock::now();
    if (now < *next && done < total) return;
    *next = now + std::chrono::milliseconds(250);
    const double seconds = std::chrono::duration<double>(now - began).count();
    fmt::print(stderr, "\rscan: {:.1f}/{:.1f}M rows ({:.0f}%), {:.1f}M rows/s   ", done / 1e6, total / 1e6,
               total ? 100.0 * done / total : 100.0, done / 1e6 / seconds);
    if (done == total) fmt::print(stderr, "\n");
    std::fflush(stderr);
  };
}

void run_ema_crossover(const ScanFlags& flags) {
  if (flags.threads < 0) fail("scan: --threads must be 0 (all cores) or positive");
  const market::DaySelection days = jobs::day_selection("scan", flags.from, flags.to, flags.underlyings);
  std::optional<tbb::global_control> limit;
  if (flags.threads > 0) {
    limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(flags.threads));
  }
  const std::size_t threads = tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);

  const Clock::time_point began = Clock::now();
  const scan::ScanResults<scan::EmaCrossover> results =
      scan::scan_ema_crossover(flags.data, days, progress_line(began));
  const double seconds = std::chrono::duration<double>(Clock::now() - began).count();

  std::uint64_t trades = 0;
  double pnl = 0;
  for (const auto& c : results.contracts) {
    trades += c.value.trades;
    pnl += c.value.pnl;
  }
  std::ostringstream csv;
  scan::write_ema_crossover_csv(csv, results.contracts);
  // The CSV goes to --out, or to stdout with the totals moved to stderr so
  // that a pipe receives the CSV alone.
  std::FILE* totals_to = stdout;
  if (flags.out.empty()) {
    fmt::print("{}", csv.str());
    totals_to = stderr;
  } else {
    write_file_atomically(flags.out, csv.str());
  }
  const scan::ScanTotals& t = results.totals;
  const double rows_per_s = static_cast<double>(t.rows) / seconds;
  fmt::print(totals_to, "ema-crossover: {} day files, {} contracts, {} rows, {} trades, pnl {:.2f} points\n", t.days,
             t.contracts, t.rows, trades, pnl);
  fmt::print(totals_to, "{:.3f} s, {:.1f}M rows/s ({:.1f}M rows/s per thread, {} threads)\n", seconds,
             rows_per_s / 1e6, rows_per_s / 1e6 / static_cast<double>(threads), threads);
}

}  // namespace

void add_scan_command(CLI::App& app) {
  auto flags = std::make_shared<ScanFlags>();
  CLI::App* cmd = app.add_subcommand("scan", "Screens over every contract of every selected day");
  cmd->require_subcommand(1);

  CLI::App* ema = cmd->add_subcommand(
      "ema-crossover", "The users' benchmark: EMA5/EMA21 crossover per contract, P&L per contract (CSV)");
  ema->add_option("--data", flags->data, "Dataset folder")->required();
  ema->add_option("--from", flags->from, "First trading date, YYYY-MM-DD (default: the first in the dataset)");
  ema->add_option("--to", flags->to, "Last trading date, YYYY-MM-DD (default: the last in the dataset)");
  ema->add_option("--underlying", flags->underlyings, "Comma-separated underlyings (default: all)")->delimiter(',');
  ema->add_option("--out", flags->out, "Per-contract CSV file (default: stdout, totals then go to stderr)");
  ema->add_option("--threads", flags->threads, "Worker threads (0 = all cores); output does not depend on it")
      ->capture_default_str();
  ema->callback([flags] { run_ema_crossover(*flags); });
}

}  // namespace tapelab::cli
