// The dump files a dataset was built from, and which one wins a duplicate.
//
// docs/dataset.md#duplicates: when two sources hold the same (contract,
// timestamp), the row from the source whose recording ends later wins; ties go to
// the greater file path. Each row stores its source's KEY (a short, stable
// string, see source_key()) in a dictionary-encoded `source` column, not a
// number, so the bytes of a partition do not depend on the order in which sources
// were ingested (together, reversed, or one folder at a time over months).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tapelab::dataset {

struct Source {
  std::string key;              // "<parent folder>/<file name>", e.g. "nov 4 to nov 18/das_bankopt_mod.sql.gz"
  std::string path;             // as given when ingested (informational)
  std::uint64_t size = 0;       // bytes of the file
  std::string checksum;         // content hash of the file, hex
  std::int64_t recording_start = 0;  // first / last row timestamp in the file (IST wall ns)
  std::int64_t recording_end = 0;
};

// "<parent folder name>/<file name>" of a dump path.
std::string source_key(const std::filesystem::path& dump_path);

// A source as ingest knows it before reading it: `key`, the path as given,
// the file's size and content hash (the recording range comes from its rows).
Source describe_source(std::string key, const std::filesystem::path& path);

// True if rows of `a` must replace rows of `b` for the same (contract, timestamp).
inline bool source_wins(const Source& a, const Source& b) {
  if (a.recording_end != b.recording_end) return a.recording_end > b.recording_end;
  return a.key > b.key;
}

// The sources known to one ingest run (those already in the dataset plus the
// new ones). TickRow::source indexes `sources`; `rank[i]` orders them so that a
// greater rank wins (ranks are a permutation of 0..n-1 derived from
// source_wins, hence independent of insertion order).
class SourceTable {
 public:
  // Adds (or finds, by key) a source and returns its index. A key that is
  // already present with a different checksum replaces the older entry's
  // metadata: the same file re-recorded.
  std::uint32_t add(const Source& source);
  // Updates the recording range once a dump has been read.
  void set_recording_range(std::uint32_t index, std::int64_t start, std::int64_t end);
  // Must be called after the last add/set and before ranks are used.
  void finalize();
  // A source whose file failed part-way (ingest --keep-going): the rows it
  // already handed over are left out of every partition when it is built.
  void drop(std::uint32_t index);
  bool dropped(std::uint32_t index) const { return index < dropped_.size() && dropped_[index] != 0; }

  const std::vector<Source>& sources() const { return sources_; }
  const Source& at(std::uint32_t index) const { return sources_.at(index); }
  std::uint32_t find(std::string_view key) const;  // throws Error if absent
  std::uint32_t rank(std::uint32_t index) const { return rank_[index]; }
  // False after an add/set that came after the last finalize().
  bool finalized() const { return rank_.size() == sources_.size(); }

 private:
  std::vector<Source> sources_;
  std::unordered_map<std::string, std::uint32_t> index_;  // by key: a run may name ~100k files
  std::vector<std::uint32_t> rank_;
  std::vector<std::uint8_t> dropped_;  // per source, once one is dropped
};

}  // namespace tapelab::dataset
