// The C++ reader alone on one partition, for the Python benchmark's baseline
// (bench/python.sh): the same columns of the same expiry that
// tapelab.Dataset.day returns, decoded into the reader's own vectors.
//
//   read_day FILE EXPIRY_DAYS RUNS COLUMN...
//
// Prints JSON: {"rows", "wall", "cpu"}, the best of RUNS runs (page cache warm).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "harness.h"
#include "parquet/reader.h"

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: read_day FILE EXPIRY_DAYS RUNS COLUMN...\n");
    return 2;
  }
  using namespace tapelab;
  parquet::ReadOptions options;
  options.columns.assign(argv + 4, argv + argc);
  const std::int64_t expiry = std::atoll(argv[2]);
  options.predicate.ranges.push_back({"expiry", expiry, expiry});
  std::size_t rows = 0;
  const bench::Timing best = bench::best_timing(std::atoi(argv[3]), [&] {
    const parquet::FileReader reader(argv[1]);
    rows = 0;
    for (const parquet::Batch& batch : reader.read(options)) rows += batch.num_rows();
  });
  std::printf("{\"rows\": %zu, \"wall\": %.6f, \"cpu\": %.6f}\n", rows, best.wall, best.cpu);
}
