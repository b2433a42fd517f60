// The fuzz input as a file on disk, for code whose entry point is a path
// (the dump reader, the calendar and config loaders the CLI calls).
//
// One anonymous in-memory file (memfd) per process, rewritten for every
// input: no disk traffic, nothing left behind, and its /proc/self/fd path
// opens like any regular file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>

namespace tapelab::fuzz {

// Replaces the file's contents with `bytes` and returns its path.
const std::filesystem::path& input_file(std::span<const std::uint8_t> bytes);

}  // namespace tapelab::fuzz
