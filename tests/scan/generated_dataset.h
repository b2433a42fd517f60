// A generated and ingested dataset shared by the suite's tests (made once per
// test process: 2 trading days, NIFTY and BANKNIFTY, `small` scale).
#pragma once

#include <filesystem>
#include <string>

namespace tapelab::scan::testing {

const std::filesystem::path& generated_dataset();

// Runs `tapelab ARGS`, stdout and stderr to the given files; returns the exit code.
int run_tapelab(const std::string& args, const std::filesystem::path& out, const std::filesystem::path& err);

}  // namespace tapelab::scan::testing
