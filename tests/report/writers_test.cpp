// write_run on hand-built records: the CSV columns and their escaping,
// summary.json's fields, report.html's self-containment and well-formedness,
// and byte-identical files for the same records.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/html_report.h"
#include "report/intraday_chart.h"
#include "report/metrics.h"
#include "report/summary_json.h"
#include "report/writers.h"
#include "support/temp_dir.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::report {
namespace {

namespace fs = std::filesystem;
using domain::Date;
using engine::RunRecords;
using tapelab::testing::TempDir;

// A strategy name that needs escaping in every format.
const std::string kOddName = "fade, \"09:20\" <A&B>";
const std::vector<std::string> kFiles = {"trades.csv", "orders.csv",   "daily.csv",  "intraday.csv",
                                         "equity.csv", "summary.json", "report.html"};

engine::TradeRecord leg(const std::string& strategy, Date date, std::int64_t structure, engine::ExitReason reason,
                        double entry, double exit) {
  engine::TradeRecord t;
  t.strategy = strategy;
  t.structure_id = structure;
  t.date = date;
  t.underlying = "NIFTY";
  t.key = {Date::from_ymd(2025, 11, 18), domain::OptionType::kPut, 25'900};
  t.side = engine::Side::kSell;
  t.lots = 1;
  t.quantity = 75;
  t.entry_time = domain::wall_time(date, 9, 20, 0);
  t.exit_time = domain::wall_time(date, 15, 25, 7);
  t.entry_price = entry;
  t.exit_price = exit;
  t.exit_reason = reason;
  t.gross_points = entry - exit;
  t.gross_rupees = t.gross_points * t.quantity;
  t.costs = 10;
  t.net = t.gross_rupees - t.costs;
  return t;
}

engine::DayRecord day_record(const std::string& strategy, Date date, double net, double margin) {
  engine::DayRecord d;
  d.strategy = strategy;
  d.date = date;
  d.underlying = "NIFTY";
  d.trades = 1;
  d.structures = 1;
  d.gross = net + 10;
  d.costs = 10;
  d.net = net;
  d.margin = margin;
  return d;
}

// Three minutes of a day: flat, a leg open at -40, closed for `net`.
engine::IntradayRecord intraday_record(const std::string& strategy, Date date, double net) {
  engine::IntradayRecord day{strategy, date, "NIFTY", {}};
  day.points.push_back({domain::wall_time(date, 9, 15, 0), 0, 0, 0, 0});
  day.points.push_back({domain::wall_time(date, 9, 16, 0), 2, 1, 0, -40});
  day.points.push_back({domain::wall_time(date, 15, 30, 0), 0, 0, net, 0});
  return day;
}

// Two strategies over two days; "winner" never loses (profit factor null).
RunRecords sample_records() {
  RunRecords r;
  engine::StrategyInfo odd;
  odd.name = kOddName;
  odd.description = "ATM straddle, target 50% <of credit> & stop 2.0x";
  engine::StrategyInfo winner;
  winner.name = "winner";
  winner.description = "always right";
  r.strategies = {odd, winner};
  const Date d1 = Date::from_ymd(2025, 11, 17);
  const Date d2 = Date::from_ymd(2025, 11, 18);
  r.trades = {leg(kOddName, d1, 1, engine::ExitReason::kTarget, 120.5, 60.25),
              leg(kOddName, d2, 1, engine::ExitReason::kStop, 100, 180),
              leg("winner", d1, 1, engine::ExitReason::kEndOfDay, 90, 80)};
  r.trades[1].exit_pricing = engine::ExitPricing::kStale;
  r.trades[2].exit_pricing = engine::ExitPricing::kSettled;
  r.trades[2].beyond_depth = true;
  r.trades[1].exit_quote_age_seconds = 42;
  r.days = {day_record(kOddName, d1, r.trades[0].net, 175'000), day_record(kOddName, d2, r.trades[1].net, 175'000),
            day_record("winner", d1, r.trades[2].net, 175'000)};

  engine::OrderRecord filled;
  filled.strategy = kOddName;
  filled.date = d1;
  filled.underlying = "NIFTY";
  filled.time = domain::wall_time(d1, 9, 20, 0);
  filled.order_id = 1;
  filled.structure_id = 1;
  filled.key = r.trades[0].key;
  filled.lots = 1;
  filled.quantity = 75;
  filled.status = engine::OrderStatus::kFilled;
  filled.reason = "entry";
  filled.price = 120.5;
  filled.costs = 5;
  engine::OrderRecord note;
  note.strategy = kOddName;
  note.date = d2;
  note.underlying = "NIFTY";
  note.time = domain::wall_time(d2, 13, 0, 0);
  note.status = engine::OrderStatus::kNote;
  note.reason = "entry skipped: 1 structure open, max 1";
  r.orders = {filled, note};
  r.intraday = {intraday_record(kOddName, d1, r.trades[0].net), intraday_record(kOddName, d2, r.trades[1].net),
                intraday_record("winner", d1, r.trades[2].net)};
  return r;
}

// RFC 4180 reading, enough to check what the writers quote.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  EXPECT_TRUE(rows.back().empty() && field.empty()) << "the file must end with a newline";
  rows.pop_back();
  return rows;
}

// Rows as column name -> value, checking every row has the header's width.
std::vector<std::map<std::string, std::string>> read_table(const fs::path& path) {
  const auto rows = parse_csv(read_file(path));
  std::vector<std::map<std::string, std::string>> out;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].size(), rows[0].size()) << path << " row " << i;
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < rows[0].size() && c < rows[i].size(); ++c) row[rows[0][c]] = rows[i][c];
    out.push_back(std::move(row));
  }
  return out;
}

std::string first_line(const fs::path& path) {
  const std::string text = read_file(path);
  return text.substr(0, text.find('\n'));
}

class WritersTest : public ::testing::Test {
 protected:
  void SetUp() override { write_run(records_, out_); }
  RunRecords records_ = sample_records();
  TempDir dir_{"tapelab-report"};
  fs::path out_ = dir_ / "run";  // does not exist yet: write_run creates it
};

TEST_F(WritersTest, TradesCsvHasOneRowPerLegWithEveryColumn) {
  EXPECT_EQ(first_line(out_ / "trades.csv"),
            "strategy,structure_id,date,entry_time,exit_time,underlying,expiry,strike,type,side,lots,quantity,"
            "entry_price,exit_price,fill_model,exit_reason,exit_pricing,beyond_depth,exit_quote_age_s,gross_points,"
            "gross_rupees,costs,net");
  const auto rows = read_table(out_ / "trades.csv");
  ASSERT_EQ(rows.size(), 3u);
  const auto& first = rows[0];
  EXPECT_EQ(first.at("strategy"), kOddName);  // quoted in the file, whole again once read
  EXPECT_EQ(first.at("date"), "2025-11-17");
  EXPECT_EQ(first.at("entry_time"), "09:20:00");
  EXPECT_EQ(first.at("exit_time"), "15:25:07");
  EXPECT_EQ(first.at("expiry"), "2025-11-18");
  EXPECT_EQ(first.at("strike"), "25900");
  EXPECT_EQ(first.at("type"), "PE");
  EXPECT_EQ(first.at("side"), "SELL");
  EXPECT_EQ(first.at("quantity"), "75");
  EXPECT_EQ(first.at("entry_price"), "120.50");
  EXPECT_EQ(first.at("exit_price"), "60.25");
  EXPECT_EQ(first.at("fill_model"), "bid_ask");
  EXPECT_EQ(first.at("exit_reason"), "target");
  EXPECT_EQ(first.at("exit_pricing"), "quote");
  EXPECT_EQ(first.at("beyond_depth"), "false");
  EXPECT_EQ(first.at("gross_points"), "60.25");
  EXPECT_EQ(first.at("gross_rupees"), "4518.75");
  EXPECT_EQ(first.at("costs"), "10.00");
  EXPECT_EQ(first.at("net"), "4508.75");
  EXPECT_EQ(rows[1].at("exit_reason"), "stop");
  EXPECT_EQ(rows[1].at("exit_pricing"), "stale");
  EXPECT_EQ(rows[1].at("exit_quote_age_s"), "42");
  EXPECT_EQ(rows[1].at("net"), "-6010.00");
  EXPECT_EQ(rows[2].at("exit_reason"), "end-of-day");
  EXPECT_EQ(rows[2].at("exit_pricing"), "settled");
  EXPECT_EQ(rows[2].at("beyond_depth"), "true");

  const std::string raw = read_file(out_ / "trades.csv");
  EXPECT_NE(raw.find("\"fade, \"\"09:20\"\" <A&B>\""), std::string::npos) << "RFC 4180 quoting";
}

TEST_F(WritersTest, OrdersCsvKeepsReasonsAndLeavesALogLineWithoutContractEmpty) {
  const auto rows = read_table(out_ / "orders.csv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].at("order_id"), "1");
  EXPECT_EQ(rows[0].at("time"), "09:20:00");
  EXPECT_EQ(rows[0].at("strike"), "25900");
  EXPECT_EQ(rows[0].at("order_type"), "market");
  EXPECT_EQ(rows[0].at("status"), "filled");
  EXPECT_EQ(rows[0].at("price"), "120.50");
  EXPECT_EQ(rows[0].at("costs"), "5.00");
  EXPECT_EQ(rows[1].at("status"), "note");
  EXPECT_EQ(rows[1].at("reason"), "entry skipped: 1 structure open, max 1");
  EXPECT_EQ(rows[1].at("order_id"), "");
  EXPECT_EQ(rows[1].at("expiry"), "");
  EXPECT_EQ(rows[1].at("strike"), "");
  EXPECT_EQ(rows[1].at("side"), "");
  EXPECT_EQ(rows[1].at("price"), "");
}

TEST_F(WritersTest, DailyAndEquityCsvCarryTheCurve) {
  const auto daily = read_table(out_ / "daily.csv");
  ASSERT_EQ(daily.size(), 3u);
  EXPECT_EQ(daily[0].at("margin"), "175000.00");
  EXPECT_EQ(daily[0].at("return_on_margin"), "0.025764");  // 4508.75 / 175000

  const auto equity = read_table(out_ / "equity.csv");
  ASSERT_EQ(equity.size(), 3u);
  EXPECT_EQ(equity[0].at("strategy"), kOddName);
  EXPECT_EQ(equity[1].at("date"), "2025-11-18");
  EXPECT_EQ(equity[1].at("equity"), "-1501.25");  // 4508.75 - 6010
  EXPECT_EQ(equity[1].at("drawdown"), "6010.00");
  EXPECT_EQ(equity[1].at("drawdown_pct_of_capital"), "0.3005");  // of Rs 20 lakh
  EXPECT_EQ(equity[2].at("strategy"), "winner");
}

TEST_F(WritersTest, IntradayCsvHasOneRowPerStrategyDayAndMinute) {
  EXPECT_EQ(first_line(out_ / "intraday.csv"),
            "strategy,date,underlying,time,open_legs,unmarked_legs,realized,unrealized,pnl");
  const auto rows = read_table(out_ / "intraday.csv");
  ASSERT_EQ(rows.size(), 9u);
  EXPECT_EQ(rows[0].at("strategy"), kOddName);
  EXPECT_EQ(rows[0].at("date"), "2025-11-17");
  EXPECT_EQ(rows[0].at("time"), "09:15:00");
  EXPECT_EQ(rows[0].at("pnl"), "0.00");
  EXPECT_EQ(rows[1].at("open_legs"), "2");
  EXPECT_EQ(rows[1].at("unmarked_legs"), "1");
  EXPECT_EQ(rows[1].at("unrealized"), "-40.00");
  EXPECT_EQ(rows[1].at("pnl"), "-40.00");
  EXPECT_EQ(rows[2].at("time"), "15:30:00");
  EXPECT_EQ(rows[2].at("realized"), "4508.75");
  EXPECT_EQ(rows[2].at("pnl"), "4508.75");
  EXPECT_EQ(rows[5].at("date"), "2025-11-18");
  EXPECT_EQ(rows[8].at("strategy"), "winner");
}

TEST_F(WritersTest, SummaryJsonHasMetricsPerStrategyAndForTheRun) {
  const std::string text = read_file(out_ / "summary.json");
  for (const char* not_json : {": inf", ": -inf", "Infinity", "NaN"}) {
    EXPECT_EQ(text.find(not_json), std::string::npos) << not_json;
  }
  const auto summary = nlohmann::json::parse(text);
  ASSERT_EQ(summary["strategies"].size(), 2u);
  const auto& odd = summary["strategies"][0];
  EXPECT_EQ(odd["name"], kOddName);
  EXPECT_EQ(odd["execution"]["fill_model"], "bid_ask");
  EXPECT_EQ(odd["execution"]["square_off"], "15:15:00");
  EXPECT_EQ(odd["execution"]["costs"]["model"], "flat");
  EXPECT_EQ(odd["capital"]["margin_per_lot"]["NIFTY"], 175000.0);
  const auto& m = odd["metrics"];
  EXPECT_EQ(m["trades"], 2);
  EXPECT_EQ(m["wins"], 1);
  EXPECT_EQ(m["win_rate"], 0.5);
  EXPECT_EQ(m["net"], -1501.25);
  EXPECT_EQ(m["profit_factor"], 0.750208);  // 4508.75 / 6010, 6 decimals
  EXPECT_EQ(m["max_drawdown"], 6010.0);
  EXPECT_EQ(m["best_day"]["date"], "2025-11-17");
  EXPECT_EQ(m["worst_day"]["net"], -6010.0);
  for (const char* key : {"average_win", "average_loss", "expectancy", "gross", "costs",
                          "max_drawdown_pct_of_capital", "sharpe", "sortino", "days", "days_traded", "exposure"}) {
    EXPECT_TRUE(m.contains(key)) << key;
  }
  EXPECT_TRUE(m["return_on_margin"]["per_week"].is_number());
  EXPECT_EQ(odd["weeks"][0]["period"], "2025-11-17");
  EXPECT_EQ(odd["months"][0]["period"], "2025-11");

  const auto& winner = summary["strategies"][1]["metrics"];
  EXPECT_TRUE(winner["profit_factor"].is_null());  // no loss: infinite
  EXPECT_TRUE(winner["sharpe"].is_null());         // one day

  EXPECT_EQ(summary["run"]["metrics"]["trades"], 3);
  EXPECT_EQ(summary["run"]["capital"]["capital"], 4'000'000.0);
  EXPECT_TRUE(summary["definitions"].contains("profit_factor"));
}

engine::OrderRecord rejected(const std::string& strategy, const std::string& reason) {
  engine::OrderRecord o;
  o.strategy = strategy;
  o.order_id = 9;
  o.status = engine::OrderStatus::kRejected;
  o.reason = reason;
  return o;
}

TEST(Integrity, SummaryJsonAndReportCountExitFallbacksRejectionsAndCrossedBooks) {
  RunRecords r = sample_records();
  r.trades[0].exit_pricing = engine::ExitPricing::kUnpriced;  // odd
  r.trades[1].exit_pricing = engine::ExitPricing::kStale;     // odd
  r.trades[2].exit_pricing = engine::ExitPricing::kSettled;   // winner
  r.trades[2].beyond_depth = true;
  r.days[2].crossed_book_skips = 4;  // winner's day
  r.orders.push_back(rejected(kOddName, "stale-quote"));
  r.orders.push_back(rejected(kOddName, "no-quote"));
  r.orders.push_back(rejected(kOddName, "stale-quote"));
  const report::RunMetrics metrics = report::compute_run_metrics(r);

  const auto summary = nlohmann::json::parse(report::summary_json(r, metrics));
  const auto& odd = summary["strategies"][0]["metrics"]["integrity"];
  EXPECT_EQ(odd["stale_exits"], 1);
  EXPECT_EQ(odd["unpriced_exits"], 1);
  EXPECT_EQ(odd["settled_exits"], 0);
  EXPECT_EQ(odd["rejected_orders"], nlohmann::json({{"no-quote", 1}, {"stale-quote", 2}}));
  EXPECT_EQ(odd["crossed_book_skips"], 0);
  const auto& winner = summary["strategies"][1]["metrics"]["integrity"];
  EXPECT_EQ(winner["settled_exits"], 1);
  EXPECT_EQ(winner["beyond_depth_exits"], 1);
  EXPECT_EQ(winner["crossed_book_skips"], 4);
  EXPECT_TRUE(winner["rejected_orders"].empty());
  const auto& run = summary["run"]["metrics"]["integrity"];
  EXPECT_EQ(run["stale_exits"], 1);
  EXPECT_EQ(run["settled_exits"], 1);
  EXPECT_EQ(run["crossed_book_skips"], 4);

  const std::string html = report::report_html(r, metrics);
  for (const char* header : {"stale exits", "unpriced exits", "settled exits", "rejected orders", "crossed-book skips"}) {
    EXPECT_NE(html.find(header), std::string::npos) << header;
  }
  EXPECT_NE(html.find("<td>no-quote 1, stale-quote 2</td>"), std::string::npos);
  EXPECT_NE(html.find("settled (0 s), beyond depth"), std::string::npos);  // the trade's own row
}

// Checks that every tag is closed in order (void and self-closed ones aside)
// and that every '&' starts an entity; returns the first problem, or "".
std::string html_problem(const std::string& html) {
  static const std::vector<std::string> kVoid = {"meta", "br", "hr", "img", "input", "link"};
  std::vector<std::string> open;
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '&') {
      const std::size_t semi = html.find(';', i);
      if (semi == std::string::npos || semi - i > 8) return "bare & at " + std::to_string(i);
      continue;
    }
    if (html[i] != '<') continue;
    const std::size_t end = html.find('>', i);
    if (end == std::string::npos) return "unterminated tag";
    const std::string tag = html.substr(i + 1, end - i - 1);
    i = end;
    if (tag.starts_with("!")) continue;
    const bool closing = tag.starts_with("/");
    const std::string name = tag.substr(closing ? 1 : 0, tag.find_first_of(" />", closing ? 1 : 0) - (closing ? 1 : 0));
    if (name == "style") {  // CSS is not markup: skip to its end tag
      i = html.find("</style>", i);
      if (i == std::string::npos) return "unclosed style";
      i += std::string("</style>").size() - 1;
      continue;
    }
    if (closing) {
      if (open.empty() || open.back() != name) return "</" + name + "> closes " + (open.empty() ? "nothing" : open.back());
      open.pop_back();
    } else if (!tag.ends_with("/") && std::find(kVoid.begin(), kVoid.end(), name) == kVoid.end()) {
      open.push_back(name);
    }
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST_F(WritersTest, ReportHtmlIsWellFormedAndSelfContained) {
  const std::string html = read_file(out_ / "report.html");
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(html_problem(html), "");
  for (const char* outside : {"http:", "https:", "<script", "<link", "src=", "url(", "@import"}) {
    EXPECT_EQ(html.find(outside), std::string::npos) << outside;
  }
  for (std::size_t at = html.find("href=\""); at != std::string::npos; at = html.find("href=\"", at + 1)) {
    EXPECT_EQ(html[at + 6], '#') << "links stay inside the page";
  }
  // The intraday path, equity and drawdown for each strategy and for the run.
  EXPECT_EQ(count(html, "<svg "), 9u);
  EXPECT_EQ(count(html, "<svg class=\"chart intraday\""), 3u);
  EXPECT_EQ(count(html, "<path class=\"line\" d=\"M"), 9u);
  EXPECT_EQ(count(html, "<path class=\"area\" d=\"M"), 3u);
  for (const char* table : {"class=\"summary\"", "class=\"monthly\"", "class=\"periods\"", "class=\"daily\"",
                            "class=\"trades\""}) {
    EXPECT_NE(html.find(table), std::string::npos) << table;
  }
  EXPECT_NE(html.find("Return on margin per week"), std::string::npos);
  EXPECT_NE(html.find("fade, &quot;09:20&quot; &lt;A&amp;B&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<A&B>"), std::string::npos);
  EXPECT_NE(html.find("&lt;of credit&gt; &amp; stop"), std::string::npos);
}

TEST_F(WritersTest, TheSameRecordsGiveByteIdenticalFiles) {
  const fs::path again = dir_ / "again";
  write_run(sample_records(), again);
  write_run(records_, out_);  // rewriting over an existing run as well
  for (const auto& name : kFiles) {
    EXPECT_EQ(read_file(out_ / name), read_file(again / name)) << name;
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(out_), fs::directory_iterator()), 7)
      << "no temporary files left behind";
}

TEST(Writers, AnEmptyRunStillWritesEveryFile) {
  TempDir dir("tapelab-report");
  RunRecords empty;
  empty.strategies.resize(1);
  empty.strategies[0].name = "idle";
  write_run(empty, dir.path());
  for (const auto& name : kFiles) EXPECT_TRUE(fs::exists(dir / name)) << name;
  const auto summary = nlohmann::json::parse(read_file(dir / "summary.json"));
  EXPECT_EQ(summary["strategies"][0]["metrics"]["trades"], 0);
  EXPECT_TRUE(summary["strategies"][0]["metrics"]["win_rate"].is_null());
  EXPECT_TRUE(summary["run"]["metrics"]["best_day"].is_null());
  const std::string html = read_file(dir / "report.html");
  EXPECT_EQ(html_problem(html), "");
  EXPECT_NE(html.find("no days"), std::string::npos);
}

// Each day continues from the previous days' close: the odd strategy ends
// day one at 4508.75 and day two at 4508.75 - 6010 = -1501.25.
TEST(Writers, TheIntradayChartRunsOnFromDayToDay) {
  const RunRecords r = sample_records();
  const std::string html = report_html(r, compute_run_metrics(r));
  EXPECT_NE(html.find("<title>fade, &quot;09:20&quot; &lt;A&amp;B&gt;: intraday P&amp;L"), std::string::npos);
  EXPECT_NE(html.find(">4509</text>"), std::string::npos) << "the y axis reaches day one's close";
  EXPECT_NE(html.find(">-1501</text>"), std::string::npos) << "and day two's, carried on";
  EXPECT_NE(html.find(">2025-11-17 09:15</text>"), std::string::npos);
  EXPECT_NE(html.find(">2025-11-18 15:30</text>"), std::string::npos);
}

TEST(Writers, ALongRunDrawsNoIntradayChart) {
  RunRecords r = sample_records();
  for (int i = 0; i < static_cast<int>(kMaxIntradayDays); ++i) {
    r.intraday.push_back(intraday_record("winner", Date::from_ymd(2025, 11, 19) + i, 0));
  }
  EXPECT_EQ(report_html(r, compute_run_metrics(r)).find("chart intraday"), std::string::npos);
}

TEST(Writers, IntradayRecordsOfAnUnlistedStrategyAreAnError) {
  RunRecords r = sample_records();
  r.intraday.push_back(intraday_record("ghost", Date::from_ymd(2025, 11, 17), 0));
  EXPECT_THROW(report_html(r, compute_run_metrics(r)), Error);
}

TEST(Writers, LongTradeListsAreCappedWithANote) {
  TempDir dir("tapelab-report");
  RunRecords r;
  r.strategies.resize(1);
  r.strategies[0].name = "busy";
  const Date d = Date::from_ymd(2025, 11, 17);
  for (std::size_t i = 0; i <= kMaxTradeRows; ++i) {
    r.trades.push_back(leg("busy", d, static_cast<std::int64_t>(i) + 1, engine::ExitReason::kTime, 100, 99));
  }
  write_run(r, dir.path());
  const std::string html = read_file(dir / "report.html");
  EXPECT_NE(html.find(fmt::format("Showing the first {} of {} rows; trades.csv holds all of them.", kMaxTradeRows,
                                  kMaxTradeRows + 1)),
            std::string::npos);
  EXPECT_EQ(read_table(dir / "trades.csv").size(), kMaxTradeRows + 1);
}

}  // namespace
}  // namespace tapelab::report
