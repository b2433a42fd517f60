#include "dataset/source.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "dataset/manifest.h"
#include "util/error.h"

namespace tapelab::dataset {

std::string source_key(const std::filesystem::path& dump_path) {
  // The absolute path gives a parent folder even for "x.sql.gz" given relative
  // to the working directory; the key must not depend on how the path was typed.
  const std::filesystem::path path = std::filesystem::absolute(dump_path).lexically_normal();
  const std::string parent = path.parent_path().filename().string();
  const std::string name = path.filename().string();
  if (name.empty()) fail("{}: not a file path", dump_path.string());
  return parent.empty() ? name : parent + "/" + name;
}

Source describe_source(std::string key, const std::filesystem::path& path) {
  Source source;
  source.key = std::move(key);
  source.path = path.string();
  source.size = std::filesystem::file_size(path);
  source.checksum = hash_file(path);
  return source;
}

std::uint32_t SourceTable::add(const Source& source) {
  if (source.key.empty()) fail("source {}: empty key", source.path);
  if (const auto found = index_.find(source.key); found != index_.end()) {
    Source& known = sources_[found->second];
    if (known.checksum != source.checksum) known = source;
    rank_.clear();  // metadata (and so the order) may have changed
    return found->second;
  }
  if (sources_.size() >= std::numeric_limits<std::uint32_t>::max()) {
    fail("source {}: more than {} sources in one dataset", source.key,
         std::numeric_limits<std::uint32_t>::max());
  }
  const auto index = static_cast<std::uint32_t>(sources_.size());
  sources_.push_back(source);
  index_.emplace(source.key, index);
  rank_.clear();
  return index;
}

void SourceTable::set_recording_range(std::uint32_t index, std::int64_t start, std::int64_t end) {
  Source& source = sources_.at(index);
  source.recording_start = start;
  source.recording_end = end;
  rank_.clear();
}

void SourceTable::drop(std::uint32_t index) {
  if (index >= sources_.size()) fail("source {} of {} dropped", index, sources_.size());
  dropped_.resize(sources_.size(), 0);
  dropped_[index] = 1;
}

void SourceTable::finalize() {
  std::vector<std::uint32_t> order(sources_.size());
  std::iota(order.begin(), order.end(), 0U);
  // Keys are unique, so source_wins is a strict total order and the ranks do
  // not depend on the order in which sources were added.
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return source_wins(sources_[b], sources_[a]); });
  rank_.assign(sources_.size(), 0);
  for (std::uint32_t r = 0; r < order.size(); ++r) rank_[order[r]] = r;
}

std::uint32_t SourceTable::find(std::string_view key) const {
  if (const auto found = index_.find(std::string(key)); found != index_.end()) return found->second;
  fail("source '{}' is not in the source table (dataset manifest out of date?)", key);
}

}  // namespace tapelab::dataset
