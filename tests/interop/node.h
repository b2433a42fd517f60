// Runs the Node scripts of tools/interop (DuckDB, Polars, parquet-wasm).
//
// The interop proof must never pass by skipping: when node or the npm
// packages are missing, require_node() fails the test with what to do.
#pragma once

#include <string>
#include <vector>

namespace tapelab::interop {

struct NodeRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Empty when node and tools/interop/node_modules are usable; otherwise the
// reason, naming scripts/setup.sh.
std::string node_problem();

// Runs `node tools/interop/<script> args...` from the source tree.
NodeRun run_node_script(const std::string& script, const std::vector<std::string>& args);

}  // namespace tapelab::interop
