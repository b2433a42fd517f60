// Errors that cross library boundaries.
//
// tapelab reports bad input (a corrupt file, a malformed row, a wrong flag) by
// throwing tapelab::Error with a message that names *where* the problem is
// (file, offset, column, ...), so a user can act on it without a debugger.
// Expected, per-item failures that callers handle in bulk (a contract name that
// does not decode) are values, not exceptions; see the individual headers.
#pragma once

#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace tapelab {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Formats and throws in one call: fail("{}: bad page header at {}", path, offset).
template <typename... Args>
[[noreturn]] void fail(fmt::format_string<Args...> format, Args&&... args) {
  throw Error(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace tapelab
