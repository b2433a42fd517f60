// What the server can serve: the dataset's and the truth folder's manifests
// (reloaded when their content hash changes) and the run folders found
// under --runs (listed again on each request, so a new run shows up without
// a restart). Everything a request names is looked up here; nothing from a
// request is joined to a folder (docs/server.md#safety).
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dataset/manifest.h"
#include "server/file_hashes.h"
#include "truth/truth_manifest.h"

namespace tapelab::server {

struct DatasetState {
  dataset::Manifest manifest;
  std::string hash;  // of manifest.json; "" without one
};

struct TruthState {
  truth::TruthManifest manifest;
  std::string hash;  // of manifest.json; "" without one (or without --truth)
};

// A backtest or sweep output folder: one with a summary.json.
struct RunFolder {
  std::string id;  // the folder's name; a second folder of the same name gets "~2", "~3", ...
  std::filesystem::path root;      // the --runs folder it was found in
  std::filesystem::path relative;  // its folder under `root` ("" when `root` is the run)

  // A file of the run, resolved inside `root` (docs/server.md#safety); nullopt when absent or outside.
  std::optional<std::filesystem::path> file(std::string_view name) const;
};

class Catalog {
 public:
  // Throws Error naming a configured folder that does not exist.
  Catalog(std::filesystem::path dataset, std::optional<std::filesystem::path> truth,
          std::vector<std::filesystem::path> runs);

  std::shared_ptr<const DatasetState> dataset();
  std::shared_ptr<const TruthState> truth();
  std::vector<RunFolder> runs() const;  // sorted by id
  std::optional<RunFolder> run(std::string_view id) const;

  const std::filesystem::path& dataset_root() const { return dataset_root_; }
  const std::optional<std::filesystem::path>& truth_root() const { return truth_root_; }
  FileHashes& hashes() { return hashes_; }

 private:
  std::filesystem::path dataset_root_;
  std::optional<std::filesystem::path> truth_root_;
  std::vector<std::filesystem::path> run_roots_;
  FileHashes hashes_;
  std::mutex mutex_;
  std::shared_ptr<const DatasetState> dataset_;
  std::shared_ptr<const TruthState> truth_;
};

}  // namespace tapelab::server
