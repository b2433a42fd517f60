// libFuzzer target: sweep files, read the way `tapelab sweep CONFIG.toml`
// reads them (load_sweep: grids and lists of variants over strategy configs).
//
// Unknown keys and bad values are tapelab::Error; anything else is a finding,
// including an allocation the file did not pay for (a grid whose product of
// sizes explodes must be refused, not built: libFuzzer's -malloc_limit_mb).
// A plan that reads has one value column per swept key in every variant and
// names every variant.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_check.h"
#include "input_file.h"
#include "sweep/variants.h"
#include "util/error.h"

using namespace tapelab::sweep;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const SweepPlan plan = load_sweep(tapelab::fuzz::input_file(std::span(data, size)));
    for (const Variant& variant : plan.variants) {
      FUZZ_CHECK(variant.values.size() == plan.columns.size());
      FUZZ_CHECK(!variant.config.name.empty());
    }
  } catch (const tapelab::Error&) {
    // A bad sweep file, reported as it should be.
  }
  return 0;
}
