#include "dataset/manifest.h"

#include <algorithm>
#include <system_error>

#include <nlohmann/json.hpp>
#include <xxhash.h>

#include "util/error.h"
#include "util/file.h"

namespace tapelab::dataset {

namespace {

using nlohmann::json;

// Bumped when the layout of manifest.json changes incompatibly.
constexpr int kFormat = 1;

json source_to_json(const Source& s) {
  return json{{"key", s.key},
              {"path", s.path},
              {"size", s.size},
              {"checksum", s.checksum},
              {"recording_start_ns", s.recording_start},
              {"recording_end_ns", s.recording_end}};
}

json partition_to_json(const PartitionEntry& p) {
  return json{{"kind", to_string(p.key.kind)},
              {"date", p.key.date.to_string()},
              {"underlying", p.key.underlying},
              {"path", partition_relative_path(p.key).generic_string()},
              {"rows", p.rows},
              {"bytes", p.bytes},
              {"content_hash", p.content_hash},
              {"sources", p.sources}};
}

// Typed field access that names the manifest and the field on a mismatch
// instead of surfacing nlohmann's generic type_error.
class Fields {
 public:
  Fields(const json& object, std::string where) : object_(object), where_(std::move(where)) {
    if (!object_.is_object()) fail("{}: expected an object", where_);
  }
  const json& get(const char* name) const {
    const auto it = object_.find(name);
    if (it == object_.end()) fail("{}: missing field '{}'", where_, name);
    return *it;
  }
  std::string string(const char* name) const {
    const json& v = get(name);
    if (!v.is_string()) fail("{}: field '{}' must be a string", where_, name);
    return v.get<std::string>();
  }
  std::int64_t int64(const char* name) const {
    const json& v = get(name);
    if (!v.is_number_integer()) fail("{}: field '{}' must be an integer", where_, name);
    return v.get<std::int64_t>();
  }
  std::uint64_t uint64(const char* name) const {
    const json& v = get(name);
    if (!v.is_number_unsigned()) fail("{}: field '{}' must be a non-negative integer", where_, name);
    return v.get<std::uint64_t>();
  }
  const json& array(const char* name) const {
    const json& v = get(name);
    if (!v.is_array()) fail("{}: field '{}' must be an array", where_, name);
    return v;
  }
  const std::string& where() const { return where_; }

 private:
  const json& object_;
  std::string where_;
};

Source source_from_json(const json& j, const std::string& where) {
  const Fields f(j, where);
  Source s;
  s.key = f.string("key");
  s.path = f.string("path");
  s.size = f.uint64("size");
  s.checksum = f.string("checksum");
  s.recording_start = f.int64("recording_start_ns");
  s.recording_end = f.int64("recording_end_ns");
  if (s.key.empty()) fail("{}: empty source key", where);
  return s;
}

PartitionEntry partition_from_json(const json& j, const std::string& where) {
  const Fields f(j, where);
  PartitionEntry p;
  const std::string kind = f.string("kind");
  const std::optional<TableKind> parsed_kind = parse_table_kind(kind);
  if (!parsed_kind) fail("{}: unknown partition kind '{}'", where, kind);
  p.key.kind = *parsed_kind;
  const std::string date = f.string("date");
  const std::optional<domain::Date> parsed_date = domain::Date::parse(date);
  if (!parsed_date) fail("{}: bad date '{}'", where, date);
  p.key.date = *parsed_date;
  p.key.underlying = f.string("underlying");
  if (p.key.underlying.empty()) fail("{}: empty underlying", where);
  p.rows = f.int64("rows");
  if (p.rows < 0) fail("{}: negative row count", where);
  p.bytes = f.uint64("bytes");
  p.content_hash = f.string("content_hash");
  for (const json& s : f.array("sources")) {
    if (!s.is_string()) fail("{}: 'sources' must hold strings", where);
    p.sources.push_back(s.get<std::string>());
  }
  return p;
}

}  // namespace

Manifest Manifest::load(const std::filesystem::path& root) {
  const std::filesystem::path path = manifest_path(root);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Manifest{};
  const std::string text = read_file(path);
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    fail("{}: malformed manifest: {}", path.string(), e.what());
  }
  const Fields top(doc, path.string());
  const std::int64_t format = top.int64("format");
  if (format != kFormat) fail("{}: unsupported manifest format {} (this tapelab reads {})", path.string(), format, kFormat);
  Manifest m;
  m.tapelab_version = top.string("tapelab_version");
  m.updated_at = top.string("updated_at");
  m.calendar_hash = top.string("calendar_hash");
  const json& sources = top.array("sources");
  for (std::size_t i = 0; i < sources.size(); ++i) {
    m.upsert_source(source_from_json(sources[i], fmt::format("{}: sources[{}]", path.string(), i)));
  }
  const json& partitions = top.array("partitions");
  for (std::size_t i = 0; i < partitions.size(); ++i) {
    PartitionEntry entry = partition_from_json(partitions[i], fmt::format("{}: partitions[{}]", path.string(), i));
    if (m.find(entry.key)) fail("{}: partition {} listed twice", path.string(), entry.key.to_string());
    m.upsert(std::move(entry));
  }
  return m;
}

std::string Manifest::to_json() const {
  json sources_json = json::array();
  for (const Source& s : sources) sources_json.push_back(source_to_json(s));
  json partitions_json = json::array();
  for (const PartitionEntry& p : partitions) partitions_json.push_back(partition_to_json(p));
  // nlohmann's default object keeps keys sorted, so the text is canonical.
  const json doc{{"format", kFormat},
                 {"tapelab_version", tapelab_version},
                 {"updated_at", updated_at},
                 {"calendar_hash", calendar_hash},
                 {"sources", std::move(sources_json)},
                 {"partitions", std::move(partitions_json)}};
  return doc.dump(2) + "\n";
}

void Manifest::save(const std::filesystem::path& root) const {
  write_file_atomically(manifest_path(root), to_json());
}

const PartitionEntry* Manifest::find(const PartitionKey& key) const {
  const auto it = std::lower_bound(partitions.begin(), partitions.end(), key,
                                   [](const PartitionEntry& e, const PartitionKey& k) { return e.key < k; });
  return it != partitions.end() && it->key == key ? &*it : nullptr;
}

void Manifest::upsert(PartitionEntry entry) {
  std::sort(entry.sources.begin(), entry.sources.end());
  entry.sources.erase(std::unique(entry.sources.begin(), entry.sources.end()), entry.sources.end());
  const auto it = std::lower_bound(partitions.begin(), partitions.end(), entry.key,
                                   [](const PartitionEntry& e, const PartitionKey& k) { return e.key < k; });
  if (it != partitions.end() && it->key == entry.key) {
    *it = std::move(entry);
  } else {
    partitions.insert(it, std::move(entry));
  }
}

void Manifest::remove(const PartitionKey& key) {
  std::erase_if(partitions, [&](const PartitionEntry& e) { return e.key == key; });
}

void Manifest::upsert_source(const Source& source) {
  const auto it = std::lower_bound(sources.begin(), sources.end(), source.key,
                                   [](const Source& s, const std::string& k) { return s.key < k; });
  if (it != sources.end() && it->key == source.key) {
    *it = source;
  } else {
    sources.insert(it, source);
  }
}

std::string hash_file(const std::filesystem::path& path) {
  const MappedFile file(path);
  const XXH128_hash_t h = XXH3_128bits(file.data(), file.size());
  return fmt::format("xxh3-128:{:016x}{:016x}", h.high64, h.low64);
}

PartitionEntry partition_entry(const PartitionKey& key, const std::filesystem::path& file, std::int64_t rows,
                               std::vector<std::string> sources) {
  PartitionEntry e;
  e.key = key;
  e.rows = rows;
  e.bytes = std::filesystem::file_size(file);
  e.content_hash = hash_file(file);
  e.sources = std::move(sources);
  return e;
}

}  // namespace tapelab::dataset
