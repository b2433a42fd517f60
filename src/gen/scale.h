// How much market one generated day holds: `full` matches the users' real
// volumes (3-5 million option rows per underlying and day), `small` keeps the
// same structure with a few thousand rows for tests.
#pragma once

#include <optional>
#include <string_view>

namespace tapelab::gen {

enum class Scale { kSmall, kFull };
std::optional<Scale> parse_scale(std::string_view text);
std::string_view to_string(Scale);

struct ScaleParams {
  int expiries_listed;        // nearest expiries in the chain
  int strikes_beyond_range;   // strikes listed beyond the day's low and high
  // Snapshot cadence by expiry rank (nearest first; the last entry repeats):
  // mean seconds between rows within `liquid_strikes` of the money, growing by
  // `gap_growth` per strike further out, capped at `max_gap`.
  double atm_gap[3];
  int liquid_strikes[3];
  double gap_growth;
  double max_gap;
  double spot_row_chance;     // chance of an index row in a given second
  double futures_row_chance;
  int equity_interval;        // seconds between rows of the equity tables
};

const ScaleParams& scale_params(Scale scale);

}  // namespace tapelab::gen
