#include "strategies/signal_indicators.h"

#include <algorithm>

#include "strategies/signal_setups.h"

namespace tapelab::strategies {
namespace {

constexpr std::int64_t kMinute = 60;

std::size_t count_of(double n) { return static_cast<std::size_t>(n); }
std::int64_t seconds_of(double n) { return static_cast<std::int64_t>(n); }

}  // namespace

std::optional<OptionSample> sample_of(const engine::QuoteSummary& quote, std::int64_t second) {
  if (!(quote.ltp > 0)) return std::nullopt;
  OptionSample s;
  s.second = second;
  s.ltp = quote.ltp;
  s.bid = quote.bid.price;
  s.ask = quote.ask.price;
  s.bid_size = quote.bid.qty;
  s.ask_size = quote.ask.qty;
  s.bid_depth = static_cast<double>(quote.bid_depth);
  s.ask_depth = static_cast<double>(quote.ask_depth);
  s.volume = static_cast<double>(quote.volume_last_second);
  return s;
}

ContractSignals::ContractSignals(const SetupParams& setup, std::int64_t session_open)
    : needs_(indicator_needs(setup.setup)),
      session_open_(session_open),
      opening_range_end_(seconds_of(setup.opening_range_end)),
      fast_(static_cast<int>(setup.fast)),
      slow_(static_cast<int>(setup.slow)),
      range_(seconds_of(setup.range_seconds)),
      ask_size_range_(seconds_of(setup.range_seconds)),
      volume_(seconds_of(setup.volume_seconds)),
      ask_size_(count_of(setup.volume_seconds)),
      at_ask_volume_(seconds_of(setup.ask_volume_seconds)),
      move_(seconds_of(setup.move_seconds)),
      bars_(seconds_of(setup.bar_seconds)),
      bar_closes_(count_of(setup.length)),
      bar_atr_(count_of(setup.length)),
      bollinger_k_(setup.bollinger_k),
      keltner_k_(setup.keltner_k),
      minute_bars_(kMinute) {}

void ContractSignals::update(const OptionSample& sample) {
  if (!latest_) first_second_ = sample.second;
  before_.sample = latest_;
  latest_ = sample;
  if (needs_ & kNeedEmas) {
    fast_.update(sample.ltp);
    slow_.update(sample.ltp);
  }
  if (needs_ & kNeedRange) {
    before_.range_high = range_.high();
    before_.range_low = range_.low();
    before_.range_full = range_.full();
    range_.update(sample.second, sample.ltp);
  }
  if (needs_ & kNeedVolume) {
    before_.volume_per_second = volume_.per_second();
    volume_.update(sample.second, sample.volume);
  }
  if (needs_ & kNeedAskSize) {
    before_.ask_size_mean = ask_size_.full() ? ask_size_.mean() : std::nullopt;
    before_.ask_size_high = ask_size_range_.high();
    ask_size_range_.update(sample.second, sample.ask_size);
    ask_size_.update(sample.ask_size);
  }
  if (needs_ & kNeedAskVolume) {
    const bool at_ask = sample.ask > 0 && sample.ltp >= sample.ask;
    at_ask_volume_.update(sample.second, at_ask ? sample.volume : 0);
  }
  if (needs_ & kNeedMove) move_.update(sample.second, sample.ltp);
  if (needs_ & kNeedVwap) vwap_.update(sample.ltp, sample.volume);
  if ((needs_ & kNeedBands) && bars_.update(sample.second, sample.ltp)) {
    const indicators::Bar& bar = *bars_.last_closed();
    bar_closes_.update(bar.close);
    bar_atr_.update(bar.high, bar.low, bar.close);
    bollinger_ = indicators::bollinger(bar_closes_, bollinger_k_);
    keltner_ = indicators::keltner(bar_closes_, bar_atr_, keltner_k_);
  }
  if ((needs_ & kNeedMinuteBars) && minute_bars_.update(sample.second, sample.ltp, sample.volume)) {
    if (last_minute_volume_) minute_volume_sum_ += *last_minute_volume_;
    last_minute_volume_ = minute_bars_.last_closed()->volume;
  }
  if ((needs_ & kNeedOpeningRange) && sample.second < opening_range_end_) opening_high_ = std::max(opening_high_.value_or(sample.ltp), sample.ltp);
}

std::optional<double> ContractSignals::ema_fast() const {
  if (slow_.samples() < slow_.period()) return std::nullopt;
  return fast_.value();
}

std::optional<double> ContractSignals::ema_slow() const {
  if (slow_.samples() < slow_.period()) return std::nullopt;
  return slow_.value();
}

std::optional<double> ContractSignals::opening_range_high() const {
  if (!latest_ || latest_->second < opening_range_end_ || first_second_ > session_open_) return std::nullopt;
  return opening_high_;
}

std::optional<double> ContractSignals::minute_volume() const { return last_minute_volume_; }

std::optional<double> ContractSignals::earlier_minute_volume_mean() const {
  const std::int64_t earlier = minute_bars_.closed_count() - 1;
  if (earlier < 1) return std::nullopt;
  return minute_volume_sum_ / static_cast<double>(earlier);
}

SpotSignals::SpotSignals(const SetupParams& setup) : move_(seconds_of(setup.spot_move_seconds)) {}

void SpotSignals::update(std::int64_t second, double spot) {
  high_before_ = high_;
  low_before_ = low_;
  spot_ = spot;
  high_ = std::max(high_.value_or(spot), spot);
  low_ = std::min(low_.value_or(spot), spot);
  move_.update(second, spot);
}

}  // namespace tapelab::strategies
