#include "server/day_ref.h"

#include "server/http_error.h"
#include "server/params.h"

namespace tapelab::server {

DayRef find_day(Catalog& catalog, std::string_view date, std::string_view underlying) {
  DayRef day;
  day.date = parse_day(date);
  day.underlying = std::string(underlying);
  day.dataset = catalog.dataset();
  day.truth = catalog.truth();
  const auto partition = [&](dataset::TableKind kind) {
    return day.dataset->manifest.find(dataset::PartitionKey{kind, day.date, day.underlying});
  };
  day.options = partition(dataset::TableKind::kOptions);
  day.spot = partition(dataset::TableKind::kSpot);
  day.futures = partition(dataset::TableKind::kFutures);
  day.truth_day = day.truth->manifest.find(day.date, day.underlying);
  if (day.options == nullptr && day.spot == nullptr && day.truth_day == nullptr) {
    not_found("no day {} {} in the dataset or the truth", date, underlying);
  }
  return day;
}

}  // namespace tapelab::server
