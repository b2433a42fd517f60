#include "jobs/records_codec.h"

#include <cstdint>
#include <tuple>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/error.h"

namespace tapelab::jobs {
namespace {

using Json = nlohmann::json;
constexpr int kFormatVersion = 1;

// Every field, in one order for writing and reading.
template <class R> requires std::is_same_v<std::remove_const_t<R>, engine::TradeRecord>
auto fields(R& r) {
  return std::tie(r.strategy, r.structure_id, r.date, r.underlying, r.key, r.side, r.lots, r.quantity, r.entry_time,
                  r.exit_time, r.entry_price, r.exit_price, r.fill_model, r.exit_reason, r.exit_pricing, r.beyond_depth,
                  r.exit_quote_age_seconds, r.gross_points, r.gross_rupees, r.costs, r.net);
}
template <class R> requires std::is_same_v<std::remove_const_t<R>, engine::OrderRecord>
auto fields(R& r) {
  return std::tie(r.strategy, r.date, r.underlying, r.time, r.order_id, r.structure_id, r.key, r.side, r.lots,
                  r.quantity, r.is_limit, r.limit_price, r.status, r.reason, r.price, r.quote_age_seconds, r.costs);
}
template <class R> requires std::is_same_v<std::remove_const_t<R>, engine::DayRecord>
auto fields(R& r) {
  return std::tie(r.strategy, r.date, r.underlying, r.trades, r.structures, r.gross, r.costs, r.net, r.margin,
                  r.crossed_book_skips);
}
template <class R> requires std::is_same_v<std::remove_const_t<R>, engine::IntradayPoint>
auto fields(R& r) {
  return std::tie(r.time, r.open_legs, r.unmarked_legs, r.realized, r.unrealized);
}
template <class R> requires std::is_same_v<std::remove_const_t<R>, engine::IntradayRecord>
auto fields(R& r) {
  return std::tie(r.strategy, r.date, r.underlying, r.points);
}

template <class T> Json to_json(const T& value);
template <class T> void from_json(const Json& json, T& value);

template <class R> Json record_json(const R& record) {
  Json out = Json::array();
  std::apply([&](const auto&... field) { (out.push_back(to_json(field)), ...); }, fields(record));
  return out;
}

template <class R> void record_from_json(const Json& json, R& record) {
  std::size_t i = 0;
  std::apply([&](auto&... field) { (from_json(json.at(i++), field), ...); }, fields(record));
}

template <class T> Json to_json(const T& value) {
  if constexpr (std::is_same_v<T, domain::Date>) {
    return value.days();
  } else if constexpr (std::is_same_v<T, engine::OptionKey>) {
    return Json::array({value.expiry.days(), static_cast<int>(value.type), value.strike});
  } else if constexpr (std::is_enum_v<T>) {
    return static_cast<int>(value);
  } else if constexpr (std::is_same_v<T, std::vector<engine::IntradayPoint>>) {
    Json out = Json::array();
    for (const engine::IntradayPoint& point : value) out.push_back(record_json(point));
    return out;
  } else {
    return value;
  }
}

template <class T> void from_json(const Json& json, T& value) {
  if constexpr (std::is_same_v<T, domain::Date>) {
    value = domain::Date::from_days(json.get<std::int32_t>());
  } else if constexpr (std::is_same_v<T, engine::OptionKey>) {
    value.expiry = domain::Date::from_days(json.at(0).get<std::int32_t>());
    value.type = static_cast<domain::OptionType>(json.at(1).get<int>());
    value.strike = json.at(2).get<std::int32_t>();
  } else if constexpr (std::is_enum_v<T>) {
    value = static_cast<T>(json.get<int>());
  } else if constexpr (std::is_same_v<T, std::vector<engine::IntradayPoint>>) {
    value.resize(json.size());
    for (std::size_t i = 0; i < value.size(); ++i) record_from_json(json[i], value[i]);
  } else {
    value = json.get<T>();
  }
}

template <class R> Json list_json(const std::vector<R>& records) {
  Json out = Json::array();
  for (const R& record : records) out.push_back(record_json(record));
  return out;
}

template <class R> void list_from_json(const Json& json, std::vector<R>& records) {
  records.resize(json.size());
  for (std::size_t i = 0; i < records.size(); ++i) record_from_json(json[i], records[i]);
}

}  // namespace

std::string encode_records(const engine::RunRecords& records) {
  const Json json = Json::array({kFormatVersion, list_json(records.trades), list_json(records.orders),
                                 list_json(records.days), list_json(records.intraday)});
  const std::vector<std::uint8_t> bytes = Json::to_cbor(json);
  return {bytes.begin(), bytes.end()};
}

engine::RunRecords decode_records(std::string_view bytes) {
  engine::RunRecords records;
  try {
    const Json json = Json::from_cbor(bytes.begin(), bytes.end());
    if (json.at(0).get<int>() != kFormatVersion) fail("records of format {}, not {}", json.at(0).dump(), kFormatVersion);
    list_from_json(json.at(1), records.trades);
    list_from_json(json.at(2), records.orders);
    list_from_json(json.at(3), records.days);
    list_from_json(json.at(4), records.intraday);
  } catch (const Json::exception& e) {
    fail("encoded run records are damaged: {}", e.what());
  }
  return records;
}

}  // namespace tapelab::jobs
