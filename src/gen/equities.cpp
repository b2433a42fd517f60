#include "gen/equities.h"

#include <cmath>

#include "gen/rng.h"

namespace tapelab::gen {
namespace {

struct Equity {
  std::string_view table;
  std::string_view company;
  double price;  // rupees, roughly
};

const std::vector<Equity>& equities() {
  static const std::vector<Equity> list = {
      {"BAJAJ-AUTO", "Bajaj Auto Ltd. \"BAJAJ-AUTO\" (2008); re-listed", 8900},
      {"DRREDDY", "Dr. Reddy's Laboratories Ltd.", 1250},
      {"M&M", "Mahindra & Mahindra Ltd.\\Auto", 3400},
      {"RELIANCE", "Reliance Industries Ltd.", 1480},
      {"TCS", "Tata Consultancy Services Ltd.", 3100},
  };
  return list;
}

constexpr std::string_view kRemarks[] = {
    "", "ex-dividend'; DROP TABLE x; --", "block deal),(99,'fake'", "note:\nsecond line", "price band 20%",
};

}  // namespace

const std::vector<std::string_view>& equity_tables() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> n;
    for (const auto& e : equities()) n.push_back(e.table);
    return n;
  }();
  return names;
}

const std::vector<ColumnDef>& equity_columns() {
  static const std::vector<ColumnDef> columns = {
      {"timestamp", "datetime"},     {"symbol", "varchar(20)"},  {"company", "varchar(100)"},
      {"series", "char(2)"},         {"price", "decimal(12,2)"}, {"volume", "bigint(20)"},
      {"remarks", "varchar(200)"},
  };
  return columns;
}

void append_sql_string(TextBuffer& out, std::string_view text) {
  out.append('\'');
  for (char c : text) {
    switch (c) {
      case '\\': out.append("\\\\"); break;
      case '\'': out.append("\\'"); break;
      case '"': out.append("\\\""); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\0': out.append("\\0"); break;
      case '\x1a': out.append("\\Z"); break;
      default: out.append(c);
    }
  }
  out.append('\'');
}

void write_equity_day(uint64_t seed, std::string_view table, domain::Date date, const ScaleParams& scale,
                      TextBuffer& out, StatementBuilder& statements, TableStats& stats) {
  const Equity* equity = nullptr;
  for (const auto& e : equities()) {
    if (e.table == table) equity = &e;
  }
  Rng rng(derive(derive(derive(seed, "equity"), table), static_cast<uint64_t>(date.days())));
  double price = equity->price * std::exp(0.01 * rng.normal());
  int64_t volume = 0;
  constexpr int32_t kOpen = 33300, kClose = 55800;  // equities trade the same 09:15-15:30 session
  for (int32_t t = kOpen; t <= kClose; t += scale.equity_interval) {
    price *= std::exp(0.0004 * rng.normal());
    volume += 1 + rng.below(5000);
    statements.begin_row();
    out.append('(');
    const int64_t wall = static_cast<int64_t>(date.days()) * 86400 + t;
    out.append_quoted_datetime(wall);
    out.append(',');
    append_sql_string(out, equity->table);
    out.append(',');
    append_sql_string(out, equity->company);
    out.append(",'EQ',");
    out.append_paise(std::llround(price * 20.0) * 5);
    out.append(',');
    out.append_int(volume);
    out.append(',');
    append_sql_string(out, kRemarks[rng.below(std::size(kRemarks))]);
    out.append(')');
    statements.end_row();
    ++stats.rows;
  }
}

}  // namespace tapelab::gen
