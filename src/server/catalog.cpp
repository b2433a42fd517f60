#include "server/catalog.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <system_error>

#include <fmt/format.h>

#include "server/safe_path.h"
#include "util/error.h"

namespace tapelab::server {
namespace {

namespace fs = std::filesystem;

fs::path existing_folder(const fs::path& path, std::string_view what) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) fail("serve: {} '{}' is not a folder", what, path.string());
  return fs::canonical(path);
}

bool is_run(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "summary.json", ec);
}

// Names a client can spell in a URL without escapes, and never "." or "..".
bool usable_id(const std::string& name) {
  return !name.empty() && name.front() != '.' && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

}  // namespace

std::optional<fs::path> RunFolder::file(std::string_view name) const {
  return resolve_inside(root, relative / std::string(name));
}

Catalog::Catalog(fs::path dataset, std::optional<fs::path> truth, std::vector<fs::path> runs)
    : dataset_root_(existing_folder(dataset, "the dataset")) {
  if (truth) truth_root_ = existing_folder(*truth, "the truth folder");
  for (const fs::path& r : runs) run_roots_.push_back(existing_folder(r, "the runs folder"));
}

std::shared_ptr<const DatasetState> Catalog::dataset() {
  const std::string hash = hashes_.hash(dataset::manifest_path(dataset_root_)).value_or("");
  {
    const std::lock_guard lock(mutex_);
    if (dataset_ && dataset_->hash == hash) return dataset_;
  }
  auto state = std::make_shared<DatasetState>(DatasetState{dataset::Manifest::load(dataset_root_), hash});
  const std::lock_guard lock(mutex_);
  dataset_ = state;
  return state;
}

std::shared_ptr<const TruthState> Catalog::truth() {
  if (!truth_root_) return std::make_shared<const TruthState>();
  const std::string hash = hashes_.hash(*truth_root_ / "manifest.json").value_or("");
  {
    const std::lock_guard lock(mutex_);
    if (truth_ && truth_->hash == hash) return truth_;
  }
  auto state = std::make_shared<TruthState>(TruthState{truth::TruthManifest::load(*truth_root_), hash});
  const std::lock_guard lock(mutex_);
  truth_ = state;
  return state;
}

std::vector<RunFolder> Catalog::runs() const {
  std::vector<std::pair<fs::path, fs::path>> found;  // (root, relative)
  for (const fs::path& root : run_roots_) {
    if (is_run(root)) {
      found.emplace_back(root, fs::path());
      continue;
    }
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(root, ec)) {
      if (entry.is_directory(ec) && is_run(entry.path()) && lies_under(root, entry.path())) found.emplace_back(root, entry.path().filename());
    }
  }
  std::sort(found.begin(), found.end());
  std::map<std::string, int> seen;
  std::vector<RunFolder> out;
  for (const auto& [root, relative] : found) {
    const std::string name = (relative.empty() ? root.filename() : relative).string();
    if (!usable_id(name)) continue;
    const int n = ++seen[name];
    out.push_back(RunFolder{n == 1 ? name : fmt::format("{}~{}", name, n), root, relative});
  }
  std::sort(out.begin(), out.end(), [](const RunFolder& a, const RunFolder& b) { return a.id < b.id; });
  return out;
}

std::optional<RunFolder> Catalog::run(std::string_view id) const {
  for (RunFolder& r : runs()) {
    if (r.id == id) return std::move(r);
  }
  return std::nullopt;
}

}  // namespace tapelab::server
