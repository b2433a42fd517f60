// Tasks and parts that travel between a client and its workers
// (jobs/truth_parts.h, jobs/ingest_parts.h) are CBOR of JSON with a "format"
// number: compact, self-describing, and checked on arrival, so that bytes of
// another version or damaged on the way fail with a message rather than
// reading as zeros.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/error.h"

namespace tapelab::jobs {

template <class Json>
std::string to_cbor(const Json& json) {
  const std::vector<std::uint8_t> bytes = Json::to_cbor(json);
  return {bytes.begin(), bytes.end()};
}

// `what` names the bytes in the error ("truth task", "ingest file part").
template <class Json>
Json from_cbor(std::string_view bytes, std::string_view what, int format) {
  try {
    Json json = Json::from_cbor(bytes.begin(), bytes.end());
    if (json.at("format").template get<int>() != format) {
      fail("{} of format {}, not {}", what, json.at("format").dump(), format);
    }
    return json;
  } catch (const typename Json::exception& e) {
    fail("{} is damaged: {}", what, e.what());
  }
}

}  // namespace tapelab::jobs
