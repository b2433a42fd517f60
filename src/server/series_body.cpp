#include "server/series_body.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "server/columnar.h"
#include "server/http_error.h"

namespace tapelab::server {
namespace {

std::vector<std::string> names_of(const parquet::Schema& schema) {
  std::vector<std::string> names;
  for (const parquet::Column& c : schema.columns) names.push_back(c.name);
  return names;
}

}  // namespace

Body series_body(const DecodedTable& table, const std::vector<std::string>& columns, std::size_t begin,
                 std::size_t end, SeriesFormat format) {
  Series series;
  series.begin = begin;
  series.end = end;
  const std::vector<std::string> names = columns.empty() ? names_of(table.schema) : columns;
  for (const std::string& name : names) {
    const int index = table.schema.find(name);
    if (index < 0) bad_request("no column '{}'; the table has {}", name, fmt::join(names_of(table.schema), ", "));
    const auto i = static_cast<std::size_t>(index);
    series.columns.push_back(SeriesColumn{table.schema.columns[i], &table.columns[i]});
  }
  if (format == SeriesFormat::kJson) return Body{encode_columns_json(series), "application/json"};
  return Body{encode_columns(series), kColumnsContentType};
}

}  // namespace tapelab::server
