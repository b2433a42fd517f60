// A strategy's resolved settings as JSON, as summary.json and provenance.json
// write them (internal to the report library).
#pragma once

#include <nlohmann/json.hpp>

#include "engine/config.h"

namespace tapelab::report {

using Json = nlohmann::ordered_json;

Json capital_json(const engine::CapitalConfig& c);
Json execution_json(const engine::ExecutionConfig& e);

}  // namespace tapelab::report
