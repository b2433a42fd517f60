// Helpers of the ingest tests: temporary folders, running the built CLI,
// generating recording folders with it, and reading a dataset back into
// plain values that tests compare.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/temp_dir.h"
namespace tapelab::ingest::testing {

using tapelab::testing::TempDir;

struct CliResult {
  int status = -1;     // exit code, or 128 + signal
  std::string output;  // stdout and stderr together
};
// Runs the built `tapelab` with these arguments. `max_file_bytes`: the
// process may not write a file past that size (RLIMIT_FSIZE, with SIGXFSZ
// ignored, so a write fails with EFBIG the way a full disk fails with ENOSPC).
CliResult run_cli(const std::vector<std::string>& args, std::optional<std::size_t> max_file_bytes = std::nullopt);
// `tapelab gen --out OUT ARGS`; fails the test (throws) when gen fails.
void generate(const std::filesystem::path& out, const std::vector<std::string>& args);
nlohmann::json read_json(const std::filesystem::path& path);

// One dataset row as the tests compare them: partition, contract (options:
// symbol; others: empty), timestamp, source, price and volume.
struct Row {
  std::string partition;
  std::string symbol;
  std::int64_t timestamp = 0;
  std::string source;
  double price = 0;
  std::int64_t volume = 0;
  auto operator<=>(const Row&) const = default;
};
// Every row of every partition of the manifest, in file order.
std::vector<Row> read_dataset(const std::filesystem::path& root);

// Per (day, contract): rows, SUM(price) in paise, SUM(volume). A contract is
// the option symbol upper-cased, or "<UNDERLYING> spot" / "<UNDERLYING> futures".
using Sums = std::map<std::pair<std::string, std::string>, std::tuple<std::int64_t, std::int64_t, std::int64_t>>;
Sums sums_by_contract(const std::vector<Row>& rows);

// Relative path -> bytes of every partition file.
std::map<std::string, std::string> partition_files(const std::filesystem::path& root);

void write_text(const std::filesystem::path& path, const std::string& text);
std::string read_bytes(const std::filesystem::path& path);
std::string gzip(const std::string& text);

}  // namespace tapelab::ingest::testing
