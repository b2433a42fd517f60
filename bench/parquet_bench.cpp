// The Parquet codec on a day-shaped file, against DuckDB, in one run.
//
//   parquet_bench [--rows N] [--threads T] [--runs R] [--dir DIR]
//
// Prints, each the best of R runs with a warm page cache:
//   - write throughput of our writer (default options);
//   - our decode + sum of 6 columns vs DuckDB's SELECT sum(...) of the same
//     columns from the same file, both limited to T threads;
//   - the roofline: summing the same arrays already in memory;
//   - file size with our defaults vs DuckDB's COPY ... (FORMAT parquet) of the
//     same rows (its default, and with ZSTD), per column too;
//   - that DuckDB, Polars and parquet-wasm read our file and get our sums.
// DuckDB, Polars and parquet-wasm run in one Node process
// (tools/interop/bench.mjs), which reports JSON.
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "day.h"
#include "harness.h"
#include "parquet/reader.h"
#include "parquet/writer.h"

namespace fs = std::filesystem;
using namespace tapelab;
using parquet::ColumnData;
using bench::best_seconds;
using bench::run_capture;

namespace {

std::size_t memory_bytes(const std::vector<ColumnData>& columns) {
  std::size_t n = 0;
  for (const auto& c : columns) {
    n += c.bools.size() + 4 * c.i32.size() + 8 * c.i64.size() + 4 * c.f32.size() + 8 * c.f64.size() +
         c.bytes.size() + 8 * c.offsets.size() + c.valid.size();
  }
  return n;
}

// The 6 benchmark columns' sums; integers wrap (the timestamp sum overflows),
// which costs the same as a checked sum and keeps the loop vectorizable.
struct Sums {
  std::uint64_t ts = 0, strike = 0, volume = 0;
  double ltp = 0, bid = 0, ask = 0;
};

void add_sums(const std::vector<ColumnData>& c, Sums& s) {
  for (auto v : c[0].i64) s.ts += static_cast<std::uint64_t>(v);
  for (auto v : c[1].i32) s.strike += static_cast<std::uint64_t>(v);
  for (auto v : c[2].f64) s.ltp += v;
  for (auto v : c[3].f64) s.bid += v;
  for (auto v : c[4].f64) s.ask += v;
  for (auto v : c[5].i64) s.volume += static_cast<std::uint64_t>(v);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Parquet codec benchmark on a day-shaped file"};
  std::size_t rows = 4'000'000;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int runs = 5;
  std::string dir = "bench-output";
  app.add_option("--rows", rows, "rows in the day (rounded to whole contracts)");
  app.add_option("--threads", threads, "threads for our decode and for DuckDB");
  app.add_option("--runs", runs, "runs per measurement (best is reported)");
  app.add_option("--dir", dir, "where the files go");
  CLI11_PARSE(app, argc, argv);
  fs::create_directories(dir);
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));

  const bench::Day day = bench::make_day(rows);
  rows = day.columns[0].size();
  const fs::path ours = fs::absolute(fs::path(dir) / "day_tapelab.parquet");

  // Write: row groups of whole contracts, ~200k rows (ingest's rule), cut
  // before the clock starts so only the writer is timed.
  std::vector<std::vector<ColumnData>> groups;
  {
    std::size_t begin = 0, end = 0;
    auto cut = [&] {
      std::vector<std::uint8_t> keep(rows, 0);
      std::fill(keep.begin() + static_cast<std::ptrdiff_t>(begin), keep.begin() + static_cast<std::ptrdiff_t>(end), 1);
      groups.push_back(day.columns);
      for (auto& c : groups.back()) c.filter(keep);
      begin = end;
    };
    for (std::size_t n : day.contract_rows) {
      end += n;
      if (end - begin >= 200'000) cut();
    }
    if (end > begin) cut();
  }
  const double write_s = best_seconds(runs, [&] {
    parquet::FileWriter writer(ours, day.schema);
    for (const auto& g : groups) writer.write_row_group(g);
    writer.close();
  });
  const auto our_size = fs::file_size(ours);

  // Our decode of 6 columns, summed, vs the same sums over arrays in memory.
  parquet::ReadOptions options;
  options.columns = {"timestamp", "strike", "ltp", "bid", "ask", "volume"};
  const parquet::FileReader reader(ours);
  // Opening = mapping the file and parsing the Thrift footer (hand-written
  // compact protocol). Its share of a read decides whether a generated Thrift
  // library could ever pay off.
  const double open_s = best_seconds(runs, [&] { parquet::FileReader again(ours); });
  // Streaming decode on all threads (FileReader::scan_parallel), each row
  // group summed by the thread that decoded it while it is still in cache:
  // the engine's access pattern, and what DuckDB's query does.
  Sums our_sums;
  const double decode_s = best_seconds(runs, [&] {
    Sums sums;
    std::mutex mutex;
    reader.scan_parallel(options, [&](const parquet::Batch& b) {
      Sums part;
      add_sums(b.columns, part);
      std::lock_guard lock(mutex);
      sums.ts += part.ts;
      sums.strike += part.strike;
      sums.volume += part.volume;
      sums.ltp += part.ltp;
      sums.bid += part.bid;
      sums.ask += part.ask;
    });
    our_sums = sums;
  });
  // Materializing every row group at once (FileReader::read), for comparison.
  const double materialize_s = best_seconds(runs, [&] { reader.read(options); });
  // The same arrays, decoded once and kept, for the in-memory roofline.
  std::vector<ColumnData> decoded;
  for (auto& b : reader.read(options)) {
    if (decoded.empty()) {
      decoded = std::move(b.columns);
    } else {
      for (std::size_t k = 0; k < decoded.size(); ++k) decoded[k].append(b.columns[k]);
    }
  }
  Sums memory_sums;
  const double roofline_s = best_seconds(runs, [&] {
    Sums s;
    add_sums(decoded, s);
    memory_sums = s;
  });
  // Decode alone, for the report: the streaming scan without the sums.
  const double decode_only_s = best_seconds(runs, [&] { reader.scan_parallel(options, [](const parquet::Batch&) {}); });

  const std::string node = fmt::format("node {}/tools/interop/bench.mjs '{}' {} {} '{}'", TAPELAB_SOURCE_DIR,
                                       ours.string(), threads, runs, fs::absolute(dir).string());
  const auto duck = nlohmann::json::parse(run_capture(node));

  const double mrows = static_cast<double>(rows) / 1e6;
  fmt::print("tapelab parquet benchmark: {} rows ({} contracts), {} threads, best of {} runs\n", rows,
             day.contract_rows.size(), threads, runs);
  fmt::print("\nopen (map + parse footer of {} row groups): {:.1f} us\n", reader.num_row_groups(), open_s * 1e6);
  fmt::print("\nwrite (default options, ZSTD): {:.3f} s  {:.1f} Mrows/s  {:.0f} MB/s of column data\n", write_s,
             mrows / write_s, static_cast<double>(memory_bytes(day.columns)) / 1e6 / write_s);
  const double duck_s = duck["duckdb_sum_ours_s"].get<double>();
  const double duck_own_s = duck["duckdb_sum_own_s"].get<double>();
  fmt::print("\nsum of 6 columns (timestamp, strike, ltp, bid, ask, volume):\n");
  fmt::print("  tapelab decode + sum        {:8.4f} s  {:7.1f} Mrows/s\n", decode_s, mrows / decode_s);
  fmt::print("  tapelab decode only         {:8.4f} s  {:7.1f} Mrows/s\n", decode_only_s, mrows / decode_only_s);
  fmt::print("  tapelab read() all at once  {:8.4f} s  {:7.1f} Mrows/s   (materializes every row group)\n",
             materialize_s, mrows / materialize_s);
  fmt::print("  DuckDB on our file          {:8.4f} s  {:7.1f} Mrows/s   ours/DuckDB time = {:.2f}\n", duck_s,
             mrows / duck_s, decode_s / duck_s);
  fmt::print("  DuckDB on its own file      {:8.4f} s  {:7.1f} Mrows/s   ours/DuckDB time = {:.2f}\n", duck_own_s,
             mrows / duck_own_s, decode_s / duck_own_s);
  fmt::print("  sum of in-memory arrays     {:8.4f} s  {:7.1f} Mrows/s   decode+sum / roofline = {:.1f}x\n",
             roofline_s, mrows / roofline_s, decode_s / roofline_s);

  const auto duck_size = duck["duckdb_default_bytes"].get<double>();
  const auto duck_zstd_size = duck["duckdb_zstd_bytes"].get<double>();
  fmt::print("\nfile size: tapelab {:.2f} MB; DuckDB default {:.2f} MB (ours = {:.2f}x); DuckDB ZSTD {:.2f} MB (ours = {:.2f}x)\n",
             static_cast<double>(our_size) / 1e6, duck_size / 1e6, static_cast<double>(our_size) / duck_size,
             duck_zstd_size / 1e6, static_cast<double>(our_size) / duck_zstd_size);
  fmt::print("  {:<10} {:>12} {:>12} {:>12}  {:<40} {}\n", "column", "tapelab", "duckdb", "duckdb zstd",
             "tapelab encodings", "duckdb encodings");
  for (const auto& c : duck["columns"]) {
    fmt::print("  {:<10} {:>12} {:>12} {:>12}  {:<40} {}\n", c["name"].get<std::string>(), c["ours"].get<std::int64_t>(),
               c["duckdb"].get<std::int64_t>(), c["duckdb_zstd"].get<std::int64_t>(),
               c["ours_encodings"].get<std::string>(), c["duckdb_encodings"].get<std::string>());
  }

  // The other readers must see our rows and sums.
  bool ok = memory_sums.ts == our_sums.ts && memory_sums.volume == our_sums.volume;
  for (const char* r : {"duckdb", "polars", "arrowrs"}) {
    const auto& got = duck["readers"][r];
    const bool same = got["rows"].get<std::size_t>() == rows &&
                      got["strike"].get<std::string>() == std::to_string(our_sums.strike) &&
                      got["volume"].get<std::string>() == std::to_string(our_sums.volume) &&
                      std::abs(got["ltp"].get<double>() - our_sums.ltp) <= 1e-9 * std::abs(our_sums.ltp);
    fmt::print("{} reads our file: {} rows, sums {}\n", r, got["rows"].get<std::size_t>(), same ? "match" : "DIFFER");
    ok = ok && same;
  }
  return ok ? 0 : 1;
}
