#include "gen/scale.h"

namespace tapelab::gen {

std::optional<Scale> parse_scale(std::string_view text) {
  if (text == "small") return Scale::kSmall;
  if (text == "full") return Scale::kFull;
  return std::nullopt;
}

std::string_view to_string(Scale scale) { return scale == Scale::kSmall ? "small" : "full"; }

const ScaleParams& scale_params(Scale scale) {
  // full: the near expiry quotes every second within 20 strikes of the money,
  // the next one every ~2 s, the far month every ~20 s (the real far-month
  // example rows are 35-40 s apart), thinning out with distance.
  static constexpr ScaleParams kFull = {3, 30, {1, 2, 20}, {20, 12, 6}, 1.2214, 900, 0.75, 0.85, 5};
  // small: the near expiry's ATM strikes quote every ~20 s, so a strategy's
  // market order at a fixed clock mostly finds a quote under the engine's 30 s
  // staleness limit (a test that needs a trade should not need luck).
  static constexpr ScaleParams kSmall = {2, 2, {20, 180, 240}, {2, 1, 1}, 1.3, 900, 0.1, 0.1, 900};
  return scale == Scale::kSmall ? kSmall : kFull;
}

}  // namespace tapelab::gen
