// A generated and ingested dataset for suites that test on real-looking data
// (made once per test process: 2 trading days from 2025-11-17, NIFTY and
// BANKNIFTY, `small` scale), and running `tapelab` with its output in files.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace tapelab::testing {

const std::filesystem::path& generated_dataset();

// Runs `tapelab ARGS` (a shell command line), stdout and stderr to the given
// files; returns the exit code.
int run_tapelab(const std::string& args, const std::filesystem::path& out, const std::filesystem::path& err);

// Relative path -> content hash of every file an output folder published
// (its lock and staging area left out), to compare two builds of it.
std::map<std::string, std::string> published_file_hashes(const std::filesystem::path& root);

}  // namespace tapelab::testing
