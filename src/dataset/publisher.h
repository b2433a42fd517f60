// Publishing an ingest's results so that readers never see a half-done state.
//
// Every new partition file is first written whole under <root>/.staging/. To
// publish, a journal listing the renames and the new manifest is written and
// fsync'ed (that instant is the commit point), then the staged files are
// renamed over their targets, then the manifest is replaced and the journal
// removed. A run killed before the commit point leaves the dataset exactly as
// it was (staging is discarded next time); killed after it, the next writer
// or reader (`recover`) finishes the renames from the journal. Only one writer
// at a time: the publisher holds an exclusive lock on <root>/.lock. What
// readers outside tapelab see meanwhile: docs/dataset-publish.md.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "dataset/layout.h"
#include "dataset/manifest.h"

namespace tapelab::dataset {

class Publisher {
 public:
  // Takes the dataset lock (Error if another writer holds it), creates the
  // root if needed, recovers an interrupted publish, clears stale staging.
  explicit Publisher(std::filesystem::path root);
  ~Publisher();
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  const std::filesystem::path& root() const;
  // A fresh path under staging for a partition's new file.
  std::filesystem::path staged_path(const PartitionKey& key) const;
  // Scratch directory under staging (spill runs); removed with staging.
  std::filesystem::path scratch_dir();
  // Publishes the staged files of `replaced`, deletes the files of `removed`,
  // and installs `manifest`, atomically as described above.
  void commit(const std::vector<PartitionKey>& replaced, const std::vector<PartitionKey>& removed,
              const Manifest& manifest);

  // The same publish for folders that are not datasets (a truth folder,
  // docs/market-truth.md#publishing-and-incremental-builds), whose files are
  // named by their path relative to the root and whose manifest.json has
  // another format: staged_file() gives where to write a file that will
  // appear at `relative`; commit_files() renames the staged files of
  // `replaced` into place, deletes `removed` and installs `manifest_json`.
  std::filesystem::path staged_file(const std::filesystem::path& relative);
  void commit_files(const std::vector<std::filesystem::path>& replaced, const std::vector<std::filesystem::path>& removed,
                    std::string_view manifest_json);

 private:
  // Journals (staged file, target relative to the root) renames and removals, then carries them out.
  void publish(const std::vector<std::pair<std::filesystem::path, std::filesystem::path>>& renames,
               const std::vector<std::filesystem::path>& removes, std::string_view manifest_json);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Finishes an interrupted publish, if any. Every reader calls it before it
// looks at the dataset: between the commit point and the new manifest some
// partitions are new and others old. Cheap when there is no journal (no lock
// taken). An Error, rather than a mixed read, when a journal is pending and
// cannot be finished here: another process holds the lock, or the lock or the
// renames fail (read-only media).
void recover(const std::filesystem::path& root);

// Fault injection for crash tests: when set, the publish calls it at each
// step ("manifest-staged", "journal-written",
// "renamed", "removed", "manifest-installed"), so a
// test can _exit() or throw there, in a forked child, and check what a crash
// at that instant leaves behind. Empty function = no hook (the default).
void set_publish_hook(std::function<void(std::string_view step)> hook);

// The same fault injection in the real binary: with TAPELAB_PUBLISH_KILL_AT=N
// in the environment, the process SIGKILLs itself at the Nth publish step,
// after writing "killed at publish step N (<step>)" to stderr. Called once by
// main(); an Error when the value is not a number from 1.
void kill_at_publish_step_from_env();

}  // namespace tapelab::dataset
