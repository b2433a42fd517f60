#include "server/target.h"

#include <algorithm>
#include <charconv>

#include "server/http_error.h"

namespace tapelab::server {
namespace {

// The byte two hex digits spell ("2e" -> '.'), or nullopt.
std::optional<char> hex_byte(std::string_view digits) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return static_cast<char>(value);
}

bool has_control_byte(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

std::string decode_or_refuse(std::string_view text, bool plus_is_space, std::string_view what) {
  std::optional<std::string> decoded = percent_decode(text, plus_is_space);
  if (!decoded) bad_request("malformed percent-escape in the {}", what);
  if (has_control_byte(*decoded)) bad_request("a control character in the {}", what);
  return std::move(*decoded);
}

std::string decode_segment(std::string_view raw) {
  std::string segment = decode_or_refuse(raw, false, "path");
  if (segment == "." || segment == "..") bad_request("'.' and '..' are not allowed in a path");
  if (segment.find_first_of("/\\%") != std::string::npos) {
    bad_request("a path segment may not hold '/', '\\' or '%' once decoded");
  }
  return segment;
}

void parse_query(std::string_view query, Target& out) {
  std::size_t start = 0;
  while (start <= query.size()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string_view pair = query.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    std::string name = decode_or_refuse(pair.substr(0, eq), true, "query");
    std::string value = eq == std::string_view::npos ? "" : decode_or_refuse(pair.substr(eq + 1), true, "query");
    if (name.empty()) bad_request("a query parameter without a name");
    if (out.query.size() == kMaxQueryParameters) bad_request("more than {} query parameters", kMaxQueryParameters);
    if (!out.query.emplace(std::move(name), std::move(value)).second) {
      bad_request("query parameter '{}' given twice", pair.substr(0, eq));
    }
  }
}

}  // namespace

std::optional<std::string_view> Target::get(std::string_view name) const {
  const auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const std::optional<char> byte = hex_byte(text.substr(i + 1, 2));
      if (!byte) return std::nullopt;
      out.push_back(*byte);
      i += 2;
    } else {
      out.push_back(plus_is_space && c == '+' ? ' ' : c);
    }
  }
  return out;
}

Target parse_target(std::string_view target) {
  if (target.size() > kMaxTargetBytes) throw HttpError(414, "the request target is too long");
  if (target.empty() || target.front() != '/') bad_request("the request target must start with '/'");
  const std::size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  if (target.find('#') != std::string_view::npos) bad_request("a fragment in the request target");
  Target out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string_view raw = path.substr(start, end - start);
    if (raw.empty() && end != path.size()) bad_request("an empty path segment");
    if (!raw.empty()) out.segments.push_back(decode_segment(raw));
    start = end + 1;
  }
  if (question != std::string_view::npos) parse_query(target.substr(question + 1), out);
  return out;
}

}  // namespace tapelab::server
