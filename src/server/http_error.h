// An answer other than 200 that a handler decides on: the status and a
// message for people. The router turns it into a JSON error body
// ({"error": status, "message": ...}, docs/server.md#errors).
#pragma once

#include <string>
#include <utility>

#include <fmt/format.h>

#include "util/error.h"

namespace tapelab::server {

class HttpError : public Error {
 public:
  HttpError(int status, const std::string& message) : Error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

template <typename... Args>
[[noreturn]] void bad_request(fmt::format_string<Args...> format, Args&&... args) {
  throw HttpError(400, fmt::format(format, std::forward<Args>(args)...));
}

template <typename... Args>
[[noreturn]] void not_found(fmt::format_string<Args...> format, Args&&... args) {
  throw HttpError(404, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace tapelab::server
