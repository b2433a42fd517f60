// GET /api/days/{date}/{underlying}/chain and /book: the option chain, and
// one contract's 5-level book, as of a second: each contract's last snapshot
// at or before it, never a later one (docs/server.md#chain-and-book). The
// engine's MarketView answers, so the server sees exactly what a strategy
// at that second would, and IV and delta come from the mid through the
// engine's ChainGreeks with the default Greeks settings.
#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "dataset/layout.h"
#include "engine/greeks.h"
#include "engine/market_view.h"
#include "pricing/black.h"
#include "server/file_hashes.h"
#include "server/handlers.h"
#include "server/http_error.h"
#include "server/params.h"
#include "server/safe_path.h"

namespace tapelab::server {
namespace {

using Json = nlohmann::ordered_json;

Json number_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(); }

std::string clock(domain::WallNanos t) { return domain::format_wall_time(t).substr(11); }

// The partitions behind a day's tape, checked to lie inside the dataset.
struct TapeSource {
  market::DayKey day;
  std::string hash;  // of the options, spot and futures partitions together
  std::filesystem::path options_file;
  std::string options_hash;
};

TapeSource tape_source(Services& s, const DayRef& day) {
  if (day.options == nullptr) not_found("the dataset has no options for {} {}", day.date.to_string(), day.underlying);
  const auto file = resolve_inside(s.catalog.dataset_root(), dataset::partition_relative_path(day.options->key));
  if (!file) not_found("the options file of {} {} is missing", day.date.to_string(), day.underlying);
  std::string inputs = "tape\n" + day.options->content_hash;
  for (const dataset::PartitionEntry* p : {day.spot, day.futures}) inputs += "\n" + (p ? p->content_hash : "-");
  return TapeSource{{day.date, day.underlying}, hash_text(inputs), *file, day.options->content_hash};
}

// expiry= when given (404 unless the day has it), else the day's nearest.
domain::Date choose_expiry(Services& s, const Target& target, const TapeSource& source) {
  const auto expiries = s.data.expiries(source.options_file, source.options_hash);
  if (const auto asked = target.get("expiry")) {
    const domain::Date expiry = parse_day(*asked);
    if (!std::binary_search(expiries->begin(), expiries->end(), expiry)) {
      not_found("no expiry {} on {} {}", *asked, source.day.date.to_string(), source.day.underlying);
    }
    return expiry;
  }
  const auto nearest = std::lower_bound(expiries->begin(), expiries->end(), source.day.date);
  if (nearest == expiries->end()) not_found("no expiry on or after {}", source.day.date.to_string());
  return *nearest;
}

Json side_json(const engine::MarketView& view, const engine::ChainGreeks& greeks, const engine::OptionKey& key) {
  const std::optional<engine::OptionSnapshot> snap = view.option(key);
  if (!snap) return nullptr;
  const engine::OptionGreeks g = greeks.option(key);
  return Json{{"bid", snap->bids[0].price},     {"ask", snap->asks[0].price},
              {"ltp", snap->ltp},               {"oi", snap->oi},
              {"volume", snap->volume},         {"time", clock(snap->time)},
              {"age_s", snap->age_seconds},     {"iv", number_or_null(g.iv)},
              {"delta", number_or_null(g.delta)}, {"greeks_status", engine::to_string(g.status)}};
}

Json series_json(const std::optional<engine::SeriesValue>& v) {
  if (!v) return nullptr;
  return Json{{"price", v->price}, {"time", clock(v->time)}, {"age_s", v->age_seconds}};
}

std::string chain_json(const market::DayTape& tape, domain::Date expiry, domain::WallNanos at) {
  engine::MarketView view(tape);
  view.advance_to(at);
  const engine::ChainGreeks greeks(view, engine::GreeksConfig{});
  std::set<std::int32_t> strikes;
  for (const domain::OptionType type : {domain::OptionType::kCall, domain::OptionType::kPut}) {
    const auto listed = view.strikes(expiry, type);
    strikes.insert(listed.begin(), listed.end());
  }
  Json rows = Json::array();
  for (const std::int32_t strike : strikes) {
    rows.push_back(Json{{"strike", strike},
                        {"CE", side_json(view, greeks, {expiry, domain::OptionType::kCall, strike})},
                        {"PE", side_json(view, greeks, {expiry, domain::OptionType::kPut, strike})}});
  }
  const engine::PricingUnderlying underlying = greeks.underlying(expiry);
  return Json{{"date", tape.date.to_string()},
              {"underlying", tape.underlying},
              {"expiry", expiry.to_string()},
              {"at", clock(at)},
              {"spot", series_json(view.spot())},
              {"futures", series_json(view.futures())},
              {"greeks", Json{{"model", pricing::to_string(greeks.config().model)},
                              {"forward_source", engine::to_string(greeks.config().forward)},
                              {"status", engine::to_string(underlying.status)},
                              {"priced_on", underlying.ok() ? Json(underlying.price) : Json()}}},
              {"strikes", std::move(rows)}}
      .dump();
}

Json levels_json(const std::array<engine::BookLevelView, market::kBookLevels>& levels) {
  Json out = Json::array();
  for (const engine::BookLevelView& level : levels) out.push_back(Json{{"price", level.price}, {"qty", level.qty}});
  return out;
}

bool lists(const market::DayTape& tape, const engine::OptionKey& key) {
  return std::any_of(tape.contracts.begin(), tape.contracts.end(), [&](const market::ContractSlice& c) {
    return c.expiry == key.expiry && c.type == key.type && c.strike == key.strike;
  });
}

std::string book_json(const market::DayTape& tape, const engine::OptionKey& key, domain::WallNanos at) {
  engine::MarketView view(tape);
  view.advance_to(at);
  Json out{{"date", tape.date.to_string()}, {"underlying", tape.underlying}, {"expiry", key.expiry.to_string()},
           {"strike", key.strike},          {"type", domain::to_string(key.type)}, {"at", clock(at)}};
  const std::optional<engine::OptionSnapshot> snap = view.option(key);
  if (!snap) {
    out["snapshot"] = nullptr;  // the contract has not printed yet at `at`
    return out.dump();
  }
  out["snapshot"] = Json{{"time", domain::format_wall_time(snap->time).substr(11)},
                         {"age_s", snap->age_seconds},
                         {"ltp", snap->ltp},
                         {"volume", snap->volume},
                         {"oi", snap->oi},
                         {"bids", levels_json(snap->bids)},
                         {"asks", levels_json(snap->asks)}};
  return out.dump();
}

}  // namespace

Route chain_route(Services& s, const Target& target, const DayRef& day) {
  allow_only(target, {"at", "expiry"});
  const domain::WallNanos at = parse_time_of_day("at", required(target, "at"), day.date);
  const TapeSource source = tape_source(s, day);
  const domain::Date expiry = choose_expiry(s, target, source);
  return Route{source.hash, false, [&s, source, expiry, at] {
                 const auto tape = s.data.tape(s.catalog.dataset_root(), source.day, expiry, source.hash);
                 return Body{chain_json(*tape, expiry, at)};
               }};
}

Route book_route(Services& s, const Target& target, const DayRef& day) {
  allow_only(target, {"at", "expiry", "strike", "type"});
  const domain::WallNanos at = parse_time_of_day("at", required(target, "at"), day.date);
  const std::int32_t strike = parse_strike(required(target, "strike"));
  const domain::OptionType type = parse_option_type(required(target, "type"));
  const TapeSource source = tape_source(s, day);
  const engine::OptionKey key{choose_expiry(s, target, source), type, strike};
  const auto tape = s.data.tape(s.catalog.dataset_root(), source.day, key.expiry, source.hash);
  if (!lists(*tape, key)) {
    not_found("no contract {} {} {} on {} {}", key.expiry.to_string(), strike, domain::to_string(type),
              day.date.to_string(), day.underlying);
  }
  return Route{source.hash, false, [tape, key, at] { return Body{book_json(*tape, key, at)}; }};
}

}  // namespace tapelab::server
