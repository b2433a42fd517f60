#include "report/text.h"

#include <cmath>

#include <fmt/format.h>

namespace tapelab::report {

double rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  // Adding 0.0 turns -0.0 into +0.0.
  return std::round(value * scale) / scale + 0.0;
}

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return "";
  return fmt::format("{:.{}f}", rounded(value, decimals), decimals);
}

std::string fixed(const std::optional<double>& value, int decimals, std::string_view absent) {
  return value ? fixed(*value, decimals) : std::string(absent);
}

std::string clock_text(domain::WallNanos t) {
  // format_wall_time gives "YYYY-MM-DD HH:MM:SS"; the time starts at 11.
  return domain::format_wall_time(t).substr(11);
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace tapelab::report
