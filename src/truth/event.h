// One row of the `events` table (docs/market-truth.md#events): its kind, the
// grid seconds it starts, ends and becomes known at, and the attributes its
// kind has (the others stay null). Detectors fill events; events_table()
// turns them into a table.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "truth/day_context.h"
#include "truth/table.h"

namespace tapelab::truth {

// Attribute columns, in table order. Each enum indexes its names array.
enum class Text : std::size_t { kDirection, kLabel, kInstrument, kOptType, kSide, kCount };
inline constexpr std::array<std::string_view, 5> kTextNames = {"direction", "label", "instrument", "opt_type", "side"};

enum class Whole : std::size_t { kAtmStrike, kStrike, kOffset, kJumps, kCount };
inline constexpr std::array<std::string_view, 4> kWholeNames = {"atm_strike", "strike", "offset", "jumps"};

enum class Num : std::size_t {
  kSize, kSpotStart, kSpotEnd, kCeMidChange, kPeMidChange, kRelDeltaCe, kRelDeltaPe, kConvexity,
  kTradePressure, kVacuumScore, kTradeShare,
  kRet, kLmStat, kLmThreshold, kRv, kBv, kJumpShare,
  kDepthBefore, kDepthAfter, kVolume, kRecoveryS, kHalfLifeS,
  kPulls, kReplenishes, kSpreadChanges,
  kIvBefore, kIv, kIvJump, kIvPeak, kPeakAt,
  kCount
};
inline constexpr std::array<std::string_view, 30> kNumNames = {
    "size", "spot_start", "spot_end", "ce_mid_change", "pe_mid_change", "rel_delta_ce", "rel_delta_pe", "convexity",
    "trade_pressure", "vacuum_score", "trade_share",
    "ret", "lm_stat", "lm_threshold", "rv", "bv", "jump_share",
    "depth_before", "depth_after", "volume", "recovery_s", "half_life_s",
    "pulls", "replenishes", "spread_changes",
    "iv_before", "iv", "iv_jump", "iv_peak", "peak_at_s"};

enum class Flag : std::size_t { kInBurst, kRecovered, kDecayed, kCount };
inline constexpr std::array<std::string_view, 3> kFlagNames = {"in_burst", "recovered", "decayed"};

struct Event {
  static constexpr double kNull = std::numeric_limits<double>::quiet_NaN();

  std::string_view kind;  // "burst", "jump", "pull", "replenish", "flicker", "fear", "fear_decay"
  std::size_t start = 0, end = 0, known_at = 0;  // grid seconds
  std::array<std::string_view, kTextNames.size()> text{};  // empty: null
  std::array<std::int64_t, kWholeNames.size()> whole{};
  std::array<std::uint8_t, kWholeNames.size()> has_whole{};
  std::array<double, kNumNames.size()> num = filled(kNull);
  std::array<std::int8_t, kFlagNames.size()> flag = {-1, -1, -1};  // -1: null

  void set(Text a, std::string_view v) { text[static_cast<std::size_t>(a)] = v; }
  void set(Whole a, std::int64_t v) {
    whole[static_cast<std::size_t>(a)] = v;
    has_whole[static_cast<std::size_t>(a)] = 1;
  }
  void set(Num a, double v) { num[static_cast<std::size_t>(a)] = v; }
  void set(Flag a, bool v) { flag[static_cast<std::size_t>(a)] = v ? 1 : 0; }
  double get(Num a) const { return num[static_cast<std::size_t>(a)]; }

 private:
  static constexpr std::array<double, kNumNames.size()> filled(double v) {
    std::array<double, kNumNames.size()> a{};
    a.fill(v);
    return a;
  }
};

// The events of one day, sorted by (known_at, start, kind) and otherwise in
// the order given, so a truth cut at t holds exactly the rows with known_at <= t.
Table events_table(const std::vector<Event>& events, const DayContext& context);

}  // namespace tapelab::truth
