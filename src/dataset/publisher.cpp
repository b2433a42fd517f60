#include "dataset/publisher.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <set>
#include <system_error>

#include <nlohmann/json.hpp>

#include "util/error.h"
#include "util/file.h"

namespace tapelab::dataset {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::function<void(std::string_view)>& publish_hook() {
  static std::function<void(std::string_view)> hook;
  return hook;
}

void step(std::string_view name) {
  if (publish_hook()) publish_hook()(name);
}

fs::path journal_path(const fs::path& root) { return staging_dir(root) / "journal.json"; }
fs::path staged_manifest_path(const fs::path& root) { return staging_dir(root) / "manifest.json"; }

void fsync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("{}: cannot open directory: {}", dir.string(), std::strerror(errno));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) fail("{}: fsync failed: {}", dir.string(), std::strerror(errno));
}

void rename_durably(const fs::path& from, const fs::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    fail("cannot rename {} to {}: {}", from.string(), to.string(), std::strerror(errno));
  }
  fsync_dir(to.parent_path());
}

// Removes `dir` and its parents up to (not including) `stop` while they are
// empty, so a removed day leaves no empty date=/underlying= folders behind.
void prune_empty_dirs(fs::path dir, const fs::path& stop) {
  std::error_code ec;
  while (dir != stop && dir.has_parent_path() && fs::is_directory(dir, ec) && fs::is_empty(dir, ec)) {
    fs::remove(dir, ec);
    dir = dir.parent_path();
  }
}

// Carries out a committed journal. Every step is idempotent, so a crash at
// any point is repaired by running it again.
void roll_forward(const fs::path& root) {
  const fs::path journal = journal_path(root);
  json doc;
  try {
    doc = json::parse(read_file(journal));
  } catch (const json::exception& e) {
    // The journal is written atomically, so this is not a torn write.
    fail("{}: malformed publish journal: {}", journal.string(), e.what());
  }
  try {
    for (const json& r : doc.at("renames")) {
      const fs::path from = root / r.at(0).get<std::string>();
      const fs::path to = root / r.at(1).get<std::string>();
      std::error_code ec;
      if (fs::exists(from, ec)) {
        fs::create_directories(to.parent_path());
        rename_durably(from, to);
        step("renamed");
      } else if (!fs::exists(to, ec)) {
        fail("{}: staged file {} and its target are both missing", journal.string(), from.string());
      }
    }
    for (const json& r : doc.at("removes")) {
      const fs::path target = root / r.get<std::string>();
      std::error_code ec;
      if (fs::remove(target, ec)) fsync_dir(target.parent_path());
      prune_empty_dirs(target.parent_path(), root);
      step("removed");
    }
  } catch (const json::exception& e) {
    fail("{}: malformed publish journal: {}", journal.string(), e.what());
  }
  const fs::path staged_manifest = staged_manifest_path(root);
  std::error_code ec;
  if (fs::exists(staged_manifest, ec)) {
    rename_durably(staged_manifest, manifest_path(root));
    step("manifest-installed");
  }
  fs::remove(journal);
  fsync_dir(staging_dir(root));
}

class DatasetLock {
 public:
  // Blocking or not; returns an unlocked object (fd -1) when non-blocking and busy.
  DatasetLock(const fs::path& root, bool wait) {
    const fs::path path = root / ".lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) fail("{}: cannot open lock file: {}", path.string(), std::strerror(errno));
    if (::flock(fd_, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
      const int err = errno;
      ::close(fd_);
      fd_ = -1;
      if (err != EWOULDBLOCK) fail("{}: cannot lock: {}", path.string(), std::strerror(err));
    }
  }
  ~DatasetLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
  }
  DatasetLock(const DatasetLock&) = delete;
  DatasetLock& operator=(const DatasetLock&) = delete;
  bool held() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

std::string staged_name(const PartitionKey& key) {
  return fmt::format("{}_{}_{}.parquet", to_string(key.kind), key.date.to_string(), key.underlying);
}

}  // namespace

struct Publisher::Impl {
  fs::path root;
  std::unique_ptr<DatasetLock> lock;
};

Publisher::Publisher(fs::path root) : impl_(std::make_unique<Impl>()) {
  impl_->root = std::move(root);
  fs::create_directories(impl_->root);
  impl_->lock = std::make_unique<DatasetLock>(impl_->root, false);
  if (!impl_->lock->held()) {
    fail("{}: another tapelab process is writing this dataset (lock {} is held)", impl_->root.string(),
         (impl_->root / ".lock").string());
  }
  std::error_code ec;
  if (fs::exists(journal_path(impl_->root), ec)) roll_forward(impl_->root);
  // Whatever is left in staging belongs to a run that died before its commit
  // point: it was never part of the dataset.
  fs::remove_all(staging_dir(impl_->root));
  fs::create_directories(staging_dir(impl_->root));
}

Publisher::~Publisher() {
  std::error_code ec;
  // A journal left by a failed roll-forward must survive for recover().
  if (!fs::exists(journal_path(impl_->root), ec)) fs::remove_all(staging_dir(impl_->root), ec);
}

const fs::path& Publisher::root() const { return impl_->root; }

fs::path Publisher::staged_path(const PartitionKey& key) const {
  return staging_dir(impl_->root) / staged_name(key);
}

fs::path Publisher::scratch_dir() {
  const fs::path dir = staging_dir(impl_->root) / "scratch";
  fs::create_directories(dir);
  return dir;
}

void Publisher::commit(const std::vector<PartitionKey>& replaced, const std::vector<PartitionKey>& removed,
                       const Manifest& manifest) {
  std::set<PartitionKey> seen;
  std::vector<std::pair<fs::path, fs::path>> renames;
  for (const PartitionKey& key : replaced) {
    if (!seen.insert(key).second) fail("publish: partition {} given twice", key.to_string());
    renames.emplace_back(staged_path(key), partition_relative_path(key));
  }
  std::vector<fs::path> removes;
  for (const PartitionKey& key : removed) {
    if (!seen.insert(key).second) fail("publish: partition {} given twice", key.to_string());
    removes.push_back(partition_relative_path(key));
  }
  publish(renames, removes, manifest.to_json());
}

fs::path Publisher::staged_file(const fs::path& relative) {
  std::string name = relative.generic_string();
  std::replace(name.begin(), name.end(), '/', '_');
  return staging_dir(impl_->root) / name;
}

void Publisher::commit_files(const std::vector<fs::path>& replaced, const std::vector<fs::path>& removed,
                             std::string_view manifest_json) {
  std::set<fs::path> seen;
  std::vector<std::pair<fs::path, fs::path>> renames;
  for (const fs::path& relative : replaced) {
    if (!seen.insert(relative).second) fail("publish: file {} given twice", relative.string());
    renames.emplace_back(staged_file(relative), relative);
  }
  for (const fs::path& relative : removed) {
    if (!seen.insert(relative).second) fail("publish: file {} given twice", relative.string());
  }
  publish(renames, removed, manifest_json);
}

void Publisher::publish(const std::vector<std::pair<fs::path, fs::path>>& renames, const std::vector<fs::path>& removes,
                        std::string_view manifest_json) {
  const fs::path& root = impl_->root;
  json rename_list = json::array();
  for (const auto& [staged, target] : renames) {
    std::error_code ec;
    if (!fs::is_regular_file(staged, ec)) fail("publish: staged file {} is missing", staged.string());
    rename_list.push_back({fs::relative(staged, root).generic_string(), target.generic_string()});
  }
  json remove_list = json::array();
  for (const fs::path& target : removes) remove_list.push_back(target.generic_string());
  write_file_atomically(staged_manifest_path(root), manifest_json);
  step("manifest-staged");
  // The commit point: once the journal exists, the publish will be finished.
  write_file_atomically(journal_path(root), json{{"renames", rename_list}, {"removes", remove_list}}.dump());
  step("journal-written");
  roll_forward(root);
}

void recover(const fs::path& root) {
  std::error_code ec;
  if (!fs::exists(journal_path(root), ec)) return;
  const auto cannot_finish = [&](const std::string& why) {
    fail("{}: a publish was interrupted (journal {}) and must be finished before the dataset is read, but {}; "
         "reading now would mix old and new partitions. Any tapelab command run on it with write access, once "
         "no other tapelab process writes it, finishes the publish (e.g. `tapelab dataset info {}`)",
         root.string(), journal_path(root).string(), why, root.string());
  };
  std::unique_ptr<DatasetLock> lock;
  try {
    lock = std::make_unique<DatasetLock>(root, false);
  } catch (const Error& e) {
    cannot_finish(fmt::format("its lock cannot be taken here ({})", e.what()));
  }
  if (!lock->held()) cannot_finish("another tapelab process holds its lock");
  if (!fs::exists(journal_path(root), ec)) return;  // that writer finished it meanwhile
  try {
    roll_forward(root);
  } catch (const Error& e) {
    cannot_finish(fmt::format("finishing it failed ({})", e.what()));
  } catch (const fs::filesystem_error& e) {
    cannot_finish(fmt::format("finishing it failed ({})", e.what()));
  }
}

void set_publish_hook(std::function<void(std::string_view step)> hook) { publish_hook() = std::move(hook); }

void kill_at_publish_step_from_env() {
  const char* value = std::getenv("TAPELAB_PUBLISH_KILL_AT");
  if (value == nullptr) return;
  const std::string_view text(value);
  int target = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), target);
  if (error != std::errc() || end != text.data() + text.size() || target < 1) {
    fail("TAPELAB_PUBLISH_KILL_AT={}: expected the number of a publish step, from 1", text);
  }
  set_publish_hook([target, reached = 0](std::string_view step) mutable {
    if (++reached < target) return;
    const std::string note = fmt::format("tapelab: killed at publish step {} ({})\n", reached, step);
    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, note.data(), note.size());
    ::kill(::getpid(), SIGKILL);
  });
}

}  // namespace tapelab::dataset
