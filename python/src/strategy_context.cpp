#include "strategy_context.h"

#include <pybind11/operators.h>

#include <pybind11/stl.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <optional>
#include <string>
#include <vector>

#include "bindings.h"
#include "date_caster.h"
#include "domain/time.h"
#include "strategies/clock.h"
#include "util/error.h"

namespace py = pybind11;

namespace tapelab::python {

engine::StrategyContext& CallContext::get() const {
  if (!ctx_) fail("the strategy context was used after the call it was given to returned (keep values, not the context)");
  return *ctx_;
}

namespace {

using engine::ExpiryChoice;
using engine::OpenLeg;
using engine::OptionKey;
using engine::OptionSnapshot;

// A name of one of the engine's enum tables, or an Error listing the names.
template <typename E, std::size_t N>
E parse_name(const EnumNames<E, N>& names, std::string_view what, const std::string& text) {
  if (const auto value = names.parse(text)) return *value;
  fail("{} \"{}\" is not one of {}", what, text, fmt::join(names.names(), ", "));
}

domain::OptionType option_type(const std::string& text) { return parse_name(domain::kOptionTypeNames, "option type", text); }

// "nearest", "next", or a (min_dte, max_dte) range.
ExpiryChoice expiry_choice(const py::object& choice) {
  ExpiryChoice c;
  if (py::isinstance<py::str>(choice)) {
    const std::string name = choice.cast<std::string>();
    if (name == "next") {
      c.kind = ExpiryChoice::Kind::kNext;
    } else if (name != "nearest") {
      fail("expiry choice \"{}\" is not nearest, next or a (min_dte, max_dte) pair", name);
    }
    return c;
  }
  const auto range = choice.cast<std::pair<std::int32_t, std::int32_t>>();
  c.kind = ExpiryChoice::Kind::kDteRange;
  c.min_dte = range.first;
  c.max_dte = range.second;
  return c;
}

std::optional<double> price_of(const std::optional<engine::SeriesValue>& value) {
  return value ? std::optional(value->price) : std::nullopt;
}

std::string key_repr(const OptionKey& k) {
  return fmt::format("OptionKey('{}', '{}', {})", k.expiry.to_string(), domain::to_string(k.type), k.strike);
}

py::list levels(const std::array<engine::BookLevelView, market::kBookLevels>& book) {
  py::list out;
  for (const engine::BookLevelView& level : book) out.append(py::make_tuple(level.price, level.qty));
  return out;
}

void bind_values(py::module_& m) {
  py::class_<OptionKey>(m, "OptionKey", "A contract of the day: (expiry, 'CE' or 'PE', strike).")
      .def(py::init([](domain::Date expiry, const std::string& type, std::int32_t strike) {
             return OptionKey{expiry, option_type(type), strike};
           }),
           py::arg("expiry"), py::arg("type"), py::arg("strike"))
      .def_readonly("expiry", &OptionKey::expiry, "The expiry (datetime.date).")
      .def_property_readonly("type", [](const OptionKey& k) { return std::string(domain::to_string(k.type)); },
                             "'CE' or 'PE'.")
      .def_readonly("strike", &OptionKey::strike, "The strike (index points).")
      .def(py::self == py::self)
      .def("__hash__", [](const OptionKey& k) { return py::hash(py::make_tuple(k.expiry.days(), static_cast<int>(k.type), k.strike)); })
      .def("__repr__", &key_repr);
  py::class_<OptionSnapshot>(m, "OptionSnapshot",
                             "A contract's last row at or before the clock, copied: it never changes afterwards.")
      .def_readonly("key", &OptionSnapshot::key, "The contract (OptionKey).")
      .def_readonly("lot_size", &OptionSnapshot::lot_size, "Units per lot.")
      .def_readonly("time", &OptionSnapshot::time, "The row's timestamp: IST wall-clock nanoseconds.")
      .def_readonly("age_seconds", &OptionSnapshot::age_seconds, "Seconds from the row to the clock.")
      .def_readonly("ltp", &OptionSnapshot::ltp, "Last traded price.")
      .def_readonly("trade_age_seconds", &OptionSnapshot::trade_age_seconds,
                    "Seconds since the last trade (None when unknown).")
      .def_property_readonly("bids", [](const OptionSnapshot& s) { return levels(s.bids); },
                             "Five (price, qty) levels, best first; an empty level is (0.0, 0).")
      .def_property_readonly("asks", [](const OptionSnapshot& s) { return levels(s.asks); },
                             "Five (price, qty) levels, best first; an empty level is (0.0, 0).")
      .def_property_readonly("bid", [](const OptionSnapshot& s) { return s.bids[0].price; }, "Best bid (0: none).")
      .def_property_readonly("ask", [](const OptionSnapshot& s) { return s.asks[0].price; }, "Best ask (0: none).")
      .def_readonly("volume", &OptionSnapshot::volume, "Cumulative day volume.")
      .def_readonly("volume_last_second", &OptionSnapshot::volume_last_second, "Volume of the last second.")
      .def_readonly("oi", &OptionSnapshot::oi, "Open interest.")
      .def_property_readonly("mid", &OptionSnapshot::mid, "(bid + ask) / 2 when both sides are quoted, else None.")
      .def_property_readonly("crossed", &OptionSnapshot::crossed, "Best bid at or above best ask.")
      .def("__repr__", [](const OptionSnapshot& s) {
        return fmt::format("OptionSnapshot({}, bid {}, ask {}, ltp {}, age {} s)", key_repr(s.key), s.bids[0].price,
                           s.asks[0].price, s.ltp, s.age_seconds);
      });
  py::class_<engine::OptionGreeks>(m, "OptionGreeks", "IV and Greeks of a contract as of the clock, from its mid.")
      .def_property_readonly("status", [](const engine::OptionGreeks& g) { return std::string(engine::to_string(g.status)); },
                             "'ok', or why there are no Greeks.")
      .def_readonly("premium", &engine::OptionGreeks::premium, "The mid priced.")
      .def_readonly("underlying", &engine::OptionGreeks::underlying, "The forward or spot priced on.")
      .def_readonly("years", &engine::OptionGreeks::years, "Time to expiry in years.")
      .def_readonly("iv", &engine::OptionGreeks::iv, "Implied volatility per 1.00 (NaN unless ok).")
      .def_readonly("delta", &engine::OptionGreeks::delta, "Delta (NaN unless ok).")
      .def_readonly("gamma", &engine::OptionGreeks::gamma, "Gamma (NaN unless ok).")
      .def_readonly("theta", &engine::OptionGreeks::theta, "Theta per year (NaN unless ok).")
      .def_readonly("vega", &engine::OptionGreeks::vega, "Vega per 1.00 of vol (NaN unless ok).");
  py::class_<OpenLeg>(m, "OpenLeg", "One open leg of the strategy, copied as of the call.")
      .def_readonly("structure_id", &OpenLeg::structure_id, "The structure the leg belongs to.")
      .def_readonly("key", &OpenLeg::key, "The contract (OptionKey).")
      .def_property_readonly("side", [](const OpenLeg& l) { return std::string(engine::to_string(l.side)); },
                             "The opening side, 'BUY' or 'SELL'.")
      .def_readonly("lots", &OpenLeg::lots, "Open lots.")
      .def_readonly("quantity", &OpenLeg::quantity, "Open units.")
      .def_readonly("entry_price", &OpenLeg::entry_price, "Average entry price per unit.")
      .def_readonly("entry_time", &OpenLeg::entry_time, "Entry time: IST wall-clock nanoseconds.")
      .def("__repr__", [](const OpenLeg& l) {
        return fmt::format("OpenLeg({} {} lots of {}, structure {}, at {})", engine::to_string(l.side), l.lots,
                           key_repr(l.key), l.structure_id, l.entry_price);
      });
  py::class_<engine::OrderResult>(m, "OrderResult", "What the engine decided about an order.")
      .def_readonly("id", &engine::OrderResult::id, "The order id (for cancel()).")
      .def_readonly("filled", &engine::OrderResult::filled, "Whether it filled.")
      .def_property_readonly("reason", [](const engine::OrderResult& r) { return std::string(engine::to_string(r.reason)); },
                             "Why it did not fill ('none' when it did or is pending).")
      .def_readonly("price", &engine::OrderResult::price, "Average fill price per unit.")
      .def_readonly("quantity", &engine::OrderResult::quantity, "Units filled.")
      .def_readonly("quote_age_seconds", &engine::OrderResult::quote_age_seconds, "Age of the quote it met.")
      .def_readonly("time", &engine::OrderResult::time, "Fill or rejection time: IST wall-clock nanoseconds.")
      .def_readonly("resting", &engine::OrderResult::resting, "A limit order waiting for the book.")
      .def_readonly("pending", &engine::OrderResult::pending, "Decided now, tried after the latency.")
      .def_readonly("structure_id", &engine::OrderResult::structure_id, "The structure it belongs to.")
      .def("__repr__", [](const engine::OrderResult& r) {
        return fmt::format("OrderResult(id {}, filled {}, reason {}, price {}, quantity {})", r.id, r.filled,
                           engine::to_string(r.reason), r.price, r.quantity);
      });
}

engine::OrderRequest order_request(const OptionKey& key, const std::string& side, std::int32_t lots,
                                   std::optional<double> limit, std::int64_t structure_id, std::string note,
                                   const std::optional<std::string>& exit_reason) {
  engine::OrderRequest order;
  order.key = key;
  order.side = parse_name(engine::kSideNames, "side", side);
  order.lots = lots;
  order.limit_price = limit;
  order.structure_id = structure_id;
  order.note = std::move(note);
  if (exit_reason) order.exit_reason = parse_name(engine::kExitReasonNames, "exit reason", *exit_reason);
  return order;
}

void bind_clock(py::class_<CallContext>& c) {
  c.def_property_readonly("now", [](const CallContext& x) { return x.get().market().now(); },
                          "The clock: IST wall-clock nanoseconds since 1970 (as the dataset's timestamps).")
      .def_property_readonly("date", [](const CallContext& x) { return x.get().market().date(); },
                             "The trading day (datetime.date).")
      .def_property_readonly("second", [](const CallContext& x) { return strategies::second_of_day(x.get().market().now()); },
                             "Seconds after midnight IST (09:20:00 is 33600).")
      .def_property_readonly("seconds_since_open",
                             [](const CallContext& x) {
                               const engine::MarketView& m = x.get().market();
                               return domain::seconds_since_open(m.now(), m.underlying_info());
                             },
                             "Seconds since the session opened.")
      .def_property_readonly("underlying", [](const CallContext& x) { return x.get().market().underlying(); },
                             "The underlying traded ('NIFTY').")
      .def_property_readonly("strike_step", [](const CallContext& x) { return x.get().market().strike_step(); },
                             "Points between listed strikes.");
}

void bind_market(py::class_<CallContext>& c) {
  c.def("spot", [](const CallContext& x) { return x.get().market().spot_price(); },
        "The last spot price > 0 at or before the clock (None before the first).")
      .def("futures", [](const CallContext& x) { return price_of(x.get().market().futures()); },
           "The last futures price at or before the clock (None before the first).")
      .def("expiries", [](const CallContext& x) {
             const auto e = x.get().market().expiries();
             return std::vector<domain::Date>(e.begin(), e.end());
           },
           "Expiries a trader knows of at the clock, ascending.")
      .def("expiry", [](const CallContext& x, const py::object& choice) { return x.get().market().expiry(expiry_choice(choice)); },
           py::arg("choice") = "nearest", "The expiry of a choice: 'nearest', 'next' or (min_dte, max_dte); None when none.")
      .def("dte", [](const CallContext& x, domain::Date expiry) { return x.get().market().dte(expiry); },
           py::arg("expiry"), "Trading days from the day to the expiry.")
      .def("strikes", [](const CallContext& x, domain::Date expiry, const std::string& type) {
             const auto s = x.get().market().strikes(expiry, option_type(type));
             return std::vector<std::int32_t>(s.begin(), s.end());
           },
           py::arg("expiry"), py::arg("type"), "Strikes of the chain that have printed by the clock, ascending.")
      .def("atm_strike", [](const CallContext& x, domain::Date expiry, const std::string& type, const std::string& convention) {
             return x.get().market().atm_strike(expiry, option_type(type),
                                                parse_name(engine::kAtmConventionNames, "ATM convention", convention));
           },
           py::arg("expiry"), py::arg("type"), py::arg("convention") = "nearest",
           "The ATM strike ('nearest' or 'ce_up_pe_down'); None without spot or chain.")
      .def("nearest_strike", [](const CallContext& x, domain::Date expiry, const std::string& type, double target) {
             return x.get().market().nearest_strike(expiry, option_type(type), target);
           },
           py::arg("expiry"), py::arg("type"), py::arg("target"),
           "The listed strike nearest a price (ties to the lower); None without a chain.")
      .def("option", [](const CallContext& x, const OptionKey& key) { return x.get().market().option(key); },
           py::arg("key"), "The contract's snapshot as of the clock (a copy), or None before its first row.")
      .def("greeks", [](const CallContext& x, const OptionKey& key) { return x.get().greeks().option(key); },
           py::arg("key"), "IV and Greeks of the contract as of the clock, under the strategy's [greeks] settings.");
}

void bind_trading(py::class_<CallContext>& c) {
  c.def_property_readonly("open_legs", [](const CallContext& x) {
        const auto legs = x.get().open_legs();
        return std::vector<OpenLeg>(legs.begin(), legs.end());
      },
      "The strategy's open legs, in the order they opened (copies).")
      .def("submit", [](const CallContext& x, const OptionKey& key, const std::string& side, std::int32_t lots,
                        std::optional<double> limit, std::int64_t structure_id, std::string note,
                        const std::optional<std::string>& exit_reason) {
             return x.get().submit(order_request(key, side, lots, limit, structure_id, std::move(note), exit_reason));
           },
           py::arg("key"), py::arg("side"), py::arg("lots") = 1, py::arg("limit") = py::none(),
           py::arg("structure_id") = 0, py::arg("note") = "", py::arg("exit_reason") = py::none(),
           "Submits an order ('BUY' or 'SELL'; a market order without limit); returns its OrderResult.")
      .def("cancel", [](const CallContext& x, engine::OrderId id) { x.get().cancel(id); }, py::arg("order_id"),
           "Cancels a resting or pending order.")
      .def("close", [](const CallContext& x, const OpenLeg& leg, std::optional<std::int32_t> lots, const std::string& reason) {
             x.get().close(leg, lots.value_or(leg.lots), parse_name(engine::kExitReasonNames, "exit reason", reason));
           },
           py::arg("leg"), py::arg("lots") = py::none(), py::arg("reason") = "signal",
           "Closes lots of an open leg (all by default) at market; the engine retries until it fills.")
      .def("log", [](const CallContext& x, const std::string& message) { x.get().log(message); }, py::arg("message"),
           "Writes a note to the orders log.")
      .def("mark", [](const CallContext& x, const OptionKey& key, const std::optional<std::string>& model) {
             const engine::MarkModel m = model ? parse_name(engine::kMarkModelNames, "mark model", *model)
                                               : x.info().execution.mark_model;
             return x.get().mark(key, m);
           },
           py::arg("key"), py::arg("model") = py::none(),
           "The contract's mark ('mid', 'ltp' or 'touch'; default: the strategy's mark_model), None without a quote.");
}

}  // namespace

void bind_strategy_context(py::module_& m) {
  bind_values(m);
  py::class_<CallContext> context(m, "StrategyContext",
                                  "What a Python strategy sees in one call: the clock, the as-of market, its legs "
                                  "and order entry. Valid only during that call.");
  bind_clock(context);
  bind_market(context);
  bind_trading(context);
}

}  // namespace tapelab::python
