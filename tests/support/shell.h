// Building shell command lines for the tools tests drive (node, mariadb).
#pragma once

#include <string>

namespace tapelab::testing {

// Quotes s for /bin/sh: inside single quotes everything is literal, and a
// single quote itself becomes '\''.
inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace tapelab::testing
