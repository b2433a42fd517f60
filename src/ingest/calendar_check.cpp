#include "ingest/calendar_check.h"

#include <map>
#include <set>

#include <fmt/format.h>

#include "dataset/instrument.h"
#include "dataset/manifest.h"
#include "dataset/publisher.h"
#include "parquet/reader.h"
#include "util/error.h"

namespace tapelab::ingest {
namespace fs = std::filesystem;

std::vector<ExpiryContradiction> check_dataset_calendar(const fs::path& dataset,
                                                        const domain::ExpiryCalendar& calendar) {
  dataset::recover(dataset);
  const auto manifest = dataset::Manifest::load(dataset);
  if (manifest.partitions.empty()) fail("calendar check: {} holds no partitions", dataset.string());
  std::map<std::string, std::set<domain::Date>> days_with_data;
  std::map<std::string, ContractDays> by_symbol;
  for (const auto& entry : manifest.partitions) {
    days_with_data[entry.key.underlying].insert(entry.key.date);
    if (entry.key.kind != dataset::TableKind::kOptions) continue;
    parquet::FileReader reader(dataset::partition_path(dataset, entry.key));
    parquet::ReadOptions read;
    read.columns = {"symbol"};
    std::set<std::string> symbols;
    reader.scan(read, [&](parquet::Batch&& batch) {
      const auto& column = batch.columns[0];
      for (std::size_t i = 0; i < batch.num_rows(); ++i) {
        // Rows of a contract are contiguous: look at each run once.
        if (i > 0 && column.string_at(i) == column.string_at(i - 1)) continue;
        symbols.emplace(column.string_at(i));
      }
    });
    for (const auto& symbol : symbols) {
      auto [it, fresh] = by_symbol.try_emplace(symbol);
      if (fresh) {
        const auto instrument = dataset::option_instrument(symbol, calendar);
        if (!instrument.instrument) {
          fail("calendar check: {}: contract {} does not decode with this calendar: {}", entry.key.to_string(), symbol,
               instrument.error);
        }
        it->second = {entry.key.underlying, symbol, instrument.instrument->expiry, entry.key.date, entry.key.date};
      }
      it->second.first_day = std::min(it->second.first_day, entry.key.date);
      it->second.last_day = std::max(it->second.last_day, entry.key.date);
    }
  }
  std::vector<ContractDays> contracts;
  for (auto& [symbol, days] : by_symbol) contracts.push_back(std::move(days));
  return find_expiry_contradictions(contracts, days_with_data);
}

std::string corrected_calendar_csv(const domain::ExpiryCalendar& calendar,
                                   const std::vector<ExpiryContradiction>& contradictions, domain::Date from,
                                   domain::Date to) {
  // (underlying, calendar final) -> the final date the data implies.
  std::map<std::pair<std::string, domain::Date>, domain::Date> implied;
  std::set<std::string> underlyings;
  for (const auto& c : contradictions) {
    implied[{c.underlying, c.expiry}] = c.implied;
    underlyings.insert(c.underlying);
  }
  std::string out = "underlying,expiry,kind\n";
  for (const auto& underlying : underlyings) {
    for (const auto& e : calendar.expiries(underlying, from, to)) {
      const auto it = implied.find({underlying, e.final});
      const domain::Date final = it == implied.end() ? e.final : it->second;
      out += fmt::format("{},{},{}\n", underlying, final.to_string(), domain::to_string(e.kind));
    }
  }
  return out;
}

}  // namespace tapelab::ingest
