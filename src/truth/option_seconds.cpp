#include "truth/option_seconds.h"

#include <limits>
#include <string>

#include "truth/book.h"

namespace tapelab::truth {
namespace {

constexpr double kNull = std::numeric_limits<double>::quiet_NaN();

}  // namespace

void OptionSeconds::push_null() {
  has_book_.push_back(0);
  for (auto* v : {&age_s_, &bp0_, &sp0_, &mid_, &micro_price_, &spread_, &obi_5_, &front_bid_, &front_ask_, &d_mid_,
                  &ofi_5l_}) {
    v->push_back(kNull);
  }
  for (auto& v : ofi_) v.push_back(kNull);
  for (auto* v : {&bid_depth_5_, &ask_depth_5_, &vol_1s_}) v->push_back(0);
  traded_.push_back(0);
  for (int m = 0; m < market::kBookLevels; ++m) {
    bq_[m].push_back(0);
    sq_[m].push_back(0);
  }
}

void OptionSeconds::push(const ContractOnGrid* contract, std::size_t i) {
  if (contract == nullptr || contract->asof[i] == kNoRow) {
    push_null();
    return;
  }
  const auto row = static_cast<std::size_t>(contract->asof[i]);
  const BookMetrics m = book_metrics(o_, row);
  has_book_.push_back(1);
  age_s_.push_back(static_cast<double>(grid_.seconds[i] - o_.time[row]) / domain::kNanosPerSecond);
  bp0_.push_back(o_.bid_price[0][row]);
  sp0_.push_back(o_.ask_price[0][row]);
  mid_.push_back(m.mid);
  micro_price_.push_back(m.micro_price);
  spread_.push_back(m.spread);
  obi_5_.push_back(m.obi_5);
  front_bid_.push_back(m.front_bid);
  front_ask_.push_back(m.front_ask);
  bid_depth_5_.push_back(m.bid_depth_5);
  ask_depth_5_.push_back(m.ask_depth_5);
  const std::int64_t volume = traded_volume(o_, contract->stamped.first[i], contract->stamped.last[i]);
  vol_1s_.push_back(volume);
  traded_.push_back(volume > 0 ? 1 : 0);
  for (int level = 0; level < market::kBookLevels; ++level) {
    bq_[level].push_back(o_.bid_qty[level][row]);
    sq_[level].push_back(o_.ask_qty[level][row]);
  }
  // Flows and changes compare the same contract one open second apart.
  const bool has_before = grid_.spans(i, 1) && contract->asof[i - 1] != kNoRow;
  if (!has_before) {
    d_mid_.push_back(kNull);
    for (auto& v : ofi_) v.push_back(kNull);
    ofi_5l_.push_back(kNull);
    return;
  }
  const auto before = static_cast<std::size_t>(contract->asof[i - 1]);
  d_mid_.push_back(m.mid - book_metrics(o_, before).mid);
  const auto e = order_flow_imbalance(o_, before, row);
  double total = 0;
  for (std::size_t level = 0; level < e.size(); ++level) {
    ofi_[level].push_back(e[level]);
    total += e[level];
  }
  ofi_5l_.push_back(total);
}

void OptionSeconds::add_summary(Table& table, std::string_view prefix, std::string d_mid_name) const {
  const std::string p(prefix);
  add_quote_and_depth(table, prefix);
  table.add_double(p + "front_bid", front_bid_);
  table.add_double(p + "front_ask", front_ask_);
  table.add_int64(p + "vol_1s", vol_1s_, has_book_);
  table.add_bool(p + "traded", traded_, has_book_);
  table.add_double(p + "age_s", age_s_);
  if (!d_mid_name.empty()) table.add_double(std::move(d_mid_name), d_mid_);
}

void OptionSeconds::add_detail(Table& table) const {
  table.add_double("age_s", age_s_);
  table.add_double("bp0", bp0_);
  table.add_double("sp0", sp0_);
  table.add_double("mid", mid_);
  table.add_double("micro_price", micro_price_);
  table.add_double("spread", spread_);
  for (int level = 0; level < market::kBookLevels; ++level) table.add_int32("bq" + std::to_string(level), bq_[level], has_book_);
  for (int level = 0; level < market::kBookLevels; ++level) table.add_int32("sq" + std::to_string(level), sq_[level], has_book_);
  table.add_int64("bid_depth_5", bid_depth_5_, has_book_);
  table.add_int64("ask_depth_5", ask_depth_5_, has_book_);
  table.add_double("obi_5", obi_5_);
  table.add_double("front_bid", front_bid_);
  table.add_double("front_ask", front_ask_);
  table.add_int64("vol_1s", vol_1s_, has_book_);
  table.add_bool("traded", traded_, has_book_);
  add_ofi(table, "");
}

void OptionSeconds::add_futures_book(Table& table, std::string_view prefix) const {
  add_quote_and_depth(table, prefix);
  add_ofi(table, prefix);
}

void OptionSeconds::add_quote_and_depth(Table& table, std::string_view prefix) const {
  const std::string p(prefix);
  table.add_double(p + "mid", mid_);
  table.add_double(p + "spread", spread_);
  table.add_int64(p + "bid_depth_5", bid_depth_5_, has_book_);
  table.add_int64(p + "ask_depth_5", ask_depth_5_, has_book_);
  table.add_double(p + "obi_5", obi_5_);
}

void OptionSeconds::add_ofi(Table& table, std::string_view prefix) const {
  const std::string p(prefix);
  for (int level = 0; level < market::kBookLevels; ++level) table.add_double(p + "ofi_" + std::to_string(level), ofi_[level]);
  table.add_double(p + "ofi_5l", ofi_5l_);
}

}  // namespace tapelab::truth
