// A fresh folder under the system temp dir, removed with everything in it
// when the object goes away, so tests never see each other's files.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace tapelab::testing {

class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "tapelab-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace tapelab::testing
