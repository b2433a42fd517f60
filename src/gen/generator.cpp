#include "gen/generator.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include "domain/contract.h"
#include "domain/expiry_calendar.h"
#include "domain/trading_calendar.h"
#include "domain/underlying.h"
#include "gen/calendar_csv.h"
#include "gen/chain.h"
#include "gen/equities.h"
#include "gen/gzip.h"
#include "gen/market.h"
#include "gen/market_plan.h"
#include "gen/tape.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::gen {
namespace {

using Json = nlohmann::json;
using WriteFn = std::function<void(size_t day, TextBuffer&, StatementBuilder&, TableStats&)>;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string paise_text(int64_t paise) {
  TextBuffer b;
  b.append_paise(paise);
  return std::string(b.view());
}

std::string datetime_text(int64_t wall_seconds) {
  TextBuffer b;
  b.append_quoted_datetime(wall_seconds);
  return std::string(b.view().substr(1, 19));
}

// One table of a dump: its rows come per folder day, so each (table, day) is
// an independent piece of work.
struct TablePlan {
  std::string name;
  std::string kind;        // "option", "futures", "spot", "equity"
  std::string underlying;  // empty for equities
  const std::vector<ColumnDef>* columns = nullptr;
  std::vector<size_t> days;  // folder day indices with rows, ascending
  WriteFn write_preopen;     // the 1970 row of a day; empty when the table has none
  WriteFn write_day;
};

struct WorkItem {
  enum class Part { kHeader, kTableDay, kFooter } part;
  size_t table = 0;
  size_t day = 0;
  bool first = false, last = false;
};

struct PieceResult {
  DeflatedPiece deflated;
  size_t table = 0;
  bool has_table = false;
  std::vector<std::pair<size_t, TableStats>> by_day;
};

struct FileResult {
  std::vector<TableStats> tables;                            // parallel to the plans
  std::map<std::pair<size_t, size_t>, TableStats> by_table_day;  // (table, day)
  uint64_t sql_bytes = 0, gzip_bytes = 0;
};

FileResult write_dump_file(const std::filesystem::path& path, const std::string& database,
                           const std::vector<TablePlan>& tables, const DumpFormat& format,
                           const std::string& completed_on) {
  std::vector<WorkItem> items;
  items.push_back({WorkItem::Part::kHeader});
  for (size_t t = 0; t < tables.size(); ++t) {
    const auto& days = tables[t].days;
    for (size_t j = 0; j < days.size(); ++j) {
      items.push_back({WorkItem::Part::kTableDay, t, days[j], j == 0, j + 1 == days.size()});
    }
  }
  items.push_back({WorkItem::Part::kFooter});

  auto make_piece = [&](const WorkItem& item) {
    PieceResult result;
    TextBuffer text;
    if (item.part == WorkItem::Part::kHeader) {
      append_file_header(text, database);
    } else if (item.part == WorkItem::Part::kFooter) {
      append_file_footer(text, completed_on);
    } else {
      const TablePlan& plan = tables[item.table];
      result.table = item.table;
      result.has_table = true;
      StatementBuilder statements(text, plan.name, format);
      if (item.first) {
        append_table_preamble(text, plan.name, *plan.columns);
        // Rows come in PRIMARY KEY order, as mysqldump reads them: the 1970
        // rows of every day sort before the first real day.
        if (plan.write_preopen) {
          for (size_t d : plan.days) {
            TableStats stats;
            plan.write_preopen(d, text, statements, stats);
            result.by_day.emplace_back(d, stats);
          }
        }
      }
      TableStats stats;
      plan.write_day(item.day, text, statements, stats);
      result.by_day.emplace_back(item.day, stats);
      statements.finish();
      if (item.last) append_table_epilogue(text, plan.name);
    }
    result.deflated = deflate_piece(text.view(), item.part == WorkItem::Part::kFooter);
    return result;
  };

  FileResult file;
  file.tables.resize(tables.size());
  GzipFileWriter writer(path);
  size_t next = 0;
  tbb::parallel_pipeline(
      2 * static_cast<size_t>(tbb::this_task_arena::max_concurrency()) + 2,
      tbb::make_filter<void, size_t>(tbb::filter_mode::serial_in_order,
                                     [&](tbb::flow_control& flow) -> size_t {
                                       if (next == items.size()) {
                                         flow.stop();
                                         return 0;
                                       }
                                       return next++;
                                     }) &
          tbb::make_filter<size_t, std::shared_ptr<PieceResult>>(
              tbb::filter_mode::parallel,
              [&](size_t i) { return std::make_shared<PieceResult>(make_piece(items[i])); }) &
          tbb::make_filter<std::shared_ptr<PieceResult>, void>(
              tbb::filter_mode::serial_in_order, [&](const std::shared_ptr<PieceResult>& piece) {
                writer.append(piece->deflated);
                if (!piece->has_table) return;
                for (const auto& [day, stats] : piece->by_day) {
                  file.tables[piece->table].merge(stats);
                  file.by_table_day[{piece->table, day}].merge(stats);
                }
              }));
  writer.finish();
  file.sql_bytes = writer.raw_bytes();
  file.gzip_bytes = writer.file_bytes();
  return file;
}

Json sample_json(const RowSample& s) {
  return {{"timestamp", datetime_text(s.timestamp)}, {"price", paise_text(s.price)}, {"volume", s.volume},
          {"oi", s.oi},  {"bp0", paise_text(s.bid0)}, {"sp0", paise_text(s.ask0)}};
}

class FolderWriter {
 public:
  FolderWriter(const GenOptions& options, std::vector<domain::Date> days, std::filesystem::path folder)
      : options_(options), days_(std::move(days)), folder_(std::move(folder)),
        calendar_(domain::ExpiryCalendar::builtin()), scale_(scale_params(options.scale)) {}

  FolderResult run() {
    std::filesystem::create_directories(folder_);
    plans_.resize(options_.underlyings.size());
    for (size_t u = 0; u < plans_.size(); ++u) {
      plan_underlying(plans_[u], options_.underlyings[u], options_.seed, days_, calendar_, scale_);
    }
    return options_.layout == Layout::kDumps ? write_dumps() : write_parquet();
  }

 private:
  FolderResult write_parquet() {
    const std::filesystem::path root = folder_ / layout_root(options_.layout);
    Json summary = {{"layout", std::string(to_string(options_.layout))},
                    {"root", root.filename().string()},
                    {"seed", options_.seed},
                    {"scale", std::string(to_string(options_.scale))},
                    {"underlyings", options_.underlyings},
                    {"census_problems", options_.census_problems}};
    for (const auto& d : days_) summary["days"].push_back(d.to_string());
    summary.update(write_parquet_layout(
        {options_.layout, options_.seed, options_.census_problems, &days_, &plans_, root}));
    write_file_atomically(folder_ / kSummaryFile, summary.dump(1) + "\n");
    return {folder_, summary};
  }

  FolderResult write_dumps() {
    Json summary = {{"seed", options_.seed},
                    {"scale", std::string(to_string(options_.scale))},
                    {"style", options_.format.style == StatementStyle::kReplace ? "replace" : "insert"},
                    {"rows_per_statement", options_.format.rows_per_statement},
                    {"statement_bytes", options_.format.statement_bytes},
                    {"underlyings", options_.underlyings},
                    {"quirk_rates", {{"rows_1970", "one per contract per day"},
                                     {"zero_volume", kZeroVolumeRate},
                                     {"crossed", kCrossedRate}}}};
    for (const auto& d : days_) summary["days"].push_back(d.to_string());
    Json totals = {{"rows", 0}, {"option_rows", 0}, {"rows_1970", 0}, {"zero_volume", 0}, {"crossed", 0}};
    const std::string completed_on = days_.back().to_string() + " 15:45:00";

    for (auto& plan : plans_) {
      const auto& name = plan.underlying->name;
      write_file(option_file_name(name), database_name(name), option_tables(plan), completed_on, summary, totals);
    }
    write_file(kNseFile, kNseDatabase, nse_tables(), completed_on, summary, totals);

    domain::Date last_expiry = days_.back();
    for (const auto& plan : plans_) {
      for (const auto& listed : plan.listed) last_expiry = std::max(last_expiry, listed.back().expiry.final);
    }
    write_file_atomically(folder_ / kCalendarFile,
                          expiry_calendar_csv(calendar_, options_.underlyings, days_.front(), last_expiry));
    summary["totals"] = totals;
    write_file_atomically(folder_ / kSummaryFile, summary.dump(1) + "\n");
    return {folder_, summary};
  }

  std::vector<TablePlan> option_tables(const UnderlyingPlan& plan) const {
    std::vector<TablePlan> tables;
    for (const auto& spec : plan.specs) {
      TablePlan table{spec.symbol, "option", plan.underlying->name, &tick_columns(), plan.days_listed(spec), {}, {}};
      const OptionSpec* s = &spec;
      table.write_preopen = [&plan, s](size_t day, TextBuffer& out, StatementBuilder& statements, TableStats& stats) {
        statements.begin_row();
        const TickRow row = option_preopen_row(plan.tape[day], *s);
        append_tick_tuple(out, row);
        statements.end_row();
        stats.add(row);
      };
      table.write_day = [&plan, s](size_t day, TextBuffer& out, StatementBuilder& statements, TableStats& stats) {
        write_option_day(plan.tape[day], *s, plan.rank_by_day[day].at(s->symbol), dump_sink(out, statements), stats);
      };
      tables.push_back(std::move(table));
    }
    std::sort(tables.begin(), tables.end(), [](const TablePlan& a, const TablePlan& b) { return a.name < b.name; });
    return tables;
  }

  std::vector<TablePlan> nse_tables() const {
    std::vector<size_t> all_days(days_.size());
    for (size_t i = 0; i < all_days.size(); ++i) all_days[i] = i;
    std::vector<TablePlan> tables;
    for (const auto& plan : plans_) {
      const UnderlyingPlan* p = &plan;
      tables.push_back({plan.underlying->spot_table, "spot", plan.underlying->name, &tick_columns(), all_days, {},
                        [p](size_t day, TextBuffer& out, StatementBuilder& statements, TableStats& stats) {
                          write_spot_day(p->tape[day], dump_sink(out, statements), stats);
                        }});
      tables.push_back({plan.underlying->futures_table, "futures", plan.underlying->name, &tick_columns(), all_days,
                        [p](size_t day, TextBuffer& out, StatementBuilder& statements, TableStats& stats) {
                          statements.begin_row();
                          const TickRow row = futures_preopen_row(p->tape[day], p->front[day]);
                          append_tick_tuple(out, row);
                          statements.end_row();
                          stats.add(row);
                        },
                        [p](size_t day, TextBuffer& out, StatementBuilder& statements, TableStats& stats) {
                          write_futures_day(p->tape[day], p->front[day], dump_sink(out, statements), stats);
                        }});
    }
    for (const auto table : equity_tables()) {
      const uint64_t seed = options_.seed;
      const ScaleParams* scale = &scale_;
      const std::vector<domain::Date>* days = &days_;
      tables.push_back({std::string(table), "equity", "", &equity_columns(), all_days, {},
                        [=](size_t day, TextBuffer& out, StatementBuilder& statements, TableStats& stats) {
                          write_equity_day(seed, table, (*days)[day], *scale, out, statements, stats);
                        }});
    }
    std::sort(tables.begin(), tables.end(), [](const TablePlan& a, const TablePlan& b) { return a.name < b.name; });
    return tables;
  }

  void write_file(const std::string& file_name, const std::string& database, const std::vector<TablePlan>& tables,
                  const std::string& completed_on, Json& summary, Json& totals) const {
    const FileResult result = write_dump_file(folder_ / file_name, database, tables, options_.format, completed_on);
    Json file = {{"database", database}, {"tables", tables.size()}, {"sql_bytes", result.sql_bytes},
                 {"gzip_bytes", result.gzip_bytes}};
    Json table_json = Json::object();
    uint64_t rows = 0;
    std::map<std::string, uint64_t> tables_by_kind;
    for (size_t t = 0; t < tables.size(); ++t) {
      const TableStats& stats = result.tables[t];
      rows += stats.rows;
      ++tables_by_kind[tables[t].kind];
      Json entry = {{"kind", tables[t].kind}, {"rows", stats.rows}, {"rows_1970", stats.rows_1970},
                    {"zero_volume", stats.zero_volume}, {"crossed", stats.crossed}};
      if (!tables[t].underlying.empty()) entry["underlying"] = tables[t].underlying;
      if (stats.last) entry["last"] = sample_json(*stats.last);
      table_json[tables[t].name] = entry;
      totals["rows_1970"] = totals["rows_1970"].get<uint64_t>() + stats.rows_1970;
      totals["zero_volume"] = totals["zero_volume"].get<uint64_t>() + stats.zero_volume;
      totals["crossed"] = totals["crossed"].get<uint64_t>() + stats.crossed;
      if (tables[t].kind == "option") totals["option_rows"] = totals["option_rows"].get<uint64_t>() + stats.rows;
    }
    totals["rows"] = totals["rows"].get<uint64_t>() + rows;
    file["rows"] = rows;
    file["tables_by_kind"] = tables_by_kind;
    summary["files"][file_name] = file;
    summary["tables"][file_name] = table_json;

    for (const auto& [key, stats] : result.by_table_day) {
      const TablePlan& table = tables[key.first];
      if (table.underlying.empty()) continue;
      Json& day = summary["per_day"][table.underlying][days_[key.second].to_string()];
      auto add = [&day](const char* field, uint64_t value) {
        day[field] = (day.contains(field) ? day[field].get<uint64_t>() : 0) + value;
      };
      add((table.kind + "_rows").c_str(), stats.rows);
      add("rows_1970", stats.rows_1970);
      add("zero_volume", stats.zero_volume);
      add("crossed", stats.crossed);
      if (table.kind == "option") add("option_tables", 1);
    }
    for (const auto& plan : plans_) {
      for (size_t i = 0; i < days_.size(); ++i) {
        Json expiries = Json::array();
        for (const auto& listed : plan.listed[i]) {
          expiries.push_back({{"final", listed.expiry.final.to_string()},
                              {"kind", std::string(domain::to_string(listed.expiry.kind))},
                              {"lot", listed.lot}});
        }
        Json& day = summary["per_day"][plan.underlying->name][days_[i].to_string()];
        day["expiries"] = expiries;
        day["futures_expiry"] = plan.front[i].expiry.final.to_string();
        day["bursts"] = plan.spot[i].bursts.size();
      }
    }
  }

  const GenOptions& options_;
  std::vector<domain::Date> days_;
  std::filesystem::path folder_;
  domain::ExpiryCalendar calendar_;
  const ScaleParams& scale_;
  std::vector<UnderlyingPlan> plans_;
};

std::vector<domain::Date> folder_days(domain::Date start, int count) {
  const auto& trading = domain::TradingCalendar::nse();
  std::vector<domain::Date> days;
  domain::Date d = trading.is_full_trading_day(start) ? start : trading.next_trading_day(start);
  for (int i = 0; i < count; ++i, d = trading.next_trading_day(d)) days.push_back(d);
  return days;
}

std::string describe_parquet_layout(const Json& s) {
  const Json& files = s["files"];
  const Json& t = s["totals"];
  std::string out = fmt::format(
      "  layout {} in {}/: {} files ({} of the market), {:.1f} MB, {} rows ({} to keep, {} on 1970-01-01)\n",
      s["layout"].get<std::string>(), s["root"].get<std::string>(), files["written"].get<uint64_t>(),
      files["market"].get<uint64_t>(), files["bytes"].get<double>() / 1e6, t["rows"].get<uint64_t>(),
      t["valid_rows"].get<uint64_t>(), t["rows_1970"].get<uint64_t>());
  std::string kinds;
  for (const auto& [kind, entry] : s["census"].items()) {
    kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", entry["files"].get<uint64_t>(), kind);
  }
  return out + fmt::format("  census problems: {}\n", s["census_problems"].get<bool>() ? kinds : "off");
}

}  // namespace

std::string option_file_name(const std::string& underlying) {
  if (underlying == "BANKNIFTY") return "das_bankopt_mod.sql.gz";
  return "das_" + lower(underlying) + "opt_mod.sql.gz";
}

std::string database_name(const std::string& underlying) { return lower(underlying); }

void validate(const GenOptions& options) {
  if (options.days <= 0) fail("gen: --days must be at least 1 (got {})", options.days);
  if (options.underlyings.empty()) fail("gen: --underlyings names no underlying");
  for (const auto& name : options.underlyings) {
    const auto* u = domain::find_underlying(name);
    if (!u) fail("gen: unknown underlying '{}' in --underlyings", name);
    if (u->name != name) fail("gen: write underlying '{}' as '{}'", name, u->name);
    if (std::count(options.underlyings.begin(), options.underlyings.end(), name) > 1) {
      fail("gen: underlying '{}' given twice in --underlyings", name);
    }
  }
  if (options.overlap_days < 0 || options.overlap_days > options.days) {
    fail("gen: --overlap-days must be between 0 and --days ({}), got {}", options.days, options.overlap_days);
  }
  if (options.format.statement_bytes == 0) fail("gen: --statement-bytes must be positive");
  if (options.out.empty()) fail("gen: --out is required");
  std::error_code ec;
  std::filesystem::create_directories(options.out, ec);
  if (ec) fail("gen: cannot create output folder {}: {}", options.out.string(), ec.message());
  if (!std::filesystem::is_directory(options.out)) fail("gen: output path {} is not a folder", options.out.string());
  if (::access(options.out.c_str(), W_OK | X_OK) != 0) fail("gen: output folder {} is not writable", options.out.string());
}

std::vector<FolderResult> generate(const GenOptions& options) {
  validate(options);
  std::optional<tbb::global_control> limit;
  if (options.threads > 0) {
    limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<size_t>(options.threads));
  }
  std::vector<FolderResult> results;
  const auto days = folder_days(options.start, options.days);
  results.push_back(FolderWriter(options, days, options.out).run());
  if (options.overlap_days > 0) {
    const auto second = folder_days(days[days.size() - static_cast<size_t>(options.overlap_days)], options.days);
    auto folder = options.out;
    folder += "-2";
    results.push_back(FolderWriter(options, second, folder).run());
  }
  return results;
}

std::string describe(const FolderResult& folder) {
  const Json& s = folder.summary;
  std::string out = fmt::format("{}: {} trading days ({} .. {}), seed {}, scale {}\n", folder.folder.string(),
                                s["days"].size(), s["days"].front().get<std::string>(),
                                s["days"].back().get<std::string>(), s["seed"].get<uint64_t>(),
                                s["scale"].get<std::string>());
  if (s.contains("layout")) return out + describe_parquet_layout(s);
  for (const auto& [name, file] : s["files"].items()) {
    std::string kinds;
    for (const auto& [kind, count] : file["tables_by_kind"].items()) {
      kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", count.get<uint64_t>(), kind);
    }
    out += fmt::format("  {:<24} {:>10} rows  {:>5} tables ({})  {:.1f} MB gz / {:.1f} MB sql\n", name,
                       file["rows"].get<uint64_t>(), file["tables"].get<uint64_t>(), kinds,
                       file["gzip_bytes"].get<double>() / 1e6, file["sql_bytes"].get<double>() / 1e6);
  }
  for (const auto& [underlying, days] : s["per_day"].items()) {
    for (const auto& [date, day] : days.items()) {
      std::string expiries;
      for (const auto& e : day["expiries"]) {
        expiries += fmt::format("{}{} {} (lot {})", expiries.empty() ? "" : ", ", e["final"].get<std::string>(),
                                e["kind"].get<std::string>(), e["lot"].get<int>());
      }
      out += fmt::format("  {} {}: {} option rows in {} tables, {} spot, {} futures; expiries {}\n", underlying, date,
                         day.value("option_rows", uint64_t{0}), day.value("option_tables", uint64_t{0}),
                         day.value("spot_rows", uint64_t{0}), day.value("futures_rows", uint64_t{0}), expiries);
    }
  }
  const Json& t = s["totals"];
  out += fmt::format("  quirks: {} rows on 1970-01-01, {} zero-volume reads, {} crossed books\n",
                     t["rows_1970"].get<uint64_t>(), t["zero_volume"].get<uint64_t>(), t["crossed"].get<uint64_t>());
  return out;
}

}  // namespace tapelab::gen
