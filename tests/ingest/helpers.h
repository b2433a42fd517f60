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
// symbol; others: empty), timestamp, source, and the columns whose sums are
// compared with other readers (0 for a null).
struct Row {
  std::string partition;
  std::string symbol;
  std::int64_t timestamp = 0;  // microseconds, local (IST) wall time
  std::string source;
  double price = 0;
  std::int64_t volume = 0;
  std::int64_t oi = 0;
  double bp0 = 0, sp0 = 0;
  std::int64_t bq4 = 0, sq4 = 0;
  std::int64_t last_trade_time = 0;  // microseconds, local wall time
  auto operator<=>(const Row&) const = default;
};
// Every row of every partition of the manifest, in file order.
std::vector<Row> read_dataset(const std::filesystem::path& root);

// Per (day, contract), in this order: rows; SUM of price (paise), volume, oi,
// bp0 and sp0 (paise), bq4, sq4, lastTradeTime (seconds since 1970-01-01,
// wall time); MIN, MAX and SUM of the time of day (seconds after midnight).
// A contract is the option symbol upper-cased, or "<UNDERLYING> spot" /
// "<UNDERLYING> futures". tests/ingest/dataset_sums.mjs computes the same.
inline constexpr const char* kSumFields[] = {"rows", "price",          "volume",      "oi",          "bp0",
                                             "sp0",  "bq4",            "sq4",         "lastTradeTime",
                                             "min time of day", "max time of day", "sum time of day"};
using Sums = std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>>;
Sums sums_by_contract(const std::vector<Row>& rows);
// The first difference between two Sums, for a failure message ("" when equal).
std::string first_difference(const Sums& expected, const Sums& actual);

// Relative path -> bytes of every partition file.
std::map<std::string, std::string> partition_files(const std::filesystem::path& root);

void write_text(const std::filesystem::path& path, const std::string& text);
std::string read_bytes(const std::filesystem::path& path);
std::string gzip(const std::string& text);

}  // namespace tapelab::ingest::testing
