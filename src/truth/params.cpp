#include "truth/params.h"

#include <nlohmann/json.hpp>

namespace tapelab::truth {

std::string params_json(const TruthParams& params) {
  return nlohmann::ordered_json{{"accel_eps", params.accel_eps}, {"strike_offsets", params.strike_offsets}}.dump();
}

}  // namespace tapelab::truth
