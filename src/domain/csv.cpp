#include "domain/csv.h"

namespace tapelab::domain {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<CsvLine> parse_csv(std::string_view text, std::string_view source) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvLine> lines;
  size_t number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view raw = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++number;
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;

    CsvLine out{number, {}};
    std::string field;
    bool quoted = false;
    bool was_quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (quoted) {
        if (c != '"') {
          field += c;
        } else if (i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
        was_quoted = true;
      } else if (c == ',') {
        out.fields.push_back(was_quoted ? field : std::string(trim(field)));
        field.clear();
        was_quoted = false;
      } else {
        field += c;
      }
    }
    if (quoted) fail_at(source, number, "unterminated quoted field");
    out.fields.push_back(was_quoted ? field : std::string(trim(field)));
    lines.push_back(std::move(out));
  }
  return lines;
}

void check_table_shape(const std::vector<CsvLine>& lines, const std::vector<std::string_view>& expected,
                       std::string_view source) {
  std::string header;
  for (auto name : expected) header += (header.empty() ? "" : ",") + std::string(name);
  if (lines.empty()) fail("{}: empty file, expected the header {}", source, header);
  const CsvLine& first = lines.front();
  bool same = first.fields.size() == expected.size();
  for (size_t i = 0; same && i < expected.size(); ++i) same = iequals(first.fields[i], expected[i]);
  if (!same) fail_at(source, first.number, "expected the header {}", header);
  for (const CsvLine& line : lines) {
    if (line.fields.size() != expected.size()) {
      fail_at(source, line.number, "{} fields, expected {}", line.fields.size(), expected.size());
    }
  }
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

std::string to_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::optional<int64_t> parse_integer(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;  // 18 digits always fit in int64
  int64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<int32_t> parse_clock(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  auto hours = parse_integer(s.substr(0, 2));
  auto minutes = parse_integer(s.substr(3, 2));
  if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
  return static_cast<int32_t>(*hours * 3600 + *minutes * 60);
}

}  // namespace tapelab::domain
