#include "ingest/audit.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/time.h"
#include "ingest/classify.h"
#include "util/file.h"

namespace tapelab::ingest {
namespace fs = std::filesystem;
using nlohmann::json;

std::string_view to_string(FileSkip skip) {
  switch (skip) {
    case FileSkip::kNone: return "";
    case FileSkip::kEmpty: return "no_rows";
    case FileSkip::kNoTimestampColumn: return "no_timestamp_column";
    case FileSkip::kUnreadable: return "not_parquet";
    case FileSkip::kNotAContract: return "not_a_contract";
    case FileSkip::kBroken: return "broken";
  }
  return "?";
}

std::map<std::string, std::vector<std::string>> Audit::census() const {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& f : files) {
    if (!f.is_parquet()) continue;
    if (f.skip != FileSkip::kNone && f.skip != FileSkip::kNotAContract) out[std::string(to_string(f.skip))].push_back(f.path);
    if (f.rows_read > 0 && f.rows_null_timestamp == f.rows_read) out["timestamp_all_null"].push_back(f.path);
    if (f.rows_1970 > 0) out["rows_1970"].push_back(f.path);
    if (f.rows_read > 0 && f.rows_read <= 10) out["ten_rows_or_fewer"].push_back(f.path);
  }
  return out;
}

Audit::Totals Audit::totals() const {
  Totals t;
  for (const auto& f : files) {
    t.rows_read += f.rows_read;
    t.rows_added += f.rows_added;
    t.rows_1970 += f.rows_1970;
    t.rows_bad_table += f.rows_bad_table;
    t.rows_bad_value += f.rows_bad_value;
    t.rows_no_expiry += f.rows_no_expiry;
    t.tables_skipped += f.tables_skipped;
    t.rows_null_timestamp += f.rows_null_timestamp;
    t.rows_identity_mismatch += f.rows_identity_mismatch;
    t.rows_discarded += f.rows_discarded;
  }
  std::int64_t rows_in = 0;
  for (const auto& p : partitions) {
    const auto& a = p.audit;
    rows_in += a.rows_in;
    t.rows_written += a.rows_written;
    t.duplicates_replaced += a.duplicates_replaced;
    t.exact_duplicates += a.exact_duplicates;
    t.crossed_books += a.crossed_books;
    t.locked_books += a.locked_books;
    t.zero_prices += a.zero_prices;
    t.volume_resets += a.volume_resets;
    t.gaps += static_cast<std::int64_t>(a.gaps.size());
  }
  t.rows_existing = rows_in - t.rows_added;
  return t;
}

json Audit::to_json() const {
  const Totals t = totals();
  json out = {{"run_id", run_id}, {"dataset", dataset}, {"gap_seconds", gap_seconds}};
  out["totals"] = {{"rows_read", t.rows_read},
                   {"rows_added", t.rows_added},
                   {"rows_existing", t.rows_existing},
                   {"rows_written", t.rows_written},
                   {"dropped",
                    {{"rows_1970", t.rows_1970},
                     {"unparseable_tables", t.rows_bad_table},
                     {"bad_values", t.rows_bad_value},
                     {"no_front_month", t.rows_no_expiry},
                     {"null_timestamp", t.rows_null_timestamp},
                     {"rows_of_broken_files", t.rows_discarded},
                     {"duplicates_replaced", t.duplicates_replaced},
                     {"exact_duplicates", t.exact_duplicates}}},
                   {"tables_skipped", t.tables_skipped},
                   {"identity_mismatches", t.rows_identity_mismatch},
                   {"crossed_books", t.crossed_books},
                   {"locked_books", t.locked_books},
                   {"zero_prices", t.zero_prices},
                   {"volume_resets", t.volume_resets},
                   {"gaps", t.gaps}};
  out["files"] = json::array();
  for (const auto& f : files) {
    out["files"].push_back({{"source", f.source_key},
                            {"path", f.path},
                            {"bytes", f.bytes},
                            {"rows_read", f.rows_read},
                            {"rows_added", f.rows_added},
                            {"rows_1970", f.rows_1970},
                            {"rows_bad_table", f.rows_bad_table},
                            {"rows_bad_value", f.rows_bad_value},
                            {"rows_no_front_month", f.rows_no_expiry},
                            {"tables",
                             {{"options", f.tables_options},
                              {"spot", f.tables_spot},
                              {"futures", f.tables_futures},
                              {"skipped", f.tables_skipped},
                              {"unparseable", f.tables_bad}}},
                            {"rows_discarded", f.rows_discarded},
                            {"skipped", to_string(f.skip)},
                            {"skip_reason", f.skip_reason},
                            {"problems", f.problems}});
    if (!f.is_parquet()) continue;
    json& file = out["files"].back();
    file["format"] = f.format;
    file["rows_null_timestamp"] = f.rows_null_timestamp;
    file["missing_columns"] = f.missing_columns;
    file["rows_identity_mismatch"] = f.rows_identity_mismatch;
    file["identity_mismatches"] = f.identity_mismatches;
  }
  out["census"] = json::object();
  for (const auto& [kind, paths] : census()) out["census"][kind] = {{"files", paths.size()}, {"paths", paths}};
  out["ignored_files"] = ignored_files;
  out["unparseable_tables"] = json::array();
  for (const auto& b : bad_tables) {
    out["unparseable_tables"].push_back({{"source", b.source_key}, {"table", b.table}, {"reason", b.reason},
                                         {"rows", b.rows}});
  }
  out["extra_columns"] = json::object();
  for (const auto& [column, tables] : extra_columns) out["extra_columns"][column] = tables;
  out["partitions"] = json::array();
  json contracts_per_day = json::object();
  for (const auto& p : partitions) {
    const auto& a = p.audit;
    json gaps = json::array();
    for (const auto& g : a.gaps) {
      gaps.push_back({{"symbol", g.symbol}, {"from", domain::format_wall_time(g.from)},
                      {"to", domain::format_wall_time(g.to)}, {"seconds", (g.to - g.from) / domain::kNanosPerSecond}});
    }
    out["partitions"].push_back({{"partition", p.key.to_string()},
                                 {"rows_in", a.rows_in},
                                 {"rows_written", a.rows_written},
                                 {"duplicates_replaced", a.duplicates_replaced},
                                 {"exact_duplicates", a.exact_duplicates},
                                 {"crossed_books", a.crossed_books},
                                 {"locked_books", a.locked_books},
                                 {"zero_prices", a.zero_prices},
                                 {"volume_resets", a.volume_resets},
                                 {"contracts", a.contracts},
                                 {"gaps", gaps}});
    if (p.key.kind == dataset::TableKind::kOptions) {
      contracts_per_day[p.key.underlying][p.key.date.to_string()] = a.contracts;
    }
  }
  out["contracts_per_day"] = contracts_per_day;
  out["expiry_contradictions"] = json::array();
  for (const auto& c : expiry_contradictions) {
    out["expiry_contradictions"].push_back({{"underlying", c.underlying},
                                            {"symbol", c.symbol},
                                            {"calendar_expiry", c.expiry.to_string()},
                                            {"last_trading_day", c.last_trading_day.to_string()},
                                            {"implied_expiry", c.implied.to_string()},
                                            {"kind", c.trades_after ? "trades_after_expiry" : "stops_before_expiry"}});
  }
  out["lot_mismatches"] = json::array();
  for (const auto& l : lot_mismatches) {
    out["lot_mismatches"].push_back({{"underlying", l.underlying}, {"symbol", l.symbol}, {"table_lot", l.table_lot},
                                     {"quantity_gcd", l.quantity_gcd}});
  }
  return out;
}

std::string Audit::summary() const {
  const Totals t = totals();
  std::string out = fmt::format("ingest {}: {} files, {} partitions written\n", run_id, files.size(), partitions.size());
  out += fmt::format("  rows read {}, added {}, already in the dataset {}, written {}\n", t.rows_read, t.rows_added,
                     t.rows_existing, t.rows_written);
  out += fmt::format(
      "  dropped: {} 1970 rows, {} rows of {} unparseable tables, {} bad values, {} without a front month, "
      "{} duplicates replaced, {} exact duplicates\n",
      t.rows_1970, t.rows_bad_table, bad_tables.size(), t.rows_bad_value, t.rows_no_expiry, t.duplicates_replaced,
      t.exact_duplicates);
  out += fmt::format("  {} tables skipped; {} crossed and {} locked books, {} zero prices, {} volume resets, "
                     "{} gaps > {} s\n",
                     t.tables_skipped, t.crossed_books, t.locked_books, t.zero_prices, t.volume_resets, t.gaps,
                     gap_seconds);
  out += fmt::format("  {} expiry contradictions, {} lot-size mismatches, {} unknown columns\n",
                     expiry_contradictions.size(), lot_mismatches.size(), extra_columns.size());
  const auto kinds = census();
  if (!kinds.empty() || t.rows_null_timestamp > 0 || t.rows_identity_mismatch > 0) {
    std::string line;
    for (const auto& [kind, paths] : kinds) line += fmt::format(", {} {}", paths.size(), kind);
    out += fmt::format("  parquet: {} rows without a timestamp, {} rows whose identity columns disagree{}\n",
                       t.rows_null_timestamp, t.rows_identity_mismatch, line);
  }
  return out;
}

std::string Audit::to_text() const {
  std::string out = summary();
  out += "\nfiles\n";
  for (const auto& f : files) {
    out += fmt::format("  {}: {} bytes, {} rows read, {} added, {} 1970, {} bad table, {} bad value; tables: {} options, "
                       "{} spot, {} futures, {} skipped, {} unparseable\n",
                       f.source_key, f.bytes, f.rows_read, f.rows_added, f.rows_1970, f.rows_bad_table,
                       f.rows_bad_value, f.tables_options, f.tables_spot, f.tables_futures, f.tables_skipped,
                       f.tables_bad);
    for (const auto& p : f.problems) out += fmt::format("    problem: {}\n", p);
    if (f.skip != FileSkip::kNone) out += fmt::format("    skipped ({}): {}\n", to_string(f.skip), f.skip_reason);
    if (!f.is_parquet()) continue;
    if (!f.missing_columns.empty()) out += fmt::format("    missing columns (null): {}\n", fmt::join(f.missing_columns, ", "));
    for (const auto& m : f.identity_mismatches) out += fmt::format("    identity: {}\n", m);
  }
  for (const auto& [kind, paths] : census()) {
    out += fmt::format("\nparquet census: {} ({} files)\n", kind, paths.size());
    for (const auto& p : paths) out += fmt::format("  {}\n", p);
  }
  if (!ignored_files.empty()) out += "\nignored files (neither dump nor Parquet)\n";
  for (const auto& p : ignored_files) out += fmt::format("  {}\n", p);
  if (!bad_tables.empty()) out += "\nunparseable tables (rows dropped)\n";
  for (const auto& b : bad_tables) out += fmt::format("  {} `{}`: {} rows: {}\n", b.source_key, b.table, b.rows, b.reason);
  if (!extra_columns.empty()) out += "\nunknown columns (dropped from the dataset)\n";
  for (const auto& [column, tables] : extra_columns) {
    out += fmt::format("  `{}` in {} tables (first: `{}`)\n", column, tables.size(), *tables.begin());
  }
  out += "\npartitions\n";
  for (const auto& p : partitions) {
    const auto& a = p.audit;
    out += fmt::format("  {}: {} rows written of {}, {} contracts, {} duplicates replaced, {} exact duplicates, "
                       "{} crossed, {} locked, {} zero prices, {} volume resets, {} gaps\n",
                       p.key.to_string(), a.rows_written, a.rows_in, a.contracts, a.duplicates_replaced,
                       a.exact_duplicates, a.crossed_books, a.locked_books, a.zero_prices, a.volume_resets,
                       a.gaps.size());
    for (const auto& g : a.gaps) {
      out += fmt::format("    gap {} {} .. {} ({} s)\n", g.symbol, domain::format_wall_time(g.from),
                         domain::format_wall_time(g.to), (g.to - g.from) / domain::kNanosPerSecond);
    }
  }
  if (!expiry_contradictions.empty()) out += "\nexpiry contradictions (data vs calendar)\n";
  for (const auto& c : expiry_contradictions) {
    out += fmt::format("  {} {}: calendar expiry {}, last trading day {}, data implies {} ({})\n", c.underlying,
                       c.symbol, c.expiry.to_string(), c.last_trading_day.to_string(), c.implied.to_string(),
                       c.trades_after ? "trades after its expiry" : "its chain stopped before its expiry");
  }
  if (!lot_mismatches.empty()) out += "\nlot sizes (GCD of quantities vs table)\n";
  for (const auto& l : lot_mismatches) {
    out += l.table_lot > 0 ? fmt::format("  {}: quantities have GCD {}, not a multiple of the table's lot {}\n",
                                         l.symbol, l.quantity_gcd, l.table_lot)
                           : fmt::format("  {}: no lot in the table; the data says {}\n", l.symbol, l.quantity_gcd);
  }
  return out;
}

void add_checks(Audit& audit, const dataset::Manifest& manifest, const domain::ExpiryCalendar& calendar) {
  struct Seen {
    ContractDays days;
    std::int64_t gcd = 0;
  };
  std::map<std::string, Seen> by_symbol;
  for (const auto& p : audit.partitions) {
    if (p.key.kind != dataset::TableKind::kOptions) continue;
    for (const auto& span : p.audit.spans) {
      const domain::Date first = domain::date_of(span.first), last = domain::date_of(span.last);
      auto [it, fresh] = by_symbol.try_emplace(span.symbol);
      Seen& s = it->second;
      if (fresh) {
        s.days = {p.key.underlying, span.symbol, span.expiry, first, last};
      } else {
        s.days.first_day = std::min(s.days.first_day, first);
        s.days.last_day = std::max(s.days.last_day, last);
      }
      s.gcd = std::gcd(s.gcd, span.quantity_gcd);
    }
  }
  std::map<std::string, std::set<domain::Date>> days_with_data;
  for (const auto& entry : manifest.partitions) days_with_data[entry.key.underlying].insert(entry.key.date);
  std::vector<ContractDays> contracts;
  for (const auto& [symbol, seen] : by_symbol) {
    contracts.push_back(seen.days);
    const std::int32_t lot = classify_table(symbol, calendar).instrument.lot_size;
    if (auto mismatch = check_lot(seen.days.underlying, symbol, lot, seen.gcd)) audit.lot_mismatches.push_back(*mismatch);
  }
  audit.expiry_contradictions = find_expiry_contradictions(contracts, days_with_data);
}

fs::path audit_dir(const fs::path& dataset) { return dataset / "audit"; }

void write_audit(const Audit& audit, const fs::path& dataset) {
  const fs::path dir = audit_dir(dataset);
  fs::create_directories(dir);
  write_file_atomically(dir / (audit.run_id + ".json"), audit.to_json().dump(1) + "\n");
  write_file_atomically(dir / (audit.run_id + ".txt"), audit.to_text());
}

std::string printed_summary(const Audit& audit, const fs::path& dataset) {
  return fmt::format("{}  report: {}\n", audit.summary(), (audit_dir(dataset) / (audit.run_id + ".txt")).string());
}

}  // namespace tapelab::ingest
