// Writes the interop matrix with few rows per file: seeds for the reader
// fuzzer (fuzz/make_corpus.sh).
//   interop_seeds OUT_DIR
#include <cstdio>
#include <filesystem>

#include "interop/matrix.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: interop_seeds OUT_DIR\n");
    return 2;
  }
  std::filesystem::create_directories(argv[1]);
  for (const auto& f : tapelab::interop::interop_matrix(20)) {
    tapelab::interop::write_test_file(f, (std::filesystem::path(argv[1]) / ("tapelab_" + f.name + ".parquet")).string());
  }
  return 0;
}
