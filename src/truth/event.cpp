#include "truth/event.h"

#include <algorithm>
#include <numeric>
#include <string>

namespace tapelab::truth {
Table events_table(const std::vector<Event>& unsorted, const DayContext& c) {
  // Sorting positions, not the events: an event is a few hundred bytes, and a
  // full-scale day has ~10^5 of them.
  std::vector<std::uint32_t> order(unsorted.size());
  std::iota(order.begin(), order.end(), 0U);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t i, std::uint32_t j) {
    const Event& a = unsorted[i];
    const Event& b = unsorted[j];
    if (a.known_at != b.known_at) return a.known_at < b.known_at;
    if (a.start != b.start) return a.start < b.start;
    return a.kind < b.kind;
  });
  const auto events = [&](std::size_t r) -> const Event& { return unsorted[order[r]]; };
  const std::size_t rows = unsorted.size();
  const auto& seconds = c.grid.seconds;
  std::vector<domain::WallNanos> start(rows), end(rows), known_at(rows);
  std::vector<double> duration(rows);
  std::vector<std::string_view> kind(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    kind[r] = events(r).kind;
    start[r] = seconds[events(r).start];
    end[r] = seconds[events(r).end];
    known_at[r] = seconds[events(r).known_at];
    duration[r] = static_cast<double>(end[r] - start[r]) / domain::kNanosPerSecond;  // clock time, never rows
  }
  Table t;
  t.add_date("date", c.date, rows);
  t.add_string("underlying", c.underlying, rows);
  t.add_strings("kind", kind);
  t.add_time("start", start);
  t.add_time("end", end);
  t.add_time("known_at", known_at);
  t.add_double("duration_s", duration);
  const std::vector<std::int32_t> dte(rows, c.dte);
  t.add_int32("dte", dte);
  t.add_string("dte_bucket", dte_bucket(c.dte), rows);
  for (std::size_t a = 0; a < kTextNames.size(); ++a) {
    std::vector<std::string_view> v(rows);
    std::vector<std::uint8_t> valid(rows);
    for (std::size_t r = 0; r < rows; ++r) {
      v[r] = events(r).text[a];
      valid[r] = v[r].empty() ? 0 : 1;
    }
    t.add_strings(std::string(kTextNames[a]), v, valid);
  }
  for (std::size_t a = 0; a < kWholeNames.size(); ++a) {
    std::vector<std::int64_t> v(rows);
    std::vector<std::uint8_t> valid(rows);
    for (std::size_t r = 0; r < rows; ++r) {
      v[r] = events(r).whole[a];
      valid[r] = events(r).has_whole[a];
    }
    t.add_int64(std::string(kWholeNames[a]), v, valid);
  }
  for (std::size_t a = 0; a < kNumNames.size(); ++a) {
    std::vector<double> v(rows);
    for (std::size_t r = 0; r < rows; ++r) v[r] = events(r).num[a];
    t.add_double(std::string(kNumNames[a]), v);
  }
  for (std::size_t a = 0; a < kFlagNames.size(); ++a) {
    std::vector<std::uint8_t> v(rows), valid(rows);
    for (std::size_t r = 0; r < rows; ++r) {
      v[r] = events(r).flag[a] > 0 ? 1 : 0;
      valid[r] = events(r).flag[a] >= 0 ? 1 : 0;
    }
    t.add_bool(std::string(kFlagNames[a]), v, valid);
  }
  return t;
}

}  // namespace tapelab::truth
