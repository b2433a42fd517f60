#include "interop/node.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "support/shell.h"

namespace tapelab::interop {

namespace {

const std::filesystem::path kInteropDir = std::filesystem::path(TAPELAB_SOURCE_DIR) / "tools" / "interop";

using tapelab::testing::shell_quote;

NodeRun run_shell(const std::string& command) {
  NodeRun run;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    run.output = fmt::format("cannot start: {}", command);
    return run;
  }
  std::array<char, 65536> buffer;
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace

std::string node_problem() {
  const NodeRun version = run_shell("node --version");
  if (version.exit_code != 0) {
    return "node is not on PATH (Node.js 20 is required for the interop tests): run scripts/setup.sh";
  }
  for (const char* package : {"@duckdb/node-api", "nodejs-polars", "parquet-wasm", "apache-arrow"}) {
    if (!std::filesystem::exists(kInteropDir / "node_modules" / package / "package.json")) {
      return fmt::format("{} is not installed in {}: run scripts/setup.sh",
                         package, (kInteropDir / "node_modules").string());
    }
  }
  return {};
}

NodeRun run_node_script(const std::string& script, const std::vector<std::string>& args) {
  std::string command = "node " + shell_quote((kInteropDir / script).string());
  for (const auto& a : args) command += " " + shell_quote(a);
  return run_shell(command);
}

}  // namespace tapelab::interop
