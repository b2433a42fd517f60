// Reading days of the dataset into DayTapes: which days exist in a range, and
// one day's options, spot and futures with only the columns asked for.
//
// Loads use the Parquet reader's projection (only asked-for columns are
// decoded) and its row-group pruning on `expiry` (row groups hold whole
// contracts, so asking for the nearest expiry skips the far ones unread).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.h"
#include "market/day_tape.h"

namespace tapelab::market {

struct DayKey {
  domain::Date date;
  std::string underlying;
  auto operator<=>(const DayKey&) const = default;
};

struct DaySelection {
  std::optional<domain::Date> from;    // inclusive
  std::optional<domain::Date> to;      // inclusive
  std::vector<std::string> underlyings;  // empty = all (case-insensitive names)
};

// Days with an options partition in the dataset, sorted by (date, underlying).
// Throws Error when `dataset` is not a dataset folder.
std::vector<DayKey> select_days(const std::filesystem::path& dataset, const DaySelection& selection);

// Which option columns to decode (bit set); identity and time are always read.
enum OptionFields : unsigned {
  kTrade = 1u << 0,        // price, qty, volume, vol_delta, lastTradeTime
  kTopOfBook = 1u << 1,    // bp0, sp0, bq0, sq0
  kFullBook = 1u << 2,     // all 5 levels of both sides (implies kTopOfBook)
  kOpenInterest = 1u << 3, // oi
  kTotals = 1u << 4,       // bQty, sQty
  kAllOptionFields = 0x1f,
};

// How far from spot the strikes a run can ask for lie: within points +
// steps strike steps + spot_fraction x spot of the spot at some second of the
// day.
struct StrikeReach {
  double points = 0;
  double steps = 0;
  double spot_fraction = 0;
};

struct LoadOptions {
  unsigned option_fields = kAllOptionFields;
  // Only contracts whose expiry lies in [min_expiry, max_expiry] (pruned by
  // row group statistics, then filtered exactly).
  std::optional<domain::Date> min_expiry;
  std::optional<domain::Date> max_expiry;
  // Set: load the rows of the strikes within reach of the day's spot range
  // only (its lowest and highest usable price, so every second's spot is
  // inside), plus kWindowMarginSteps strike steps each side so a nearest
  // listed strike is never at the window's edge. The other contracts come as
  // DayTape::unloaded. Without usable spot the whole chain is loaded.
  std::optional<StrikeReach> strike_reach;
  // Set: load exactly these strikes (a test's or a tool's own window);
  // strike_reach is then not used.
  std::optional<StrikeWindow> strike_window;
  bool spot = true;
  bool futures = true;  // a day without a futures partition loads an empty series
  // With `futures`: also the futures' five-level book, as DayTape::futures_book.
  bool futures_book = false;
};

inline constexpr int kWindowMarginSteps = 4;

// The strike window of `reach` around a day's spot (nullopt: no usable spot).
std::optional<StrikeWindow> strike_window(const SeriesColumns& spot, const StrikeReach& reach, std::int32_t strike_step);

// Throws Error when the options partition is missing or malformed. A missing
// spot partition leaves `spot` empty (the engine then has no spot).
DayTape load_day(const std::filesystem::path& dataset, const DayKey& day, const LoadOptions& options = {});
// The same into `tape`, whose vectors keep their capacity: a worker that loads
// day after day into one tape faults in its pages once, not once a day.
void load_day(const std::filesystem::path& dataset, const DayKey& day, const LoadOptions& options, DayTape& tape);

// The spot series of one day alone (no options partition needed); empty when
// the dataset has no spot partition for it.
SeriesColumns load_spot(const std::filesystem::path& dataset, const DayKey& day);

}  // namespace tapelab::market
