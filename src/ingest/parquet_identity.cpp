#include "ingest/parquet_identity.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "domain/contract.h"
#include "domain/underlying.h"
#include "dump/lexer.h"
#include "dump/value.h"

namespace tapelab::ingest {
namespace fs = std::filesystem;

namespace {

std::string_view after(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() ? text.substr(prefix.size()) : std::string_view{};
}

TableClass bad(std::string underlying, std::string symbol, std::string reason) {
  TableClass out;
  out.role = TableRole::kBadOption;
  out.underlying = std::move(underlying);
  out.instrument.symbol = std::move(symbol);
  out.reason = std::move(reason);
  return out;
}

// UNDERLYING/YYYYMM/exp=YYYY-MM-DD/type=CE|PE/strike=N.parquet: the name the
// exchange gives that contract (monthly form on its month's monthly expiry,
// weekly form otherwise), so its rows are the dump table's rows.
TableClass expiry_packed_table(const fs::path& path, const domain::ExpiryCalendar& calendar) {
  const fs::path type_dir = path.parent_path(), exp_dir = type_dir.parent_path();
  const std::string underlying_name = exp_dir.parent_path().parent_path().filename().string();
  const std::string where = path.string();
  const domain::Underlying* underlying = domain::find_underlying(underlying_name);
  if (!underlying) return bad(underlying_name, where, fmt::format("unknown underlying '{}'", underlying_name));
  const auto expiry = domain::Date::parse(after(exp_dir.filename().string(), "exp="));
  const std::string type = std::string(after(type_dir.filename().string(), "type="));
  const std::string strike_text = std::string(after(path.stem().string(), "strike="));
  const auto strike = dump::parse_double(strike_text);
  if (!expiry) return bad(underlying->name, where, fmt::format("'{}' is not exp=YYYY-MM-DD", exp_dir.filename().string()));
  const bool call = dump::equals_ignore_case(type, "CE");
  if (!call && !dump::equals_ignore_case(type, "PE")) return bad(underlying->name, where, fmt::format("type '{}' is not CE or PE", type));
  if (!strike || *strike <= 0 || *strike != std::floor(*strike) || *strike > 1e9) {
    return bad(underlying->name, where, fmt::format("strike '{}' is not a whole positive number", strike_text));
  }
  domain::ExpiryKind kind = domain::ExpiryKind::kWeekly;
  domain::Date scheduled = *expiry;
  const auto monthly = calendar.monthly_for(underlying->name, expiry->year(), expiry->month());
  if (monthly && monthly->final == *expiry) {
    kind = domain::ExpiryKind::kMonthly;
    scheduled = monthly->scheduled;
  } else {
    // A holiday moves a weekly expiry earlier; its name keeps the scheduled day.
    for (const domain::Expiry& e : calendar.expiries(underlying->name, *expiry, *expiry + 7)) {
      if (e.kind == domain::ExpiryKind::kWeekly && e.final == *expiry) scheduled = e.scheduled;
    }
  }
  const std::string symbol = domain::contract_symbol(underlying->name, kind, scheduled, static_cast<std::int32_t>(*strike),
                                                     call ? domain::OptionType::kCall : domain::OptionType::kPut);
  TableClass out = classify_table(symbol, calendar);
  if (out.role == TableRole::kOptions && out.instrument.expiry != *expiry) {
    return bad(underlying->name, symbol,
               fmt::format("{}: the calendar puts {}'s expiry on {}, not {}", where, symbol,
                           out.instrument.expiry.to_string(), expiry->to_string()));
  }
  return out;
}

}  // namespace

TableClass parquet_file_table(const InputFile& file, const domain::ExpiryCalendar& calendar) {
  if (file.layout == ParquetLayout::kExpiryPacked) return expiry_packed_table(file.path, calendar);
  std::string stem = file.path.filename().string();
  if (stem.size() > 8 && dump::equals_ignore_case(std::string_view(stem).substr(stem.size() - 8), ".parquet")) {
    stem.resize(stem.size() - 8);
  }
  // Their pipeline lower-cased the dump table names (nifty2520623950ce):
  // the contract keeps the dump's upper-case name, as the dump path stores it.
  std::transform(stem.begin(), stem.end(), stem.begin(), [](unsigned char c) { return std::toupper(c); });
  return classify_table(stem, calendar);
}

std::optional<std::string> identity_disagreement(const ParquetRowMapper& mapper, const parquet::Batch& batch,
                                                 std::size_t row, const TableClass& table,
                                                 IdentityColumn& column) {
  const dataset::Instrument& ins = table.instrument;
  if (auto symbol = mapper.text(batch, IdentityColumn::kSymbol, row);
      symbol && !dump::equals_ignore_case(*symbol, table.underlying)) {
    column = IdentityColumn::kSymbol;
    return fmt::format("column 'symbol' says '{}', the name {}", *symbol, table.underlying);
  }
  if (auto type = mapper.text(batch, IdentityColumn::kOptType, row);
      type && !dump::equals_ignore_case(*type, domain::to_string(ins.opt_type))) {
    column = IdentityColumn::kOptType;
    return fmt::format("column 'opt_type' says '{}', the name {}", *type, domain::to_string(ins.opt_type));
  }
  if (auto strike = mapper.number(batch, IdentityColumn::kStrike, row); strike && *strike != ins.strike) {
    column = IdentityColumn::kStrike;
    return fmt::format("column 'strike' says {}, the name {}", *strike, ins.strike);
  }
  if (auto year = mapper.number(batch, IdentityColumn::kYear, row)) {
    const double full = *year < 100 ? *year + 2000 : *year;  // "25" or "2025"
    if (full != ins.expiry.year()) {
      column = IdentityColumn::kYear;
      return fmt::format("column 'year' says {}, the name's expiry {}", *year, ins.expiry.to_string());
    }
  }
  if (auto month = mapper.number(batch, IdentityColumn::kMonth, row); month && *month != ins.expiry.month()) {
    column = IdentityColumn::kMonth;
    return fmt::format("column 'month' says {}, the name's expiry {}", *month, ins.expiry.to_string());
  }
  return std::nullopt;
}

}  // namespace tapelab::ingest
