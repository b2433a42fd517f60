// The contract scan (the users' EMA crossover benchmark) on a dataset, against
// DuckDB and the in-memory roofline, in one run.
//
//   scan_bench --data DATASET [--threads T] [--runs R]
//
// Prints, each the best of R runs with a warm page cache and T threads:
//   - the full EMA crossover scan over every day file (what
//     `tapelab scan ema-crossover` does: open, decode, cut contracts, screen,
//     merge), in rows/s and rows/s per thread;
//   - the same scan with an empty screen (decode and contract cutting alone);
//   - the roofline: the same EMA loop over the same columns already in memory;
//   - DuckDB's aggregate over exactly the columns the scan decodes, from the
//     same files with T threads (tools/interop/scan_bench.mjs): the bar is
//     that our full scan is at least as fast as DuckDB merely reading; and
//     DuckDB's sum of the Parquet benchmark's six columns for reference.
// Exits non-zero when the roofline's trades differ from the scan's.
#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "dataset/layout.h"
#include "harness.h"
#include "scan/ema_crossover.h"

namespace fs = std::filesystem;
using namespace tapelab;

namespace {

// One contract's screen inputs, copied out of the scan for the roofline.
struct InMemory {
  std::vector<double> price, bid, ask;
  std::vector<std::int64_t> volume;
};

struct Tally {
  std::uint64_t trades = 0;
  double pnl = 0;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"The EMA crossover contract scan against DuckDB and the in-memory roofline"};
  std::string data;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int runs = 5;
  app.add_option("--data", data, "Dataset folder")->required();
  app.add_option("--threads", threads, "Threads for our scan and for DuckDB")->check(CLI::PositiveNumber);
  app.add_option("--runs", runs, "Runs per measurement (best is reported)")->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));

  scan::ScanRequest request;
  request.columns = scan::ema_crossover_columns();
  std::vector<std::string> columns;
  for (const auto& c : request.columns) columns.push_back(c.name);
  for (const auto& c : scan::identity_columns()) columns.push_back(c.name);

  scan::ScanResults<scan::EmaCrossover> result;
  const bench::Timing scan_t = bench::best_timing(runs, [&] { result = scan::scan_ema_crossover(data, {}); });
  const bench::Timing decode_t =
      bench::best_timing(runs, [&] { scan::for_each_contract(data, request, [](const scan::ContractRows&) {}); });

  tbb::enumerable_thread_specific<std::vector<InMemory>> parts;
  scan::for_each_contract(data, request, [&](const scan::ContractRows& c) {
    const auto price = c.f64(0), bid = c.f64(1), ask = c.f64(2);
    const auto volume = c.i64(3);
    parts.local().push_back({{price.begin(), price.end()}, {bid.begin(), bid.end()}, {ask.begin(), ask.end()},
                             {volume.begin(), volume.end()}});
  });
  std::vector<InMemory> memory;
  for (auto& part : parts) std::move(part.begin(), part.end(), std::back_inserter(memory));
  Tally roofline;
  const bench::Timing roofline_t = bench::best_timing(runs, [&] {
    tbb::combinable<Tally> tallies;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, memory.size()), [&](const tbb::blocked_range<std::size_t>& r) {
      Tally& t = tallies.local();
      for (std::size_t i = r.begin(); i != r.end(); ++i) {
        const scan::EmaCrossover e = scan::ema_crossover(memory[i].price, memory[i].bid, memory[i].ask, memory[i].volume);
        t.trades += e.trades;
        t.pnl += e.pnl;
      }
    });
    roofline = tallies.combine([](Tally a, const Tally& b) {
      a.trades += b.trades;
      a.pnl += b.pnl;
      return a;
    });
  });

  std::string node = fmt::format("node {}/tools/interop/scan_bench.mjs {} {} {}", TAPELAB_SOURCE_DIR, threads, runs,
                                 fmt::join(columns, ","));
  for (const market::DayKey& day : market::select_days(data, {})) {
    node += " '" +
            dataset::partition_path(data, {dataset::TableKind::kOptions, day.date, day.underlying}).string() + "'";
  }
  const auto duck = nlohmann::json::parse(bench::run_capture(node));
  auto duck_timing = [&](const char* key) {
    return bench::Timing{duck[key]["wall"].get<double>(), duck[key]["cpu"].get<double>()};
  };
  const bench::Timing duck_t = duck_timing("scan_columns");
  const bench::Timing duck6_t = duck_timing("six_columns");

  Tally scanned;
  for (const auto& c : result.contracts) {
    scanned.trades += c.value.trades;
    scanned.pnl += c.value.pnl;
  }
  const auto& t = result.totals;
  const double mrows = static_cast<double>(t.rows) / 1e6;
  auto line = [&](const std::string& what, const bench::Timing& x, const std::string& note) {
    fmt::print("  {:<40} {:8.3f} {:8.1f} {:8.1f} {:9.3f} {:8.1f}   {}\n", what, x.wall, mrows / x.wall,
               mrows / x.wall / threads, x.cpu, mrows / x.cpu, note);
  };
  auto ratio = [](const bench::Timing& a, const bench::Timing& b) {
    return fmt::format("{:.2f} wall, {:.2f} CPU", a.wall / b.wall, a.cpu / b.cpu);
  };
  fmt::print("tapelab contract scan benchmark: {} day files, {} row groups, {} contracts, {} rows; "
             "{} threads, best of {} runs\n",
             t.days, t.row_groups, t.contracts, t.rows, threads, runs);
  fmt::print("  {:<40} {:>8} {:>8} {:>8} {:>9} {:>8}\n", "", "wall s", "Mrows/s", "/thread", "CPU s", "/CPU-s");
  line("EMA crossover scan (tapelab scan)", scan_t, "");
  line("  decode + contract cutting, no screen", decode_t, "");
  line("EMA loop over the columns in memory", roofline_t, "scan / roofline: " + ratio(scan_t, roofline_t));
  line(fmt::format("DuckDB reading the scan's {} columns", columns.size()), duck_t,
       "scan / DuckDB: " + ratio(scan_t, duck_t));
  line("DuckDB sum() of timestamp, strike, price,", duck6_t, "scan / DuckDB: " + ratio(scan_t, duck6_t));
  fmt::print("    bp0, sp0, volume\n");
  const bool bar = scan_t.wall <= duck_t.wall && scan_t.cpu <= duck_t.cpu;
  fmt::print("bar (full scan at least as fast as DuckDB reading the same columns, wall and CPU): {}\n",
             bar ? "met" : "NOT met");
  fmt::print("per thread: {:.1f}M rows/s wall, {:.1f}M rows per CPU-second; the users' best was 6.7M rows/s per worker\n",
             mrows / scan_t.wall / threads, mrows / scan_t.cpu);
  fmt::print("columns read: {}\n", fmt::join(columns, ", "));
  fmt::print("trades {}, pnl {:.2f} points; DuckDB counted {} rows\n", scanned.trades, scanned.pnl,
             duck["rows"].get<std::uint64_t>());
  const bool same = roofline.trades == scanned.trades &&
                    std::abs(roofline.pnl - scanned.pnl) <= 1e-6 * (1 + std::abs(scanned.pnl)) &&
                    duck["rows"].get<std::uint64_t>() == t.rows;
  fmt::print("roofline and DuckDB agree with the scan: {}\n", same ? "yes" : "NO");
  return same ? 0 : 1;
}
