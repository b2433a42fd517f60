#include "truth/stats_format.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/text.h"

namespace tapelab::truth {
namespace {

// Counts print as integers; other values with three decimals; a value with nothing to measure as `absent`.
std::string number(double v, std::string_view absent) {
  if (std::isnan(v)) return std::string(absent);
  if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return report::fixed(v, 3);
}

// Each row's cells: the split, then the statistics.
std::vector<std::string> header(const StatTable& t) {
  std::vector<std::string> h(kSplitNames.begin(), kSplitNames.end());
  h.insert(h.end(), t.columns.begin(), t.columns.end());
  return h;
}
std::vector<std::string> cells(const StatTable::Row& row, std::string_view absent) {
  std::vector<std::string> c(row.split.begin(), row.split.end());
  for (const double v : row.values) c.push_back(number(v, absent));
  return c;
}

std::string text(const TruthStats& stats) {
  std::string out;
  for (const StatTable& t : stats.tables) {
    std::vector<std::vector<std::string>> lines = {header(t)};
    for (const StatTable::Row& row : t.rows) lines.push_back(cells(row, "-"));
    std::vector<std::size_t> width(lines[0].size(), 0);
    for (const auto& line : lines) {
      for (std::size_t c = 0; c < line.size(); ++c) width[c] = std::max(width[c], line[c].size());
    }
    out += fmt::format("{} ({} rows)\n", t.name, t.rows.size());
    for (const auto& line : lines) {
      std::string text_line;
      for (std::size_t c = 0; c < line.size(); ++c) text_line += fmt::format("{:<{}}  ", line[c], width[c]);
      text_line.erase(text_line.find_last_not_of(' ') + 1);
      out += text_line + "\n";
    }
    out += "\n";
  }
  return out;
}

std::string markdown(const TruthStats& stats) {
  std::string out;
  for (const StatTable& t : stats.tables) {
    const std::vector<std::string> h = header(t);
    out += fmt::format("## {}\n\n| {} |\n|{}\n", t.name, fmt::join(h, " | "), [&] {
      std::string rule;
      for (std::size_t c = 0; c < h.size(); ++c) rule += c < kSplitNames.size() ? "---|" : "---:|";
      return rule;
    }());
    for (const StatTable::Row& row : t.rows) out += fmt::format("| {} |\n", fmt::join(cells(row, ""), " | "));
    out += "\n";
  }
  return out;
}

// One line per statistic, so every table shares one header.
std::string csv(const TruthStats& stats) {
  std::string out = "table,underlying,dte_bucket,time_of_day,regime,statistic,value\n";
  for (const StatTable& t : stats.tables) {
    for (const StatTable::Row& row : t.rows) {
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        out += fmt::format("{},{},{},{},{},{},{}\n", t.name, report::csv_field(row.split[0]),
                           report::csv_field(row.split[1]), report::csv_field(row.split[2]),
                           report::csv_field(row.split[3]), t.columns[c], number(row.values[c], ""));
      }
    }
  }
  return out;
}

std::string json(const TruthStats& stats) {
  nlohmann::ordered_json tables = nlohmann::ordered_json::array();
  for (const StatTable& t : stats.tables) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const StatTable::Row& row : t.rows) {
      nlohmann::ordered_json r;
      for (std::size_t s = 0; s < kSplitNames.size(); ++s) r[kSplitNames[s]] = row.split[s];
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        r[t.columns[c]] = std::isnan(row.values[c]) ? nlohmann::ordered_json() : nlohmann::ordered_json(report::rounded(row.values[c], 6));
      }
      rows.push_back(r);
    }
    tables.push_back({{"name", t.name}, {"columns", header(t)}, {"rows", rows}});
  }
  return nlohmann::ordered_json{{"tables", tables}}.dump(2) + "\n";
}

// A histogram as inline SVG: ten equal bins from the smallest value to the largest.
std::string histogram(const std::string& title, const std::vector<double>& values) {
  if (values.empty()) return fmt::format("<p class=\"empty\">{}: no bursts</p>\n", report::html_escape(title));
  constexpr int kBins = 10, kWidth = 300, kHeight = 120;
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  const double span = *high > *low ? *high - *low : 1;
  std::vector<int> counts(kBins, 0);
  for (const double v : values) ++counts[std::min(kBins - 1, static_cast<int>((v - *low) / span * kBins))];
  const int most = *std::max_element(counts.begin(), counts.end());
  std::string bars;
  for (int b = 0; b < kBins; ++b) {
    const double h = static_cast<double>(counts[b]) / most * (kHeight - 20);
    bars += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"><title>{}</title></rect>",
                        b * kWidth / double(kBins) + 1, kHeight - 15 - h, kWidth / double(kBins) - 2, h, counts[b]);
  }
  return fmt::format(
      "<figure><svg viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\"><title>{}</title>{}"
      "<text x=\"0\" y=\"{}\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text></svg>"
      "<figcaption>{} ({} bursts)</figcaption></figure>\n",
      kWidth, kHeight, kWidth, kHeight, report::html_escape(title), bars, kHeight - 2, number(*low, ""), kWidth,
      kHeight - 2, number(*high, ""), report::html_escape(title), values.size());
}

std::string html(const TruthStats& stats) {
  std::string out =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>tapelab truth tables</title>\n"
      "<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;margin-bottom:1.5em}"
      "td,th{border:1px solid #ccc;padding:2px 6px;font-size:12px}td.n{text-align:right}"
      "figure{display:inline-block;margin:0 1em 1em 0}rect{fill:#4a78b5}text{font-size:10px}</style>\n"
      "</head><body>\n<h1>Truth tables</h1>\n";
  for (const StatTable& t : stats.tables) {
    out += fmt::format("<h2>{}</h2>\n<table><thead><tr>", report::html_escape(t.name));
    for (const std::string& h : header(t)) out += "<th>" + report::html_escape(h) + "</th>";
    out += "</tr></thead><tbody>\n";
    for (const StatTable::Row& row : t.rows) {
      const std::vector<std::string> c = cells(row, "");
      out += "<tr>";
      for (std::size_t i = 0; i < c.size(); ++i) {
        out += fmt::format("<td{}>{}</td>", i < kSplitNames.size() ? "" : " class=\"n\"", report::html_escape(c[i]));
      }
      out += "</tr>\n";
    }
    out += "</tbody></table>\n";
  }
  out += "<h2>Burst histograms</h2>\n";
  if (stats.samples.empty()) out += "<p class=\"empty\">no days</p>\n";
  for (const TruthStats::Sample& s : stats.samples) {
    const std::string name = fmt::format("{} DTE {}", s.underlying, s.dte_bucket);
    out += histogram(name + ": size (points)", s.size) + histogram(name + ": duration (s)", s.duration);
  }
  return out + "</body></html>\n";
}

}  // namespace

std::string render_stats(const TruthStats& stats, StatsFormat format) {
  switch (format) {
    case StatsFormat::kText: return text(stats);
    case StatsFormat::kMarkdown: return markdown(stats);
    case StatsFormat::kCsv: return csv(stats);
    case StatsFormat::kJson: return json(stats);
    case StatsFormat::kHtml: return html(stats);
  }
  return {};
}

}  // namespace tapelab::truth
