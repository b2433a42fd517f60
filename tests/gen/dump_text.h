// A deliberately simple reader of generated dumps for the tests: it knows
// that tick tables hold only numbers and quoted datetimes (no strings with
// commas or parentheses), so splitting on "),(" and "," is exact for them.
// It is independent of the generator's code, so it can catch its bugs.
#pragma once

#include <zlib.h>

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tapelab::gen::testing {

inline std::string gunzip(const std::filesystem::path& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) throw std::runtime_error("cannot open " + path.string());
  std::string text;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<size_t>(n));
  const bool ok = n == 0;
  gzclose(file);
  if (!ok) throw std::runtime_error("corrupt gzip " + path.string());
  return text;
}

using Fields = std::vector<std::string>;

// Rows of every table whose statements start with `verb` ("REPLACE"/"INSERT"),
// with quotes stripped from datetimes; `skip` names tables not to split.
inline std::map<std::string, std::vector<Fields>> parse_tick_tables(const std::string& text, std::string_view verb,
                                                                   const std::vector<std::string>& skip = {}) {
  std::map<std::string, std::vector<Fields>> tables;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    const std::string prefix = std::string(verb) + " INTO `";
    if (line.substr(0, prefix.size()) != prefix) continue;
    const size_t name_end = line.find('`', prefix.size());
    const std::string name(line.substr(prefix.size(), name_end - prefix.size()));
    bool skipped = false;
    for (const auto& s : skip) skipped |= s == name;
    if (skipped) continue;
    std::string_view values = line.substr(line.find("VALUES (", name_end) + 8);
    if (values.size() < 3 || values.substr(values.size() - 2) != ");") throw std::runtime_error("bad statement end");
    values.remove_suffix(2);
    auto& rows = tables[name];
    size_t start = 0;
    while (start <= values.size()) {
      size_t stop = values.find("),(", start);
      if (stop == std::string_view::npos) stop = values.size();
      Fields fields;
      std::string_view tuple = values.substr(start, stop - start);
      size_t f = 0;
      while (f <= tuple.size()) {
        size_t comma = tuple.find(',', f);
        if (comma == std::string_view::npos) comma = tuple.size();
        std::string_view field = tuple.substr(f, comma - f);
        if (field.size() >= 2 && field.front() == '\'') field = field.substr(1, field.size() - 2);
        fields.emplace_back(field);
        f = comma + 1;
      }
      rows.push_back(std::move(fields));
      start = stop + 3;
    }
  }
  return tables;
}

// Column positions in the 46-column tick tables.
enum Column {
  kTimestamp = 0, kPrice = 1, kQty = 2, kAvgPrice = 3, kVolume = 4, kBidTotal = 5, kAskTotal = 6,
  kOpen = 7, kHigh = 8, kLow = 9, kClose = 10, kChangeper = 11, kLastTradeTime = 12, kOi = 13,
  kOiHigh = 14, kOiLow = 15, kBid0 = 16, kAsk0 = 31,  // then qty, price, orders per level
};

// "1507.10" -> 150710, exactly.
inline long long paise(const std::string& text) {
  const size_t dot = text.find('.');
  const bool negative = !text.empty() && text[0] == '-';
  long long whole = std::stoll(text.substr(0, dot));
  long long frac = std::stoll(text.substr(dot + 1, 2));
  return whole * 100 + (negative ? -frac : frac);
}

}  // namespace tapelab::gen::testing
