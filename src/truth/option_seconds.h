// One option contract's book columns at a sequence of seconds
// (docs/market-truth.md#option-book-columns), gathered row by row and then
// added to a table: the ATM call and put in `features`, the ATM +-2 strikes
// in `atm_options`, and the front futures' book in `features`, read the same
// way (truth/futures_book.h).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "market/day_tape.h"
#include "truth/chain.h"
#include "truth/session_grid.h"
#include "truth/table.h"

namespace tapelab::truth {

class OptionSeconds {
 public:
  OptionSeconds(const market::OptionColumns& options, const SessionGrid& grid) : o_(options), grid_(grid) {}

  // The contract's state at grid second `i`; a null contract (not listed) or
  // one without a snapshot yet gives a row of nulls.
  void push(const ContractOnGrid* contract, std::size_t i);

  // mid, spread, depths, obi_5, front-loadedness, vol_1s, traded and age_s,
  // each named with `prefix` ("ce_"), then the mid's one-second change as `d_mid_name`.
  void add_summary(Table& table, std::string_view prefix, std::string d_mid_name) const;
  // Every column of atm_options' book: prices, the five levels' sizes, the
  // summary above and the order-flow imbalance per level and in total.
  void add_detail(Table& table) const;
  // The futures' book in `features` (their price, age and volume come from
  // the series): mid, spread, depths, obi_5 and the order-flow imbalance,
  // each named with `prefix` ("fut_").
  void add_futures_book(Table& table, std::string_view prefix) const;

 private:
  void push_null();
  // mid, spread, the two depths and obi_5, each named with `prefix`.
  void add_quote_and_depth(Table& table, std::string_view prefix) const;
  void add_ofi(Table& table, std::string_view prefix) const;

  const market::OptionColumns& o_;
  const SessionGrid& grid_;
  std::vector<std::uint8_t> has_book_;  // a snapshot exists
  std::vector<double> age_s_, bp0_, sp0_, mid_, micro_price_, spread_, obi_5_, front_bid_, front_ask_, d_mid_;
  std::vector<std::int64_t> bid_depth_5_, ask_depth_5_, vol_1s_;
  std::vector<std::uint8_t> traded_;
  std::array<std::vector<std::int32_t>, market::kBookLevels> bq_, sq_;
  std::array<std::vector<double>, market::kBookLevels> ofi_;
  std::vector<double> ofi_5l_;
};

}  // namespace tapelab::truth
