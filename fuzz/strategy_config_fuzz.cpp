// libFuzzer target: strategy configs, read the way `tapelab backtest
// CONFIG.toml` reads them (load_config, then the check that names differ).
//
// Unknown keys and bad values are tapelab::Error naming the file, line and
// key; anything else (another exception, a sanitizer report) is a finding. A
// config that reads must also describe itself and become an engine spec, as
// the backtest and `tapelab strategies` do next.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_check.h"
#include "input_file.h"
#include "strategies/config.h"
#include "util/error.h"

using namespace tapelab::strategies;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const std::vector<StrategyConfig> configs = load_config(tapelab::fuzz::input_file(std::span(data, size)));
    check_unique_names(configs);
    for (const StrategyConfig& config : configs) {
      FUZZ_CHECK(!config.name.empty());
      FUZZ_CHECK(!describe(config).empty());
      FUZZ_CHECK(make_spec(config).make() != nullptr);
    }
  } catch (const tapelab::Error&) {
    // A bad config, reported as it should be.
  }
  return 0;
}
