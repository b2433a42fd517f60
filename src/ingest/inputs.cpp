#include "ingest/inputs.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "domain/date.h"
#include "dump/lexer.h"
#include "util/error.h"

namespace tapelab::ingest {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "PAR1";
constexpr std::uintmax_t kSmallestParquet = 12;  // magic + footer length + magic

bool ends_with_ignore_case(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && dump::equals_ignore_case(text.substr(text.size() - suffix.size()), suffix);
}
bool starts_with_ignore_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && dump::equals_ignore_case(text.substr(0, prefix.size()), prefix);
}

struct Sniff {
  std::string head;  // up to 64 bytes
  std::string tail;  // the last 4 bytes, when the file has 8 or more
  std::uintmax_t size = 0;
};

Sniff sniff(const fs::path& path) {
  Sniff s;
  s.size = fs::file_size(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("ingest: cannot open {}", path.string());
  s.head.resize(static_cast<std::size_t>(std::min<std::uintmax_t>(s.size, 64)));
  in.read(s.head.data(), static_cast<std::streamsize>(s.head.size()));
  if (s.size >= 8) {
    s.tail.resize(4);
    in.seekg(static_cast<std::streamoff>(s.size - 4));
    in.read(s.tail.data(), 4);
  }
  if (!in) fail("ingest: cannot read {}", path.string());
  return s;
}

// mysqldump output starts with a comment, a /*! directive or a statement.
bool looks_like_sql(std::string_view head) {
  while (!head.empty() && std::isspace(static_cast<unsigned char>(head.front()))) head.remove_prefix(1);
  for (std::string_view start : {"--", "/*", "CREATE", "INSERT", "REPLACE", "DROP", "LOCK", "SET", "USE"}) {
    if (starts_with_ignore_case(head, start)) return true;
  }
  return false;
}

bool is_gzip(std::string_view head) { return head.size() >= 2 && head[0] == '\x1f' && head[1] == '\x8b'; }

std::string component(const fs::path& path, int from_end) {
  fs::path p = path;
  for (int i = 0; i < from_end; ++i) p = p.parent_path();
  return p.filename().string();
}

bool is_iso_date(const std::string& text) { return text.size() == 10 && domain::Date::parse(text).has_value(); }

// The layout a Parquet file's place in its tree says (docs/source-data.md#parquet-history).
ParquetLayout layout_of(const fs::path& path) {
  const std::string name = path.filename().string();
  if (starts_with_ignore_case(name, "strike=") && starts_with_ignore_case(component(path, 1), "type=") &&
      starts_with_ignore_case(component(path, 2), "exp=")) {
    return ParquetLayout::kExpiryPacked;
  }
  if (starts_with_ignore_case(name, "part-") && is_iso_date(component(path, 2))) return ParquetLayout::kDatePacked;
  return ParquetLayout::kRaw;
}

// The trailing path components the layout defines.
std::string key_of(const fs::path& absolute, InputFormat format, ParquetLayout layout) {
  int parts = 2;  // dumps and raw files: "<parent folder>/<file name>"
  if (format == InputFormat::kParquet && layout == ParquetLayout::kExpiryPacked) parts = 5;
  if (format == InputFormat::kParquet && layout == ParquetLayout::kDatePacked) parts = 3;
  std::string key = absolute.filename().string();
  fs::path p = absolute.parent_path();
  for (int i = 1; i < parts && !p.filename().empty(); ++i, p = p.parent_path()) key = p.filename().string() + "/" + key;
  return key;
}

// nullopt: a file in a folder that is neither a dump nor Parquet.
std::optional<InputFile> classify_file(const fs::path& path, bool given) {
  const Sniff s = sniff(path);
  InputFile file;
  file.path = path;
  const bool parquet_magic = s.head.starts_with(kMagic);
  if (parquet_magic || ends_with_ignore_case(path.filename().string(), ".parquet")) {
    file.format = InputFormat::kParquet;
    if (!parquet_magic) {
      file.not_parquet = "not Parquet: no PAR1 magic at the start";
    } else if (s.size < kSmallestParquet) {
      file.not_parquet = fmt::format("not Parquet: {} bytes, shorter than the 12 of the smallest Parquet file", s.size);
    } else if (s.tail != kMagic) {
      file.not_parquet = "not Parquet: no footer (no PAR1 magic at the end; a truncated file?)";
    }
  } else if (!given && !is_gzip(s.head) && !looks_like_sql(s.head)) {
    return std::nullopt;
  }
  const fs::path absolute = fs::absolute(path).lexically_normal();
  if (file.format == InputFormat::kParquet) file.layout = layout_of(absolute);
  file.source_key = key_of(absolute, file.format, file.layout);
  return file;
}

bool hidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return name.starts_with('.');
}

}  // namespace

std::string_view to_string(ParquetLayout layout) {
  switch (layout) {
    case ParquetLayout::kRaw: return "raw";
    case ParquetLayout::kExpiryPacked: return "expiry-packed";
    case ParquetLayout::kDatePacked: return "date-packed";
  }
  return "?";
}

Inputs find_inputs(const std::vector<fs::path>& inputs) {
  Inputs out;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<fs::path> found;
      for (const auto& entry : fs::recursive_directory_iterator(input)) {
        if (entry.is_regular_file() && !hidden(entry.path())) found.push_back(entry.path());
      }
      std::sort(found.begin(), found.end());
      const std::size_t before = out.files.size();
      for (const auto& path : found) {
        if (auto file = classify_file(path, false)) {
          out.files.push_back(std::move(*file));
        } else {
          out.ignored.push_back(path.string());
        }
      }
      if (out.files.size() == before) fail("ingest: folder {} holds no dump or Parquet file", input.string());
    } else if (fs::is_regular_file(input, ec)) {
      out.files.push_back(*classify_file(input, true));
    } else {
      fail("ingest: {} is neither a file nor a folder", input.string());
    }
  }
  if (out.files.empty()) fail("ingest: no input files given");
  std::set<std::string> keys;
  for (const auto& f : out.files) {
    if (!keys.insert(f.source_key).second) {
      fail("ingest: two inputs have the same source key '{}' (the path's last folders and file name): {}",
           f.source_key, f.path.string());
    }
  }
  return out;
}

}  // namespace tapelab::ingest
