#include "truth/backtest_truth.h"

#include <map>
#include <utility>

#include "dataset/layout.h"
#include "domain/contract.h"
#include "domain/trading_calendar.h"
#include "truth/day_context.h"
#include "truth/day_inputs.h"
#include "truth/layout.h"
#include "truth/table_reader.h"
#include "util/error.h"

namespace tapelab::truth {

namespace fs = std::filesystem;

BacktestTruth::BacktestTruth(fs::path truth, fs::path dataset)
    : truth_(std::move(truth)), dataset_(std::move(dataset)) {
  if (!fs::is_directory(truth_) || !fs::exists(dataset::manifest_path(truth_))) {
    fail("{}: not a market truth folder (build one with tapelab truth build)", truth_.string());
  }
  manifest_ = TruthManifest::load(truth_);
  source_ = dataset::Manifest::load(dataset_);
  const fs::path source_manifest = dataset::manifest_path(dataset_);
  source_hash_ = fs::exists(source_manifest) ? dataset::hash_file(source_manifest) : "";
}

// A day built when the dataset's manifest was another one is still this
// dataset's truth when its key (the content hashes of every input it read,
// its parameters and the schema version) is what the dataset gives now: a
// later ingest of other days changes the manifest, not the day.
void BacktestTruth::check_day(const market::DayKey& day) const {
  const std::string name = day.underlying + " " + day.date.to_string();
  const TruthDay* built = manifest_.find(day.date, day.underlying);
  if (built == nullptr) {
    for (const SkippedDay& s : manifest_.skipped) {
      if (s.date == day.date && s.underlying == day.underlying) {
        fail("{}: the truth skipped {} ({}); the backtest cannot label its trades", truth_.string(), name, s.reason);
      }
    }
    fail("{}: the truth has no {}; build it with tapelab truth build --data {} --out {}", truth_.string(), name,
         dataset_.string(), truth_.string());
  }
  if (built->dataset_manifest_hash == source_hash_ && !source_hash_.empty()) return;
  const TruthParams params =
      params_from_json(built->key.at("parameters").dump(), truth_.string() + " (" + name + ")");
  if (day_inputs(dataset_, source_, day, params).key != built->key) {
    fail("{}: {} was built from another dataset than {} (its inputs differ; dataset manifest {} then, {} now): "
         "rebuild the truth",
         truth_.string(), name, dataset_.string(), built->dataset_manifest_hash,
         source_hash_.empty() ? "none" : source_hash_);
  }
}

engine::DayRegimes day_regimes(const parquet::ColumnData& time, const parquet::ColumnData& regime,
                               const std::string& what) {
  engine::DayRegimes out;
  out.seconds.reserve(time.size());
  out.regime.reserve(time.size());
  for (std::size_t r = 0; r < time.size(); ++r) {
    const std::string_view label = regime.string_at(r);
    const auto index = engine::regime_index(label);
    if (!index) fail("{}: row {} has regime '{}', which is no regime", what, r, label);
    out.seconds.push_back(time.i64[r] * (domain::kNanosPerSecond / 1'000'000));  // micros -> nanos
    out.regime.push_back(*index);
  }
  return out;
}

engine::DayRegimes BacktestTruth::regimes(const market::DayKey& day) const {
  check_day(day);
  const fs::path file = truth_ / table_file(TruthTable::kRegimes, day.date, day.underlying);
  const std::vector<parquet::ColumnData> columns = read_columns(file, {"time", "regime"});
  return day_regimes(columns[0], columns[1], file.string());
}

std::vector<report::RegimeRow> BacktestTruth::breakdown(const engine::RunRecords& records) const {
  std::map<market::DayKey, engine::DayRegimes> days;
  for (const engine::TradeRecord& t : records.trades) {
    const market::DayKey key{t.date, t.underlying};
    if (!days.contains(key)) days.emplace(key, regimes(key));
  }
  const auto label = [&](const engine::TradeRecord& first, domain::Date nearest) {
    const engine::DayRegimes& day = days.at(market::DayKey{first.date, first.underlying});
    const std::optional<std::string_view> regime = day.at(first.entry_time);
    if (!regime) {
      fail("{}: {} entered {} {} before the truth's first second of the day", truth_.string(), first.strategy,
           first.underlying, first.date.to_string());
    }
    const std::int32_t dte = domain::days_to_expiry(first.date, nearest, domain::TradingCalendar::nse());
    return report::TradeTruth{std::string(dte_bucket(dte)), std::string(*regime)};
  };
  return report::regime_breakdown(records, label);
}

}  // namespace tapelab::truth
