#include "sweep/ranking.h"

#include <algorithm>
#include <array>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "util/enum_names.h"
#include "util/error.h"

namespace tapelab::sweep {
namespace {

constexpr auto kNames = enum_names<RankKey>({
    {RankKey::kNet, "net"},
    {RankKey::kReturnOnMargin, "return_on_margin"},
    {RankKey::kMaxDrawdown, "max_drawdown"},
    {RankKey::kSharpe, "sharpe"},
    {RankKey::kWinRate, "win_rate"},
    {RankKey::kTrades, "trades"},
});

}  // namespace

std::string_view to_string(RankKey key) { return kNames.name(key); }

RankKey parse_rank_key(std::string_view text) {
  const std::optional<RankKey> key = kNames.parse(text);
  if (!key) fail("unknown ranking key \"{}\" (expected one of: {})", text, fmt::join(kNames.names(), ", "));
  return *key;
}

std::optional<double> rank_figure(const report::Metrics& m, RankKey key) {
  switch (key) {
    case RankKey::kNet: return m.net;
    case RankKey::kReturnOnMargin: return m.return_on_margin_total;
    case RankKey::kMaxDrawdown: return m.max_drawdown;
    case RankKey::kSharpe: return m.sharpe;
    case RankKey::kWinRate: return m.win_rate;
    case RankKey::kTrades: return static_cast<double>(m.trades);
  }
  return std::nullopt;
}

std::vector<std::size_t> rank(std::span<const report::Metrics> metrics, RankKey key) {
  const double direction = key == RankKey::kMaxDrawdown ? -1 : 1;
  std::vector<std::size_t> order(metrics.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const std::optional<double> x = rank_figure(metrics[a], key);
    const std::optional<double> y = rank_figure(metrics[b], key);
    if (x.has_value() != y.has_value()) return x.has_value();
    if (x && *x != *y) return direction * *x > direction * *y;
    return metrics[a].net > metrics[b].net;
  });
  return order;
}

}  // namespace tapelab::sweep
