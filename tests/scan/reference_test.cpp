// The EMA crossover scan on a generated and ingested dataset equals a second,
// deliberately plain implementation (ema_reference.mjs: DuckDB reads and
// sorts the rows, a JavaScript loop applies the rules), contract by contract.
// Needs Node.js and tools/interop/node_modules; fails, never skips, without.
#include <cmath>
#include <cstdlib>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "interop/node.h"
#include "scan/ema_crossover.h"
#include "support/generated_dataset.h"
#include "support/shell.h"
#include "support/temp_dir.h"
#include "util/file.h"

namespace tapelab::scan {
namespace {

namespace fs = std::filesystem;
using tapelab::testing::shell_quote;

nlohmann::json reference_results(const fs::path& dataset) {
  const std::string problem = interop::node_problem();
  if (!problem.empty()) throw std::runtime_error(problem);
  tapelab::testing::TempDir dir("tapelab-scan-ref");
  const fs::path out = dir.path() / "reference.json";
  const std::string command = fmt::format("node {} {} {} > {} 2>&1",
                                          shell_quote(TAPELAB_SOURCE_DIR "/tests/scan/ema_reference.mjs"),
                                          shell_quote(dataset.string()),
                                          shell_quote(TAPELAB_SOURCE_DIR "/tools/interop"), shell_quote(out.string()));
  if (std::system(command.c_str()) != 0) throw std::runtime_error("ema_reference.mjs failed: " + read_file(out));
  return nlohmann::json::parse(read_file(out));
}

TEST(EmaReference, EveryContractMatchesThePlainImplementation) {
  const fs::path& dataset = testing::generated_dataset();
  const ScanResults<EmaCrossover> ours = scan_ema_crossover(dataset, {});
  const nlohmann::json reference = reference_results(dataset);

  ASSERT_EQ(ours.contracts.size(), reference.size());
  std::uint64_t rows = 0;
  std::size_t traded = 0, traded_again = 0;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    const auto& want = reference[i];
    const ContractResult<EmaCrossover>& got = ours.contracts[i];
    const std::string where = want.dump();
    ASSERT_EQ(got.id.date.to_string(), want[0].get<std::string>()) << where;
    ASSERT_EQ(got.id.underlying, want[1].get<std::string>()) << where;
    ASSERT_EQ(got.id.expiry.to_string(), want[2].get<std::string>()) << where;
    ASSERT_EQ(std::string(domain::to_string(got.id.type)), want[3].get<std::string>()) << where;
    ASSERT_EQ(got.id.strike, want[4].get<std::int32_t>()) << where;
    EXPECT_EQ(got.rows, want[5].get<std::uint64_t>()) << where;
    EXPECT_EQ(got.value.trades, want[6].get<std::uint32_t>()) << where;
    EXPECT_NEAR(got.value.pnl, want[7].get<double>(), 1e-9) << where;
    rows += got.rows;
    traded += got.value.trades > 0;
    traded_again += got.value.trades > 1;
  }
  EXPECT_EQ(ours.totals.rows, rows);
  EXPECT_EQ(ours.totals.contracts, ours.contracts.size());
  EXPECT_EQ(ours.totals.days, 4u);  // 2 days x NIFTY, BANKNIFTY
  // Not a vacuous comparison: many contracts trade, some several times.
  EXPECT_GT(traded, ours.contracts.size() / 4);
  EXPECT_GT(traded_again, 10u);
}

}  // namespace
}  // namespace tapelab::scan
