#pragma once

namespace tapelab {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace tapelab
