// Running a built program as a user would, keeping what it printed, for the
// suites that test the `tapelab` command line.
#pragma once

#include <string>
#include <vector>

namespace tapelab::testing {

struct CommandResult {
  int status = -1;  // exit code, or 128 + signal
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs argv[0] with the rest as its arguments (no shell: nothing to quote).
CommandResult run_command(const std::vector<std::string>& argv);

}  // namespace tapelab::testing
