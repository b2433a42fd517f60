// manifest.json: what a dataset holds and where it came from.
//
// The manifest is the dataset's table of contents. It is replaced atomically
// (AtomicFile) as the last step of a publish, so it always describes files
// that are whole. Partition files carry content hashes so "byte-identical" can
// be checked without comparing files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dataset/layout.h"
#include "dataset/source.h"

namespace tapelab::dataset {

struct PartitionEntry {
  PartitionKey key;
  std::int64_t rows = 0;
  std::uint64_t bytes = 0;
  std::string content_hash;          // hex hash of the file's bytes
  std::vector<std::string> sources;  // keys of the sources with rows in it
};

struct Manifest {
  std::string tapelab_version;
  std::string updated_at;            // run time (informational; not part of any hash)
  std::string calendar_hash;         // hash of the user calendar applied ("" = built-in rules)
  std::vector<Source> sources;       // sorted by key
  std::vector<PartitionEntry> partitions;  // sorted by key

  // An absent manifest is an empty dataset; a malformed one is an Error.
  static Manifest load(const std::filesystem::path& root);
  std::string to_json() const;
  void save(const std::filesystem::path& root) const;  // atomic

  const PartitionEntry* find(const PartitionKey& key) const;
  void upsert(PartitionEntry entry);
  void remove(const PartitionKey& key);
  void upsert_source(const Source& source);
};

// The entry of a partition written to `file` (its size and hash read from it;
// the file may still be staged, as renaming keeps both).
PartitionEntry partition_entry(const PartitionKey& key, const std::filesystem::path& file, std::int64_t rows,
                               std::vector<std::string> sources);

// Hex content hash of a file (fast, non-cryptographic, stable across machines).
std::string hash_file(const std::filesystem::path& path);

}  // namespace tapelab::dataset
