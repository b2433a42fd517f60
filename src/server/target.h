// The request target, decoded once and checked: path segments and query
// parameters (docs/server.md#safety).
//
// Design note. Nothing a client sends is ever joined to a folder: every name
// in a path is looked up in what the server listed itself (days, runs,
// tables). Decoding is still strict so that a hostile target is refused at
// the door with a 400 rather than reaching a handler: a segment that decodes
// to "." or "..", or contains '/', '\', '%' (double encoding), NUL or any
// control byte is rejected, as are empty segments and malformed escapes.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tapelab::server {

inline constexpr std::size_t kMaxTargetBytes = 4096;
inline constexpr std::size_t kMaxQueryParameters = 32;

struct Target {
  std::vector<std::string> segments;          // "/api/days/x" -> {"api", "days", "x"}
  std::map<std::string, std::string> query;  // each name at most once

  // The value of a parameter, if given.
  std::optional<std::string_view> get(std::string_view name) const;
};

// Throws HttpError 400 (414 for a target over kMaxTargetBytes) naming what is wrong.
Target parse_target(std::string_view target);

// Percent-decoding of one component ('+' is a space only in a query);
// nullopt for a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

}  // namespace tapelab::server
